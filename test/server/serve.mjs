import { createServer, request } from 'node:http';

export const ORIGIN = 'https://www.contoso.example';

/** Runs a handler on loopback and sends requests to it. */
export async function serve(handler) {
  const server = createServer(handler);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const send = ({ method = 'POST', headers = { Origin: ORIGIN }, body } = {}) =>
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method, path: '/api/acs-token', headers }, (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode, headers: res.headers, text, json: text ? JSON.parse(text) : undefined }),
        );
      });
      req.on('error', reject);
      req.end(body);
    });
  return { send, close: () => new Promise((resolve) => server.close(resolve)) };
}

// One place to build what the token provider's tests need: the identity stand-in for a suite, the handler's options
// against it, and the handler served on loopback.
import { randomBytes } from 'node:crypto';
import { createServer, request } from 'node:http';
import { after, before } from 'node:test';
import { createTokenHandler } from '../../dist/server/index.js';
import { identityStandIn } from './identity-stand-in.mjs';

export const ORIGIN = 'https://www.contoso.example';

/** Sends one request to a server on loopback: its status, headers, text, and the text as JSON when there is any. */
export function sendTo(port, { method = 'POST', path = '/api/acs-token', headers = { Origin: ORIGIN }, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode, headers: res.headers, text, json: text ? JSON.parse(text) : undefined }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs a handler on loopback and sends requests to it. */
export async function serve(handler) {
  const server = createServer(handler);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { send: (options) => sendTo(port, options), close: () => new Promise((resolve) => server.close(resolve)) };
}

/**
 * Starts the signature-checking identity stand-in before the enclosing suite and stops it after. `options(extra)`
 * builds handler options that reach it, for the test page's origin.
 */
export function identityService() {
  const accessKey = randomBytes(32).toString('base64');
  const service = {
    /** The running stand-in: its `requests` and `issued` tokens. */
    standIn: undefined,
    options: (extra = {}) => ({
      connectionString: `endpoint=${service.standIn.endpoint};accesskey=${accessKey}`,
      allowedOrigins: [ORIGIN],
      logger: { warn: () => {}, error: () => {} },
      ...extra,
    }),
    /** The token handler on loopback with `verifyVisitor` as its visitor check and no rate limit (see `serve`). */
    serveChecked: (verifyVisitor, extra = {}) =>
      serve(createTokenHandler(service.options({ rateLimit: false, verifyVisitor, ...extra }))),
  };
  before(async () => (service.standIn = await identityStandIn(accessKey)));
  after(() => service.standIn.close());
  return service;
}

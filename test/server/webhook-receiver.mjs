// A local webhook receiver, as a callback destination: it can fail its first attempts (an error status, no answer
// in time, or an answer lost after it took the request), and it keeps each request once by its Idempotency-Key, as
// a receiver should.
import { createServer } from 'node:http';

export async function webhookReceiver() {
  const receiver = {
    /** Every attempt that reached it: { key, body, headers }. */
    attempts: [],
    /** Requests kept, one per Idempotency-Key. */
    kept: new Map(),
    /** What to do with the next attempts, in order: a status, 'hang' (answer after 2 s), or 'drop' (keep it, then cut the connection). */
    script: [],
  };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const key = req.headers['idempotency-key'];
      receiver.attempts.push({ key, body, headers: req.headers });
      const step = receiver.script.shift() ?? 202;
      if (step === 'hang') return void setTimeout(() => res.writeHead(202).end(), 2000);
      if (step === 'drop') {
        if (!receiver.kept.has(key)) receiver.kept.set(key, JSON.parse(body));
        return req.socket.destroy();
      }
      if (step >= 200 && step < 300 && !receiver.kept.has(key)) receiver.kept.set(key, JSON.parse(body));
      res.writeHead(step, step === 429 ? { 'Retry-After': '1' } : {}).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${server.address().port}/hooks/callbacks`;
  receiver.close = () =>
    new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    });
  return receiver;
}

// A local stand-in of a challenge service's siteverify endpoint (Cloudflare Turnstile's shape): it knows the responses
// a test solved, answers each one once, refuses one older than five minutes, and checks the secret key.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

const LIFETIME_MS = 300_000;

export async function siteverifyStandIn(secretKey) {
  const solved = new Map();
  const standIn = {
    requests: [],
    /** A response as the widget would give the page: solved on `hostname` for `action`, `ageMs` ago. */
    solve: ({ hostname = 'www.contoso.example', action = 'call', ageMs = 0 } = {}) => {
      const response = `0.${randomBytes(48).toString('base64url')}`;
      solved.set(response, { hostname, action, solvedAt: Date.now() - ageMs, used: false });
      return response;
    },
  };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      standIn.requests.push(Object.fromEntries(form));
      const json = (value) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(value));
      if (form.get('secret') !== secretKey) return json({ success: false, 'error-codes': ['invalid-input-secret'] });
      const entry = solved.get(form.get('response'));
      if (!entry) return json({ success: false, 'error-codes': ['invalid-input-response'] });
      if (entry.used || Date.now() - entry.solvedAt > LIFETIME_MS) {
        return json({ success: false, 'error-codes': ['timeout-or-duplicate'] });
      }
      entry.used = true;
      json({
        success: true,
        challenge_ts: new Date(entry.solvedAt).toISOString(),
        hostname: entry.hostname,
        action: entry.action,
        'error-codes': [],
      });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  standIn.url = `http://127.0.0.1:${server.address().port}/turnstile/v0/siteverify`;
  standIn.close = () => new Promise((resolve) => server.close(resolve));
  return standIn;
}

// A local stand-in of the ACS identity REST endpoint, as far as createUserAndToken and getToken go: https only, and only
// requests signed with the access key (HMAC-SHA256, as the service checks them) get a user and a token.
import { execFileSync } from 'node:child_process';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unsignedAcsToken } from '../support/token-endpoint.mjs';

/**
 * A throwaway self-signed certificate for 127.0.0.1, one per test process, shared by its stand-ins: the identity
 * client talks only https, as to the real service. This test process skips the certificate check, since the
 * certificate is its own; a child process trusts it through `NODE_EXTRA_CA_CERTS=<file>` (one file for every stand-in).
 */
let certificate;
export function selfSignedCertificate() {
  if (certificate) return certificate;
  const dir = mkdtempSync(join(tmpdir(), 'stand-in-certificate-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  const key = readFileSync(join(dir, 'key.pem'));
  rmSync(join(dir, 'key.pem'));
  certificate = { key, cert: readFileSync(join(dir, 'cert.pem')), file: join(dir, 'cert.pem') };
  return certificate;
}

/**
 * The ACS identity service, as far as createUserAndToken and getToken go: requests signed with the access key
 * (HMAC-SHA256), or carrying `Authorization: Bearer <standIn.entraToken>` once a test sets one (what a Microsoft Entra
 * credential sends). `delayMs` holds each answer back.
 */
export async function identityStandIn(accessKey) {
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
  const standIn = {
    requests: [],
    failWith: undefined,
    hang: false,
    delayMs: 0,
    entraToken: undefined,
    issued: [],
    users: new Set(),
  };
  const { key, cert, file } = selfSignedCertificate();
  standIn.certificateFile = file;
  const server = createHttpsServer({ key, cert }, (req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const url = new URL(req.url, 'http://stand-in');
      const date = req.headers['x-ms-date'];
      const contentHash = createHash('sha256').update(body).digest('base64');
      const signature = /^HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=(.+)$/.exec(
        req.headers.authorization ?? '',
      )?.[1];
      const expected = createHmac('sha256', Buffer.from(accessKey, 'base64'))
        .update(`${req.method}\n${url.pathname}${url.search}\n${date};${req.headers.host};${contentHash}`)
        .digest('base64');
      const json = (status, value) =>
        res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(value));
      const bearer = standIn.entraToken !== undefined && req.headers.authorization === `Bearer ${standIn.entraToken}`;
      if (!bearer && (req.headers['x-ms-content-sha256'] !== contentHash || signature !== expected)) {
        return json(401, { error: { code: 'Denied', message: 'Denied by the resource provider.' } });
      }
      standIn.requests.push({ method: req.method, path: url.pathname, body: JSON.parse(body || '{}') });
      if (standIn.failWith) return json(standIn.failWith, { error: { code: 'Failure', message: 'Scripted failure.' } });
      if (standIn.hang) return; // accepts and never answers
      const answer = () => {
        const { expiresInMinutes } = JSON.parse(body);
        // Shaped as the service's are (a JWT for the user with the voip scope), so that the SDK can take them.
        const accessToken = (user) => ({
          token: unsignedAcsToken(expiresInMinutes * 60, user.replace(/^8:/, '')),
          expiresOn: new Date(Date.now() + expiresInMinutes * 60_000).toISOString(),
        });
        if (req.method === 'POST' && url.pathname === '/identities') {
          const id = `8:acs:resource_${randomBytes(8).toString('hex')}`;
          const issued = accessToken(id);
          standIn.users.add(id);
          standIn.issued.push({ user: id, token: issued.token });
          return json(201, { identity: { id }, accessToken: issued });
        }
        // getToken for an existing user: POST /identities/{id}/:issueAccessToken
        const existing = /^\/identities\/([^/]+)\/:issueAccessToken$/.exec(url.pathname);
        const user = existing && decodeURIComponent(existing[1]);
        if (req.method === 'POST' && user && standIn.users.has(user)) {
          const issued = accessToken(user);
          standIn.issued.push({ user, token: issued.token });
          return json(200, issued);
        }
        json(404, { error: { code: 'NotFound', message: 'No such identity.' } });
      };
      if (standIn.delayMs) return void setTimeout(answer, standIn.delayMs);
      answer();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  standIn.endpoint = `https://127.0.0.1:${server.address().port}/`;
  standIn.close = () =>
    new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections(); // a scripted hang leaves a request open
    });
  return standIn;
}

// A local stand-in of Microsoft Entra ID's token endpoint (client credentials, as MSAL asks for them) and of Microsoft
// Graph's getPresencesByUserId, over https. It counts what reaches it and answers presence with everything Graph
// returns (activity, status message, out-of-office text), so that a test can prove the server passes on only the
// availability.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:https';
import { selfSignedCertificate } from './identity-stand-in.mjs';

export async function graphStandIn({ tenantId, clientId, clientSecret }) {
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'; // this test process only; child processes use certificateFile
  const { key, cert, file } = selfSignedCertificate();
  const standIn = {
    /** availability by user ID; others are not found (Graph leaves them out of `value`). */
    presence: new Map(),
    tokenRequests: 0,
    /** Each presence request's IDs. */
    presenceRequests: [],
    /** A status to answer presence requests with, and its Retry-After. */
    failWith: undefined,
    retryAfter: undefined,
    certificateFile: file,
  };
  const issued = new Set();
  const server = createServer({ key, cert }, (req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const url = new URL(req.url, standIn.origin);
      const json = (status, value, headers = {}) =>
        res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(value));
      const authority = `${standIn.origin}/${tenantId}`;
      if (url.pathname === `/${tenantId}/v2.0/.well-known/openid-configuration`) {
        return json(200, {
          token_endpoint: `${authority}/oauth2/v2.0/token`,
          authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
          issuer: `${authority}/v2.0`,
          jwks_uri: `${authority}/discovery/v2.0/keys`,
          end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
          response_modes_supported: ['query', 'fragment', 'form_post'],
        });
      }
      if (url.pathname === `/${tenantId}/oauth2/v2.0/token` && req.method === 'POST') {
        const form = new URLSearchParams(body);
        if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) {
          return json(401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret.' });
        }
        // Graph's own resource: the server derives it from graphUrl, as for a national cloud.
        if (!form.get('scope')?.split(' ').includes(`${standIn.origin}/.default`)) {
          return json(400, { error: 'invalid_scope', error_description: `scope ${form.get('scope')}` });
        }
        standIn.tokenRequests++;
        const token = `graph-${randomBytes(16).toString('hex')}`;
        issued.add(token);
        return json(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token });
      }
      if (url.pathname === '/v1.0/communications/getPresencesByUserId' && req.method === 'POST') {
        const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        if (!issued.has(bearer)) return json(401, { error: { code: 'InvalidAuthenticationToken' } });
        const { ids } = JSON.parse(body);
        standIn.presenceRequests.push(ids);
        if (standIn.failWith) {
          const headers = standIn.retryAfter ? { 'Retry-After': String(standIn.retryAfter) } : {};
          return json(standIn.failWith, { error: { code: 'TooManyRequests' } }, headers);
        }
        return json(200, {
          value: ids
            .filter((id) => standIn.presence.has(id))
            .map((id) => ({
              id,
              availability: standIn.presence.get(id),
              activity: 'InAConferenceCall',
              statusMessage: { message: { content: 'Private: at the clinic until 3' } },
              outOfOfficeSettings: { message: 'Private: on leave until Monday', isOutOfOffice: false },
            })),
        });
      }
      json(404, { error: { code: 'NotFound' } });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  standIn.origin = `https://127.0.0.1:${server.address().port}`;
  standIn.graphUrl = `${standIn.origin}/v1.0`;
  standIn.close = () =>
    new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    });
  return standIn;
}

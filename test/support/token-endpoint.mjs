// A local stand-in of a website's token provider, for the tests that drive the real SDK.
// It answers a well-formed but unsigned JWT: this machine cannot reach Azure to get a real one.

import { randomBytes } from 'node:crypto';

const base64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const RESOURCE = '00000000-0000-4000-8000-000000000001';

/** An access token shaped as ACS issues them, for `user` (an ACS identity without its `8:` prefix), unsigned. */
export function unsignedAcsToken(
  lifetimeSeconds = 3600,
  user = `acs:${RESOURCE}_00000000-0000-4000-8000-0000000000aa`,
) {
  const now = Math.floor(Date.now() / 1000);
  const resource = RESOURCE;
  const header = { alg: 'RS256', typ: 'JWT', kid: 'test' };
  const payload = {
    skypeid: user,
    scp: 1792,
    csi: String(now),
    exp: now + lifetimeSeconds,
    rgn: 'amer',
    acsScope: 'voip',
    resourceId: resource,
    resourceLocation: 'unitedstates',
    iat: now,
  };
  return `${base64url(header)}.${base64url(payload)}.${randomBytes(16).toString('base64url')}`;
}

/** `POST /test-token` answers `{ token, expiresOn }`, like Microsoft's samples. */
export async function tokenEndpoint(context, next) {
  if (context.path !== '/test-token') return next();
  if (context.method !== 'POST') {
    context.status = 405;
    return;
  }
  context.set('Content-Type', 'application/json');
  context.body = JSON.stringify({
    token: unsignedAcsToken(),
    expiresOn: new Date(Date.now() + 3600_000).toISOString(),
  });
}

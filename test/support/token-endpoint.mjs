// A local stand-in of a website's token provider, for the tests that drive the real SDK.
// It answers a well-formed but unsigned JWT: this machine cannot reach Azure to get a real one.

const base64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function unsignedAcsToken(lifetimeSeconds = 3600) {
  const now = Math.floor(Date.now() / 1000);
  const resource = '00000000-0000-4000-8000-000000000001';
  const header = { alg: 'RS256', typ: 'JWT', kid: 'test' };
  const payload = {
    skypeid: `acs:${resource}_00000000-0000-4000-8000-0000000000aa`,
    scp: 1792,
    csi: String(now),
    exp: now + lifetimeSeconds,
    rgn: 'amer',
    acsScope: 'voip',
    resourceId: resource,
    resourceLocation: 'unitedstates',
    iat: now,
  };
  return `${base64url(header)}.${base64url(payload)}.c2lnbmF0dXJl`;
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

// Token requests only from signed-in employees: the Entra check against a local stand-in of the tenant's key endpoint,
// with keys made here. The token handler runs as deployed; only the key set and the identity service are stand-ins.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateKeyPair, SignJWT } from 'jose';
import { entraVerifier, everyVisitorCheck, siteverifyVerifier } from '../../dist/server/index.js';
import { identityService, ORIGIN } from './harness.mjs';
import { keySetStandIn } from './key-set-stand-in.mjs';
import { freePort } from './processes.mjs';
import { siteverifyStandIn } from './siteverify-stand-in.mjs';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const OTHER_TENANT = '0b1a2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const AUDIENCE = 'api://teams-call-tokens';
const ISSUER = `https://login.microsoftonline.com/${TENANT}/v2.0`;
const CALLERS = '11111111-2222-4333-8444-555555555555';

describe('the Entra visitor check', () => {
  const identity = identityService();
  let keySet;
  let api;
  const reported = [];
  let signingKey;
  const verifier = (extra = {}) =>
    entraVerifier({
      tenantId: TENANT,
      audience: AUDIENCE,
      jwksUrl: keySet.url,
      keyRefreshCooldownSeconds: 0,
      ...extra,
    });

  /** An access token as Entra issues one to the web part for the provider's app. */
  const accessToken = ({ claims = {}, kid = 'key-1', key = signingKey, expiresIn = '1h', alg = 'RS256' } = {}) =>
    new SignJWT({ tid: TENANT, name: 'Anna Employee', oid: 'e1f2a3b4-0000-4000-8000-000000000001', ...claims })
      .setProtectedHeader({ alg, kid, typ: 'JWT' })
      .setIssuer(claims.iss ?? ISSUER)
      .setAudience(claims.aud ?? AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(expiresIn)
      .sign(key);

  before(async () => {
    keySet = await keySetStandIn();
    signingKey = await keySet.addKey('key-1');
    api = await identity.serveChecked(verifier(), { logger: { warn: () => {}, error: (m) => reported.push(m) } });
  });
  after(async () => {
    await api.close();
    await keySet.close();
  });

  const ask = (token, server = api) =>
    server.send({
      headers: {
        Origin: ORIGIN,
        'Content-Type': 'application/json',
        ...(token !== undefined && { Authorization: `Bearer ${token}` }),
      },
      body: '{}',
    });

  it('issues a token to a signed-in employee, with their name for the Teams user to see', async () => {
    const res = await ask(await accessToken());
    assert.equal(res.status, 200);
    assert.ok(res.json.token && res.json.session);
    assert.equal(res.json.displayName, 'Anna Employee');
  });

  it('refuses with 401, and issues nothing, for every token that is not a valid one of this tenant for this app', async () => {
    const issuedBefore = identity.standIn.issued.length;
    const stranger = await generateKeyPair('RS256');
    const [header, payload] = (await accessToken()).split('.');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    const cases = [
      ['none', undefined, /no Entra access token/],
      ['not a JWT', 'not-a-token', /cannot be read as a signed JWT/],
      ['expired', await accessToken({ expiresIn: Math.floor(Date.now() / 1000) - 120 }), /expired/],
      ['another audience', await accessToken({ claims: { aud: 'api://another-app' } }), /aud claim does not match/],
      [
        'another tenant',
        await accessToken({
          claims: { tid: OTHER_TENANT, iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` },
        }),
        /iss claim does not match/,
      ],
      ['another tenant id, this issuer', await accessToken({ claims: { tid: OTHER_TENANT } }), /from another tenant/],
      [
        'wrong signature',
        `${header}.${payload}.${(await accessToken({ key: stranger.privateKey })).split('.')[2]}`,
        /signature does not verify/,
      ],
      [
        'a key the tenant does not publish',
        await accessToken({ kid: 'key-x', key: stranger.privateKey }),
        /key the tenant does not publish/,
      ],
      ['alg: none', unsigned, /signing algorithm is not allowed/],
    ];
    for (const [what, token, reason] of cases) {
      const res = await ask(token);
      assert.equal(res.status, 401, what);
      assert.equal(res.json.code, 'visitor-check-failed', what);
      assert.match(res.json.error, reason, what);
      assert.equal(res.json.token, undefined, what);
    }
    assert.equal(identity.standIn.issued.length, issuedBefore, 'no token issued');
  });

  it('follows a key rotation: a token signed with the new key is accepted once the tenant publishes it', async () => {
    const newKey = await keySet.addKey('key-2');
    const fetchesBefore = keySet.fetches;
    assert.equal((await ask(await accessToken({ kid: 'key-2', key: newKey }))).status, 200);
    assert.ok(keySet.fetches > fetchesBefore, 'the key set was fetched again for the unknown key');
    keySet.retire('key-1');
    assert.equal((await ask(await accessToken({ kid: 'key-2', key: newKey }))).status, 200);
  });

  it('refuses with 403 a valid token without an allowed group or role', async () => {
    const guarded = await identity.serveChecked(verifier({ allowedGroups: [CALLERS], allowedRoles: ['Caller'] }));
    try {
      const key = keySet.key('key-2').privateKey;
      const token = (claims) => accessToken({ kid: 'key-2', key, claims });
      const outsider = await ask(
        await token({ groups: ['99999999-0000-4000-8000-000000000000'], roles: ['Caller'] }),
        guarded,
      );
      assert.equal(outsider.status, 403);
      assert.match(outsider.json.error, /not in a group allowed to call/);
      const roleless = await ask(await token({ groups: [CALLERS] }), guarded);
      assert.equal(roleless.status, 403);
      assert.match(roleless.json.error, /no role allowed to call/);
      assert.equal((await ask(await token({ groups: [CALLERS], roles: ['Caller'] }), guarded)).status, 200);
    } finally {
      await guarded.close();
    }
  });

  it('answers 503 and reports when the tenant’s keys cannot be fetched', async () => {
    const down = await identity.serveChecked(
      entraVerifier({
        tenantId: TENANT,
        audience: AUDIENCE,
        jwksUrl: `http://127.0.0.1:${await freePort()}/keys`,
      }),
      { logger: { warn: () => {}, error: (m) => reported.push(m) } },
    );
    try {
      const token = await accessToken({ kid: 'key-2', key: keySet.key('key-2').privateKey });
      const res = await ask(token, down);
      assert.equal(res.status, 503);
      assert.match(reported.join('\n'), /visitor check could not run: the tenant's keys could not be fetched/);
      assert.ok(!reported.join('\n').includes(token.split('.')[1]), 'no token in the log');
    } finally {
      await down.close();
    }
  });

  it('combines with a bot check: both must pass, and the employee’s name is kept', async () => {
    const siteverify = await siteverifyStandIn('secret-key');
    const both = await identity.serveChecked(
      everyVisitorCheck(
        verifier(),
        siteverifyVerifier({ secretKey: 'secret-key', hostnames: ['www.contoso.example'], url: siteverify.url }),
      ),
    );
    try {
      const token = await accessToken({ kid: 'key-2', key: keySet.key('key-2').privateKey });
      const send = (fields) =>
        both.send({
          headers: { Origin: ORIGIN, 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify(fields),
        });
      assert.equal((await send({})).status, 403, 'signed in, but no challenge solved');
      const res = await send({ 'cf-turnstile-response': siteverify.solve() });
      assert.equal(res.status, 200);
      assert.equal(res.json.displayName, 'Anna Employee');
    } finally {
      await both.close();
      await siteverify.close();
    }
  });

  it('refuses to start without a tenant GUID or an audience', () => {
    assert.throws(() => entraVerifier({ tenantId: 'contoso', audience: AUDIENCE }), /needs tenantId/);
    assert.throws(() => entraVerifier({ tenantId: TENANT, audience: [] }), /needs audience/);
  });
});

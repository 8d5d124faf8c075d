// Refresh keeps one identity: the reference provider, through the real @azure/communication-identity client against
// the signature-checking stand-in, re-issues tokens for the user of the first token, and for no one else.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createTokenHandler } from '../../dist/server/index.js';
import { identityService, ORIGIN, serve } from './harness.mjs';

const SECRET = randomBytes(32).toString('base64url');
const json = (value) => ({
  headers: { Origin: ORIGIN, 'Content-Type': 'application/json' },
  body: JSON.stringify(value),
});

describe('token refresh with a session', () => {
  const identity = identityService();
  let api;
  before(
    async () => (api = await serve(createTokenHandler(identity.options({ sessionSecret: SECRET, rateLimit: false })))),
  );
  after(() => api.close());

  it('re-issues a token for the same ACS user when the session comes back', async () => {
    const first = await api.send();
    assert.equal(first.status, 200);
    assert.equal(typeof first.json.session, 'string');
    const firstUser = identity.standIn.issued.at(-1).user;

    const refreshed = await api.send(json({ session: first.json.session }));
    assert.equal(refreshed.status, 200);
    assert.notEqual(refreshed.json.token, first.json.token);
    assert.deepEqual(identity.standIn.issued.at(-1), { user: firstUser, token: refreshed.json.token });
    assert.equal(
      decodeURIComponent(identity.standIn.requests.at(-1).path),
      `/identities/${firstUser}/:issueAccessToken`,
    );
    assert.equal(refreshed.json.session, first.json.session);
  });

  it('refuses a forged, tampered, expired or foreign session with 401, and issues nothing', async () => {
    const { json: good } = await api.send();
    const [payload, signature] = good.session.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const otherServer = createTokenHandler(
      identity.options({ sessionSecret: randomBytes(32).toString('base64url'), rateLimit: false }),
    );
    const other = await serve(otherServer);
    const foreign = (await other.send()).json.session;
    await other.close();

    const bad = [
      `${encode({ ...claims, u: '8:acs:resource_someone-else' })}.${signature}`, // another user, old signature
      `${encode({ ...claims, e: Date.now() - 1000 })}.${signature}`, // expiry moved
      `${payload}.${signature.slice(0, -2)}AA`, // signature changed
      foreign, // signed with another secret
      'not-a-session',
      '',
    ];
    const before = identity.standIn.issued.length;
    for (const session of bad) {
      const res = await api.send(json({ session }));
      assert.equal(res.status, 401, `refused: ${session}`);
      assert.match(res.json.error, /session is not valid or has expired/);
      assert.equal(res.json.token, undefined);
    }
    assert.equal(identity.standIn.issued.length, before, 'no token issued for a bad session');
  });

  it('refuses a session past its lifetime', async (t) => {
    const { json: first } = await api.send();
    t.mock.timers.enable({ apis: ['Date'], now: Date.now() + 25 * 3_600_000 });
    try {
      const res = await api.send(json({ session: first.session }));
      assert.equal(res.status, 401);
    } finally {
      t.mock.timers.reset();
    }
  });

  it('answers 400 to a body that is not the element’s', async () => {
    for (const body of ['{', '[1]', '{"session": 42}', 'session=x']) {
      const res = await api.send({ headers: { Origin: ORIGIN }, body });
      assert.equal(res.status, 400, body);
    }
  });
});

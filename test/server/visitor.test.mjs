// The visitor check before a visit's first token, against a local siteverify stand-in.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { siteverifyVerifier } from '../../dist/server/index.js';
import { identityService, ORIGIN } from './harness.mjs';
import { freePort } from './processes.mjs';
import { siteverifyStandIn } from './siteverify-stand-in.mjs';

const SECRET_KEY = '0x4AAAAAAAtest-secret-key';

describe('the visitor check', () => {
  const identity = identityService();
  let siteverify;
  let api;
  const reported = [];
  /** Keeps what the handler logs as errors, for the tests that check it says why. */
  const reporting = { logger: { warn: () => {}, error: (m) => reported.push(m) } };
  const verifier = (extra = {}) =>
    siteverifyVerifier({
      secretKey: SECRET_KEY,
      hostnames: ['www.contoso.example'],
      action: 'call',
      url: siteverify.url,
      ...extra,
    });
  before(async () => {
    siteverify = await siteverifyStandIn(SECRET_KEY);
    api = await identity.serveChecked(verifier(), reporting);
  });
  after(async () => {
    await api.close();
    await siteverify.close();
  });

  const ask = (fields) =>
    api.send({
      headers: { Origin: ORIGIN, 'Content-Type': 'application/json' },
      body: fields === undefined ? undefined : JSON.stringify(fields),
    });

  it('issues a token for a solved challenge, and sends siteverify the secret and the response', async () => {
    const response = siteverify.solve();
    const res = await ask({ 'cf-turnstile-response': response });
    assert.equal(res.status, 200);
    assert.ok(res.json.token && res.json.session);
    const sent = siteverify.requests.at(-1);
    assert.equal(sent.secret, SECRET_KEY);
    assert.equal(sent.response, response);
    assert.equal(sent.remoteip, '127.0.0.1');
  });

  it('refuses a request with no challenge, an unknown one, a replayed one, an expired one, or one from another site', async () => {
    const issuedBefore = identity.standIn.issued.length;
    const cases = [
      [undefined, /no challenge response in "cf-turnstile-response"/],
      [{ 'cf-turnstile-response': 'made-up' }, /refused the response \(invalid-input-response\)/],
      [{ 'cf-turnstile-response': siteverify.solve({ ageMs: 301_000 }) }, /already used or has expired/],
      [{ 'cf-turnstile-response': siteverify.solve({ hostname: 'evil.example' }) }, /solved on another site/],
      [{ 'cf-turnstile-response': siteverify.solve({ action: 'login' }) }, /solved for another action/],
    ];
    for (const [fields, reason] of cases) {
      const res = await ask(fields);
      assert.equal(res.status, 403, JSON.stringify(fields));
      assert.equal(res.json.code, 'visitor-check-failed');
      assert.match(res.json.error, reason);
    }
    const once = siteverify.solve();
    assert.equal((await ask({ 'cf-turnstile-response': once })).status, 200);
    const replay = await ask({ 'cf-turnstile-response': once });
    assert.equal(replay.status, 403);
    assert.match(replay.json.error, /already used or has expired/);
    assert.equal(identity.standIn.issued.length, issuedBefore + 1, 'only the solved challenge got a token');
  });

  it('does not ask again on a refresh: the session stands for the checked visitor', async () => {
    const first = await ask({ 'cf-turnstile-response': siteverify.solve() });
    const checks = siteverify.requests.length;
    const refresh = await ask({ session: first.json.session });
    assert.equal(refresh.status, 200);
    assert.equal(siteverify.requests.length, checks);
  });

  it('answers 503 and reports when the check cannot run: service unreachable, or the secret key refused', async () => {
    const unreachable = await identity.serveChecked(
      verifier({ url: `http://127.0.0.1:${await freePort()}/siteverify` }),
      reporting,
    );
    const wrongSecret = await identity.serveChecked(verifier({ secretKey: 'not-the-key' }), reporting);
    try {
      const body = JSON.stringify({ 'cf-turnstile-response': siteverify.solve() });
      const headers = { Origin: ORIGIN, 'Content-Type': 'application/json' };
      const down = await unreachable.send({ headers, body });
      assert.equal(down.status, 503);
      assert.match(down.json.error, /visitor check could not be completed/);
      const refused = await wrongSecret.send({ headers, body });
      assert.equal(refused.status, 503);
      assert.match(reported.join('\n'), /visitor check could not run: .*fetch failed/);
      assert.match(reported.join('\n'), /refused the secret key \(invalid-input-secret\)/);
      assert.ok(!reported.join('\n').includes('not-the-key'), 'no secret in the log');
    } finally {
      await unreachable.close();
      await wrongSecret.close();
    }
  });

  it('refuses to start without a secret key or hostnames', () => {
    assert.throws(() => siteverifyVerifier({ secretKey: '', hostnames: ['a.example'] }), /needs the challenge widget/);
    assert.throws(() => siteverifyVerifier({ secretKey: 'k', hostnames: [] }), /needs hostnames/);
  });
});

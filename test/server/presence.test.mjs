// The availability endpoint against a local Graph stand-in, through the real @azure/identity client credential:
// many visitors and two instances cost one Graph request per interval; only listed experts, only allowed origins, only
// their availability.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ClientSecretCredential } from '@azure/identity';
import { connectRedisStore, createPresenceHandler } from '../../dist/server/index.js';
import { graphStandIn } from './graph-stand-in.mjs';
import { ORIGIN, serve } from './harness.mjs';
import { startRedis } from './processes.mjs';

const TENANT = '0f0e0d0c-0b0a-4909-8807-060504030201';
const ANNA = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const BEN = '7a2b3c4d-5e6f-4a0b-9c1d-2e3f4a5b6c7d';
const STRANGER = '99999999-8888-4777-8666-555555555555';
const quiet = { warn: () => {}, error: () => {} };

describe('the availability endpoint', { timeout: 60_000 }, () => {
  let graph;
  let redis;
  let credential;
  before(async () => {
    graph = await graphStandIn({ tenantId: TENANT, clientId: 'presence-app', clientSecret: 'app-secret' });
    redis = await startRedis();
    credential = new ClientSecretCredential(TENANT, 'presence-app', 'app-secret', {
      authorityHost: graph.origin,
      disableInstanceDiscovery: true,
    });
  });
  after(async () => {
    await redis.stop();
    await graph.close();
  });

  const handler = (extra = {}) =>
    createPresenceHandler({
      users: [ANNA, BEN],
      credential,
      graphUrl: graph.graphUrl,
      allowedOrigins: [ORIGIN],
      logger: quiet,
      ...extra,
    });
  const ask = (api, users, headers = { Origin: ORIGIN }) =>
    api.send({ method: 'GET', path: `/api/availability?users=${users}`, headers });

  it('asks Graph once per interval for the whole list, however many visitors on however many instances ask', async () => {
    graph.presence.set(ANNA, 'Available').set(BEN, 'BusyIdle');
    const store = await connectRedisStore(redis.url, { logger: quiet });
    const instances = [
      await serve(handler({ store, pollIntervalSeconds: 1, rateLimit: false })),
      await serve(handler({ store, pollIntervalSeconds: 1, rateLimit: false })),
    ];
    try {
      const before = graph.presenceRequests.length;
      const answers = await Promise.all(
        Array.from({ length: 60 }, (_, i) => ask(instances[i % 2], i % 3 ? ANNA : `${ANNA},${BEN}`)),
      );
      assert.ok(answers.every((res) => res.status === 200));
      assert.deepEqual(answers[0].json, { availability: { [ANNA]: 'Available', [BEN]: 'Busy' }, refreshSeconds: 1 });
      assert.equal(graph.presenceRequests.length - before, 1, 'one Graph request for 60 visitors on two instances');
      assert.deepEqual(graph.presenceRequests.at(-1).sort(), [ANNA, BEN].sort(), 'the listed experts, batched');

      graph.presence.set(ANNA, 'DoNotDisturb');
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const later = await Promise.all(Array.from({ length: 20 }, (_, i) => ask(instances[i % 2], ANNA)));
      assert.ok(later.every((res) => res.json.availability[ANNA] === 'DoNotDisturb'));
      assert.equal(graph.presenceRequests.length - before, 2, 'one more after the interval');
      assert.equal(graph.tokenRequests, 1, 'the credential keeps its Graph token');
    } finally {
      await Promise.all(instances.map((api) => api.close()));
      await store.close();
    }
  });

  it('answers only the availability: never the activity, status message or out-of-office text', async () => {
    graph.presence.set(ANNA, 'Away');
    const api = await serve(handler());
    try {
      const res = await ask(api, ANNA);
      assert.deepEqual(Object.keys(res.json).sort(), ['availability', 'refreshSeconds']);
      assert.equal(res.json.availability[ANNA], 'Away');
      assert.doesNotMatch(res.text, /Private|InAConferenceCall|outOfOffice|statusMessage/);
    } finally {
      await api.close();
    }
  });

  it('tells nothing about anyone off its list, and asks Graph only for its list', async () => {
    const api = await serve(handler());
    try {
      const before = graph.presenceRequests.length;
      for (const users of [STRANGER, `${ANNA},${STRANGER}`]) {
        const res = await ask(api, users);
        assert.equal(res.status, 403);
        assert.equal(res.json.code, 'not-listed');
      }
      assert.equal((await ask(api, 'not-a-guid')).status, 400);
      assert.equal((await ask(api, '')).status, 400);
      assert.equal(graph.presenceRequests.length, before, 'nothing asked for a refused request');
      assert.ok(graph.presenceRequests.flat().every((id) => id === ANNA || id === BEN));
    } finally {
      await api.close();
    }
  });

  it('refuses other origins, POST and a flood from one address', async () => {
    const api = await serve(handler({ rateLimit: { requests: 3, windowSeconds: 60 } }));
    try {
      assert.equal((await ask(api, ANNA, { Origin: 'https://evil.example' })).status, 403);
      assert.equal((await ask(api, ANNA, {})).status, 403);
      assert.equal((await api.send({ path: `/api/availability?users=${ANNA}` })).status, 405);
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await ask(api, ANNA)).status);
      assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
    } finally {
      await api.close();
    }
  });

  it('when Graph throttles, answers what it last knew and asks no more until Retry-After has passed', async () => {
    const reported = [];
    const api = await serve(
      handler({ pollIntervalSeconds: 1, rateLimit: false, logger: { warn: () => {}, error: (m) => reported.push(m) } }),
    );
    try {
      graph.presence.set(ANNA, 'Available');
      assert.equal((await ask(api, ANNA)).json.availability[ANNA], 'Available');
      graph.failWith = 429;
      graph.retryAfter = 3;
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const before = graph.presenceRequests.length;
      for (let i = 0; i < 5; i++) {
        const res = await ask(api, ANNA);
        assert.equal(res.status, 200);
        assert.equal(res.json.availability[ANNA], 'Available', 'the last known state');
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      assert.equal(graph.presenceRequests.length - before, 1, 'one throttled request, then a pause');
      assert.match(reported.join(), /throttled presence reads; asking again in 3 s/);
    } finally {
      graph.failWith = undefined;
      await api.close();
    }
  });

  it('says when Graph refuses the app, and answers 503 while it knows nothing', async () => {
    const reported = [];
    const wrongSecret = new ClientSecretCredential(TENANT, 'presence-app', 'not-the-secret', {
      authorityHost: graph.origin,
      disableInstanceDiscovery: true,
    });
    const api = await serve(
      handler({ credential: wrongSecret, logger: { warn: () => {}, error: (m) => reported.push(m) } }),
    );
    try {
      const res = await ask(api, ANNA);
      assert.equal(res.status, 503);
      assert.equal(res.headers['retry-after'], '5');
      assert.match(reported.join(), /presence could not be read/);
      const started = Date.now();
      assert.equal((await ask(api, ANNA)).status, 503);
      assert.ok(Date.now() - started < 1000, 'during the pause that follows, answered at once');
      assert.equal(reported.length, 1, 'and Graph is not asked again before the interval is over');
      assert.ok(!reported.join().includes('not-the-secret'));
    } finally {
      await api.close();
    }
  });

  it('refuses at start a list, credential or Graph URL it cannot use', () => {
    const base = { users: [ANNA], credential, allowedOrigins: [ORIGIN] };
    assert.throws(() => createPresenceHandler({ ...base, users: [] }), /needs users/);
    assert.throws(() => createPresenceHandler({ ...base, users: ['anna@contoso.com'] }), /is not an Entra object ID/);
    assert.throws(() => createPresenceHandler({ ...base, credential: undefined }), /needs a credential/);
    assert.throws(() => createPresenceHandler({ ...base, graphUrl: 'http://graph.example' }), /must be an https: URL/);
  });
});

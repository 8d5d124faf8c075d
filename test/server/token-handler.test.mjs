// The reference token provider, driven through the real @azure/communication-identity client against a local
// stand-in of the ACS identity REST endpoint that checks request signatures as the real service does.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { createTokenHandler } from '../../dist/server/index.js';
import { identityService, ORIGIN, serve } from './harness.mjs';

describe('createTokenHandler', () => {
  const identity = identityService();
  const options = identity.options;

  it('creates a user and answers a voip token with its expiry, for an allowed origin', async () => {
    const api = await serve(createTokenHandler(options({ tokenLifetimeMinutes: 90 })));
    try {
      const before = identity.standIn.requests.length;
      const res = await api.send();
      assert.equal(res.status, 200);
      assert.equal(res.json.token, identity.standIn.issued.at(-1).token);
      assert.ok(Date.parse(res.json.expiresOn) > Date.now() + 89 * 60_000);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.equal(res.headers['access-control-allow-origin'], ORIGIN);
      assert.deepEqual(identity.standIn.requests.slice(before), [
        { method: 'POST', path: '/identities', body: { createTokenWithScopes: ['voip'], expiresInMinutes: 90 } },
      ]);
    } finally {
      await api.close();
    }
  });

  it('answers the CORS preflight', async () => {
    const api = await serve(createTokenHandler(options()));
    try {
      const res = await api.send({
        method: 'OPTIONS',
        headers: {
          Origin: ORIGIN,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization',
        },
      });
      assert.equal(res.status, 204);
      assert.equal(res.headers['access-control-allow-methods'], 'POST');
      assert.equal(res.headers['access-control-allow-headers'], 'authorization');
      assert.equal(res.headers['access-control-allow-origin'], ORIGIN);
    } finally {
      await api.close();
    }
  });

  it('refuses other methods, other origins, no origin, and oversized bodies, without asking the service', async () => {
    const api = await serve(createTokenHandler(options()));
    const before = identity.standIn.requests.length;
    try {
      const get = await api.send({ method: 'GET' });
      assert.equal(get.status, 405);
      assert.equal(get.headers.allow, 'POST, OPTIONS');
      assert.equal((await api.send({ headers: { Origin: 'https://evil.example' } })).status, 403);
      assert.equal((await api.send({ headers: {} })).status, 403);
      const big = await api.send({
        headers: { Origin: ORIGIN, 'Content-Type': 'application/json' },
        body: 'x'.repeat(9000),
      });
      assert.equal(big.status, 413);
      assert.match(big.json.error, /over 8192 bytes/);
      assert.equal(identity.standIn.requests.length, before);
    } finally {
      await api.close();
    }
  });

  it('limits tokens per client address, with Retry-After', async () => {
    const api = await serve(createTokenHandler(options({ rateLimit: { requests: 2, windowSeconds: 30 } })));
    try {
      assert.equal((await api.send()).status, 200);
      assert.equal((await api.send()).status, 200);
      const limited = await api.send();
      assert.equal(limited.status, 429);
      assert.ok(Number(limited.headers['retry-after']) > 0 && Number(limited.headers['retry-after']) <= 30);
      assert.match(limited.json.error, /try again in \d+ seconds/);
    } finally {
      await api.close();
    }
  });

  it('reports a service error as 502 with an actionable message, and never logs secrets', async () => {
    const reported = [];
    const wrongKey = randomBytes(32).toString('base64');
    const api = await serve(
      createTokenHandler(
        options({
          connectionString: `endpoint=${identity.standIn.endpoint};accesskey=${wrongKey}`,
          logger: { warn: () => {}, error: (m) => reported.push(m) },
        }),
      ),
    );
    try {
      const res = await api.send();
      assert.equal(res.status, 502);
      assert.match(res.json.error, /identity service answered 401/);
      assert.match(reported.join(), /check the access key/);
      for (const text of [...reported, res.text]) {
        assert.ok(!text.includes(wrongKey), 'no access key');
        assert.ok(!text.includes('accesskey'), 'no connection string');
      }
    } finally {
      await api.close();
    }
  });

  it('passes a service outage on as 502', async () => {
    const api = await serve(createTokenHandler(options({ rateLimit: false })));
    identity.standIn.failWith = 500;
    try {
      const res = await api.send();
      assert.equal(res.status, 502);
      assert.match(res.json.error, /answered 500/);
    } finally {
      identity.standIn.failWith = undefined;
      await api.close();
    }
  });

  it('caps the tokens of all clients together, with Retry-After', async () => {
    const api = await serve(
      createTokenHandler(
        options({ trustProxy: 1, rateLimit: false, globalRateLimit: { requests: 3, windowSeconds: 60 } }),
      ),
    );
    try {
      const statuses = [];
      for (let i = 0; i < 6; i++) {
        const res = await api.send({ headers: { Origin: ORIGIN, 'X-Forwarded-For': `198.51.100.${i}` } });
        statuses.push(res.status);
        if (res.status === 429) assert.ok(Number(res.headers['retry-after']) > 0);
      }
      assert.deepEqual(statuses, [200, 200, 200, 429, 429, 429]);
    } finally {
      await api.close();
    }
  });

  it('reaches the identity service with an endpoint and a Microsoft Entra credential instead of a key', async () => {
    const scopes = [];
    const credential = (token) => ({
      getToken: async (scope) => {
        scopes.push(scope);
        return { token, expiresOnTimestamp: Date.now() + 3_600_000 };
      },
    });
    identity.standIn.entraToken = 'entra-access-token-for-the-managed-identity';
    const { connectionString, ...rest } = options();
    assert.ok(connectionString);
    const granted = await serve(
      createTokenHandler({
        ...rest,
        endpoint: identity.standIn.endpoint,
        credential: credential(identity.standIn.entraToken),
      }),
    );
    const reported = [];
    const refused = await serve(
      createTokenHandler({
        ...rest,
        endpoint: identity.standIn.endpoint,
        credential: credential('a-token-without-the-role'),
        logger: { warn: () => {}, error: (m) => reported.push(m) },
      }),
    );
    try {
      const res = await granted.send();
      assert.equal(res.status, 200);
      assert.ok(res.json.token);
      assert.deepEqual([...new Set(scopes.flat())], ['https://communication.azure.com//.default']);
      assert.equal((await refused.send()).status, 502);
      assert.match(reported.join(), /answered 401 \(check the access key or the credential’s role\)/);
    } finally {
      identity.standIn.entraToken = undefined;
      await granted.close();
      await refused.close();
    }
    assert.throws(
      () => createTokenHandler({ ...rest, endpoint: identity.standIn.endpoint }),
      /With endpoint, the token provider needs a credential/,
    );
    assert.throws(
      () => createTokenHandler({ ...rest, endpoint: 'http://insecure.example', credential: credential('x') }),
      /must be an https: URL/,
    );
  });

  it('refuses to start without a connection string or allowed origins', () => {
    assert.throws(
      () => createTokenHandler({ connectionString: '', allowedOrigins: [ORIGIN] }),
      /needs the ACS connection string/,
    );
    assert.throws(
      () => createTokenHandler({ connectionString: 'endpoint=https://x/;accesskey=abc', allowedOrigins: [] }),
      /needs allowedOrigins/,
    );
    assert.throws(
      () =>
        createTokenHandler({
          connectionString: 'endpoint=https://x/;accesskey=abc',
          allowedOrigins: [ORIGIN],
          tokenLifetimeMinutes: 10,
        }),
      /between 60 and 1440/,
    );
  });
});

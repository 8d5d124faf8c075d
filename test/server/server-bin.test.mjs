// teams-call-button-server as an operator runs it: configured by environment variables, two instances sharing one
// real redis-server, Redis going away and coming back, keys that expire, a clean stop, and configurations it refuses.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { identityService, ORIGIN, sendTo } from './harness.mjs';
import { freePort, runUntilExit, startRedis, startServer } from './processes.mjs';
import { graphStandIn } from './graph-stand-in.mjs';
import { siteverifyStandIn } from './siteverify-stand-in.mjs';
import { webhookReceiver } from './webhook-receiver.mjs';

const SESSION_SECRET = randomBytes(32).toString('base64url');

/** Sends a request to a running server, from the test page's origin unless the headers say otherwise. */
const send = (port, { headers = {}, ...options } = {}) =>
  sendTo(port, { ...options, headers: { Origin: ORIGIN, ...headers } });

const from = (address) => ({ 'X-Forwarded-For': address });
const statusCounts = (statuses) =>
  statuses.reduce((counts, status) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {});

describe('teams-call-button-server', { timeout: 60_000 }, () => {
  const identity = identityService();
  let redis;
  const servers = [];
  before(async () => (redis = await startRedis()));
  after(async () => {
    await Promise.all(servers.map((server) => server.stop('SIGKILL')));
    await redis.stop();
  });

  const env = (extra = {}) => ({
    ACS_CONNECTION_STRING: identity.options().connectionString,
    ALLOWED_ORIGINS: `${ORIGIN}, https://intranet.contoso.example`,
    REDIS_URL: redis.url,
    SESSION_SECRET,
    TRUST_PROXY: '1',
    NODE_EXTRA_CA_CERTS: identity.standIn.certificateFile, // checked as the real service's would be
    ...extra,
  });
  const start = async (extra) => {
    const server = await startServer(env(extra));
    servers.push(server);
    return server;
  };

  it('shares one limit exactly between two instances in two processes', async () => {
    const [a, b] = await Promise.all([start({ RATE_LIMIT: '5/60' }), start({ RATE_LIMIT: '5/60' })]);
    const statuses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => send((i % 2 ? a : b).port, { headers: from('198.51.100.20') })),
    );
    assert.deepEqual(statusCounts(statuses.map((res) => res.status)), { 200: 5, 429: 15 });
    // A session issued by one instance refreshes on the other: the secret is shared.
    const first = await send(a.port, { headers: from('198.51.100.21') });
    const { session } = JSON.parse(first.text);
    const refresh = await send(b.port, {
      headers: { ...from('198.51.100.21'), 'Content-Type': 'application/json' },
      body: JSON.stringify({ session }),
    });
    assert.equal(refresh.status, 200);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('lets its Redis keys expire with the window', async () => {
    const server = await start({ RATE_LIMIT: '2/2', GLOBAL_RATE_LIMIT: 'off' });
    const client = new Redis(redis.url);
    try {
      await client.flushall();
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await send(server.port, { headers: from('198.51.100.30') })).status);
      assert.deepEqual(statuses, [200, 200, 429]);
      const keys = await client.keys('teams-call-button:*');
      assert.deepEqual(keys, ['teams-call-button:address:198.51.100.30']);
      const ttl = await client.pttl(keys[0]);
      assert.ok(ttl > 0 && ttl <= 2000, `expires with the 2 s window (${ttl} ms left)`);
      await new Promise((resolve) => setTimeout(resolve, ttl + 100));
      assert.deepEqual(await client.keys('teams-call-button:*'), []);
      assert.equal((await send(server.port, { headers: from('198.51.100.30') })).status, 200);
    } finally {
      client.disconnect();
      await server.stop();
    }
  });

  it('keeps limiting on its own while Redis is away, says so once, and shares the limit again when it is back', async () => {
    const [a, b] = await Promise.all([start({ RATE_LIMIT: '3/60' }), start({ RATE_LIMIT: '3/60' })]);
    const health = async (server) => JSON.parse((await send(server.port, { method: 'GET', path: '/healthz' })).text);
    assert.deepEqual(await health(a), { status: 'ok', store: 'redis' });
    await redis.stop();
    // Each instance counts in its own memory: limited, never open, never closed.
    const during = [];
    for (let i = 0; i < 5; i++) during.push((await send(a.port, { headers: from('198.51.100.40') })).status);
    assert.deepEqual(during, [200, 200, 200, 429, 429]);
    assert.deepEqual(await health(a), { status: 'degraded', store: 'redis' });
    const warnings = a.logs.filter((line) => line.level === 'warn' && /unreachable/.test(line.message));
    assert.equal(warnings.length, 1, JSON.stringify(a.logs));

    await redis.start(); // empty: the counts of before the outage are gone with it
    const deadline = Date.now() + 10_000;
    while ((await health(a)).status !== 'ok' || (await health(b)).status !== 'ok') {
      assert.ok(Date.now() < deadline, 'both instances reconnect');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(a.logs.some((line) => /answers again/.test(line.message)));
    const shared = await Promise.all(
      Array.from({ length: 8 }, (_, i) => send((i % 2 ? a : b).port, { headers: from('198.51.100.41') })),
    );
    assert.deepEqual(statusCounts(shared.map((res) => res.status)), { 200: 3, 429: 5 });
    await Promise.all([a.stop(), b.stop()]);
  });

  it('serves /healthz and 404, logs one JSON line per request with no address, token or secret, and stops cleanly', async () => {
    const server = await start();
    identity.standIn.delayMs = 500;
    try {
      assert.equal((await send(server.port, { method: 'GET', path: '/nowhere' })).status, 404);
      const pending = send(server.port, { headers: from('198.51.100.50') });
      await new Promise((resolve) => setTimeout(resolve, 150));
      const exit = server.stop('SIGTERM');
      const answered = await pending;
      assert.equal(answered.status, 200, 'the request under way is answered');
      assert.equal(await exit, 0);
      const token = JSON.parse(answered.text).token;
      const messages = server.logs.map((line) => line.message);
      assert.equal(messages.at(-1), 'stopped');
      assert.ok(messages.indexOf('stopping') < messages.lastIndexOf('request'), 'stopped after answering');
      assert.ok(server.logs.some((line) => line.message === 'request' && line.status === 200 && line.ms >= 0));
      const output = JSON.stringify(server.logs);
      for (const secret of [
        token,
        SESSION_SECRET,
        identity.options().connectionString.split('accesskey=')[1],
        '198.51.100.50',
      ]) {
        assert.ok(!output.includes(secret), 'nothing secret or personal in the log');
      }
      assert.deepEqual(
        server.logs.filter((line) => line.unstructured),
        [],
        'every line is JSON',
      );
    } finally {
      identity.standIn.delayMs = 0;
    }
  });

  it('with ACS_ENDPOINT and no key, gets its access from the managed identity (App Service) through DefaultAzureCredential', async () => {
    // The managed-identity endpoint App Service gives an app, as @azure/identity calls it.
    const identityHeader = randomBytes(16).toString('hex');
    const asked = [];
    const managedIdentity = createServer((req, res) => {
      const url = new URL(req.url, 'http://msi');
      asked.push({ resource: url.searchParams.get('resource'), header: req.headers['x-identity-header'] });
      if (req.headers['x-identity-header'] !== identityHeader) return res.writeHead(401).end();
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(
        JSON.stringify({
          access_token: identity.standIn.entraToken,
          expires_on: String(Math.floor(Date.now() / 1000) + 3600),
          resource: url.searchParams.get('resource'),
          token_type: 'Bearer',
        }),
      );
    });
    await new Promise((resolve) => managedIdentity.listen(0, '127.0.0.1', resolve));
    identity.standIn.entraToken = `managed-identity-${randomBytes(8).toString('hex')}`;
    try {
      const server = await start({
        ACS_CONNECTION_STRING: '',
        ACS_ENDPOINT: identity.standIn.endpoint,
        IDENTITY_ENDPOINT: `http://127.0.0.1:${managedIdentity.address().port}/msi/token`,
        IDENTITY_HEADER: identityHeader,
      });
      const res = await send(server.port, { headers: from('198.51.100.70') });
      assert.equal(res.status, 200, res.text);
      assert.ok(JSON.parse(res.text).token);
      assert.ok(asked.length > 0 && asked.every((request) => request.header === identityHeader));
      assert.match(asked[0].resource, /^https:\/\/communication\.azure\.com/);
      assert.ok(!JSON.stringify(server.logs).includes(identity.standIn.entraToken), 'no Entra token in the log');
      await server.stop();
    } finally {
      identity.standIn.entraToken = undefined;
      await new Promise((resolve) => managedIdentity.close(resolve));
    }
  });

  it('checks the visitor with Turnstile when TURNSTILE_SECRET_KEY is set, for its hostnames and action', async () => {
    const siteverify = await siteverifyStandIn('turnstile-secret');
    const server = await start({
      TURNSTILE_SECRET_KEY: 'turnstile-secret',
      TURNSTILE_HOSTNAMES: 'intranet.contoso.example, www.contoso.example',
      TURNSTILE_ACTION: 'call',
      SITEVERIFY_URL: siteverify.url,
    });
    try {
      const ask = (fields) =>
        send(server.port, {
          headers: { ...from('198.51.100.60'), 'Content-Type': 'application/json' },
          body: JSON.stringify(fields),
        });
      const none = await ask({});
      assert.equal(none.status, 403);
      assert.equal(JSON.parse(none.text).code, 'visitor-check-failed');
      const otherAction = await ask({ 'cf-turnstile-response': siteverify.solve({ action: 'login' }) });
      assert.match(JSON.parse(otherAction.text).error, /another action/);
      const solved = siteverify.solve({ hostname: 'intranet.contoso.example' });
      assert.equal((await ask({ 'cf-turnstile-response': solved })).status, 200);
    } finally {
      await server.stop();
      await siteverify.close();
    }
  });

  it('takes only signed-in employees when ENTRA_TENANT_ID is set', async () => {
    const server = await start({
      ENTRA_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      ENTRA_AUDIENCE: 'api://teams-call-tokens',
      ENTRA_JWKS_URL: `http://127.0.0.1:${await freePort()}/keys`,
    });
    try {
      const anonymous = await send(server.port, {
        headers: { ...from('198.51.100.61'), 'Content-Type': 'application/json' },
        body: '{}',
      });
      assert.equal(anonymous.status, 401);
      assert.match(JSON.parse(anonymous.text).error, /no Entra access token/);
    } finally {
      await server.stop();
    }
  });

  it('reads TRUST_PROXY as trusted ranges and TOKEN_LIFETIME_MINUTES', async () => {
    const server = await start({
      TRUST_PROXY: '127.0.0.1, 10.0.0.0/8',
      TOKEN_LIFETIME_MINUTES: '120',
      RATE_LIMIT: '1/60',
    });
    const via = (client) => send(server.port, { headers: from(`${client}, 10.1.2.3`) });
    assert.equal((await via('198.51.100.80')).status, 200);
    assert.equal(identity.standIn.requests.at(-1).body.expiresInMinutes, 120);
    assert.equal((await via('198.51.100.80')).status, 429, 'the client behind the trusted proxy');
    assert.equal((await via('198.51.100.81')).status, 200, 'another client');
    await server.stop();
  });

  it('serves availability and callbacks when PRESENCE_USERS and a callback destination are set', async () => {
    const tenant = '0f0e0d0c-0b0a-4909-8807-060504030201';
    const expert = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
    const graph = await graphStandIn({ tenantId: tenant, clientId: 'presence-app', clientSecret: 'graph-secret' });
    const receiver = await webhookReceiver();
    graph.presence.set(expert, 'Busy');
    const server = await start({
      PRESENCE_USERS: expert,
      GRAPH_TENANT_ID: tenant,
      GRAPH_CLIENT_ID: 'presence-app',
      GRAPH_CLIENT_SECRET: 'graph-secret',
      GRAPH_AUTHORITY_HOST: graph.origin,
      GRAPH_URL: graph.graphUrl,
      CALLBACK_WEBHOOK_URL: receiver.url,
    });
    try {
      const availability = await send(server.port, { method: 'GET', path: `/api/availability?users=${expert}` });
      assert.equal(availability.status, 200, availability.text);
      assert.deepEqual(JSON.parse(availability.text), { availability: { [expert]: 'Busy' }, refreshSeconds: 30 });
      const requestId = randomUUID();
      const callback = await send(server.port, {
        path: '/api/callback',
        headers: { ...from('198.51.100.90'), 'Content-Type': 'application/json' },
        body: JSON.stringify({ requestId, name: 'Anna Visitor', phone: '+31 20 123 4567', consent: true }),
      });
      assert.equal(callback.status, 200, callback.text);
      assert.equal(receiver.kept.get(requestId).name, 'Anna Visitor');
      assert.deepEqual(server.logs.find((line) => line.message === 'listening').paths, [
        '/api/acs-token',
        '/api/availability',
        '/api/callback',
      ]);
      const log = JSON.stringify(server.logs);
      assert.ok(!log.includes('graph-secret') && !log.includes('Anna') && !log.includes('123 4567'));
    } finally {
      await server.stop();
      await receiver.close();
      await graph.close();
    }
  });

  it('refuses at start a configuration it cannot use, saying what to fix and never a password', async () => {
    const cases = [
      [{ ACS_CONNECTION_STRING: '' }, /Set ACS_CONNECTION_STRING/],
      [{ ALLOWED_ORIGINS: '' }, /Set ALLOWED_ORIGINS/],
      [{ ALLOWED_ORIGINS: 'www.contoso.example' }, /is not an origin/],
      [{ SESSION_SECRET: '' }, /Set SESSION_SECRET/],
      [{ TRUST_PROXY: '10.0.0.0/33' }, /"10.0.0.0\/33" is not an IP address or CIDR range/],
      [{ RATE_LIMIT: 'ten' }, /RATE_LIMIT must be requests\/seconds/],
      [
        { REDIS_URL: `redis://:hunter2@127.0.0.1:${await freePort()}` },
        /Redis at redis:\/\/:\*\*\*@127.0.0.1:\d+ did not answer: connect ECONNREFUSED/,
      ],
      [{ REDIS_URL: 'http://cache.example' }, /must start with redis:\/\/ or rediss:\/\//],
      [{ TURNSTILE_SECRET_KEY: 'secret' }, /needs hostnames/],
      [{ ENTRA_TENANT_ID: 'contoso.onmicrosoft.com', ENTRA_AUDIENCE: 'api://tokens' }, /needs tenantId/],
      [{ ENTRA_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47' }, /needs audience/],
      [{ PRESENCE_USERS: 'anna@contoso.com', GRAPH_CLIENT_ID: 'app' }, /Set GRAPH_TENANT_ID/],
      [
        { PRESENCE_USERS: 'anna@contoso.com', GRAPH_CLIENT_ID: 'app', GRAPH_TENANT_ID: 't', GRAPH_CLIENT_SECRET: 's' },
        /is not an Entra object ID/,
      ],
      [{ CALLBACK_WEBHOOK_URL: 'http://hooks.example/callbacks' }, /must be an https: URL/],
    ];
    for (const [extra, message] of cases) {
      const { code, logs, output } = await runUntilExit(env(extra));
      assert.equal(code, 1, JSON.stringify(extra));
      assert.equal(logs.length, 1, output);
      assert.equal(logs[0].level, 'error');
      assert.match(logs[0].message, message);
      assert.ok(!output.includes('hunter2'));
    }
  });
});

// Bounded load tests of the reference token provider on loopback: 3,000 requests from 100 client addresses to one
// in-process handler, then malformed traffic; and the same to two teams-call-button-server processes sharing a real
// redis-server. The limits must hold exactly, the processes stay up, and memory stays bounded.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Agent, createServer, request } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { createTokenHandler } from '../../dist/server/index.js';
import { identityStandIn } from './identity-stand-in.mjs';
import { startRedis, startServer } from './processes.mjs';

const ORIGIN = 'https://www.contoso.example';
const ADDRESSES = 100;
const REQUESTS_PER_ADDRESS = 30;
const LIMIT = 10;
const CONCURRENCY = 50;

describe('the token provider under load', { timeout: 120_000 }, () => {
  let standIn;
  let server;
  let port;
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

  before(async () => {
    const accessKey = randomBytes(32).toString('base64');
    standIn = await identityStandIn(accessKey);
    const handler = createTokenHandler({
      connectionString: `endpoint=${standIn.endpoint};accesskey=${accessKey}`,
      allowedOrigins: [ORIGIN],
      rateLimit: { requests: LIMIT, windowSeconds: 60 },
      globalRateLimit: false, // this test counts per address; the shared-limit test counts both
      trustProxy: 1, // each simulated client sends its own X-Forwarded-For
      logger: { warn: () => {}, error: () => {} },
    });
    server = createServer(handler);
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = server.address().port;
  });
  after(async () => {
    agent.destroy();
    await new Promise((resolve) => server.close(resolve));
    await standIn.close();
  });

  const send = ({ method = 'POST', headers = {}, body } = {}) =>
    new Promise((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, method, path: '/api/acs-token', agent, headers: { Origin: ORIGIN, ...headers } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode));
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  it('holds the rate limit for every address, stays up, and keeps memory bounded', async () => {
    globalThis.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const jobs = [];
    for (let round = 0; round < REQUESTS_PER_ADDRESS; round++) {
      for (let address = 0; address < ADDRESSES; address++) jobs.push(`198.51.100.${address}`);
    }
    const statuses = new Map();
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < jobs.length) {
          const address = jobs[next++];
          const status = await send({ headers: { 'X-Forwarded-For': address } });
          const counts = statuses.get(address) ?? { 200: 0, 429: 0 };
          counts[status] = (counts[status] ?? 0) + 1;
          statuses.set(address, counts);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    globalThis.gc?.();
    const heapGrowthMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;

    for (const [address, counts] of statuses) {
      assert.deepEqual(counts, { 200: LIMIT, 429: REQUESTS_PER_ADDRESS - LIMIT }, address);
    }
    assert.equal(
      standIn.issued.length >= ADDRESSES * LIMIT,
      true,
      'every allowed request got a token from the service',
    );
    assert.ok(heapGrowthMb < 32, `heap grew ${heapGrowthMb.toFixed(1)} MB`);
    console.log(
      `token provider load: ${jobs.length} requests from ${ADDRESSES} addresses in ${seconds.toFixed(1)} s ` +
        `(${Math.round(jobs.length / seconds)}/s); ${ADDRESSES * LIMIT} tokens, ${jobs.length - ADDRESSES * LIMIT} refused with 429; ` +
        `heap growth after GC ${heapGrowthMb.toFixed(1)} MB${globalThis.gc ? '' : ' (no --expose-gc: before GC)'}`,
    );
  });

  it('answers malformed requests with clean 4xx, and keeps serving', async () => {
    const fresh = { 'X-Forwarded-For': '203.0.113.7' };
    assert.equal(await send({ method: 'DELETE', headers: fresh }), 405);
    assert.equal(await send({ headers: { ...fresh, Origin: 'null' } }), 403);
    assert.equal(await send({ headers: { ...fresh, Origin: '' } }), 403);
    assert.equal(await send({ headers: fresh, body: 'x'.repeat(64 * 1024) }), 413);
    assert.equal(await send({ headers: { ...fresh, 'X-Padding': 'x'.repeat(32 * 1024) } }), 431);
    const garbage = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1', () => socket.end('NOT HTTP AT ALL\r\n\r\n'));
      let reply = '';
      socket.on('data', (chunk) => (reply += chunk));
      socket.on('close', () => resolve(reply));
    });
    assert.match(garbage, /^HTTP\/1\.1 400/);
    assert.equal(await send({ headers: fresh }), 200, 'still serving');
  });
});

describe('two token servers sharing Redis, under load', { timeout: 180_000 }, () => {
  const GLOBAL = ADDRESSES * LIMIT;
  let standIn;
  let redis;
  let servers;
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const sessionSecret = randomBytes(32).toString('base64url');
  let accessKey;

  before(async () => {
    accessKey = randomBytes(32).toString('base64');
    standIn = await identityStandIn(accessKey);
    redis = await startRedis();
    const env = {
      ACS_CONNECTION_STRING: `endpoint=${standIn.endpoint};accesskey=${accessKey}`,
      ALLOWED_ORIGINS: ORIGIN,
      REDIS_URL: redis.url,
      SESSION_SECRET: sessionSecret,
      TRUST_PROXY: '1',
      RATE_LIMIT: `${LIMIT}/60`,
      GLOBAL_RATE_LIMIT: `${GLOBAL}/60`,
      NODE_EXTRA_CA_CERTS: standIn.certificateFile, // checked as the real service's would be
    };
    servers = await Promise.all([startServer(env), startServer(env)]);
  });
  after(async () => {
    agent.destroy();
    await Promise.all(servers.map((server) => server.stop()));
    await redis.stop();
    await standIn.close();
  });

  const send = (port, address) =>
    new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/acs-token',
          agent,
          headers: { Origin: ORIGIN, 'X-Forwarded-For': address },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode, text }));
        },
      );
      req.on('error', reject);
      req.end();
    });

  it('holds the per-address and the global limit exactly across both, with bounded memory and nothing secret out', async () => {
    const rssBefore = servers.map((server) => residentMb(server.process.pid));
    const jobs = [];
    for (let round = 0; round < REQUESTS_PER_ADDRESS; round++) {
      for (let address = 0; address < ADDRESSES; address++) jobs.push(`198.51.100.${address}`);
    }
    // Addresses that arrive when the global budget is spent: refused however fresh they are.
    for (let address = 0; address < 20; address++) jobs.push(`203.0.113.${address}`);
    const statuses = new Map();
    const answers = [];
    const WARM_UP = 1000;
    let rssWarm;
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < jobs.length) {
          const index = next++;
          const address = jobs[index];
          // Warmed up (code compiled, connections open) after the first third: growth from here on is what load costs.
          if (index === WARM_UP) rssWarm = servers.map((server) => residentMb(server.process.pid));
          const answer = await send(servers[index % 2].port, address);
          answers.push(answer.text);
          const counts = statuses.get(address) ?? { 200: 0, 429: 0 };
          counts[answer.status] = (counts[answer.status] ?? 0) + 1;
          statuses.set(address, counts);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const rssAfter = servers.map((server) => residentMb(server.process.pid));

    for (const [address, counts] of statuses) {
      const expected = address.startsWith('198.51.100.')
        ? { 200: LIMIT, 429: REQUESTS_PER_ADDRESS - LIMIT }
        : { 200: 0, 429: 1 };
      assert.deepEqual(counts, expected, address);
    }
    assert.equal(standIn.issued.length, GLOBAL, 'the global budget, exactly');
    const growth = rssAfter.map((after, i) => after - rssWarm[i]);
    assert.ok(
      growth.every((mb) => mb < 24),
      `resident memory grew ${growth.map((mb) => mb.toFixed(1)).join(' and ')} MB after the warm-up`,
    );
    const logs = servers.map((server) => JSON.stringify(server.logs)).join('\n');
    const issuedTokens = standIn.issued.map(({ token }) => token);
    for (const secret of [accessKey, sessionSecret]) {
      assert.ok(!logs.includes(secret) && !answers.some((text) => text.includes(secret)), 'no secret out');
    }
    assert.ok(!issuedTokens.some((token) => logs.includes(token)), 'no token in a log line');
    assert.ok(!logs.includes('198.51.100.'), 'no visitor address in a log line');
    console.log(
      `two token servers sharing Redis: ${jobs.length} requests from ${statuses.size} addresses in ` +
        `${seconds.toFixed(1)} s (${Math.round(jobs.length / seconds)}/s); ${GLOBAL} tokens, ` +
        `${jobs.length - GLOBAL} refused with 429; resident memory per instance ${rssBefore.map((mb) => mb.toFixed(0)).join(' and ')} MB at start, ` +
        `${rssWarm.map((mb) => mb.toFixed(0)).join(' and ')} after ${WARM_UP} requests, ` +
        `${rssAfter.map((mb) => mb.toFixed(0)).join(' and ')} at the end`,
    );
  });
});

/** A process's resident memory in MB, from /proc. */
function residentMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) / 1024;
}

// A bounded load test of the reference token provider on loopback: 3,000 requests from 100 client addresses, then
// malformed traffic. The rate limit must hold exactly, the process must stay up, and memory must stay bounded.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Agent, createServer, request } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createTokenHandler } from '../../dist/server/index.js';
import { identityStandIn } from './identity-stand-in.mjs';

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

// What an attack review found in the token provider: proxies, IPv6, a leaking connection string, a silent upstream,
// origins written as people write them, and credentials for every origin.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { createTokenHandler } from '../../dist/server/index.js';
import { identityService, ORIGIN, serve } from './harness.mjs';

describe('token provider hardening', () => {
  const identity = identityService();
  const options = identity.options;

  it('behind one trusted proxy, limits by the address the proxy appended, whatever the client wrote', async () => {
    const api = await serve(
      createTokenHandler(options({ trustProxy: 1, rateLimit: { requests: 10, windowSeconds: 60 } })),
    );
    try {
      const statuses = [];
      for (let i = 0; i < 40; i++) {
        // The client rotates its own entry; the proxy appends the real address at the right.
        const res = await api.send({ headers: { Origin: ORIGIN, 'X-Forwarded-For': `10.0.0.${i}, 203.0.113.9` } });
        statuses.push(res.status);
      }
      assert.equal(statuses.filter((status) => status === 200).length, 10);
      assert.equal(statuses.filter((status) => status === 429).length, 30);
    } finally {
      await api.close();
    }
  });

  it('with two proxies, counts hops from the right; junk entries fall back to the socket address', async () => {
    const api = await serve(
      createTokenHandler(options({ trustProxy: 2, rateLimit: { requests: 2, windowSeconds: 60 } })),
    );
    try {
      const send = (xff) => api.send({ headers: { Origin: ORIGIN, 'X-Forwarded-For': xff } });
      assert.equal((await send('1.1.1.1, 198.51.100.4, 10.1.1.1')).status, 200);
      assert.equal((await send('2.2.2.2, 198.51.100.4, 10.1.1.2')).status, 200);
      assert.equal((await send('3.3.3.3, 198.51.100.4, 10.1.1.3')).status, 429, 'the same client behind both proxies');
      // Not an IP: the socket address (loopback here) is the key, not the raw header text.
      assert.equal((await send('<script>, 10.1.1.1')).status, 200);
    } finally {
      await api.close();
    }
  });

  it('with trusted proxy ranges, walks left past them to the first untrusted hop, whatever the client wrote', async () => {
    const api = await serve(
      createTokenHandler(
        options({ trustProxy: ['127.0.0.1', '10.0.0.0/8'], rateLimit: { requests: 2, windowSeconds: 60 } }),
      ),
    );
    try {
      const send = (xff) => api.send({ headers: { Origin: ORIGIN, 'X-Forwarded-For': xff } });
      // loopback (trusted) ← 10.x (trusted) ← 198.51.100.8, the client; anything further left is the client's word.
      assert.equal((await send('1.1.1.1, 198.51.100.8, 10.1.2.3')).status, 200);
      assert.equal((await send('2.2.2.2, 198.51.100.8, 10.9.9.9')).status, 200);
      assert.equal((await send('3.3.3.3, 198.51.100.8, 10.1.2.3')).status, 429, 'the same client, rotating its words');
      assert.equal((await send('198.51.100.9, 10.1.2.3')).status, 200, 'another client behind the same proxy');
    } finally {
      await api.close();
    }
    const untrusted = await serve(
      createTokenHandler(options({ trustProxy: ['10.0.0.0/8'], rateLimit: { requests: 1, windowSeconds: 60 } })),
    );
    try {
      const send = (xff) => untrusted.send({ headers: { Origin: ORIGIN, 'X-Forwarded-For': xff } });
      assert.equal((await send('198.51.100.1')).status, 200);
      assert.equal((await send('198.51.100.2')).status, 429, 'a peer that is not a trusted proxy names no one');
    } finally {
      await untrusted.close();
    }
  });

  it('refuses at start a trustProxy it cannot mean exactly', () => {
    for (const trustProxy of [true, -1, 1.5, [], ['10.0.0.0/33'], ['not-an-ip'], ['10.0.0.0/8/1'], ['fd00::/129']]) {
      assert.throws(
        () => createTokenHandler(options({ trustProxy })),
        /trustProxy(:| must be)/,
        JSON.stringify(trustProxy),
      );
    }
    assert.throws(() => createTokenHandler(options({ trustProxy: ['10.0.0.0/33'] })), /"10.0.0.0\/33" is not an IP/);
  });

  it('warns once when forwarded headers arrive while trustProxy is off', async () => {
    const warnings = [];
    const api = await serve(
      createTokenHandler(options({ logger: { warn: (m) => warnings.push(m), error: () => {} } })),
    );
    try {
      await api.send();
      assert.deepEqual(warnings, [], 'no proxy, no warning');
      for (let i = 0; i < 3; i++) await api.send({ headers: { Origin: ORIGIN, 'X-Forwarded-For': `198.51.100.${i}` } });
      assert.equal(warnings.length, 1);
      assert.match(warnings[0], /trustProxy is off: every visitor behind it shares one rate limit/);
      assert.ok(!warnings[0].includes('198.51.100'), 'no visitor address in the log');
    } finally {
      await api.close();
    }
  });

  it('groups IPv6 clients by their /64', async () => {
    const api = await serve(
      createTokenHandler(options({ trustProxy: 1, rateLimit: { requests: 3, windowSeconds: 60 } })),
    );
    try {
      const statuses = [];
      for (let i = 1; i <= 6; i++) {
        const res = await api.send({
          headers: { Origin: ORIGIN, 'X-Forwarded-For': `2001:db8:0:42::${i.toString(16)}:beef` },
        });
        statuses.push(res.status);
      }
      assert.deepEqual(statuses, [200, 200, 200, 429, 429, 429]);
      const elsewhere = await api.send({ headers: { Origin: ORIGIN, 'X-Forwarded-For': '2001:db8:0:43::1' } });
      assert.equal(elsewhere.status, 200, 'another /64 is another client');
    } finally {
      await api.close();
    }
  });

  it('refuses a malformed connection string without ever repeating its access key', () => {
    const key = randomBytes(32).toString('base64');
    for (const connectionString of [
      `accesskey=${key};endpoint=`,
      `accesskey=${key}`,
      `endpoint=http://insecure.example/;accesskey=${key}`,
      `endpoint=not a url;accesskey=${key}`,
      `endpoint=https://ok.example/;accesskey=${key}!!`,
    ]) {
      assert.throws(
        () => createTokenHandler({ connectionString, allowedOrigins: [ORIGIN] }),
        (error) => {
          assert.match(error.message, /needs the ACS connection string/);
          assert.ok(!error.message.includes(key.slice(0, 12)), 'no access key in the message');
          assert.ok(!String(error.stack).includes(key.slice(0, 12)), 'no access key in the stack');
          return true;
        },
      );
    }
  });

  it('gives up on an identity service that never answers, with 504', async () => {
    const reported = [];
    const api = await serve(
      createTokenHandler(
        options({
          upstreamTimeoutMs: 300,
          rateLimit: false,
          logger: { warn: () => {}, error: (m) => reported.push(m) },
        }),
      ),
    );
    identity.standIn.hang = true;
    try {
      const started = Date.now();
      const res = await api.send();
      assert.equal(res.status, 504);
      assert.match(res.json.error, /did not answer within 300 ms/);
      assert.ok(Date.now() - started < 5000);
      assert.match(reported.join(), /did not answer/);
    } finally {
      identity.standIn.hang = false;
      await api.close();
    }
  });

  it('normalises allowed origins written with upper case or a trailing slash, and refuses ones with a path', async () => {
    const api = await serve(createTokenHandler(options({ allowedOrigins: ['HTTPS://WWW.Contoso.Example/'] })));
    try {
      assert.equal((await api.send()).status, 200);
    } finally {
      await api.close();
    }
    assert.throws(
      () => createTokenHandler(options({ allowedOrigins: ['https://www.contoso.example/shop'] })),
      /is not an origin/,
    );
    assert.throws(() => createTokenHandler(options({ allowedOrigins: ['www.contoso.example'] })), /is not an origin/);
  });

  it("allows every origin with '*' but never with credentials", async () => {
    const api = await serve(createTokenHandler(options({ allowedOrigins: ['*'] })));
    try {
      const res = await api.send({ headers: { Origin: 'https://anywhere.example' } });
      assert.equal(res.status, 200);
      assert.equal(res.headers['access-control-allow-origin'], 'https://anywhere.example');
      assert.equal(res.headers['access-control-allow-credentials'], undefined);
    } finally {
      await api.close();
    }
    const named = await serve(createTokenHandler(options()));
    try {
      assert.equal((await named.send()).headers['access-control-allow-credentials'], 'true');
    } finally {
      await named.close();
    }
  });
});

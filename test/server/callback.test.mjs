// The callback endpoint against a local webhook receiver that fails its first tries: each request is delivered once,
// as an Adaptive Card or as signed JSON, and the visitor's details never reach a log.
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createCallbackHandler } from '../../dist/server/index.js';
import { ORIGIN, serve } from './harness.mjs';
import { webhookReceiver } from './webhook-receiver.mjs';

const SECRET = 'a-webhook-secret-of-more-than-32-characters';
const visitor = (extra = {}) => ({
  requestId: randomUUID(),
  name: 'Anna Visitor',
  phone: '+31 20 123 4567',
  email: 'anna@example.org',
  preferredTime: 'Tomorrow morning',
  message: 'About my [invoice](https://evil.example) *please*',
  expertName: 'Dr. Lee',
  reason: 'closed',
  consent: true,
  ...extra,
});

describe('the callback endpoint', { timeout: 60_000 }, () => {
  let receiver;
  const logged = [];
  const logger = { warn: (m) => logged.push(m), error: (m) => logged.push(m) };
  before(async () => (receiver = await webhookReceiver()));
  after(() => receiver.close());

  const endpointFor = (destination, extra = {}) =>
    serve(
      createCallbackHandler({
        destination,
        allowedOrigins: [ORIGIN],
        rateLimit: false,
        retryDelayMs: 50,
        upstreamTimeoutMs: 1000,
        logger,
        ...extra,
      }),
    );
  const post = (api, fields, headers = {}) =>
    api.send({
      path: '/api/callback',
      headers: { Origin: ORIGIN, 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(fields),
    });

  it('delivers once despite failures: an error, a timeout, an answer lost after the receiver took it', async () => {
    const api = await endpointFor({ webhookUrl: receiver.url, secret: SECRET }, { deliveryAttempts: 5 });
    try {
      receiver.script = [503, 'hang', 'drop', 202];
      const request = visitor();
      const res = await post(api, request);
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, { status: 'received', requestId: request.requestId });
      const attempts = receiver.attempts.filter((attempt) => attempt.key === request.requestId);
      assert.equal(attempts.length, 4, 'three failures, then a success');
      assert.equal(receiver.kept.size, 1, 'kept once: the retry after the lost answer carried the same key');
      const kept = receiver.kept.get(request.requestId);
      assert.equal(kept.type, 'teams-call-button.callback-request');
      assert.equal(kept.phone, '+31 20 123 4567');
      assert.equal(kept.origin, ORIGIN);
      const { body, headers } = attempts.at(-1);
      assert.equal(headers['x-signature'], `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`);

      // The page sends it again (its own answer was lost): answered, not delivered again.
      const again = await post(api, request);
      assert.equal(again.status, 200);
      assert.equal(receiver.attempts.filter((attempt) => attempt.key === request.requestId).length, 4);
    } finally {
      await api.close();
    }
  });

  it('tells the page to wait while the same request is being delivered, and delivers it once', async () => {
    const api = await endpointFor({ webhookUrl: receiver.url });
    try {
      receiver.script = [503, 202];
      const request = visitor();
      const [first, second] = await Promise.all([post(api, request), post(api, request)]);
      assert.deepEqual([first.status, second.status].sort(), [200, 409]);
      assert.equal(receiver.kept.has(request.requestId), true);
      assert.equal(receiver.attempts.filter((attempt) => attempt.key === request.requestId).length, 2);
    } finally {
      await api.close();
    }
  });

  it('gives up after its attempts, tells the visitor, and tries again when the page sends it again', async () => {
    const api = await endpointFor({ webhookUrl: receiver.url }, { deliveryAttempts: 3 });
    try {
      receiver.script = [500, 500, 500];
      const request = visitor();
      const failed = await post(api, request);
      assert.equal(failed.status, 502);
      assert.match(failed.json.error, /could not be passed on/);
      receiver.script = [202];
      assert.equal((await post(api, request)).status, 200);
      assert.equal(receiver.kept.has(request.requestId), true);
      receiver.script = [404];
      const refused = visitor();
      assert.equal((await post(api, refused)).status, 502);
      assert.equal(
        receiver.attempts.filter((attempt) => attempt.key === refused.requestId).length,
        1,
        'a 404 is not retried',
      );
    } finally {
      await api.close();
    }
  });

  it('posts an Adaptive Card to a Teams workflow, with the visitor’s words as plain text', async () => {
    const api = await endpointFor({ teamsWorkflowUrl: receiver.url });
    try {
      const request = visitor();
      assert.equal((await post(api, request)).status, 200);
      const message = receiver.kept.get(request.requestId);
      assert.equal(message.type, 'message');
      const [{ contentType, content }] = message.attachments;
      assert.equal(contentType, 'application/vnd.microsoft.card.adaptive');
      assert.equal(content.type, 'AdaptiveCard');
      const facts = Object.fromEntries(content.body[1].facts.map(({ title, value }) => [title, value]));
      assert.equal(facts.Name, 'Anna Visitor');
      assert.equal(facts.For, 'Dr. Lee');
      assert.equal(facts.Why, 'closed');
      assert.equal(content.body[2].text, 'About my \\[invoice\\]\\(https://evil.example\\) \\*please\\*');
    } finally {
      await api.close();
    }
  });

  it('refuses an incomplete or oversized request with the field to fix, and delivers nothing', async () => {
    const api = await endpointFor({ webhookUrl: receiver.url });
    const before = receiver.attempts.length;
    try {
      const cases = [
        [{ requestId: 'not-a-uuid' }, 'requestId'],
        [{ name: '' }, 'name'],
        [{ name: 'x'.repeat(101) }, 'name'],
        [{ phone: undefined, email: undefined }, 'phone'],
        [{ phone: 'call me maybe' }, 'phone'],
        [{ email: 'anna at example' }, 'email'],
        [{ message: 'x'.repeat(1001) }, 'message'],
        [{ reason: 'bored' }, 'reason'],
        [{ consent: 'yes' }, 'consent'],
        [{ consent: undefined }, 'consent'],
      ];
      for (const [change, field] of cases) {
        const res = await post(api, visitor(change));
        assert.equal(res.status, 400, JSON.stringify(change));
        assert.equal(res.json.field, field);
      }
      const big = await api.send({
        path: '/api/callback',
        headers: { Origin: ORIGIN, 'Content-Type': 'application/json' },
        body: JSON.stringify(visitor({ padding: 'x'.repeat(9000) })),
      });
      assert.equal(big.status, 413);
      assert.equal((await post(api, visitor(), { Origin: 'https://evil.example' })).status, 403);
      assert.equal(receiver.attempts.length, before);
    } finally {
      await api.close();
    }
  });

  it('limits requests per address, by default five an hour', async () => {
    const api = await endpointFor({ webhookUrl: receiver.url }, { rateLimit: undefined, trustProxy: 1 });
    try {
      const statuses = [];
      for (let i = 0; i < 7; i++) {
        statuses.push((await post(api, visitor(), { 'X-Forwarded-For': '198.51.100.90' })).status);
      }
      assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429]);
    } finally {
      await api.close();
    }
  });

  it('passes a call’s intake on as “… is calling about …”, once, as a card or as JSON', async () => {
    const workflow = await endpointFor({ teamsWorkflowUrl: receiver.url });
    const webhook = await endpointFor({ webhookUrl: receiver.url, secret: SECRET });
    try {
      receiver.script = [503, 202];
      const calling = {
        kind: 'calling',
        requestId: randomUUID(),
        name: 'Anna',
        topic: 'my *bill*',
        expertName: 'Dr. Lee',
      };
      assert.equal((await post(workflow, calling)).status, 200);
      assert.equal((await post(workflow, calling)).status, 200, 'the page sent it again');
      assert.equal(receiver.attempts.filter((attempt) => attempt.key === calling.requestId).length, 2, 'one retry');
      const [{ content }] = receiver.kept.get(calling.requestId).attachments;
      assert.equal(content.body[0].text, 'Anna is calling about my \\*bill\\*');
      const facts = Object.fromEntries(content.body[1].facts.map(({ title, value }) => [title, value]));
      assert.equal(facts.For, 'Dr. Lee');
      assert.equal(facts.From, ORIGIN);

      const topicOnly = { kind: 'calling', requestId: randomUUID(), topic: 'Billing' };
      assert.equal((await post(webhook, topicOnly)).status, 200);
      const json = receiver.kept.get(topicOnly.requestId);
      assert.equal(json.type, 'teams-call-button.call-announcement');
      assert.equal(json.topic, 'Billing');
      assert.equal(json.name, undefined);

      const refused = [
        [{ topic: undefined, name: undefined }, 'topic'],
        [{ topic: 'x'.repeat(101) }, 'topic'],
        [{ name: 'x'.repeat(257) }, 'name'],
        [{ requestId: 'again' }, 'requestId'],
      ];
      for (const [change, field] of refused) {
        const res = await post(webhook, { ...calling, requestId: randomUUID(), ...change });
        assert.equal(res.status, 400, JSON.stringify(change));
        assert.equal(res.json.field, field);
      }
    } finally {
      await workflow.close();
      await webhook.close();
    }
  });

  it('never logs the visitor’s details', () => {
    const log = logged.join('\n');
    assert.match(log, /was not delivered: the destination answered/, 'the failures above were logged');
    for (const detail of ['Anna', '123 4567', 'anna@example.org', 'Tomorrow', 'invoice']) {
      assert.ok(!log.includes(detail), `no "${detail}" in the log`);
    }
  });

  it('refuses at start a destination it cannot use', () => {
    const base = { allowedOrigins: [ORIGIN] };
    assert.throws(() => createCallbackHandler({ ...base }), /needs a destination/);
    assert.throws(
      () => createCallbackHandler({ ...base, destination: { webhookUrl: 'http://hooks.example/x' } }),
      /must be an https: URL/,
    );
    assert.throws(
      () => createCallbackHandler({ ...base, destination: { webhookUrl: 'https://hooks.example/x', secret: 'short' } }),
      /at least 32 characters/,
    );
  });
});

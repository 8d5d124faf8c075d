// The Azure Functions adapter, invoked as the Functions host invokes it: with @azure/functions request objects.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import functions from '@azure/functions';
import { createTokenFunction } from '../../dist/server/azure-functions.js';
import { identityService, ORIGIN } from './harness.mjs';

const { HttpRequest, InvocationContext } = functions; // a CommonJS package

describe('createTokenFunction', () => {
  const identity = identityService();
  const invoke = (handler, { method = 'POST', headers = {}, body } = {}) =>
    handler(
      new HttpRequest({
        method,
        url: 'https://contoso-calls.azurewebsites.net/api/acs-token',
        headers: { origin: ORIGIN, ...headers },
        body: body === undefined ? undefined : { string: body },
      }),
      new InvocationContext({ functionName: 'acsToken' }),
    );

  it('issues a token and refreshes it through the session', async () => {
    const handler = createTokenFunction(identity.options());
    const first = await invoke(handler, { headers: { 'x-forwarded-for': '198.51.100.7:51234' } });
    assert.equal(first.status, 200);
    assert.equal(first.headers['Access-Control-Allow-Origin'], ORIGIN);
    assert.equal(first.headers['Cache-Control'], 'no-store');
    assert.ok(first.jsonBody.token && first.jsonBody.session);
    const refresh = await invoke(handler, {
      headers: { 'x-forwarded-for': '198.51.100.7:51234', 'content-type': 'application/json' },
      body: JSON.stringify({ session: first.jsonBody.session }),
    });
    assert.equal(refresh.status, 200);
    const [created, reissued] = identity.standIn.issued.slice(-2);
    assert.equal(reissued.user, created.user);
  });

  it('limits by the address the Functions front end wrote, port and all', async () => {
    const handler = createTokenFunction(identity.options({ rateLimit: { requests: 2, windowSeconds: 60 } }));
    const statuses = [];
    for (const port of [1001, 1002, 1003]) {
      statuses.push((await invoke(handler, { headers: { 'x-forwarded-for': `198.51.100.8:${port}` } })).status);
    }
    assert.deepEqual(statuses, [200, 200, 429]);
    const other = await invoke(handler, { headers: { 'x-forwarded-for': '198.51.100.9:1001' } });
    assert.equal(other.status, 200);
  });

  it('answers the preflight, and refuses other origins and oversized bodies', async () => {
    const handler = createTokenFunction(identity.options());
    const preflight = await invoke(handler, {
      method: 'OPTIONS',
      headers: { 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers['Access-Control-Allow-Methods'], 'POST');
    assert.equal((await invoke(handler, { headers: { origin: 'https://evil.example' } })).status, 403);
    const big = await invoke(handler, { body: JSON.stringify({ padding: 'x'.repeat(9000) }) });
    assert.equal(big.status, 413);
  });
});

import { expect, oneEvent } from '@open-wc/testing';
import sinon from 'sinon';
import type { TeamsCallButton } from '../src/teams-call-button.js';
import { anySignal } from '../src/call/token.js';
import { makeJwt } from './support/fake-calling.js';
import { callButton, json, untilState, visibleText, waitFor, type ButtonOptions } from './support/harness.js';

/** An element whose token comes from `token-url`, with `fetch` answered by the test. */
async function tokenUrlButton(answer: (request: Request) => Response | Promise<Response>, options: ButtonOptions = {}) {
  const { el, sdk, fetch } = await callButton({ ...options, tokenUrl: answer });
  return { el, sdk, requests: fetch!.requests };
}

async function failureOf(el: TeamsCallButton) {
  const error = oneEvent(el, 'teams-call-error');
  void el.call();
  const { detail } = await error;
  await el.updateComplete;
  expect(el.state).to.equal('failed');
  expect(visibleText(el, 'message')).to.equal(detail.message);
  return detail;
}

describe('anySignal', () => {
  it('combines signals where AbortSignal.any is missing (Safari before 17.4, Firefox before 124)', () => {
    const any = AbortSignal.any;
    try {
      (AbortSignal as { any?: unknown }).any = undefined;
      const [a, b] = [new AbortController(), new AbortController()];
      const combined = anySignal([a.signal, b.signal]);
      expect(combined.aborted).to.be.false;
      b.abort('timeout');
      expect(combined.aborted).to.be.true;
      expect(combined.reason).to.equal('timeout');
      const early = new AbortController();
      early.abort('gone');
      expect(anySignal([new AbortController().signal, early.signal]).reason).to.equal('gone');
    } finally {
      AbortSignal.any = any;
    }
  });
});

describe('getting a token', () => {
  afterEach(() => sinon.restore());

  it('POSTs to token-url for JSON, with the page credentials, and hands the token to the SDK', async () => {
    const token = makeJwt();
    const { el, sdk, requests } = await tokenUrlButton(() =>
      json({ token, expiresOn: new Date(Date.now() + 3600_000).toISOString() }),
    );
    const next = sdk.nextCall();
    await el.call();
    await next;
    expect(requests).to.have.length(1);
    expect(requests[0].method).to.equal('POST');
    expect(new URL(requests[0].url).pathname).to.equal('/api/acs-token');
    expect(requests[0].credentials).to.equal('same-origin');
    expect(requests[0].headers.get('Accept')).to.equal('application/json');
    expect(await requests[0].text(), 'a first request sends no body').to.equal('');
    expect(sdk.agents[0].options.credential!.token.token).to.equal(token);
  });

  it('shows the Teams user the name the token provider vouches for, not the page’s (a signed-in employee)', async () => {
    const { el, sdk } = await tokenUrlButton(() => json({ token: makeJwt(), displayName: 'Anna Employee' }), {
      attributes: { 'display-name': 'Website visitor' },
    });
    const next = sdk.nextCall();
    await el.call();
    await next;
    expect(sdk.agents[0].options.displayName).to.equal('Anna Employee');
  });

  it('merges tokenRequestInit into the request', async () => {
    const { el, sdk, requests } = await tokenUrlButton(() => json({ token: makeJwt() }));
    el.tokenRequestInit = { headers: { Authorization: 'Bearer site-session' }, credentials: 'include' };
    const next = sdk.nextCall();
    await el.call();
    await next;
    expect(requests[0].headers.get('Authorization')).to.equal('Bearer site-session');
    expect(requests[0].headers.get('Accept')).to.equal('application/json');
    expect(requests[0].credentials).to.equal('include');
  });

  it('asks the same URL again when the SDK refreshes the token', async () => {
    let issued = 0;
    const tokens = [makeJwt(), makeJwt(7200)];
    const { el, sdk, requests } = await tokenUrlButton(() => json({ token: tokens[issued++] }));
    const next = sdk.nextCall();
    await el.call();
    await next;
    const refreshed = await sdk.agents[0].options.credential!.refresh();
    expect(refreshed.token).to.equal(tokens[1]);
    expect(requests).to.have.length(2);
    expect(await requests[1].text(), 'no session to send back').to.equal('');
  });

  it('sends the session back on every refresh, so that each token is for the same user', async () => {
    const sessions = ['first-session', 'first-session', 'renewed-session'];
    let issued = 0;
    const { el, sdk, requests } = await tokenUrlButton(() => json({ token: makeJwt(), session: sessions[issued++] }));
    const next = sdk.nextCall();
    await el.call();
    await next;
    const credential = sdk.agents[0].options.credential!;
    await credential.refresh();
    await credential.refresh();
    await credential.refresh();
    const bodies = await Promise.all(requests.map((request) => request.text()));
    expect(bodies).to.deep.equal([
      '',
      '{"session":"first-session"}',
      '{"session":"first-session"}',
      '{"session":"renewed-session"}',
    ]);
    expect(requests[1].headers.get('Content-Type')).to.equal('application/json');
    expect(JSON.stringify(credential.token), 'the session stays out of what the SDK holds').not.to.contain('session');
  });

  it('tells the visitor to call again when the provider refuses the session', async () => {
    let answers = 0;
    const { el, sdk } = await tokenUrlButton(() =>
      answers++ === 0 ? json({ token: makeJwt(), session: 's' }) : json({ error: 'no' }, { status: 401 }),
    );
    const next = sdk.nextCall();
    await el.call();
    await next;
    const error = await sdk.agents[0].options.credential!.refresh().catch((e: Error) => e);
    expect(String(error)).to.contain('Your call session could not be renewed');
  });

  it('passes the session to a tokenProvider on refresh', async () => {
    const requests: { session?: string }[] = [];
    const { el, sdk } = await tokenUrlButton(() => json({}));
    el.tokenProvider = async (_signal, request) => {
      requests.push(request);
      return { token: makeJwt(), session: 'signed-user' };
    };
    const next = sdk.nextCall();
    await el.call();
    await next;
    await sdk.agents[0].options.credential!.refresh();
    expect(requests).to.deep.equal([{ session: undefined }, { session: 'signed-user' }]);
  });

  it('reads expiresOn on the provider’s clock: a visitor clock an hour fast still calls, and the SDK refreshes on time', async () => {
    const clock = sinon.useFakeTimers({ now: Date.now() + 3_600_000, toFake: ['Date'] });
    const serverNow = Date.now() - 3_600_000;
    const expiresOn = new Date(serverNow + 3_600_000);
    const { el, sdk } = await tokenUrlButton(
      () =>
        new Response(
          JSON.stringify({ token: makeJwt(0) /* expired on the visitor clock */, expiresOn: expiresOn.toISOString() }),
          {
            headers: { 'Content-Type': 'application/json', Date: new Date(serverNow).toUTCString() },
          },
        ),
    );
    const next = sdk.nextCall();
    await el.call();
    await next;
    const { expiresOnTimestamp } = sdk.agents[0].options.credential!.token;
    // An hour of life on the visitor's clock too, to the second the Date header allows.
    expect(expiresOnTimestamp - Date.now()).to.be.within(3_598_000, 3_601_000);
    clock.restore();
  });

  it('gives up at token-timeout even when a page’s fetch wrapper ignores the abort signal', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { el } = await tokenUrlButton(() => new Promise<Response>(() => undefined), { fetchIgnoresAbort: true });
    el.setAttribute('token-timeout', '2');
    await el.updateComplete;
    const error = oneEvent(el, 'teams-call-error');
    void el.call();
    await untilState(el, 'preparing');
    await clock.tickAsync(2000);
    expect((await error).detail.message).to.equal(
      "The token service didn't answer within 2 seconds. Please try again.",
    );
  });

  it('refuses an unusable token-timeout before any request', async () => {
    for (const value of ['Infinity', '3000000', '0.5', 'soon']) {
      const { el, requests } = await tokenUrlButton(() => json({ token: makeJwt() }));
      el.setAttribute('token-timeout', value);
      await el.updateComplete;
      const detail = await failureOf(el);
      expect(detail.code).to.equal('invalid-config');
      expect(detail.message).to.contain('is not a usable token-timeout');
      expect(requests).to.have.length(0);
      sinon.restore();
    }
  });

  it('reports a refresh that fails to the SDK, which ends the call as expired', async () => {
    let answers = 0;
    const { el, sdk } = await tokenUrlButton(() =>
      answers++ === 0 ? json({ token: makeJwt() }) : json({ error: 'nope' }, { status: 401 }),
    );
    const next = sdk.nextCall();
    await el.call();
    const call = await next;
    call.setState('Connected');
    let refreshError: unknown;
    await sdk.agents[0].options.credential!.refresh().catch((error: unknown) => (refreshError = error));
    expect(String(refreshError)).to.contain('The token service answered 401');
    expect(el.state, 'the call goes on while the token is valid').to.equal('connected');
    const ended = oneEvent(el, 'teams-call-ended');
    call.end(401, 10009);
    expect((await ended).detail).to.include({
      reason: 'session-expired',
      message: 'Your session expired. Please try again.',
    });
  });

  const failures: [string, () => Response | Promise<Response>, string, RegExp][] = [
    [
      'a 500 answer',
      () => new Response('boom', { status: 500, statusText: 'Internal Server Error' }),
      'token-request-failed',
      /answered 500 \(Internal Server Error\)/,
    ],
    ['a 401 answer', () => new Response('', { status: 401 }), 'token-request-failed', /answered 401/],
    [
      'a 429 answer',
      () => new Response('', { status: 429, headers: { 'Retry-After': '30' } }),
      'token-request-failed',
      /try again in 30 seconds/,
    ],
    [
      'an unreachable service',
      () => Promise.reject(new TypeError('Failed to fetch')),
      'token-request-failed',
      /Couldn't reach the token service/,
    ],
    [
      'an HTML page',
      () => new Response('<!doctype html><p>Not found</p>', { status: 200 }),
      'token-request-failed',
      /not JSON: check token-url/,
    ],
    ['JSON without a token', () => json({ accessToken: makeJwt() }), 'token-invalid', /has no token/],
    ['a token that is not a JWT', () => json({ token: 'not-a-jwt' }), 'token-invalid', /not an access token/],
    ['an expired token', () => json({ token: makeJwt(-60) }), 'token-invalid', /expired access token/],
  ];
  for (const [what, answer, code, message] of failures) {
    it(`fails clearly on ${what}, before loading an agent`, async () => {
      const { el, sdk } = await tokenUrlButton(answer);
      const detail = await failureOf(el);
      expect(detail.code).to.equal(code);
      expect(detail.message).to.match(message);
      expect(sdk.agents).to.have.length(0);
    });
  }

  it('gives up on a token service slower than token-timeout', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let signal: AbortSignal | null = null;
    const { el } = await tokenUrlButton(
      (request) =>
        new Promise((_, reject) => {
          signal = request.signal;
          request.signal.addEventListener('abort', () => reject(request.signal.reason));
        }),
    );
    el.setAttribute('token-timeout', '3');
    await el.updateComplete;
    const error = oneEvent(el, 'teams-call-error');
    void el.call();
    await untilState(el, 'preparing');
    await clock.tickAsync(3000);
    const { detail } = await error;
    expect(detail).to.deep.equal({
      code: 'token-request-failed',
      message: "The token service didn't answer within 3 seconds. Please try again.",
    });
    expect(signal!.aborted, 'the request is cancelled').to.be.true;
  });

  it('prefers tokenProvider over token-url, and accepts { token, expiresOn } from it', async () => {
    const token = makeJwt();
    const { el, sdk, requests } = await tokenUrlButton(() => json({ token: makeJwt() }));
    el.tokenProvider = async () => ({ token, expiresOn: new Date(Date.now() + 3600_000) });
    const next = sdk.nextCall();
    await el.call();
    await next;
    expect(requests).to.have.length(0);
    expect(sdk.agents[0].options.credential!.token.token).to.equal(token);
  });

  it("reports a tokenProvider's own failure", async () => {
    const { el } = await tokenUrlButton(() => json({}));
    el.tokenProvider = async () => {
      throw new Error('Please sign in first.');
    };
    const detail = await failureOf(el);
    expect(detail).to.deep.equal({
      code: 'token-request-failed',
      message: "Couldn't get an access token: Please sign in first.",
    });
  });

  it('never shows the token in an error message', async () => {
    const expired = makeJwt(-60);
    const { el } = await tokenUrlButton(() => json({ token: expired }));
    const detail = await failureOf(el);
    expect(detail.message).to.not.contain(expired);
    expect(el.shadowRoot!.innerHTML).to.not.contain(expired.split('.')[1]);
  });
});

describe("the page's part in the first token request", () => {
  afterEach(() => sinon.restore());

  it('lets the page add headers and body fields, once its own check is done; a refresh sends only the session', async () => {
    const { el, sdk, requests } = await tokenUrlButton(() => json({ token: makeJwt(), session: 'signed-user' }));
    const seen: { ahead: boolean }[] = [];
    el.addEventListener('teams-call-token-request', (event) => {
      seen.push({ ahead: event.detail.ahead });
      event.detail.headers.set('X-Site-Check', 'passed');
      event.detail.waitUntil(
        new Promise((resolve) => setTimeout(resolve, 30)).then(() => {
          event.detail.body['cf-turnstile-response'] = 'solved-challenge';
        }),
      );
    });
    const next = sdk.nextCall();
    await el.call();
    await next;
    expect(seen).to.deep.equal([{ ahead: false }]);
    expect(requests[0].headers.get('X-Site-Check')).to.equal('passed');
    expect(requests[0].headers.get('Content-Type')).to.equal('application/json');
    expect(await requests[0].json()).to.deep.equal({ 'cf-turnstile-response': 'solved-challenge' });

    await sdk.agents[0].options.credential!.refresh();
    expect(seen, 'no event for a refresh').to.have.length(1);
    expect(await requests[1].json()).to.deep.equal({ session: 'signed-user' });
  });

  it('says when the request is made ahead of the click, and a page that cancels that one is asked again at the click', async () => {
    const { el, sdk, requests } = await tokenUrlButton(() => json({ token: makeJwt() }));
    const seen: boolean[] = [];
    el.addEventListener('teams-call-token-request', (event) => {
      seen.push(event.detail.ahead);
      if (event.detail.ahead) event.preventDefault(); // no challenge on a mere hover
    });
    const errors: unknown[] = [];
    el.addEventListener('teams-call-error', (event) => errors.push(event.detail));
    el.dispatchEvent(new PointerEvent('pointerenter'));
    await waitFor(() => seen.length === 1, 'the hover’s request shown to the page');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(requests, 'nothing sent for the cancelled request').to.have.length(0);
    expect(errors, 'a hover the page declines is no error').to.deep.equal([]);
    expect(el.state).to.equal('idle');

    const next = sdk.nextCall();
    await el.call();
    await next;
    expect(seen).to.deep.equal([true, false]);
    expect(requests).to.have.length(1);
  });

  it('stops the call with a message when the page cancels the click’s request, and sends nothing', async () => {
    const { el, requests } = await tokenUrlButton(() => json({ token: makeJwt() }));
    el.addEventListener('teams-call-token-request', (event) => event.preventDefault());
    const detail = await failureOf(el);
    expect(detail.code).to.equal('token-request-failed');
    expect(detail.message).to.equal('This page stopped the call before it started.');
    expect(requests).to.have.length(0);
  });

  it('stops the call with the page’s reason when what it waited for fails', async () => {
    const { el, requests } = await tokenUrlButton(() => json({ token: makeJwt() }));
    el.addEventListener('teams-call-token-request', (event) =>
      event.detail.waitUntil(Promise.reject(new Error('the bot check could not load'))),
    );
    const detail = await failureOf(el);
    expect(detail.message).to.equal("This page couldn't prepare the call: the bot check could not load");
    expect(requests).to.have.length(0);
  });

  it('refuses waitUntil after the event, so that nothing is added to a request already sent', async () => {
    const { el, sdk } = await tokenUrlButton(() => json({ token: makeJwt() }));
    let late: (() => void) | undefined;
    el.addEventListener('teams-call-token-request', (event) => {
      late = () => event.detail.waitUntil(Promise.resolve());
    });
    const next = sdk.nextCall();
    await el.call();
    await next;
    expect(late).to.throw('waitUntil() must be called while teams-call-token-request is dispatched.');
  });

  it('tells the visitor when the token server’s visitor check refused them', async () => {
    const { el } = await tokenUrlButton(() =>
      json(
        { error: 'The visitor check failed: the challenge was solved on another site.', code: 'visitor-check-failed' },
        { status: 403 },
      ),
    );
    const detail = await failureOf(el);
    expect(detail.code).to.equal('token-request-failed');
    expect(detail.message).to.equal("This site couldn't confirm that a person is calling. Please try again.");
  });
});

/**
 * The fault matrix: one row per fault. For each: the final state, what the visitor reads, what the host receives,
 * that nothing is left behind (calls, agents, listeners, watchers, timers, requests), that a second try works,
 * and that removing the element then releases everything.
 */
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import '../src/define.js';
import { activeCall } from '../src/active-call.js';
import { HANG_UP_WAIT_MS, TRANSFER_WAIT_MS } from '../src/call/controller.js';
import { LOAD_TIMEOUT_MS } from '../src/deadline.js';
import type { CallState } from '../src/call-states.js';
import type { TeamsCallButton } from '../src/teams-call-button.js';
import { makeJwt, type FakeCall } from './support/fake-calling.js';
import {
  callButton,
  EXPERT_ID,
  fakeClock,
  json,
  part,
  recordEvents,
  shadow,
  untilState,
  visibleText,
  type Recorded,
} from './support/harness.js';

/** An element with `token-url`, a scripted SDK, fake timers, and a record of every token request and listener. */
async function harness() {
  const clock = fakeClock();
  const windowListeners = countListeners(window, 'pagehide');
  const pageListeners = countSubscriptions();
  const setup = await callButton({ tokenUrl: () => json({ token: makeJwt() }) });
  const fetch = setup.fetch!;
  return {
    ...setup,
    clock,
    events: recordEvents(setup.el),
    requests: fetch.requests,
    windowListeners,
    pageListeners,
    answerToken: (next: () => Response | Promise<Response>) => fetch.answerWith(next),
    pendingRequests: fetch.pending,
  };
}
type Harness = Awaited<ReturnType<typeof harness>>;

/** Counts listeners of one type added to and removed from a target (net). */
function countListeners(target: EventTarget, type: string) {
  const counts = { added: 0, removed: 0 };
  const add = target.addEventListener.bind(target);
  const remove = target.removeEventListener.bind(target);
  sinon.stub(target, 'addEventListener').callsFake((t: string, listener, options) => {
    if (t === type) counts.added++;
    add(t, listener, options);
  });
  sinon.stub(target, 'removeEventListener').callsFake((t: string, listener, options) => {
    if (t === type) counts.removed++;
    remove(t, listener, options);
  });
  return { live: () => counts.added - counts.removed };
}

/** Counts the elements' subscriptions to the page's one-call-at-a-time registry (net). */
function countSubscriptions() {
  let live = 0;
  const subscribe = activeCall.subscribe.bind(activeCall);
  sinon.stub(activeCall, 'subscribe').callsFake((listener) => {
    live++;
    const unsubscribe = subscribe(listener);
    return () => {
      live--;
      return unsubscribe();
    };
  });
  return { live: () => live };
}

async function placeCall(h: Harness): Promise<FakeCall> {
  const next = h.sdk.nextCall();
  part(h.el, 'button')!.click();
  const call = await next;
  await h.el.updateComplete;
  return call;
}

async function answer(h: Harness): Promise<FakeCall> {
  const call = await placeCall(h);
  call.setState('Ringing');
  call.setState('Connected');
  await untilState(h.el, 'connected');
  return call;
}

/** What the visitor sees: the message under the button, or the panel's status. */
const readable = (el: TeamsCallButton) => visibleText(el, 'message') || visibleText(el, 'status');

function terminalEvents(events: Recorded[]) {
  return events.filter((e) => e.type === 'teams-call-ended' || e.type === 'teams-call-error');
}

/** Nothing of the attempt is left: calls, listeners, watchers, token requests; timers but the agent's idle release. */
/**
 * Lets downloads and requests already in flight finish (they run on the network, not on the fake clock): each holds a
 * deadline timer until it does. Bounded: a real leak still shows below.
 */
async function inFlightSettled(h: Harness, timersExpected: number) {
  for (let frame = 0; frame < 30 && (h.pendingRequests() > 0 || h.clock.countTimers() > timersExpected); frame++) {
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

async function expectAttemptReleased(h: Harness) {
  await inFlightSettled(h, h.sdk.liveAgents.length);
  for (const call of h.sdk.calls) {
    expect(call.live, 'no live call').to.be.false;
    expect(call.listeners.size, 'no call listener').to.equal(0);
    expect(call.statsWatchers.size, 'no stats watcher').to.equal(0);
  }
  expect(h.sdk.deviceWatchers.size, 'no device watcher').to.equal(0);
  expect(h.pendingRequests(), 'no pending token request').to.equal(0);
  expect(activeCall.held, 'the page is free for another call').to.be.false;
  const agentKept = h.sdk.liveAgents.length;
  expect(agentKept, 'at most the page agent, kept for the next call').to.be.at.most(1);
  expect(h.clock.countTimers(), 'no timer but the idle agent release').to.equal(agentKept);
}

/** Removing the element releases the SDK session, every timer and every listener it added. */
async function expectAllReleasedOnRemoval(h: Harness) {
  h.el.remove();
  await h.clock.tickAsync(0);
  expect(h.sdk.liveAgents, 'no agent').to.have.length(0);
  if (h.loader.loads > 0) expect(h.sdk.disposed, 'SDK client disposed').to.be.true;
  expect(h.clock.countTimers(), 'no timer').to.equal(0);
  expect(h.windowListeners.live(), 'no window listener').to.equal(0);
  expect(h.pageListeners.live(), 'no page listener').to.equal(0);
}

interface Row {
  fault: string;
  /** Produces the fault; ends when the element has settled. */
  act: (h: Harness) => Promise<unknown>;
  state: CallState;
  reads: RegExp;
  event: { type: 'teams-call-ended' | 'teams-call-error'; detail: Record<string, unknown> };
  /** Removes the fault before the second try. */
  heal?: (h: Harness) => void;
}

const failToken = (respond: () => Response | Promise<Response>, code: string, reads: RegExp): Omit<Row, 'fault'> => ({
  act: async (h) => {
    h.answerToken(respond);
    part(h.el, 'button')!.click();
    await untilState(h.el, 'failed');
  },
  state: 'failed',
  reads,
  event: { type: 'teams-call-error', detail: { code } },
  heal: (h) => h.answerToken(() => json({ token: makeJwt() })),
});

const endWith = (
  code: number,
  subCode: number,
  reason: string,
  reads: RegExp,
  answered = true,
): Omit<Row, 'fault'> => ({
  act: async (h) => {
    const call = answered ? await answer(h) : await placeCall(h);
    call.end(code, subCode);
    await untilState(h.el, 'ended');
  },
  state: 'ended',
  reads,
  event: { type: 'teams-call-ended', detail: { reason, code, subCode } },
});

const rows: Row[] = [
  {
    fault: 'token endpoint unreachable',
    ...failToken(
      () => Promise.reject(new TypeError('Failed to fetch')),
      'token-request-failed',
      /Couldn't reach the token service/,
    ),
  },
  {
    fault: 'token endpoint answers 401',
    ...failToken(() => new Response('', { status: 401 }), 'token-request-failed', /answered 401/),
  },
  {
    fault: 'token endpoint answers 403',
    ...failToken(() => new Response('', { status: 403 }), 'token-request-failed', /answered 403/),
  },
  {
    fault: 'token endpoint answers 429 with Retry-After',
    ...failToken(
      () => new Response('', { status: 429, headers: { 'Retry-After': '20' } }),
      'token-request-failed',
      /try again in 20 seconds/,
    ),
  },
  {
    fault: 'token endpoint answers 500',
    ...failToken(() => new Response('', { status: 500 }), 'token-request-failed', /answered 500/),
  },
  {
    fault: 'token endpoint answers HTML',
    ...failToken(() => new Response('<html></html>'), 'token-request-failed', /not JSON/),
  },
  { fault: 'JSON without a token', ...failToken(() => json({ jwt: makeJwt() }), 'token-invalid', /has no token/) },
  { fault: 'a malformed JWT', ...failToken(() => json({ token: 'abc.def' }), 'token-invalid', /not an access token/) },
  {
    fault: 'an expired token',
    ...failToken(() => json({ token: makeJwt(-5) }), 'token-invalid', /expired access token/),
  },
  {
    fault: 'token endpoint slower than the time-out',
    act: async (h) => {
      h.answerToken(() => new Promise(() => {}));
      part(h.el, 'button')!.click();
      await untilState(h.el, 'preparing');
      await h.clock.tickAsync(10_000);
      await untilState(h.el, 'failed');
    },
    state: 'failed',
    reads: /didn't answer within 10 seconds/,
    event: { type: 'teams-call-error', detail: { code: 'token-request-failed' } },
    heal: (h) => h.answerToken(() => json({ token: makeJwt() })),
  },
  {
    fault: 'token refresh failing mid-call',
    act: async (h) => {
      const call = await answer(h);
      h.answerToken(() => new Response('', { status: 500 }));
      await h.sdk.agents[0].options.credential!.refresh().catch(() => undefined);
      expect(h.el.state, 'the call goes on while the token is valid').to.equal('connected');
      call.end(401, 10009);
      await untilState(h.el, 'ended');
    },
    state: 'ended',
    reads: /Your session expired/,
    event: { type: 'teams-call-ended', detail: { reason: 'session-expired' } },
    heal: (h) => h.answerToken(() => json({ token: makeJwt() })),
  },
  {
    fault: 'the SDK failing to download',
    act: async (h) => {
      h.loader.failNext = new TypeError('Failed to fetch dynamically imported module');
      part(h.el, 'button')!.click();
      await untilState(h.el, 'failed');
    },
    state: 'failed',
    reads: /calling service couldn't be loaded/,
    event: { type: 'teams-call-error', detail: { code: 'sdk-load-failed' } },
  },
  {
    fault: 'microphone denied',
    act: async (h) => {
      h.sdk.microphone = 'denied';
      part(h.el, 'button')!.click();
      await untilState(h.el, 'failed');
    },
    state: 'failed',
    reads: /Microphone access is blocked/,
    event: { type: 'teams-call-error', detail: { code: 'microphone-denied' } },
    heal: (h) => (h.sdk.microphone = 'granted'),
  },
  {
    fault: 'no microphone',
    act: async (h) => {
      h.sdk.microphone = 'missing';
      part(h.el, 'button')!.click();
      await untilState(h.el, 'failed');
    },
    state: 'failed',
    reads: /No microphone was found/,
    event: { type: 'teams-call-error', detail: { code: 'no-microphone' } },
    heal: (h) => (h.sdk.microphone = 'granted'),
  },
  {
    fault: 'agent creation rejecting',
    act: async (h) => {
      h.sdk.agentError = Object.assign(new Error('Invalid token'), { code: 401, subCode: 44001 });
      part(h.el, 'button')!.click();
      await untilState(h.el, 'failed');
    },
    state: 'failed',
    reads: /Couldn't connect to the calling service \(401\/44001/,
    event: { type: 'teams-call-error', detail: { code: 'agent-failed' } },
    heal: (h) => (h.sdk.agentError = undefined),
  },
  {
    fault: 'startCall throwing',
    act: async (h) => {
      h.sdk.startCallError = Object.assign(new Error('Bad participant'), { code: 400, subCode: 40001 });
      part(h.el, 'button')!.click();
      await untilState(h.el, 'failed');
    },
    state: 'failed',
    reads: /The call couldn't be started \(400\/40001/,
    event: { type: 'teams-call-error', detail: { code: 'call-failed' } },
    heal: (h) => (h.sdk.startCallError = undefined),
  },
  {
    fault: 'a token without the voip scope',
    act: async (h) => {
      h.sdk.agentError = Object.assign(new Error("AccessToken does not contain 'voip' scope"), {
        code: 401,
        subCode: 44113,
      });
      part(h.el, 'button')!.click();
      await untilState(h.el, 'failed');
    },
    state: 'failed',
    reads: /token that can't place calls/,
    event: { type: 'teams-call-error', detail: { code: 'token-invalid' } },
    heal: (h) => (h.sdk.agentError = undefined),
  },
  {
    fault: 'the agent cannot reach the service',
    act: async (h) => {
      h.sdk.agentError = Object.assign(new Error('Failed to create CallAgent'), { code: 408, subCode: 40101 });
      part(h.el, 'button')!.click();
      await untilState(h.el, 'failed');
    },
    state: 'failed',
    reads: /^Couldn't reach the calling service\. Check your connection/,
    event: { type: 'teams-call-error', detail: { code: 'agent-failed' } },
    heal: (h) => (h.sdk.agentError = undefined),
  },
  {
    fault: 'stats-interval under a second',
    act: async (h) => {
      h.el.setAttribute('stats-interval', '0.5');
      part(h.el, 'button')!.click();
      await untilState(h.el, 'failed');
      expect(h.requests, 'refused before any request').to.have.length(0);
    },
    state: 'failed',
    reads: /is not a usable stats-interval/,
    event: { type: 'teams-call-error', detail: { code: 'invalid-config' } },
    heal: (h) => h.el.removeAttribute('stats-interval'),
  },
  {
    fault: 'a transfer completed but no new call handed over',
    act: async (h) => {
      const call = await answer(h);
      call.end(0, 7015);
      await h.el.updateComplete;
      expect(visibleText(h.el, 'status'), 'waits for the new call').to.equal('Transferring your call…');
      await h.clock.tickAsync(TRANSFER_WAIT_MS);
      await untilState(h.el, 'ended');
    },
    state: 'ended',
    reads: /The call was ended/,
    event: { type: 'teams-call-ended', detail: { reason: 'remote-ended', code: 0, subCode: 0 } },
  },
  {
    fault: 'a hang-up the SDK never confirms',
    act: async (h) => {
      const call = await answer(h);
      call.hangUp = () => new Promise(() => undefined);
      void h.el.hangUp();
      await h.clock.tickAsync(HANG_UP_WAIT_MS);
      await untilState(h.el, 'ended');
    },
    state: 'ended',
    reads: /^Call ended\.$/,
    event: { type: 'teams-call-ended', detail: { reason: 'hung-up' } },
  },
  {
    fault: 'the SDK download stalls',
    act: async (h) => {
      h.loader.stallNext = true;
      part(h.el, 'button')!.click();
      await untilState(h.el, 'preparing');
      await inFlightSettled(h, 1); // the token arrives; only the SDK's deadline is left
      await h.clock.tickAsync(LOAD_TIMEOUT_MS);
      await untilState(h.el, 'failed');
    },
    state: 'failed',
    reads: /calling service couldn't be loaded/,
    event: { type: 'teams-call-error', detail: { code: 'sdk-load-failed' } },
  },
  { fault: 'ended by the Teams user', ...endWith(0, 0, 'remote-ended', /The call was ended/) },
  { fault: 'declined', ...endWith(603, 0, 'declined', /can't take your call/, false) },
  { fault: 'not answered', ...endWith(487, 10004, 'no-answer', /didn't answer/, false) },
  { fault: 'callee unavailable', ...endWith(480, 10037, 'unavailable', /not available right now/, false) },
  {
    fault: 'tenant does not allow the call',
    ...endWith(403, 10124, 'not-allowed', /can't be reached from this website/, false),
  },
  {
    fault: 'private calling disabled by Teams policy',
    ...endWith(480, 10199, 'not-allowed', /can't be reached from this website/, false),
  },
  { fault: 'wrong Teams ID or cloud', ...endWith(404, 10119, 'invalid-target', /Teams ID was not found/, false) },
  { fault: 'setup timed out', ...endWith(408, 10056, 'network', /Couldn't connect/, false) },
  { fault: 'the callee failed to set up', ...endWith(408, 10057, 'unavailable', /couldn't be reached/, false) },
  { fault: 'a firewall blocks media', ...endWith(410, 3112, 'network', /firewall/, false) },
  { fault: 'session expired', ...endWith(495, 4507, 'session-expired', /session expired/) },
  { fault: 'an unknown end code', ...endWith(500, 4242, 'unknown', /unexpectedly \(code 500\/4242\)/) },
  {
    fault: 'network lost, then recovered',
    act: async (h) => {
      const call = await answer(h);
      call.emit({ type: 'diagnostic', name: 'networkReconnect', value: 2 });
      await h.el.updateComplete;
      expect(visibleText(h.el, 'hint')).to.equal('Reconnecting…');
      call.emit({ type: 'diagnostic', name: 'networkReconnect', value: 1 });
      await h.el.updateComplete;
      expect(visibleText(h.el, 'hint')).to.equal('');
      expect(h.el.state).to.equal('connected');
      await h.el.hangUp();
      await untilState(h.el, 'ended');
    },
    state: 'ended',
    reads: /^Call ended\.$/,
    event: { type: 'teams-call-ended', detail: { reason: 'hung-up' } },
  },
  {
    fault: 'network lost for good',
    act: async (h) => {
      const call = await answer(h);
      call.emit({ type: 'diagnostic', name: 'networkReconnect', value: 3 });
      await h.el.updateComplete;
      expect(visibleText(h.el, 'hint')).to.equal('The connection was lost.');
      call.end(410, 3112);
      await untilState(h.el, 'ended');
    },
    state: 'ended',
    reads: /dropped because of a network problem/,
    event: { type: 'teams-call-ended', detail: { reason: 'network' } },
  },
  {
    fault: 'the element moved in the DOM mid-call',
    act: async (h) => {
      const call = await answer(h);
      const elsewhere = document.createElement('section');
      h.el.parentElement!.append(elsewhere);
      elsewhere.append(h.el);
      await h.clock.tickAsync(0);
      expect(call.hangUps, 'the call survives the move').to.equal(0);
      expect(h.el.state).to.equal('connected');
      await h.el.hangUp();
      await untilState(h.el, 'ended');
    },
    state: 'ended',
    reads: /^Call ended\.$/,
    event: { type: 'teams-call-ended', detail: { reason: 'hung-up' } },
  },
  {
    fault: 'pagehide mid-call',
    act: async (h) => {
      await answer(h);
      window.dispatchEvent(new PageTransitionEvent('pagehide'));
      await untilState(h.el, 'ended');
      await h.clock.tickAsync(0);
      expect(h.sdk.disposed, 'the SDK session is released').to.be.true;
    },
    state: 'ended',
    reads: /^Call ended\.$/,
    event: { type: 'teams-call-ended', detail: { reason: 'hung-up' } },
  },
  {
    fault: 'double and triple clicks',
    act: async (h) => {
      const next = h.sdk.nextCall();
      const button = part(h.el, 'button')!;
      button.click();
      button.click();
      button.click();
      void h.el.call();
      const call = await next;
      await h.clock.tickAsync(0);
      expect(h.sdk.calls, 'one call').to.have.length(1);
      call.end(603, 0);
      await untilState(h.el, 'ended');
    },
    state: 'ended',
    reads: /can't take your call/,
    event: { type: 'teams-call-ended', detail: { reason: 'declined' } },
  },
  {
    fault: 'hang up while preparing',
    act: async (h) => {
      h.answerToken(() => new Promise(() => {}));
      part(h.el, 'button')!.click();
      await untilState(h.el, 'preparing');
      await h.el.hangUp();
      await untilState(h.el, 'ended');
      expect(h.requests.at(-1)!.signal.aborted, 'the token request is cancelled').to.be.true;
    },
    state: 'ended',
    reads: /^Call cancelled\.$/,
    event: { type: 'teams-call-ended', detail: { reason: 'hung-up', code: 0 } },
    heal: (h) => h.answerToken(() => json({ token: makeJwt() })),
  },
  {
    fault: 'hang up while connecting',
    act: async (h) => {
      await placeCall(h);
      part(h.el, 'hang-up-button')!.click();
      await untilState(h.el, 'ended');
    },
    state: 'ended',
    reads: /^Call cancelled\.$/,
    event: { type: 'teams-call-ended', detail: { reason: 'hung-up', code: 487 } },
  },
  {
    fault: 'attributes changed mid-call',
    act: async (h) => {
      const call = await answer(h);
      h.el.calleeName = 'Someone else';
      h.el.teamsUserId = 'not-a-guid';
      h.el.tokenUrl = 'javascript:alert(1)';
      await h.el.updateComplete;
      expect(h.el.state, 'the call under way is untouched').to.equal('connected');
      expect(visibleText(h.el, 'status')).to.contain('Dr. Lee');
      call.end(0, 0);
      await untilState(h.el, 'ended');
    },
    state: 'ended',
    reads: /The call was ended/,
    event: { type: 'teams-call-ended', detail: { reason: 'remote-ended' } },
    heal: (h) => {
      h.el.teamsUserId = EXPERT_ID;
      h.el.tokenUrl = '/api/acs-token';
    },
  },
  {
    fault: 'disabled set mid-call',
    act: async (h) => {
      await answer(h);
      h.el.disabled = true;
      await h.el.updateComplete;
      expect(h.el.state).to.equal('connected');
      await h.el.hangUp();
      await untilState(h.el, 'ended');
      await h.el.call();
      expect(h.el.state, 'no new call while disabled').to.equal('ended');
    },
    state: 'ended',
    reads: /^Call ended\.$/,
    event: { type: 'teams-call-ended', detail: { reason: 'hung-up' } },
    heal: (h) => (h.el.disabled = false),
  },
];

describe('the fault matrix', () => {
  afterEach(() => sinon.restore());

  for (const row of rows) {
    it(row.fault, async () => {
      const h = await harness();
      await row.act(h);
      await h.clock.tickAsync(0);
      await h.el.updateComplete;

      expect(h.el.state).to.equal(row.state);
      expect(readable(h.el)).to.match(row.reads);
      const terminal = terminalEvents(h.events);
      expect(terminal, 'exactly one terminal event').to.have.length(1);
      expect(terminal[0].type).to.equal(row.event.type);
      expect(terminal[0].detail).to.include(row.event.detail);
      expect((terminal[0].detail as { message: string }).message).to.equal(readable(h.el));
      await expectAttemptReleased(h);

      row.heal?.(h);
      await h.el.updateComplete;
      const again = await answer(h);
      expect(h.el.state, 'a second try works').to.equal('connected');
      again.end(0, 0);
      await untilState(h.el, 'ended');
      await expectAttemptReleased(h);

      await expectAllReleasedOnRemoval(h);
    });
  }

  it('element removed mid-call', async () => {
    const h = await harness();
    const call = await answer(h);
    h.el.remove();
    await h.clock.tickAsync(0);
    expect(h.el.state).to.equal('ended');
    expect(terminalEvents(h.events)).to.have.length(1);
    expect(terminalEvents(h.events)[0].detail).to.include({ reason: 'hung-up' });
    expect(call.hangUps).to.equal(1);
    await expectAttemptReleased(h);
    await expectAllReleasedOnRemoval(h);
  });

  it('two buttons clicked in the same task', async () => {
    const h = await harness();
    const other = document.createElement('teams-call-button');
    Object.assign(other, { teamsUserId: EXPERT_ID, tokenUrl: '/api/acs-token', sdkLoader: h.loader });
    h.el.after(other);
    const otherEvents = recordEvents(other);
    const next = h.sdk.nextCall();
    part(h.el, 'button')!.click();
    part(other, 'button')?.click() ?? void other.call();
    const call = await next;
    await h.clock.tickAsync(0);
    expect(h.sdk.calls, 'one call on the page').to.have.length(1);
    expect(terminalEvents(otherEvents)).to.deep.equal([
      {
        type: 'teams-call-error',
        detail: { code: 'busy', message: 'Another call is in progress on this page. Hang it up first.' },
      },
    ]);
    call.end(0, 0);
    await untilState(h.el, 'ended');
    other.remove();
    await expectAttemptReleased(h);
    await expectAllReleasedOnRemoval(h);
    expect(shadow(other).textContent).to.not.contain('undefined');
  });
});

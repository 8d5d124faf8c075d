/**
 * Hostile pages and lying networks: a call moved into an iframe that is then removed, an adopting document, a removal
 * that page listeners must hear about, a hang-up the SDK never confirms, a stalled download, a page that wraps
 * dispatchEvent, hovering against a failing provider, raw exceptions, and properties set before the element upgrades.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import sinon from 'sinon';
import '../src/define.js';
import { HANG_UP_WAIT_MS } from '../src/call/controller.js';
import { LOAD_TIMEOUT_MS } from '../src/deadline.js';
import { TeamsCallButton } from '../src/teams-call-button.js';
import { fakeCalling, makeJwt } from './support/fake-calling.js';
import {
  answeredCall,
  callButton,
  EXPERT_ID,
  fakeClock,
  part,
  untilState,
  visibleText,
  waitFor,
} from './support/harness.js';

async function sameOriginFrame(): Promise<HTMLIFrameElement> {
  const frame = document.createElement('iframe');
  document.body.append(frame);
  await new Promise((resolve) => setTimeout(resolve));
  return frame;
}

describe('hostile pages', () => {
  afterEach(() => sinon.restore());

  it('ends a call whose element was moved into an iframe when the iframe goes away', async () => {
    const setup = await callButton();
    const call = await answeredCall(setup);
    const frame = await sameOriginFrame();
    frame.contentDocument!.body.append(setup.el);
    await new Promise((resolve) => setTimeout(resolve));
    expect(call.live, 'the move alone keeps the call').to.be.true;
    const ended = oneEvent(setup.el, 'teams-call-ended');
    frame.remove();
    expect((await ended).detail.reason).to.equal('hung-up');
    expect(call.live, 'no microphone left live').to.be.false;
  });

  it('keeps its styles when adopted into another document', async () => {
    const setup = await callButton();
    await answeredCall(setup);
    const frame = await sameOriginFrame();
    frame.contentDocument!.body.append(setup.el);
    await setup.el.updateComplete;
    const root = setup.el.shadowRoot!;
    expect(root.adoptedStyleSheets.length, 'the button’s and the panel’s sheets').to.equal(2);
    const hangUp = part(setup.el, 'hang-up-button')!;
    const style = frame.contentWindow!.getComputedStyle(hangUp);
    expect(style.backgroundColor, 'the hang-up button is styled').to.equal('rgb(196, 49, 75)');
    await setup.el.hangUp();
    frame.remove();
  });

  it('tells the page’s document listeners when a removal ends the call', async () => {
    const setup = await callButton();
    await answeredCall(setup);
    const heard: CustomEvent[] = [];
    const listen = (event: Event) => heard.push(event as CustomEvent);
    document.addEventListener('teams-call-ended', listen);
    try {
      setup.el.remove();
      await waitFor(() => heard.length > 0);
      expect(heard[0].detail).to.include({ reason: 'hung-up', removed: true });
    } finally {
      document.removeEventListener('teams-call-ended', listen);
    }
  });

  it('ends the call itself when the SDK never confirms a hang-up', async () => {
    const setup = await callButton();
    const call = await answeredCall(setup);
    const clock = fakeClock();
    call.hangUp = () => new Promise(() => undefined); // accepted, never confirmed
    void setup.el.hangUp();
    await setup.el.updateComplete;
    expect(setup.el.state).to.equal('ending');
    await clock.tickAsync(HANG_UP_WAIT_MS);
    await untilState(setup.el, 'ended');
    expect(setup.sdk.agents[0].disposed, 'the agent, and with it the call, is disposed').to.be.true;
    expect((part(setup.el, 'button') as HTMLButtonElement).disabled, 'the visitor can call again').to.be.false;
  });

  it('gives up on a stalled SDK download, tells the visitor, and downloads again on the next click', async () => {
    const { sdk, loader } = fakeCalling();
    let stall = true;
    const stalling = Object.assign(() => (stall ? new Promise<never>(() => undefined) : loader()), { calls: 0 });
    const el = await fixture<TeamsCallButton>(html`
      <teams-call-button teams-user-id=${EXPERT_ID} preload="none" .sdkLoader=${stalling} .tokenProvider=${async () => makeJwt()}></teams-call-button>
    `);
    const clock = fakeClock();
    const error = oneEvent(el, 'teams-call-error');
    void el.call();
    await clock.tickAsync(LOAD_TIMEOUT_MS);
    expect((await error).detail.code).to.equal('sdk-load-failed');
    await el.updateComplete;
    expect(visibleText(el, 'message')).to.contain("couldn't be loaded");
    clock.restore();
    stall = false;
    const next = sdk.nextCall();
    await el.call();
    await next;
    expect(loader.loads, 'a fresh download').to.equal(1);
  });

  it('shows the recording notice even when the page wraps dispatchEvent and drops its answer', async () => {
    const setup = await callButton();
    const call = await answeredCall(setup);
    const dispatch = setup.el.dispatchEvent.bind(setup.el);
    setup.el.dispatchEvent = (event: Event) => void dispatch(event) as unknown as boolean;
    call.setRecording(true);
    await setup.el.updateComplete;
    expect(visibleText(setup.el, 'notice')).to.equal('This call is being recorded.');
  });

  it('hovering against a failing provider asks once, then waits out its Retry-After', async () => {
    const clock = fakeClock();
    const { el, fetch } = await callButton({
      tokenUrl: () => new Response('', { status: 429, headers: { 'Retry-After': '30' } }),
    });
    for (let i = 0; i < 20; i++) {
      el.dispatchEvent(new PointerEvent('pointerenter'));
      await clock.tickAsync(240);
    }
    expect(fetch!.requests, 'one request for 20 hovers in 4.8 s').to.have.length(1);
    await clock.tickAsync(30_000);
    el.dispatchEvent(new PointerEvent('pointerenter'));
    await clock.tickAsync(10);
    expect(fetch!.requests, 'again once Retry-After has passed').to.have.length(2);
  });

  it('never shows a raw JavaScript exception to the visitor', async () => {
    const setup = await callButton();
    setup.sdk.agentError = new TypeError("Cannot read properties of undefined (reading 'startCall')");
    const error = oneEvent(setup.el, 'teams-call-error');
    part(setup.el, 'button')!.click();
    const { detail } = await error;
    expect(detail.message).to.equal("Couldn't connect to the calling service. Please try again.");
  });

  it('honours properties a framework set before the element upgraded', async () => {
    const { loader } = fakeCalling();
    const eager = document.createElement('late-call-button') as TeamsCallButton;
    Object.assign(eager, {
      preload: 'eager',
      sdkLoader: loader,
      teamsUserId: EXPERT_ID,
      tokenProvider: async () => makeJwt(),
    });
    const simulated = document.createElement('late-call-button') as TeamsCallButton;
    Object.assign(simulated, { simulate: true, calleeName: 'Dr. Lee' });
    document.body.append(eager, simulated);
    try {
      TeamsCallButton.define('late-call-button');
      await waitFor(() => loader.preloads === 1, 'preload="eager" fetched the SDK');
      await waitFor(() => part(simulated, 'badge') !== null);
      await waitFor(() => simulated.shadowRoot!.adoptedStyleSheets.length === 2, 'the badge is styled');
      expect(part(simulated, 'button')!.textContent!.trim()).to.equal('Call Dr. Lee');
    } finally {
      eager.remove();
      simulated.remove();
    }
  });
});

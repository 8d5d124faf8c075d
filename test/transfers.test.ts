/**
 * Calls that must not be lost: transfers followed in the same UI, a page's one agent kept under a live call, a quick
 * retry that waits for the last agent's disposal, and agents that lost their connection not reused.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import sinon from 'sinon';
import '../src/define.js';
import { activeCall } from '../src/active-call.js';
import type { TeamsCallButton } from '../src/teams-call-button.js';
import { fakeCalling, makeJwt } from './support/fake-calling.js';
import {
  answeredCall,
  callButton,
  clickToCall,
  EXPERT_ID,
  part,
  recordEvents,
  statesOf,
  untilState,
  visibleText,
  waitFor,
} from './support/harness.js';

describe('a transferred call', () => {
  it('is followed in the same panel: "Transferring…", the timer kept, mute carried, notices read again', async () => {
    const setup = await callButton();
    const call = await answeredCall(setup);
    call.setRecording(true);
    await setup.el.toggleMute();
    const events = recordEvents(setup.el);
    const connectedAt = part(setup.el, 'timer')!.textContent;

    const transfer = oneEvent(setup.el, 'teams-call-transfer');
    const next = setup.sdk.agents[0].transfer(call, 'teams-user');
    expect((await transfer).detail).to.deep.equal({ to: 'teams-user' });
    await setup.el.updateComplete;
    expect(setup.el.state).to.equal('connecting');
    expect(visibleText(setup.el, 'status')).to.equal('Transferring your call…');
    expect(part(setup.el, 'hang-up-button'), 'the visitor can still hang up').to.exist;
    expect(next.isMuted, 'the visitor stays muted').to.be.true;
    expect(visibleText(setup.el, 'notice'), 'the new call is not recorded').to.equal('');
    expect(activeCall.held, 'the page keeps its one call').to.be.true;
    expect(events.map((e) => e.type)).not.to.include('teams-call-ended');

    const connected = oneEvent(setup.el, 'teams-call-connected');
    next.setState('Ringing');
    next.setState('Connected');
    expect((await connected).detail).to.deep.equal({ answeredBy: 'teams-user', transferred: true });
    next.setRecording(true);
    await setup.el.updateComplete;
    expect(visibleText(setup.el, 'notice')).to.equal('This call is being recorded.');
    expect(part(setup.el, 'timer')!.textContent, 'the timer runs on').to.equal(connectedAt);

    const ended = oneEvent(setup.el, 'teams-call-ended');
    await setup.el.hangUp();
    expect((await ended).detail).to.include({ reason: 'hung-up', callId: next.id });
    expect(next.hangUps).to.equal(1);
    expect(
      setup.sdk.calls.every((c) => !c.live),
      'no call runs unseen',
    ).to.be.true;
    expect(statesOf(events)).to.deep.equal(['connecting', 'ringing', 'connected', 'ending', 'ended']);
  });

  it('tells an answer by a voice app from one by the person it hands the call to', async () => {
    const setup = await callButton();
    setup.el.teamsUserId = '';
    setup.el.teamsAppId = EXPERT_ID;
    const connected = oneEvent(setup.el, 'teams-call-connected');
    const call = await answeredCall(setup);
    expect((await connected).detail).to.deep.equal({ answeredBy: 'teams-app', transferred: false });
    const next = setup.sdk.agents[0].transfer(call, 'teams-user');
    const byPerson = oneEvent(setup.el, 'teams-call-connected');
    next.setState('Connected');
    expect((await byPerson).detail).to.deep.equal({ answeredBy: 'teams-user', transferred: true });
  });

  it('is followed when only the agent’s call list shows the new call', async () => {
    const setup = await callButton();
    const call = await answeredCall(setup);
    const transfer = oneEvent(setup.el, 'teams-call-transfer');
    const next = setup.sdk.agents[0].transfer(call, 'teams-user', { silently: true });
    expect((await transfer).detail).to.deep.equal({ to: 'unknown' });
    next.setState('Connected');
    await untilState(setup.el, 'connected');
    await setup.el.hangUp();
    await untilState(setup.el, 'ended');
    expect(next.live).to.be.false;
  });

  it('is followed when the old call ends with 0/7015 before the new one is handed over', async () => {
    const setup = await callButton();
    const call = await answeredCall(setup);
    call.end(0, 7015);
    await setup.el.updateComplete;
    expect(setup.el.state).to.equal('connecting');
    expect(visibleText(setup.el, 'status')).to.equal('Transferring your call…');
    const next = setup.sdk.agents[0].transfer(call, 'teams-user', { silently: true });
    next.setState('Connected');
    await untilState(setup.el, 'connected');
  });

  it('hangs up a call the agent holds when no attempt could show it', async () => {
    const setup = await callButton();
    const call = await answeredCall(setup);
    call.end(0, 0);
    await untilState(setup.el, 'ended');
    const stray = setup.sdk.agents[0].transfer(call, 'teams-user', { silently: true });
    expect(stray.live, 'no call runs without a UI').to.be.false;
  });
});

describe('the page’s one agent', () => {
  it('is never swapped under a call when another button with another display name is hovered and focused', async () => {
    const { sdk, loader } = fakeCalling();
    const provider = async () => makeJwt();
    const page = await fixture(html`<div>
      <teams-call-button teams-user-id=${EXPERT_ID} display-name="Visitor" .sdkLoader=${loader} .tokenProvider=${provider}></teams-call-button>
      <teams-call-button teams-user-id=${EXPERT_ID} display-name="Someone else" .sdkLoader=${loader}
        .tokenProvider=${async () => makeJwt()}></teams-call-button>
    </div>`);
    const [first, second] = [...page.querySelectorAll<TeamsCallButton>('teams-call-button')];
    const call = await clickToCall({ el: first, sdk } as never);
    call.setState('Connected');
    await untilState(first, 'connected');
    second.dispatchEvent(new PointerEvent('pointerenter'));
    second.dispatchEvent(new FocusEvent('focusin'));
    await second.prepare(true).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sdk.agents, 'no second agent').to.have.length(1);
    expect(sdk.agents[0].disposed, 'the call’s agent is kept').to.be.false;
    expect(call.live).to.be.true;
    // A failure on the other button says nothing against the live call's agent either.
    second.setAttribute('teams-user-id', 'not-a-guid');
    await second.call();
    expect(second.state).to.equal('failed');
    expect(sdk.agents[0].disposed).to.be.false;
    expect(first.state).to.equal('connected');
    await first.hangUp();
  });

  it('waits for the last agent’s disposal before a quick retry makes the next one', async () => {
    const setup = await callButton();
    setup.sdk.startCallError = Object.assign(new Error('Bad participant'), { code: 400, subCode: 40001 });
    let disposed!: () => void;
    setup.sdk.disposalDelay = new Promise<void>((resolve) => (disposed = resolve));
    part(setup.el, 'button')!.click();
    await untilState(setup.el, 'failed');
    setup.sdk.startCallError = undefined;
    const next = setup.sdk.nextCall();
    part(setup.el, 'button')!.click();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(setup.el.state, 'still preparing while the old agent is disposed').to.equal('preparing');
    disposed();
    await next;
    expect(setup.sdk.agents).to.have.length(2);
  });

  it('is dropped when it loses its connection while idle, so the next call makes a fresh one', async () => {
    const setup = await callButton();
    (await answeredCall(setup)).end(0, 0);
    await untilState(setup.el, 'ended');
    setup.sdk.agents[0].disconnect();
    await waitFor(() => setup.sdk.agents[0].disposed);
    await answeredCall(setup);
    expect(setup.sdk.agents).to.have.length(2);
  });

  it('carries its call on when it loses its connection mid-call, and is dropped once the call ends', async () => {
    const setup = await callButton();
    const call = await answeredCall(setup);
    setup.sdk.agents[0].disconnect();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(setup.sdk.agents[0].disposed, 'not disposed under the call').to.be.false;
    expect(call.live).to.be.true;
    call.end(0, 0);
    await waitFor(() => setup.sdk.agents[0].disposed);
  });
});

describe('screen sharing and video', () => {
  afterEach(() => sinon.restore());

  it('shows the Teams user’s shared screen on an audio-only call, and asks for no camera', async () => {
    const setup = await callButton();
    const call = await answeredCall(setup);
    expect(call.options, 'no remote camera on an audio call').to.deep.equal({ video: false });
    const screen = document.createElement('video');
    call.emit({ type: 'video', side: 'screen', view: screen });
    await setup.el.updateComplete;
    expect(part(setup.el, 'screen-share')!.querySelector('video')).to.equal(screen);
    expect(part(setup.el, 'screen-share')!.getAttribute('aria-label')).to.equal('The screen Dr. Lee shares');
    await expect(setup.el).to.be.accessible();
    call.emit({ type: 'video', side: 'screen', view: null });
    await setup.el.updateComplete;
    expect(part(setup.el, 'screen-share')).to.be.null;
    expect(setup.sdk.cameraAsked).to.be.false;
  });
});

import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import sinon from 'sinon';
import '../src/define.js';
import type { TeamsCallButton } from '../src/teams-call-button.js';
import { SIMULATION_TIMING } from '../src/backends/simulated-sdk.js';
import { fakeClock, part, recordEvents, statesOf, untilState, visibleText } from './support/harness.js';

describe('simulate: a scripted Teams callee for previews', () => {
  let clock: sinon.SinonFakeTimers;
  afterEach(() => sinon.restore());

  async function simulated(scenario: string | null) {
    const el = await fixture<TeamsCallButton>(html`
      <teams-call-button simulate=${scenario ?? ''} callee-name="Dr. Lee">Talk to an expert</teams-call-button>
    `);
    const fetchSpy = sinon.spy(window, 'fetch');
    const events = recordEvents(el);
    clock = fakeClock();
    await el.call();
    return { el, events, fetchSpy };
  }

  /** Plays the script up to the moment the expert answers. */
  async function untilAnswered(el: TeamsCallButton) {
    await clock.tickAsync(SIMULATION_TIMING.connecting + SIMULATION_TIMING.ringing + SIMULATION_TIMING.answer);
    await untilState(el, 'connected');
  }

  it('rings, answers, turns recording and transcription on, follows mute and hang up, and needs no token', async () => {
    const { el, events, fetchSpy } = await simulated('');
    expect(visibleText(el, 'badge')).to.equal('Simulation');
    await untilAnswered(el);
    expect(visibleText(el, 'status')).to.equal('On a call with Dr. Lee 00:00');
    expect(visibleText(el, 'badge'), 'the panel keeps the badge').to.equal('Simulation');

    await clock.tickAsync(SIMULATION_TIMING.recording);
    await el.updateComplete;
    expect(visibleText(el, 'notice')).to.equal('This call is being recorded.');
    await clock.tickAsync(SIMULATION_TIMING.transcription);
    await el.updateComplete;
    expect(visibleText(el, 'notice')).to.equal('This call is being recorded and transcribed.');
    expect(visibleText(el, 'timer')).to.equal('00:07');

    await el.toggleMute();
    expect(el.muted).to.be.true;
    part(el, 'hang-up-button')!.click();
    await clock.tickAsync(SIMULATION_TIMING.hangUp);
    await untilState(el, 'ended');

    expect(statesOf(events)).to.deep.equal(['preparing', 'connecting', 'ringing', 'connected', 'ending', 'ended']);
    expect(events.find((e) => e.type === 'teams-call-ended')!.detail).to.include({
      reason: 'hung-up',
      durationMs: 7000 + SIMULATION_TIMING.hangUp,
    });
    expect(events.filter((e) => e.type === 'teams-call-mute-change').map((e) => e.detail)).to.deep.equal([
      { muted: true },
    ]);
    expect(fetchSpy.called, 'no request of any kind').to.be.false;
  });

  const endings: [string, number, string, string][] = [
    [
      'declined',
      SIMULATION_TIMING.ringing + SIMULATION_TIMING.answer,
      'declined',
      "Dr. Lee can't take your call right now.",
    ],
    ['no-answer', SIMULATION_TIMING.ringing + SIMULATION_TIMING.noAnswer, 'no-answer', "Dr. Lee didn't answer."],
    ['unavailable', SIMULATION_TIMING.ringing, 'unavailable', 'Dr. Lee is not available right now.'],
    [
      'not-allowed',
      SIMULATION_TIMING.ringing,
      'not-allowed',
      "This expert can't be reached from this website. (The Teams tenant does not allow these calls.)",
    ],
  ];
  for (const [scenario, duration, reason, message] of endings) {
    it(`plays "${scenario}"`, async () => {
      const { el } = await simulated(scenario);
      const ended = oneEvent(el, 'teams-call-ended');
      await clock.tickAsync(SIMULATION_TIMING.connecting + duration);
      expect((await ended).detail).to.include({ reason, message });
      await el.updateComplete;
      expect(visibleText(el, 'message')).to.equal(message);
    });
  }

  it('plays "network-drop": the call drops after a while', async () => {
    const { el } = await simulated('network-drop');
    await untilAnswered(el);
    const ended = oneEvent(el, 'teams-call-ended');
    await clock.tickAsync(SIMULATION_TIMING.networkDrop);
    expect((await ended).detail).to.include({ reason: 'network', durationMs: SIMULATION_TIMING.networkDrop });
  });

  it('plays "recording-at-connect": the notice is there from the first second', async () => {
    const { el } = await simulated('recording-at-connect');
    await untilAnswered(el);
    expect(visibleText(el, 'notice')).to.equal('This call is being recorded.');
  });

  it('plays "transfer": the expert hands the call to a colleague, and the panel follows', async () => {
    const { el, events } = await simulated('transfer');
    await untilAnswered(el);
    const transfer = oneEvent(el, 'teams-call-transfer');
    await clock.tickAsync(SIMULATION_TIMING.transfer);
    expect((await transfer).detail).to.deep.equal({ to: 'teams-user' });
    await el.updateComplete;
    expect(visibleText(el, 'status')).to.equal('Transferring your call…');
    const connected = oneEvent(el, 'teams-call-connected');
    await clock.tickAsync(SIMULATION_TIMING.connecting + SIMULATION_TIMING.ringing + SIMULATION_TIMING.answer);
    expect((await connected).detail).to.deep.equal({ answeredBy: 'teams-user', transferred: true });
    expect(events.map((e) => e.type)).not.to.include('teams-call-ended');
    const ended = oneEvent(el, 'teams-call-ended');
    await el.hangUp();
    await clock.tickAsync(SIMULATION_TIMING.hangUp);
    expect((await ended).detail.reason).to.equal('hung-up');
  });

  it('refuses an unknown scenario with invalid-config', async () => {
    const el = await fixture<TeamsCallButton>(html`<teams-call-button simulate="voicemail"></teams-call-button>`);
    const error = oneEvent(el, 'teams-call-error');
    await el.call();
    const { detail } = await error;
    expect(detail.code).to.equal('invalid-config');
    expect(detail.message).to.contain('“voicemail” is not a simulation scenario');
  });

  it('stops its script when the element is removed', async () => {
    const { el } = await simulated('');
    await untilAnswered(el);
    el.remove();
    await clock.tickAsync(0);
    expect(el.state).to.equal('ended');
    expect(clock.countTimers(), 'no timer left behind').to.equal(0);
  });
});

import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import type { TeamsCallButton } from '../src/teams-call-button.js';
import {
  answeredCall,
  callButton,
  clickToCall,
  EXPERT_ID,
  part,
  recordEvents,
  type Setup,
  shadow,
  untilState,
  visibleText,
  waitFor,
} from './support/harness.js';

const button = (el: HTMLElement, name: string) =>
  [...shadow(el).querySelectorAll('button')].find(
    (b) => (b.getAttribute('aria-label') ?? b.textContent!.trim()) === name,
  )!;

const videoChunkLoaded = () =>
  performance.getEntriesByType('resource').some((entry) => entry.name.includes('/panel/video'));

/** Tabs until `target` (inside the element's shadow root) has the focus. */
async function tabTo(el: HTMLElement, target: HTMLElement) {
  for (let i = 0; i < 20 && shadow(el).activeElement !== target; i++) await sendKeys({ press: 'Tab' });
  expect(shadow(el).activeElement, 'reached with the keyboard').to.equal(target);
}

describe('in the call', () => {
  afterEach(() => {
    sinon.restore();
    localStorage.clear();
  });

  describe('without the video attribute', () => {
    it('asks for no camera, shows no camera control and loads no video code', async () => {
      const setup = await callButton();
      await answeredCall(setup);
      expect(setup.sdk.cameraAsked).to.be.false;
      expect(part(setup.el, 'camera-button')).to.be.null;
      expect(videoChunkLoaded()).to.be.false;
    });
  });

  describe('devices', () => {
    it('lets the visitor choose microphone and speaker with the keyboard alone, and remembers the choice', async () => {
      const setup = await callButton();
      await answeredCall(setup);
      const devicesButton = part(setup.el, 'devices-button')!;
      await tabTo(setup.el, devicesButton);
      await sendKeys({ press: 'Enter' });
      await setup.el.updateComplete;
      expect(devicesButton.getAttribute('aria-expanded')).to.equal('true');
      const [microphone, speaker] = [...part(setup.el, 'devices')!.querySelectorAll('select')];
      expect([...microphone.options].map((o) => o.textContent)).to.deep.equal([
        'Built-in microphone',
        'Headset microphone',
      ]);
      expect(speaker.value).to.equal('spk-1');
      await expect(setup.el).to.be.accessible();

      await tabTo(setup.el, microphone);
      await sendKeys({ press: 'ArrowDown' });
      await waitFor(() => setup.sdk.devices.microphone === 'mic-2');
      expect(JSON.parse(localStorage.getItem('teams-call-button:audio-devices')!)).to.deep.equal({
        microphone: { id: 'mic-2', name: 'Headset microphone' },
      });
    });

    it('reapplies the remembered microphone on the next call', async () => {
      localStorage.setItem(
        'teams-call-button:audio-devices',
        JSON.stringify({ microphone: { id: 'gone', name: 'Headset microphone' } }),
      );
      const setup = await callButton();
      await answeredCall(setup);
      expect(setup.sdk.devices.microphone, 'matched by name when the ID changed').to.equal('mic-2');
    });

    it('updates the lists when a headset is plugged in or removed', async () => {
      const setup = await callButton();
      await answeredCall(setup);
      part(setup.el, 'devices-button')!.click();
      setup.sdk.changeDevices({ microphones: [{ id: 'mic-1', name: 'Built-in microphone' }] });
      await waitFor(() => part(setup.el, 'devices')?.querySelectorAll('select')[0].options.length === 1);
    });

    it('explains when the browser cannot choose a speaker', async () => {
      const setup = await callButton();
      setup.sdk.devices.speakers = [];
      await answeredCall(setup);
      part(setup.el, 'devices-button')!.click();
      await setup.el.updateComplete;
      expect(part(setup.el, 'devices')!.querySelectorAll('select')).to.have.length(1);
      expect(part(setup.el, 'devices')!.textContent).to.contain('default speaker');
    });
  });

  describe('call health', () => {
    const hint = (el: HTMLElement) => visibleText(el, 'hint');

    it('turns diagnostics into plain hints that clear themselves, and tells the host', async () => {
      const setup = await callButton();
      const call = await answeredCall(setup);
      const events = recordEvents(setup.el);
      call.emit({ type: 'diagnostic', name: 'networkReconnect', value: 2 });
      await setup.el.updateComplete;
      expect(hint(setup.el)).to.equal('Reconnecting…');
      call.emit({ type: 'diagnostic', name: 'networkReconnect', value: 1 });
      await setup.el.updateComplete;
      expect(hint(setup.el)).to.equal('');
      call.emit({ type: 'diagnostic', name: 'microphoneNotFunctioning', value: true });
      await setup.el.updateComplete;
      expect(hint(setup.el)).to.equal(
        "Your microphone isn't picking up sound. Check it, or choose another in Devices.",
      );
      call.emit({ type: 'diagnostic', name: 'noNetwork', value: true });
      await setup.el.updateComplete;
      expect(hint(setup.el), 'the most serious first').to.equal("You're offline. Check your connection.");
      expect(events.filter((e) => e.type === 'teams-call-diagnostic').map((e) => e.detail)).to.deep.equal([
        { name: 'networkReconnect', value: 2 },
        { name: 'networkReconnect', value: 1 },
        { name: 'microphoneNotFunctioning', value: true },
        { name: 'noNetwork', value: true },
      ]);
    });

    it('reminds a muted visitor who speaks to unmute', async () => {
      const setup = await callButton();
      const call = await answeredCall(setup);
      await setup.el.toggleMute();
      call.emit({ type: 'diagnostic', name: 'speakingWhileMicrophoneIsMuted', value: true });
      await setup.el.updateComplete;
      expect(hint(setup.el)).to.equal("You're muted. Unmute to speak.");
    });

    it('sends call-quality figures every stats-interval seconds, and stops with the call', async () => {
      const setup = await callButton();
      setup.el.statsInterval = 5;
      const call = await answeredCall(setup);
      expect([...call.statsWatchers.values()]).to.deep.equal([5]);
      const stats = oneEvent(setup.el, 'teams-call-stats');
      call.reportStats({
        roundTripTimeMs: 80,
        jitterMs: 6,
        packetsLostPerSecond: 0.5,
        sendBitrateKbps: 32,
        receiveBitrateKbps: 40,
      });
      expect((await stats).detail).to.deep.equal({
        roundTripTimeMs: 80,
        jitterMs: 6,
        packetsLostPerSecond: 0.5,
        sendBitrateKbps: 32,
        receiveBitrateKbps: 40,
      });
      call.end(0, 0);
      await untilState(setup.el, 'ended');
      expect(call.statsWatchers.size).to.equal(0);
      expect(setup.sdk.deviceWatchers.size, 'the device watcher is gone too').to.equal(0);
    });
  });

  describe('the dial pad of a Teams voice app', () => {
    async function queueCall(): Promise<Setup & { call: Awaited<ReturnType<typeof answeredCall>> }> {
      const setup = await callButton();
      setup.el.teamsUserId = '';
      setup.el.teamsAppId = EXPERT_ID;
      const call = await answeredCall(setup);
      return { ...setup, call };
    }

    it('sends the keys clicked and typed, and shows each one', async () => {
      const { el, call } = await queueCall();
      const keypadButton = part(el, 'keypad-button')!;
      await tabTo(el, keypadButton);
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      await expect(el).to.be.accessible();
      button(el, '1').click();
      button(el, '#').click();
      await sendKeys({ type: '42*' });
      await el.updateComplete;
      expect(call.tones).to.deep.equal(['Num1', 'Pound', 'Num4', 'Num2', 'Star']);
      expect(part(el, 'keypad')!.querySelector('.dialed')!.textContent).to.equal('Keys sent: 1#42*');
    });

    it('is not offered when calling a person', async () => {
      const setup = await callButton();
      await answeredCall(setup);
      expect(part(setup.el, 'keypad-button')).to.be.null;
    });
  });

  describe('video', () => {
    async function videoCall() {
      const setup = await callButton();
      setup.el.video = true;
      const call = await answeredCall(setup);
      return { ...setup, call };
    }

    it('asks for the camera only when turned on, starts with it off, shows the preview and the expert, and can enlarge', async () => {
      const { el, sdk, call } = await videoCall();
      expect(sdk.cameraAsked, 'only the microphone before the call').to.be.false;
      const camera = part(el, 'camera-button')!;
      expect(camera.getAttribute('aria-pressed')).to.equal('false');
      expect(part(el, 'video')).to.be.null;
      camera.click();
      await waitFor(() => part(el, 'video') !== null);
      expect(sdk.cameraAsked).to.be.true;
      expect(call.cameraOn).to.be.true;
      expect(part(el, 'video')!.querySelector('#local-view')).to.exist;
      expect(camera.getAttribute('aria-pressed')).to.equal('true');

      const remote = document.createElement('video');
      call.emit({ type: 'video', side: 'remote', view: remote });
      await el.updateComplete;
      expect(part(el, 'video')!.querySelector('.remote video')).to.equal(remote);
      await expect(el).to.be.accessible();
      button(el, 'Enlarge video').click();
      await el.updateComplete;
      expect(part(el, 'video')!.classList.contains('large')).to.be.true;
      expect(videoChunkLoaded()).to.be.true;
    });

    it('says so when the camera cannot start', async () => {
      const { el, call } = await videoCall();
      call.cameraError = new Error('NotReadableError');
      part(el, 'camera-button')!.click();
      await waitFor(() => shadow(el).querySelector('[data-kind="camera"]') !== null);
      expect(shadow(el).querySelector('[data-kind="camera"]')!.textContent).to.contain("camera couldn't be started");
    });
  });

  describe('recording consent', () => {
    it('asks the visitor to continue or leave when recording starts, and keeps the notice either way', async () => {
      const setup = await callButton();
      setup.el.recordingConsent = 'required';
      const call = await answeredCall(setup);
      part(setup.el, 'hang-up-button')!.focus();
      call.setRecording(true);
      await setup.el.updateComplete;
      expect(part(setup.el, 'notice')!.textContent).to.contain('Do you agree to continue while it is on?');
      expect(part(setup.el, 'controls'), 'the panel waits for an answer').to.be.null;
      expect(shadow(setup.el).activeElement!.textContent!.trim(), 'focus moves to the question').to.equal('Continue');
      await expect(setup.el).to.be.accessible();

      button(setup.el, 'Continue').click();
      await setup.el.updateComplete;
      expect(part(setup.el, 'controls')).to.exist;
      expect(visibleText(setup.el, 'notice')).to.equal('This call is being recorded.');
    });

    it('hangs up when the visitor chooses to leave', async () => {
      const setup = await callButton();
      setup.el.recordingConsent = 'required';
      const call = await answeredCall(setup);
      call.setRecording(true);
      await setup.el.updateComplete;
      const ended = oneEvent(setup.el, 'teams-call-ended');
      button(setup.el, 'Leave call').click();
      expect((await ended).detail.reason).to.equal('hung-up');
    });

    it('is not asked when the host takes the notice over', async () => {
      const setup = await callButton();
      setup.el.recordingConsent = 'required';
      setup.el.addEventListener('teams-call-recording-change', (event) => event.preventDefault());
      const call = await answeredCall(setup);
      call.setRecording(true);
      await setup.el.updateComplete;
      expect(part(setup.el, 'notice')).to.be.null;
      expect(part(setup.el, 'controls')).to.exist;
    });
  });

  describe('when the expert cannot be reached', () => {
    async function withUnavailableContent() {
      const { sdk, loader } = await import('./support/fake-calling.js').then((m) => m.fakeCalling());
      const token = (await import('./support/fake-calling.js')).makeJwt();
      const el = await fixture<TeamsCallButton>(html`
        <teams-call-button teams-user-id=${EXPERT_ID} callee-name="Dr. Lee" .sdkLoader=${loader} .tokenProvider=${async () => token}>
          Talk to an expert
          <p slot="unavailable">Leave us a message: <a href="/contact">contact form</a></p>
        </teams-call-button>
      `);
      return { el, sdk, loader, token, tokenRequests: 0 } as Setup;
    }

    it("shows the page's own content after a declined, unanswered or unavailable call", async () => {
      for (const [code, subCode] of [
        [603, 0],
        [487, 10004],
        [480, 10037],
      ]) {
        const setup = await withUnavailableContent();
        (await clickToCall(setup)).end(code, subCode);
        await untilState(setup.el, 'ended');
        const slot = part(setup.el, 'unavailable')!.querySelector('slot')!;
        expect(slot.assignedElements()[0].textContent).to.contain('contact form');
        expect(part(setup.el, 'message')).to.be.null;
      }
    });

    it('keeps the plain message after other ends', async () => {
      const setup = await withUnavailableContent();
      (await answeredCall(setup)).end(0, 0);
      await untilState(setup.el, 'ended');
      expect(part(setup.el, 'unavailable')).to.be.null;
      expect(visibleText(setup.el, 'message')).to.equal('The call was ended.');
    });
  });

  describe('ringback', () => {
    /** AudioContexts made while `run` runs, each with the oscillators it started and how many it stopped. */
    async function withAudio(
      run: (contexts: { context: AudioContext; started: number; stopped: number }[]) => Promise<void>,
    ) {
      const contexts: { context: AudioContext; started: number; stopped: number }[] = [];
      const Original = window.AudioContext;
      window.AudioContext = class extends Original {
        constructor() {
          super();
          const entry = { context: this as AudioContext, started: 0, stopped: 0 };
          contexts.push(entry);
          const createOscillator = this.createOscillator.bind(this);
          this.createOscillator = () => {
            const oscillator = createOscillator();
            entry.started++;
            const stop = oscillator.stop.bind(oscillator);
            oscillator.stop = (when?: number) => {
              entry.stopped++;
              stop(when);
            };
            return oscillator;
          };
        }
      };
      try {
        await run(contexts);
      } finally {
        window.AudioContext = Original;
      }
    }

    it('makes its audio in the click, plays while ringing, stops when the expert answers, and closes at the end', async () => {
      await withAudio(async (contexts) => {
        const setup = await callButton();
        setup.el.ringback = true;
        const call = await clickToCall(setup);
        expect(contexts, 'the audio context comes from the click (Safari)').to.have.length(1);
        expect(contexts[0].started, 'silent before it rings').to.equal(0);
        call.setState('Ringing');
        await setup.el.updateComplete;
        expect(contexts[0].started).to.equal(2);
        call.setState('Connected');
        await setup.el.updateComplete;
        expect(contexts[0].stopped).to.equal(2);
        call.end(0, 0);
        await waitFor(() => contexts[0].context.state === 'closed');
      });
    });

    it('stops for early media: an announcement is playing', async () => {
      await withAudio(async (contexts) => {
        const setup = await callButton();
        setup.el.ringback = true;
        const call = await clickToCall(setup);
        call.setState('Ringing');
        await setup.el.updateComplete;
        call.setState('EarlyMedia');
        await setup.el.updateComplete;
        expect(contexts[0].stopped).to.equal(2);
        call.setState('Ringing');
        await setup.el.updateComplete;
        expect(contexts[0].started, 'not again over the announcement').to.equal(2);
      });
    });

    it('stays silent without the attribute', async () => {
      const spy = sinon.spy(window, 'AudioContext');
      const setup = await callButton();
      (await clickToCall(setup)).setState('Ringing');
      await setup.el.updateComplete;
      expect(spy.called).to.be.false;
    });
  });

  describe('minimised', () => {
    it('shrinks to a bar with the status, the timer, the notice and hang up, and comes back', async () => {
      const setup = await callButton();
      const call = await answeredCall(setup);
      call.setRecording(true);
      button(setup.el, 'Minimize call panel').click();
      await setup.el.updateComplete;
      expect(part(setup.el, 'panel')!.classList.contains('minimized')).to.be.true;
      expect(visibleText(setup.el, 'notice'), 'the notice stays in view').to.equal('This call is being recorded.');
      expect(part(setup.el, 'timer')).to.exist;
      expect(part(setup.el, 'hang-up-button')).to.exist;
      expect(part(setup.el, 'mute-button')).to.be.null;
      await expect(setup.el).to.be.accessible();
      button(setup.el, 'Show call panel').click();
      await setup.el.updateComplete;
      expect(part(setup.el, 'mute-button')).to.exist;
    });
  });
});

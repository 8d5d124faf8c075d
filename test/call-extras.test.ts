import { expect } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../src/define.js';
import { LOCALES } from '../src/i18n/locales/index.js';
import type { TeamsCallButton } from '../src/teams-call-button.js';
import type { CaptionDetail } from '../src/captions/index.js';
import { SILENCE_MS, type PrecheckDetail } from '../src/precheck/index.js';
import type { ErrorDetail } from '../src/events.js';
import {
  answeredCall,
  callButton,
  clickToCall,
  part,
  shadow,
  untilState,
  visibleText,
  waitFor,
} from './support/harness.js';

/** The caption lines on screen, one string each. */
const lines = (el: TeamsCallButton) =>
  [...shadow(el).querySelectorAll('[part="captions"] .line')].map((line) =>
    line.textContent!.replace(/\s+/g, ' ').trim(),
  );
const liveRegion = (el: TeamsCallButton) => shadow(el).querySelector('[aria-live="polite"]:not(.dialed)')!;

/** Opens a feature in each language on a 320 px wide screen: no sideways scrolling, and axe finds nothing. */
async function fitsPhonesInEveryLanguage(open: (lang: string) => Promise<TeamsCallButton>) {
  await setViewport({ width: 320, height: 640 });
  try {
    for (const lang of LOCALES) {
      const el = await open(lang);
      const panel = part(el, 'panel')!;
      expect(panel.scrollWidth, `${lang}: no sideways scrolling`).to.be.at.most(panel.clientWidth);
      // A panel taller than a phone's screen brings the docked bar in: checked once its colours have settled.
      await Promise.all(el.shadowRoot!.getAnimations().map((animation) => animation.finished));
      await expect(el).to.be.accessible();
      await el.hangUp();
      await untilState(el, 'ended');
    }
  } finally {
    await setViewport({ width: 800, height: 600 });
  }
}

/** An answered call on a button with `captions`, its toggle rendered. */
async function captionedCall(attributes: Record<string, string> = {}) {
  const setup = await callButton({ attributes: { captions: '', ...attributes } });
  const call = await answeredCall(setup);
  await waitFor(() => part(setup.el, 'captions-button') !== null, 'the captions toggle');
  const captions: CaptionDetail[] = [];
  const errors: ErrorDetail[] = [];
  setup.el.addEventListener('teams-call-caption', (event) => captions.push(event.detail));
  setup.el.addEventListener('teams-call-error', (event) => errors.push(event.detail));
  return { ...setup, call, captions, errors };
}

describe('live captions', () => {
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it('are offered only with `captions`, and only once the call is answered', async () => {
    const plain = await callButton();
    await answeredCall(plain);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(part(plain.el, 'captions-button')).to.equal(null);
    await plain.el.hangUp();
    await untilState(plain.el, 'ended');

    const setup = await callButton({ attributes: { captions: '' } });
    setup.el.call();
    await waitFor(() => part(setup.el, 'captions-button') !== null, 'the toggle');
    expect(part(setup.el, 'captions-button')!.hasAttribute('disabled'), 'disabled until answered').to.be.true;
  });

  it('turn on with the keyboard, show who said what, and tell the page each finished sentence', async () => {
    const { el, call, captions } = await captionedCall({ lang: 'en-GB' });
    part(el, 'captions-button')!.focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => call.captionRequests.length === 1, 'captions asked for');
    expect(call.captionRequests, 'in the element’s language').to.deep.equal(['en-GB']);
    expect(part(el, 'captions-button')!.getAttribute('aria-pressed')).to.equal('true');
    await el.updateComplete;
    expect(visibleText(el, 'captions')).to.equal('Starting captions…');

    call.setCaptions(true);
    await el.updateComplete;
    expect(visibleText(el, 'captions')).to.equal('Captions are on. They appear here when someone speaks.');
    call.caption('Dr. Lee', 'Hello, how can', false);
    await el.updateComplete;
    expect(lines(el)).to.deep.equal(['Dr. Lee: Hello, how can']);
    expect(liveRegion(el).textContent, 'a sentence still being heard is not announced').to.equal('');
    expect(captions).to.deep.equal([]);

    call.caption('Dr. Lee', 'Hello, how can I help?');
    call.caption('Anna', 'My invoice is wrong.');
    await el.updateComplete;
    expect(lines(el)).to.deep.equal(['Dr. Lee: Hello, how can I help?', 'Anna: My invoice is wrong.']);
    expect(liveRegion(el).textContent).to.equal('Anna: My invoice is wrong.');
    expect(captions).to.deep.equal([
      { speaker: 'Dr. Lee', text: 'Hello, how can I help?', language: 'en-us', callId: call.id },
      { speaker: 'Anna', text: 'My invoice is wrong.', language: 'en-us', callId: call.id },
    ]);

    for (const text of ['One.', 'Two.', 'Three.']) call.caption('Dr. Lee', text);
    await el.updateComplete;
    expect(lines(el), 'the last three sentences').to.deep.equal(['Dr. Lee: One.', 'Dr. Lee: Two.', 'Dr. Lee: Three.']);

    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(call.captionsStopped).to.equal(1);
    expect(part(el, 'captions')).to.equal(null);
    expect(shadow(el).activeElement?.getAttribute('part'), 'the focus stays on the toggle').to.equal('captions-button');
    await expect(el).to.be.accessible();
  });

  it('are heard in the language `captions` names', async () => {
    const { el, call } = await captionedCall({ captions: 'de-de', lang: 'en' });
    part(el, 'captions-button')!.click();
    await waitFor(() => call.captionRequests.length === 1, 'captions asked for');
    expect(call.captionRequests).to.deep.equal(['de-de']);
  });

  it('are translated into `captions-language`, and say so where the Teams side cannot translate them', async () => {
    const { el, call, errors } = await captionedCall({ 'captions-language': 'de' });
    part(el, 'captions-button')!.click();
    await waitFor(() => call.captionRequests.length === 1, 'captions asked for');
    call.setCaptions(true);
    await waitFor(() => call.captionLanguages.length === 1, 'the translation asked for');
    expect(call.captionLanguages).to.deep.equal(['de']);
    await el.hangUp();
    await untilState(el, 'ended');

    const premiumless = await captionedCall({ 'captions-language': 'de' });
    premiumless.call.captionLanguageError = new Error('Teams Premium required');
    part(premiumless.el, 'captions-button')!.click();
    await waitFor(() => premiumless.call.captionRequests.length === 1, 'captions asked for');
    premiumless.call.setCaptions(true);
    await waitFor(() => premiumless.errors.length === 1, 'the error event');
    await premiumless.el.updateComplete;
    const message =
      "Translated captions aren't available for this call (they need Teams Premium): captions show the spoken language.";
    expect(premiumless.errors).to.deep.equal([{ code: 'captions-failed', message }]);
    expect(shadow(premiumless.el).querySelector('[data-kind="captions"]')!.textContent).to.equal(message);
    premiumless.call.caption('Dr. Lee', 'Hello.');
    await premiumless.el.updateComplete;
    expect(lines(premiumless.el), 'the captions go on').to.deep.equal(['Dr. Lee: Hello.']);
    expect(errors).to.deep.equal([]);
  });

  it('say so when they cannot start, and the call goes on', async () => {
    const { el, call, errors } = await captionedCall();
    call.captionsError = new Error('captions service unavailable');
    part(el, 'captions-button')!.click();
    await waitFor(() => errors.length === 1, 'the error event');
    await el.updateComplete;
    expect(errors).to.deep.equal([
      { code: 'captions-failed', message: "Captions couldn't be started. The call goes on without them." },
    ]);
    expect(shadow(el).querySelector('[data-kind="captions"][role="alert"]')!.textContent).to.equal(
      "Captions couldn't be started. The call goes on without them.",
    );
    expect(part(el, 'captions-button')!.getAttribute('aria-pressed')).to.equal('false');
    expect(el.state).to.equal('connected');
  });

  it('say they are not available in a browser without them (Firefox), instead of a dead toggle', async () => {
    const setup = await callButton({ attributes: { captions: '' } });
    setup.sdk.script.beforeStart = (call) => (call.captionsSupported = false);
    await answeredCall(setup);
    await waitFor(() => shadow(setup.el).querySelector('[data-kind="captions"]') !== null, 'the note');
    expect(part(setup.el, 'captions-button')).to.equal(null);
    expect(shadow(setup.el).querySelector('[data-kind="captions"]')!.textContent).to.equal(
      "Captions aren't available in this browser. Try Chrome, Edge or Safari.",
    );
  });

  it('start again on the new call after a transfer', async () => {
    const { el, call, sdk } = await captionedCall();
    part(el, 'captions-button')!.click();
    await waitFor(() => call.captionRequests.length === 1, 'captions asked for');
    call.setCaptions(true);
    call.caption('Reception', 'I will put you through.');
    const next = sdk.agents[0].transfer(call);
    next.setState('Connected');
    await untilState(el, 'connected');
    await waitFor(() => next.captionRequests.length === 1, 'captions asked for on the new call');
    next.setCaptions(true);
    next.caption('Dr. Lee', 'Hello.');
    await el.updateComplete;
    expect(lines(el)).to.deep.equal(['Reception: I will put you through.', 'Dr. Lee: Hello.']);
  });

  it('fit a 320 px wide screen', async () => {
    await setViewport({ width: 320, height: 640 });
    const { el, call } = await captionedCall({ lang: 'de' });
    part(el, 'captions-button')!.click();
    call.setCaptions(true);
    call.caption('Dr. Lee', 'Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen sind selten.');
    await waitFor(() => part(el, 'captions') !== null && visibleText(el, 'captions').includes('selten'), 'a line');
    const panel = part(el, 'panel')!;
    expect(panel.scrollWidth, 'no sideways scrolling').to.be.at.most(panel.clientWidth);
    expect(part(el, 'captions')!.scrollWidth).to.be.at.most(part(el, 'captions')!.clientWidth);
  });

  for (const lang of LOCALES) {
    it(`read in ${lang}, and are accessible`, async () => {
      const { el, call } = await captionedCall({ lang });
      await waitFor(() => !part(el, 'captions-button')!.textContent!.includes('Captions'), `${lang} texts`);
      part(el, 'captions-button')!.click();
      await waitFor(() => part(el, 'captions') !== null, 'the captions');
      call.setCaptions(true);
      call.caption('Dr. Lee', 'Hello.');
      await el.updateComplete;
      await expect(el).to.be.accessible();
    });
  }
});

describe('noise suppression', () => {
  const noiseSwitch = (el: TeamsCallButton) =>
    shadow(el).querySelector<HTMLInputElement>('[data-control="noise-suppression"]');

  async function cleanCall(attributes: Record<string, string> = {}) {
    const setup = await callButton({ attributes: { 'noise-suppression': '', ...attributes } });
    const errors: ErrorDetail[] = [];
    setup.el.addEventListener('teams-call-error', (event) => errors.push(event.detail));
    const call = await answeredCall(setup);
    await waitFor(() => call.noiseSuppressionChanges.length === 1, 'noise suppression turned on');
    part(setup.el, 'devices-button')!.click();
    await waitFor(() => noiseSwitch(setup.el) !== null, 'the switch');
    return { ...setup, call, errors };
  }

  it('is on from the moment the call is answered, and the visitor can turn it off and on with the keyboard', async () => {
    const { el, call } = await cleanCall();
    expect(call.noiseSuppressionChanges).to.deep.equal([true]);
    const toggle = noiseSwitch(el)!;
    expect(toggle.checked).to.be.true;
    expect(toggle.labels![0].textContent!.trim()).to.equal('Reduce background noise');
    toggle.focus();
    await sendKeys({ press: 'Space' });
    await waitFor(() => call.noiseSuppressionChanges.length === 2, 'turned off');
    await el.updateComplete;
    expect(call.noiseSuppressionChanges).to.deep.equal([true, false]);
    expect(noiseSwitch(el)!.checked).to.be.false;
    await sendKeys({ press: 'Space' });
    await waitFor(() => call.noiseSuppressionChanges.length === 3, 'on again');
    expect(call.noiseSuppressionChanges).to.deep.equal([true, false, true]);
    await expect(el).to.be.accessible();
  });

  it('is left alone on a button without `noise-suppression`', async () => {
    const setup = await callButton();
    const call = await answeredCall(setup);
    part(setup.el, 'devices-button')!.click();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(call.noiseSuppressionChanges).to.deep.equal([]);
    expect(noiseSwitch(setup.el)).to.equal(null);
  });

  it('says so in a browser without it, instead of a dead switch', async () => {
    const setup = await callButton({ attributes: { 'noise-suppression': '' } });
    setup.sdk.script.beforeStart = (call) => (call.noiseSuppressionAvailable = false);
    const call = await answeredCall(setup);
    part(setup.el, 'devices-button')!.click();
    await waitFor(
      () => visibleText(setup.el, 'devices').includes("Background noise reduction isn't available in this browser."),
      'the note',
    );
    expect(noiseSwitch(setup.el)).to.equal(null);
    expect(call.noiseSuppressionChanges).to.deep.equal([]);
  });

  it('says when it cannot be changed, with an error event, and the call goes on', async () => {
    const { el, call, errors } = await cleanCall();
    call.noiseSuppressionError = new Error('effects failed');
    noiseSwitch(el)!.click();
    await waitFor(() => errors.length === 1, 'the error event');
    await el.updateComplete;
    expect(errors).to.deep.equal([
      { code: 'noise-suppression-failed', message: "Background noise reduction couldn't be changed." },
    ]);
    expect(shadow(el).querySelector('[part="devices"] [role="alert"]')!.textContent).to.equal(
      "Background noise reduction couldn't be changed.",
    );
    expect(el.state).to.equal('connected');
  });

  it('fits a 320 px wide screen and is accessible, in every language', async () => {
    await fitsPhonesInEveryLanguage(async (lang) => {
      const { el } = await cleanCall({ lang });
      await waitFor(() => noiseSwitch(el)!.labels![0].textContent!.trim() !== 'Reduce background noise', lang);
      return el;
    });
  });

  it('follows a transfer to the new call', async () => {
    const { call, sdk } = await cleanCall();
    const next = sdk.agents[0].transfer(call);
    next.setState('Connected');
    await waitFor(() => next.noiseSuppressionChanges.length === 1, 'on for the new call');
    expect(next.noiseSuppressionChanges).to.deep.equal([true]);
  });
});

describe('the visitor’s screen share', () => {
  async function sharingCall(attributes: Record<string, string> = {}) {
    const setup = await callButton({ attributes: { 'screen-share': '', ...attributes } });
    const errors: ErrorDetail[] = [];
    setup.el.addEventListener('teams-call-error', (event) => errors.push(event.detail));
    const call = await answeredCall(setup);
    await waitFor(() => part(setup.el, 'share-button') !== null, 'the share button');
    return { ...setup, call, errors };
  }

  it('starts with the keyboard, says so in a bar with its stop, and stops from there', async () => {
    const { el, call } = await sharingCall();
    part(el, 'share-button')!.focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => part(el, 'sharing') !== null, 'the sharing bar');
    expect(call.isScreenSharingOn).to.be.true;
    expect(visibleText(el, 'sharing')).to.equal('You are sharing your screen. Stop sharing');
    expect(part(el, 'share-button')!.getAttribute('aria-pressed')).to.equal('true');
    await expect(el).to.be.accessible();
    part(el, 'stop-sharing-button')!.focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => part(el, 'sharing') === null, 'the bar gone');
    expect(call.isScreenSharingOn).to.be.false;
  });

  it('keeps "Stop sharing" in the minimised panel', async () => {
    const { el, call } = await sharingCall();
    part(el, 'share-button')!.click();
    await waitFor(() => part(el, 'sharing') !== null, 'the sharing bar');
    (shadow(el).querySelector('[data-control="minimize"]') as HTMLElement).click();
    await el.updateComplete;
    expect(part(el, 'panel')!.classList.contains('minimized')).to.be.true;
    part(el, 'stop-sharing-button')!.click();
    await waitFor(() => !call.isScreenSharingOn, 'stopped');
    await el.updateComplete;
    expect(part(el, 'sharing')).to.equal(null);
  });

  it('ends cleanly when the browser’s own "Stop sharing" ends it', async () => {
    const { el, call, errors } = await sharingCall();
    part(el, 'share-button')!.click();
    await waitFor(() => part(el, 'sharing') !== null, 'the sharing bar');
    call.setSharing(false);
    await el.updateComplete;
    expect(part(el, 'sharing')).to.equal(null);
    expect(part(el, 'share-button')!.getAttribute('aria-pressed')).to.equal('false');
    expect(errors).to.deep.equal([]);
    expect(el.state).to.equal('connected');
  });

  it('says so when the screen is not shared (picker closed, browser refused), and the call goes on', async () => {
    const { el, call, errors } = await sharingCall();
    call.screenSharingError = new Error('NotAllowedError');
    part(el, 'share-button')!.click();
    await waitFor(() => errors.length === 1, 'the error event');
    await el.updateComplete;
    const message = "Your screen isn't being shared: the picker was closed, or the browser didn't allow it.";
    expect(errors).to.deep.equal([{ code: 'screen-share-failed', message }]);
    expect(shadow(el).querySelector('[data-kind="sharing"][role="alert"]')!.textContent).to.equal(message);
    expect(el.state).to.equal('connected');
  });

  it('is not offered where the browser cannot share a screen, nor without `screen-share`', async () => {
    const setup = await callButton({ attributes: { 'screen-share': '' } });
    setup.sdk.script.beforeStart = (call) => (call.screenSharingSupported = false);
    await answeredCall(setup);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(part(setup.el, 'share-button')).to.equal(null);
    await setup.el.hangUp();
    await untilState(setup.el, 'ended');
    const plain = await callButton();
    await answeredCall(plain);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(part(plain.el, 'share-button')).to.equal(null);
  });

  it('fits a 320 px wide screen and is accessible, in every language', async () => {
    await fitsPhonesInEveryLanguage(async (lang) => {
      const { el } = await sharingCall({ lang });
      part(el, 'share-button')!.click();
      await waitFor(() => part(el, 'sharing') !== null, `${lang}: the sharing bar`);
      await el.updateComplete;
      return el;
    });
  });
});

describe('the device check before a call', () => {
  /** A click on a button with `precheck`, up to the check on screen. */
  async function checking(attributes: Record<string, string> = {}) {
    const setup = await callButton({ attributes: { precheck: '', ...attributes } });
    const prechecks: PrecheckDetail[] = [];
    setup.el.addEventListener('teams-call-precheck', (event) => prechecks.push(event.detail));
    let started = false;
    void setup.sdk.nextCall().then(() => (started = true));
    part(setup.el, 'button')!.focus();
    part(setup.el, 'button')!.click();
    await waitFor(() => part(setup.el, 'precheck') !== null, 'the device check');
    await waitFor(() => setup.sdk.levelListeners.size === 1, 'the microphone’s level watched');
    return { ...setup, prechecks, started: () => started };
  }
  const meter = (el: TeamsCallButton) => part(el, 'precheck')!.querySelector('meter')!;

  it('shows the microphone’s level, plays a test sound, and rings the expert only on "Start the call"', async () => {
    const { el, sdk, prechecks, started } = await checking();
    expect(visibleText(el, 'precheck')).to.equal(
      'Check your microphone and speaker before the call. Microphone Say something: the bar moves when your microphone hears you. Speaker Play a test sound Start the call',
    );
    expect(shadow(el).activeElement?.getAttribute('part'), 'the focus on "Start the call"').to.equal('precheck-start');
    sdk.reportMicrophoneLevel(40);
    await el.updateComplete;
    expect(meter(el).value).to.equal(40);
    expect(visibleText(el, 'precheck')).to.include('Your microphone is working.');
    (shadow(el).querySelector('[data-control="test-sound"]') as HTMLElement).click();
    await el.updateComplete;
    expect(visibleText(el, 'precheck')).to.include("If you didn't hear it, turn up the volume");
    await expect(el).to.be.accessible();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(started(), 'no call before the visitor starts it').to.be.false;

    const next = sdk.nextCall();
    await sendKeys({ press: 'Enter' });
    await next;
    await el.updateComplete;
    expect(part(el, 'precheck'), 'the check is gone').to.equal(null);
    expect(sdk.levelListeners.size, 'the microphone’s meter released').to.equal(0);
    expect(prechecks).to.deep.equal([
      { microphone: 'heard', speaker: 'played', camera: 'not-asked', browser: 'supported', proceeded: true },
    ]);
  });

  it('says what to check when the microphone hears nothing for five seconds', async function () {
    this.timeout(SILENCE_MS + 5000);
    const { el, sdk } = await checking();
    sdk.reportMicrophoneLevel(2);
    await new Promise((resolve) => setTimeout(resolve, SILENCE_MS - 1000));
    expect(visibleText(el, 'precheck'), 'not yet').to.include('Say something');
    await waitFor(() => !visibleText(el, 'precheck').includes('Say something'), 'the silence noticed', 3000);
    expect(visibleText(el, 'precheck')).to.include(
      "We can't hear your microphone. Check that it isn't muted, or choose another one under Devices.",
    );
  });

  it('lets the visitor cancel, calls no one, and releases the microphone', async () => {
    const { el, sdk, prechecks, started } = await checking();
    part(el, 'hang-up-button')!.click();
    await untilState(el, 'ended');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(started()).to.be.false;
    expect(sdk.levelListeners.size).to.equal(0);
    expect(prechecks).to.deep.equal([
      { microphone: 'silent', speaker: 'not-played', camera: 'not-asked', browser: 'supported', proceeded: false },
    ]);
  });

  it('shows the camera of a video call, and lets it go when the call starts', async () => {
    const { el, sdk, prechecks } = await checking({ video: '' });
    await waitFor(() => part(el, 'precheck-camera') !== null, 'the camera preview');
    expect(part(el, 'precheck-camera')!.querySelector('#camera-preview')).to.exist;
    const next = sdk.nextCall();
    part(el, 'precheck-start')!.click();
    await next;
    expect(sdk.cameraPreviews, 'the preview released').to.equal(0);
    expect(prechecks[0].camera).to.equal('shown');
  });

  it('still lets the visitor call when the level or the camera cannot be shown, and says so', async () => {
    const setup = await callButton({ attributes: { precheck: '', video: '' } });
    setup.sdk.microphoneLevelError = new Error('no volume');
    setup.sdk.cameraPreviewError = new Error('camera busy');
    part(setup.el, 'button')!.click();
    await waitFor(() => part(setup.el, 'precheck') !== null, 'the device check');
    await waitFor(() => visibleText(setup.el, 'precheck').includes('Your camera couldn'), 'the camera note');
    expect(visibleText(setup.el, 'precheck')).to.include(
      "The microphone's level can't be shown, but the call can still use it.",
    );
    const next = setup.sdk.nextCall();
    part(setup.el, 'precheck-start')!.click();
    await next;
  });

  it('fits a 320 px wide screen and is accessible, in every language', async () => {
    await fitsPhonesInEveryLanguage(async (lang) => {
      const { el, sdk } = await checking({ lang, video: '' });
      sdk.reportMicrophoneLevel(30);
      await waitFor(() => !visibleText(el, 'precheck').startsWith('Check your'), `${lang} texts`);
      return el;
    });
  });
});

describe('a network that blocks the media relays', () => {
  it('is explained while the expert’s phone still rings', async () => {
    const setup = await callButton();
    const call = await clickToCall(setup);
    call.setState('Connecting');
    call.setState('Ringing');
    call.emit({ type: 'diagnostic', name: 'networkRelaysNotReachable', value: true });
    await setup.el.updateComplete;
    expect(setup.el.state).to.equal('ringing');
    expect(visibleText(setup.el, 'hint')).to.equal(
      "Your network blocks the call's media relays: a firewall or VPN must allow UDP ports 3478–3481 and TCP port 443.",
    );
  });
});

describe('the call in its own window', () => {
  /** Document Picture-in-Picture, played by a same-origin frame: a window of its own that can go away. */
  function pictureInPictureStandIn() {
    const frames: HTMLIFrameElement[] = [];
    const api = {
      async requestWindow() {
        const frame = document.createElement('iframe');
        document.body.append(frame);
        frames.push(frame);
        return frame.contentWindow!;
      },
    };
    Object.defineProperty(window, 'documentPictureInPicture', { value: api, configurable: true });
    return {
      frames,
      remove: () => delete (window as { documentPictureInPicture?: unknown }).documentPictureInPicture,
    };
  }

  let standIn: ReturnType<typeof pictureInPictureStandIn>;
  beforeEach(() => (standIn = pictureInPictureStandIn()));
  afterEach(() => {
    standIn.frames.forEach((frame) => frame.remove());
    standIn.remove();
  });

  async function poppedCall() {
    const setup = await callButton({ attributes: { 'pop-out': '' } });
    const call = await answeredCall(setup);
    await waitFor(() => part(setup.el, 'pop-out-button') !== null, 'the pop-out button');
    const spot = setup.el.parentElement!;
    part(setup.el, 'pop-out-button')!.focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => setup.el.ownerDocument !== document, 'the element in its window');
    return { ...setup, call, spot };
  }

  it('moves the running call, with its notice and controls, into its own window, and brings it back', async () => {
    const { el, call, spot } = await poppedCall();
    expect(el.ownerDocument).to.equal(standIn.frames[0].contentDocument);
    call.setRecording(true);
    await el.updateComplete;
    expect(el.state).to.equal('connected');
    expect(visibleText(el, 'notice')).to.equal('This call is being recorded.');
    expect(el.shadowRoot!.adoptedStyleSheets.length, 'its styles came along').to.be.greaterThan(1);
    expect(part(el, 'pop-out-button')!.getAttribute('aria-label')).to.equal('Bring the call back to the page');
    part(el, 'pop-out-button')!.click();
    await waitFor(() => el.ownerDocument === document, 'back on the page');
    await expect(el).to.be.accessible();
    await waitFor(() => el.ownerDocument === document, 'back on the page');
    expect(el.parentElement, 'where it stood').to.equal(spot);
    expect(el.state).to.equal('connected');
    expect(call.live).to.be.true;
  });

  it('comes back, call going on, when its window is closed', async () => {
    const { el, call, spot } = await poppedCall();
    standIn.frames[0].remove();
    await waitFor(() => el.ownerDocument === document, 'back on the page');
    expect(el.parentElement).to.equal(spot);
    await el.updateComplete;
    expect(el.state).to.equal('connected');
    expect(call.hangUps).to.equal(0);
  });

  it('comes back with how the call ended', async () => {
    const { el, call } = await poppedCall();
    call.end(0, 0);
    await untilState(el, 'ended');
    await waitFor(() => el.ownerDocument === document, 'back on the page');
    expect(visibleText(el, 'message')).to.not.equal('');
  });

  it('asks before the page is left only while the call is connected', async () => {
    const setup = await callButton({ attributes: { 'pop-out': '' } });
    const unload = () => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };
    const call = await answeredCall(setup);
    await waitFor(() => part(setup.el, 'pop-out-button') !== null, 'the pop-out button');
    expect(unload(), 'connected').to.be.true;
    call.end(0, 0);
    await untilState(setup.el, 'ended');
    expect(unload(), 'after the call').to.be.false;
  });

  it('is not offered without Document Picture-in-Picture, nor without `pop-out`', async () => {
    standIn.remove();
    const setup = await callButton({ attributes: { 'pop-out': '' } });
    await answeredCall(setup);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(part(setup.el, 'pop-out-button')).to.equal(null);
    expect(part(setup.el, 'minimize') ?? shadow(setup.el).querySelector('[data-control="minimize"]')).to.exist;
  });
});

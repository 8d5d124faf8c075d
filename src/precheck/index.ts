/**
 * The device check before a call (`precheck`): once the microphone is allowed and before the expert's phone rings,
 * the panel shows the microphone's level as the visitor speaks, plays a test sound on the speaker, shows the camera of a
 * video call, and says what it found; "Start the call" dials, the panel's Cancel does not. `teams-call-precheck` tells
 * the page what was found. Loaded with the call of a button that has `precheck`.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { CallingSdk } from '../backends/calling.js';
import type { CallController } from '../call/controller.js';
import type { CallAttempt } from '../call/attempt.js';
import { startRingback } from '../call/ringback.js';
import { spread } from '../events.js';
import { focusWhenRendered } from '../status/focus.js';

export interface PrecheckDetail {
  /** Whether the microphone picked up any sound during the check. */
  microphone: 'heard' | 'silent';
  /** Whether the visitor played the test sound. */
  speaker: 'played' | 'not-played';
  /** For a video call: whether the camera showed. */
  camera: 'shown' | 'failed' | 'not-asked';
  /** Whether the SDK called this browser unsupported. */
  browser: 'supported' | 'unsupported';
  /** The visitor started the call (else they cancelled it). */
  proceeded: boolean;
}

export class TeamsCallPrecheckEvent extends CustomEvent<PrecheckDetail> {
  constructor(detail: PrecheckDetail) {
    super('teams-call-precheck', { ...spread, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'teams-call-precheck': TeamsCallPrecheckEvent;
  }
}

/** The level (0–100) above which the microphone counts as picking up sound. */
export const HEARD_LEVEL = 5;
/** How long the check waits for a sound before it says it hears none. */
export const SILENCE_MS = 5000;
/** How long the test sound plays. */
const TONE_MS = 1500;

export class DeviceCheck {
  level = 0;
  heard = false;
  /** No sound for `SILENCE_MS`: the visitor is told what to check. */
  silent = false;
  played = false;
  camera?: HTMLElement;
  cameraFailed = false;
  microphoneFailed = false;
  private decide?: (proceed: boolean) => void;

  constructor(
    private readonly controller: CallController,
    private readonly attempt: CallAttempt,
  ) {}

  /** Runs the check; resolves true once the visitor starts the call, false if the attempt is cancelled first. */
  async run(sdk: CallingSdk, video: boolean): Promise<boolean> {
    const { attempt } = this;
    const decided = new Promise<boolean>((resolve) => (this.decide = resolve));
    // What the check holds — the microphone's meter, the camera, its timer — goes when it is decided, or with the
    // attempt if the visitor cancels first.
    const releases = [attempt.hold(() => this.decide?.(false))];
    releases.push(attempt.after(SILENCE_MS, () => this.show(() => (this.silent = !this.heard))));
    try {
      const stopLevel = await sdk.watchMicrophoneLevel((level) =>
        this.show(() => {
          this.level = level;
          if (level >= HEARD_LEVEL) this.heard = true;
        }),
      );
      releases.push(attempt.hold(stopLevel));
    } catch {
      this.microphoneFailed = true;
    }
    if (video) {
      try {
        const preview = await sdk.previewCamera();
        releases.push(attempt.hold(preview.stop));
        this.camera = preview.view;
      } catch {
        this.cameraFailed = true;
      }
    }
    this.show(() => undefined);
    // The visitor's focus, already in the panel, goes to the check's one action.
    const { host } = this.controller;
    if (host.matches(':focus-within')) focusWhenRendered(host, '[part="precheck-start"]');
    const proceed = await decided;
    const found = new TeamsCallPrecheckEvent({
      microphone: this.heard ? 'heard' : 'silent',
      speaker: this.played ? 'played' : 'not-played',
      camera: !video ? 'not-asked' : this.camera ? 'shown' : 'failed',
      browser: attempt.environmentWarning ? 'unsupported' : 'supported',
      proceeded: proceed,
    });
    this.decide = undefined;
    this.camera = undefined;
    releases.forEach((release) => release());
    this.controller.host.requestUpdate();
    this.controller.host.dispatchEvent(found);
    return proceed;
  }

  /** Plays the test sound on the selected speaker, from the visitor's click (Safari starts audio only from one). */
  playTone(): void {
    const context = new AudioContext();
    const stop = startRingback(context, this.controller.devices?.list?.speaker);
    const release = this.attempt.hold(() => {
      stop();
      void context.close().catch(() => undefined);
    });
    this.attempt.after(TONE_MS, release);
    this.show(() => (this.played = true));
  }

  /** The check while it runs; nothing before or after. */
  render(): TemplateResult | typeof nothing {
    if (!this.decide) return nothing;
    const s = this.controller.strings;
    const microphoneNote = this.microphoneFailed
      ? s.precheckNoLevel
      : this.heard
        ? s.precheckHeard
        : this.silent
          ? s.precheckSilent
          : s.precheckSpeak;
    return html`<section part="precheck" class="precheck" aria-labelledby="precheck-title">
      <p id="precheck-title" class="precheck-title">${s.precheckTitle}</p>
      <label class="precheck-row">
        <span>${s.microphone}</span>
        <meter min="0" max="100" low="${HEARD_LEVEL}" optimum="50" .value=${this.level}></meter>
      </label>
      <p class="note" data-kind=${this.heard ? 'ok' : this.silent || this.microphoneFailed ? 'warning' : 'info'} aria-live="polite">
        ${microphoneNote}
      </p>
      <div class="precheck-row">
        <span>${s.speaker}</span>
        <button class="quiet" data-control="test-sound" @click=${() => this.playTone()}>${s.precheckPlayTone}</button>
      </div>
      ${this.played ? html`<p class="note" aria-live="polite">${s.precheckPlayed}</p>` : nothing}
      ${this.camera ? html`<div part="precheck-camera" class="precheck-camera">${this.camera}</div>` : nothing}
      ${this.cameraFailed ? html`<p class="note" data-kind="warning">${s.precheckCameraFailed}</p>` : nothing}
      <button part="precheck-start" class="primary" data-autofocus @click=${() => this.decide?.(true)}>
        ${s.precheckStart}
      </button>
    </section>`;
  }

  private show(change: () => void): void {
    change();
    this.controller.host.requestUpdate();
  }
}

/**
 * The in-call UI: status, timer, the recording notice, call health, devices, dial pad and the call controls.
 * Loaded with `import()` when a call starts (or on intent), so the page's first load holds only the button.
 */
import { css, html, nothing, svg, type TemplateResult } from 'lit';
import type { CallController, Notice, NoticeKind } from './call-controller.js';
import type { AudioDevice, AudioDeviceKind } from './calling.js';
import { format, type Strings } from './strings.js';
import { simulationBadge } from './badge.js';

/** The panel's own toggles, kept by the element. */
export interface PanelToggles {
  minimized: boolean;
  devicesOpen: boolean;
  keypadOpen: boolean;
  videoLarge: boolean;
}

export interface PanelView {
  call: CallController;
  simulated: boolean;
  /** The element's language, for Intl. */
  lang: string;
  /** The callee is a Teams voice app: offer the dial pad. */
  withKeypad: boolean;
  toggles: PanelToggles;
  toggle: (name: keyof PanelToggles) => void;
  /** The video area, when the element is a video call and its video chunk has loaded. */
  renderVideo?: (view: PanelView) => TemplateResult | typeof nothing;
}

/** A call timer, `mm:ss` (`h:mm:ss` past an hour), through Intl where the browser has `DurationFormat`. */
export function formatDuration(ms: number, lang: string): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const duration = { hours: Math.floor(total / 3600), minutes: Math.floor(total / 60) % 60, seconds: total % 60 };
  const DurationFormat = (Intl as unknown as { DurationFormat?: new (lang: string, options: object) => { format(d: object): string } })
    .DurationFormat;
  if (DurationFormat) return new DurationFormat(lang, { style: 'digital', hoursDisplay: 'auto' }).format(duration);
  const two = (value: number) => String(value).padStart(2, '0');
  const clock = `${two(duration.minutes)}:${two(duration.seconds)}`;
  return duration.hours ? `${duration.hours}:${clock}` : clock;
}

export function noticeText(s: Strings, { recording, transcription }: Record<NoticeKind, Notice>): string {
  if (recording.shown && transcription.shown) return s.recordingAndTranscription;
  if (recording.shown) return s.recording;
  if (transcription.shown) return s.transcription;
  return '';
}

function stoppedText(s: Strings, { recording, transcription }: Record<NoticeKind, Notice>): string {
  return [recording.stopped ? s.recordingStopped : '', transcription.stopped ? s.transcriptionStopped : '']
    .filter(Boolean)
    .join(' ');
}

/**
 * A short, plain hint from the SDK's user-facing diagnostics, most serious first; empty when all is well.
 * Quality values: 1 good, 2 poor, 3 bad. A hint clears itself when its diagnostic does.
 */
export function healthHint(s: Strings, diagnostics: ReadonlyMap<string, number | boolean>, muted: boolean): string {
  const is = (name: string, value: number | boolean) => diagnostics.get(name) === value;
  if (is('noNetwork', true)) return s.hintOffline;
  if (is('networkReconnect', 3)) return s.hintConnectionLost;
  if (is('networkReconnect', 2)) return s.hintReconnecting;
  if (is('noMicrophoneDevicesEnumerated', true)) return s.hintNoMicrophone;
  if (is('microphoneNotFunctioning', true) || is('microphoneMuteUnexpectedly', true)) return s.hintMicrophoneSilent;
  if (muted && is('speakingWhileMicrophoneIsMuted', true)) return s.hintSpeakingMuted;
  if (is('networkReceiveQuality', 3) || is('networkSendQuality', 3)) return s.hintPoorNetwork;
  return '';
}

const KEYPAD = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

const hangUpIcon = svg`<path d="M12 9c-1.6 0-3.15.25-4.6.72v3.1c0 .39-.23.74-.56.9-.98.49-1.87 1.12-2.66 1.85-.18.18-.43.28-.7.28-.28 0-.53-.11-.71-.29L.29 13.08a.96.96 0 0 1 0-1.41C3.34 8.78 7.46 7 12 7s8.66 1.78 11.71 4.67a.96.96 0 0 1 0 1.41l-2.48 2.48c-.18.18-.43.29-.71.29-.27 0-.52-.11-.7-.28a11.27 11.27 0 0 0-2.67-1.85.996.996 0 0 1-.56-.9v-3.1C15.15 9.25 13.6 9 12 9z"/>`;
const micIcon = svg`<path d="M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3zm5.3-3a5.3 5.3 0 0 1-10.6 0H5a7 7 0 0 0 6 6.92V21h2v-3.08A7 7 0 0 0 19 11h-1.7z"/>`;
const micOffIcon = svg`${micIcon}<path d="M3.5 2.1 2.1 3.5l18.4 18.4 1.4-1.4z"/>`;
const recordIcon = svg`<circle cx="12" cy="12" r="7"/>`;
const devicesIcon = svg`<path d="M12 3a9 9 0 0 0-9 9v6a3 3 0 0 0 3 3h2v-8H5v-1a7 7 0 0 1 14 0v1h-3v8h2a3 3 0 0 0 3-3v-6a9 9 0 0 0-9-9z"/>`;
const keypadIcon = svg`<path d="M6 2.5a2 2 0 1 0 0 4 2 2 0 0 0 0-4zm6 0a2 2 0 1 0 0 4 2 2 0 0 0 0-4zm6 0a2 2 0 1 0 0 4 2 2 0 0 0 0-4zM6 8.5a2 2 0 1 0 0 4 2 2 0 0 0 0-4zm6 0a2 2 0 1 0 0 4 2 2 0 0 0 0-4zm6 0a2 2 0 1 0 0 4 2 2 0 0 0 0-4zM6 14.5a2 2 0 1 0 0 4 2 2 0 0 0 0-4zm6 0a2 2 0 1 0 0 4 2 2 0 0 0 0-4zm6 0a2 2 0 1 0 0 4 2 2 0 0 0 0-4z"/>`;
const minimizeIcon = svg`<path d="M5 18h14v2H5z"/>`;
const restoreIcon = svg`<path d="M5 5h14v14H5zm2 2v10h10V7z"/>`;

const icon = (path: unknown) => html`<svg viewBox="0 0 24 24" aria-hidden="true">${path}</svg>`;

export function renderCallPanel(view: PanelView): TemplateResult {
  const { call, toggles } = view;
  const { state, connectedAt, notices } = call;
  const s = call.strings;
  const name = call.calleeName || s.expertFallback;
  const { answered } = call;
  const notice = noticeText(s, notices);
  const stopped = stoppedText(s, notices);
  const hint = answered ? healthHint(s, call.diagnostics, call.muted) : '';
  const timer =
    answered && connectedAt !== undefined
      ? html`<span part="timer" class="timer" role="timer" aria-label=${s.callDuration}>${formatDuration(Date.now() - connectedAt, view.lang)}</span>`
      : nothing;
  const status = html`<div part="status" class="status">
    <span class="indicator" aria-hidden="true"></span>
    <span class="status-text">${call.status}</span>
    ${timer}
  </div>`;
  const noticeBlock = notice
    ? html`<div part="notice" class="notice">
        <p role="alert">${icon(recordIcon)}${notice}</p>
        ${call.consentNeeded
          ? html`<p class="consent-question">${s.consentQuestion}</p>
              <div class="consent-actions">
                <button class="primary" data-autofocus @click=${() => call.acknowledgeNotice()}>${s.consentContinue}</button>
                <button class="leave" @click=${() => void call.hangUp()}>${s.consentLeave}</button>
              </div>`
          : nothing}
      </div>`
    : nothing;
  // aria-disabled while ending, not disabled: a disabled button would drop the visitor's focus to the page.
  const hangUp = html`<button
    part="hang-up-button"
    class="hang-up"
    data-autofocus
    aria-disabled=${state === 'ending' ? 'true' : 'false'}
    @click=${() => void call.hangUp()}
  >
    ${icon(hangUpIcon)}<span>${answered ? s.hangUp : s.cancel}</span>
  </button>`;

  if (toggles.minimized) {
    return html`
      <section part="panel" class="panel minimized" data-state=${state} aria-label=${format(s.panelLabel, { name })}>
        ${status}
        ${noticeBlock}
        <div part="controls" class="controls">
          <button class="quiet" data-control="minimize" aria-label=${s.restore} @click=${() => view.toggle('minimized')}>
            ${icon(restoreIcon)}
          </button>
          ${call.consentNeeded ? nothing : hangUp}
        </div>
      </section>
    `;
  }

  return html`
    <section
      part="panel"
      class="panel"
      data-state=${state}
      aria-label=${format(s.panelLabel, { name })}
      @keydown=${(event: KeyboardEvent) => onPanelKey(event, view)}
    >
      <div class="top">
        ${view.simulated ? simulationBadge(s) : nothing}
        <button class="quiet minimize" data-control="minimize" aria-label=${s.minimize} @click=${() => view.toggle('minimized')}>
          ${icon(minimizeIcon)}
        </button>
      </div>
      ${status}
      ${noticeBlock}
      ${stopped ? html`<p class="note" data-kind="stopped">${stopped}</p>` : nothing}
      <p part="hint" class="hint" role="status">${hint}</p>
      ${call.environmentWarning ? html`<p class="note" data-kind="warning">${call.environmentWarning}</p>` : nothing}
      ${call.cameraError ? html`<p class="note" data-kind="camera" role="alert">${call.cameraError}</p>` : nothing}
      ${call.videos.screen
        ? html`<div part="screen-share" class="screen-share" role="img" aria-label=${format(s.screenShare, { name })}>
            ${call.videos.screen}
          </div>`
        : nothing}
      ${view.renderVideo?.(view) ?? nothing}
      ${call.consentNeeded
        ? nothing
        : html`<div part="controls" class="controls">
            <button
              part="mute-button"
              class="mute"
              aria-pressed=${call.muted ? 'true' : 'false'}
              ?disabled=${state === 'preparing' || state === 'ending'}
              @click=${() => void call.toggleMute()}
            >
              ${icon(call.muted ? micOffIcon : micIcon)}<span>${s.muteShort}</span>
            </button>
            ${view.renderVideo ? renderCameraButton(call) : nothing}
            <button
              part="devices-button"
              data-control="devices"
              class="quiet"
              aria-expanded=${toggles.devicesOpen ? 'true' : 'false'}
              ?disabled=${!call.devices}
              @click=${() => view.toggle('devicesOpen')}
            >
              ${icon(devicesIcon)}<span>${s.devicesShort}</span>
            </button>
            ${view.withKeypad
              ? html`<button
                  part="keypad-button"
                  data-control="keypad"
                  class="quiet"
                  aria-expanded=${toggles.keypadOpen ? 'true' : 'false'}
                  ?disabled=${!answered}
                  @click=${() => view.toggle('keypadOpen')}
                >
                  ${icon(keypadIcon)}<span>${s.keypad}</span>
                </button>`
              : nothing}
            ${hangUp}
          </div>`}
      ${toggles.devicesOpen ? renderDevices(call) : nothing}
      ${toggles.keypadOpen && view.withKeypad ? renderKeypad(call) : nothing}
    </section>
  `;
}

function renderCameraButton(call: CallController): TemplateResult {
  const s = call.strings;
  return html`<button
    part="camera-button"
    class="quiet"
    aria-pressed=${call.cameraOn ? 'true' : 'false'}
    ?disabled=${!call.answered}
    @click=${() => void call.toggleCamera()}
  >
    ${icon(svg`<path d="M15 8v8H5V8h10m1-2H4a1 1 0 0 0-1 1v10a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1v-3.5l4 4v-11l-4 4V7a1 1 0 0 0-1-1z"/>`)}
    <span>${s.camera}</span>
  </button>`;
}

function renderDevices(call: CallController): TemplateResult {
  const s = call.strings;
  const devices = call.devices!;
  const select = (kind: AudioDeviceKind, label: string, list: AudioDevice[], selected?: string) => html`
    <label class="device">
      <span>${label}</span>
      <select @change=${(event: Event) => void call.selectDevice(kind, (event.target as HTMLSelectElement).value)}>
        ${list.map((device) => html`<option value=${device.id} ?selected=${device.id === selected}>${device.name}</option>`)}
      </select>
    </label>
  `;
  return html`
    <div part="devices" class="devices" role="group" aria-label=${s.devices}>
      ${select('microphone', s.microphone, devices.microphones, devices.microphone)}
      ${devices.speakers.length
        ? select('speaker', s.speaker, devices.speakers, devices.speaker)
        : html`<p class="note">${s.speakerUnavailable}</p>`}
    </div>
  `;
}

function renderKeypad(call: CallController): TemplateResult {
  const s = call.strings;
  return html`
    <div part="keypad" class="keypad" role="group" aria-label=${s.keypad}>
      ${KEYPAD.map((key) => html`<button class="key" @click=${() => call.sendTone(key)}>${key}</button>`)}
      <p class="dialed" aria-live="polite">${call.dialed ? format(s.dialed, { keys: call.dialed }) : ''}</p>
    </div>
  `;
}

/** Digits typed on the keyboard go to a Teams voice app, as on its dial pad; not while a menu has the focus. */
/** Escape closes the open devices group or dial pad and returns to its toggle; digits go to the dial pad. */
function onPanelKey(event: KeyboardEvent, view: PanelView): void {
  if (event.key === 'Escape') {
    const open = view.toggles.devicesOpen ? 'devices' : view.toggles.keypadOpen ? 'keypad' : undefined;
    if (!open) return;
    event.preventDefault();
    view.toggle(open === 'devices' ? 'devicesOpen' : 'keypadOpen');
    (event.currentTarget as HTMLElement).querySelector<HTMLElement>(`[data-control="${open}"]`)?.focus();
    return;
  }
  if (!view.withKeypad || event.ctrlKey || event.metaKey || event.altKey) return;
  if ((event.composedPath()[0] as HTMLElement).tagName === 'SELECT') return;
  if (view.call.sendTone(event.key)) event.preventDefault();
}

export const panelStyles = css`
  button[aria-disabled='true'] {
    cursor: not-allowed;
    opacity: 0.55;
  }
  .screen-share {
    aspect-ratio: 16 / 9;
    border-radius: var(--_radius);
    overflow: hidden;
    background: #1b1b1f;
  }
  .screen-share > * {
    width: 100%;
    height: 100%;
  }
  /* The "Simulation" badge, on the button too: a simulated element loads these styles at once. */
  .badge {
    display: inline-block;
    padding: 0.1em 0.5em;
    border: 1px dashed currentColor;
    border-radius: 999px;
    font-size: 0.75em;
    font-weight: 600;
    text-transform: uppercase;
  }
  .panel {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 0.75em;
    width: min(24em, 100%);
    padding: 1em;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 1.5);
    background: var(--_surface);
    color: var(--_text);
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.12);
  }
  .panel.minimized {
    grid-template-columns: 1fr auto;
    align-items: center;
    padding: 0.5em 0.75em;
  }
  .panel.minimized .notice {
    grid-column: 1 / -1;
    grid-row: 2;
  }
  .top {
    display: flex;
    align-items: center;
    justify-content: flex-end;
    gap: 0.5em;
    margin: -0.5em -0.5em -0.5em 0;
  }
  .top .badge {
    margin-inline-end: auto;
  }
  .status {
    display: flex;
    align-items: baseline;
    gap: 0.5em;
    flex-wrap: wrap;
    overflow-wrap: anywhere;
  }
  .status-text {
    flex: 1 1 8em;
    min-width: 0;
    font-weight: 600;
  }
  .indicator {
    flex: none;
    width: 0.65em;
    height: 0.65em;
    border-radius: 50%;
    background: var(--_muted-text);
  }
  [data-state='ringing'] .indicator,
  [data-state='connecting'] .indicator {
    background: var(--_accent);
    animation: pulse 1.2s ease-in-out infinite;
  }
  [data-state='connected'] .indicator {
    background: var(--_ok);
  }
  .timer {
    font-variant-numeric: tabular-nums;
    color: var(--_muted-text);
  }
  .notice {
    display: grid;
    gap: 0.5em;
    padding: 0.5em 0.75em;
    border-radius: var(--_radius);
    background: var(--_notice);
    color: var(--_on-notice);
    font-weight: 600;
  }
  .notice p {
    display: flex;
    align-items: center;
    gap: 0.5em;
    margin: 0;
  }
  .notice svg {
    color: var(--_danger);
  }
  .consent-question {
    font-weight: 400;
  }
  .consent-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }
  .consent-actions button {
    flex: 1 1 0;
  }
  .primary {
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .leave {
    border-color: currentColor;
  }
  .note,
  .hint {
    margin: 0;
    color: var(--_muted-text);
    font-size: 0.875em;
  }
  .hint:empty {
    display: none;
  }
  .hint {
    color: var(--_text);
    font-weight: 600;
  }
  .controls {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }
  /* Icon over label, as call apps lay out their controls, so five fit a 320 px wide column. */
  .controls button {
    flex: 1 1 4.25em;
    flex-direction: column;
    gap: 0.15em;
    min-width: 4.25em;
    padding: 0.45em 0.25em;
    font-size: 0.8125em;
    line-height: 1.2;
    /* Long words (Wähltastatur, Périphériques) break rather than overflow a narrow column. */
    overflow-wrap: anywhere;
    hyphens: auto;
  }
  .minimized .controls button,
  .top button {
    flex: none;
    padding: 0.4em;
  }
  .mute,
  .quiet {
    background: transparent;
    color: var(--_text);
    border-color: var(--_border);
  }
  .top .quiet {
    border-color: transparent;
    min-height: 2em;
    min-width: 2em;
  }
  .mute[aria-pressed='true'],
  .quiet[aria-pressed='true'] {
    background: var(--_text);
    color: var(--_surface);
  }
  .hang-up {
    background: var(--_danger);
    color: var(--_on-danger);
  }
  .devices {
    display: grid;
    gap: 0.5em;
  }
  .device {
    display: grid;
    gap: 0.25em;
    font-size: 0.875em;
  }
  .device select {
    min-width: 0;
    max-width: 100%;
    font: inherit;
    min-height: 2.5em;
    padding: 0 0.5em;
    border-radius: var(--_radius);
    border: 1px solid var(--_border);
    background: var(--_surface);
    color: var(--_text);
    max-width: 100%;
  }
  .device select:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 1px;
  }
  .keypad {
    /* A dial pad reads 1 2 3 from the left in every language, as on phones. */
    direction: ltr;
    display: grid;
    grid-template-columns: repeat(3, minmax(0, 1fr));
    gap: 0.4em;
  }
  .key {
    min-width: 0;
    padding-inline: 0;
    border-color: var(--_border);
    font-size: 1.125em;
    font-variant-numeric: tabular-nums;
  }
  .key:active {
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .dialed {
    grid-column: 1 / -1;
    margin: 0;
    min-height: 1.4em;
    font-variant-numeric: tabular-nums;
    color: var(--_muted-text);
  }
  @keyframes pulse {
    50% {
      opacity: 0.3;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .indicator {
      animation: none !important;
    }
  }
  @media (forced-colors: active) {
    .panel,
    .notice {
      border: 1px solid CanvasText;
    }
    .indicator {
      forced-color-adjust: none;
      background: CanvasText;
    }
    .mute[aria-pressed='true'],
    .quiet[aria-pressed='true'] {
      border-width: 3px;
    }
  }
`;

/**
 * The in-call UI: status, timer, the recording notice, call health, devices, dial pad and the call controls.
 * Loaded with `import()` when a call starts (or on intent), so the page's first load holds only the button.
 */
import { html, nothing, svg, type TemplateResult } from 'lit';
import type { CallController } from '../call/controller.js';
import type { AudioDevice, AudioDeviceKind } from '../backends/calling.js';
import { format } from '../i18n/strings.js';
import { simulationBadge } from '../badge.js';
import { dockOf } from './dock.js';
import { formatDuration, healthHint, noticeText, stoppedText } from './texts.js';
export { panelStyles } from './panel.styles.js';

/** The panel's own toggles, kept by the element; one that is absent is off. */
export interface PanelToggles {
  minimized?: boolean;
  devicesOpen?: boolean;
  keypadOpen?: boolean;
  videoLarge?: boolean;
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

/** The panel where the element stands, and the docked bar while the panel is out of the viewport. */
export function renderCallPanel(view: PanelView): TemplateResult {
  return html`${renderPanel(view)}${dockOf(view.call.host).render(view)}`;
}

function renderPanel(view: PanelView): TemplateResult {
  const { call, toggles } = view;
  const { state } = call;
  const { connectedAt, notices: noticesOf } = call.current;
  const notices = noticesOf.current;
  const s = call.strings;
  const name = call.calleeName || s.expertFallback;
  const { answered } = call;
  const notice = noticeText(s, notices);
  const stopped = stoppedText(s, notices);
  // From the moment the call is placed: a network that blocks the media relays is known before anyone answers.
  const hint = call.current.call ? healthHint(s, call.current.diagnostics, call.muted) : '';
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
        ${
          call.current.notices.consentNeeded
            ? html`<p class="consent-question">${s.consentQuestion}</p>
              <div class="consent-actions">
                <button class="primary" data-autofocus @click=${() => call.acknowledgeNotice()}>${s.consentContinue}</button>
                <button class="leave" @click=${() => void call.hangUp()}>${s.consentLeave}</button>
              </div>`
            : nothing
        }
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
        ${call.current.share?.renderBar() ?? nothing}
        <div part="controls" class="controls">
          <button class="quiet" data-control="minimize" aria-label=${s.restore} @click=${() => view.toggle('minimized')}>
            ${icon(restoreIcon)}
          </button>
          ${call.current.notices.consentNeeded ? nothing : hangUp}
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
        ${call.current.popOut?.renderButton() ?? nothing}
        <button class="quiet minimize" data-control="minimize" aria-label=${s.minimize} @click=${() => view.toggle('minimized')}>
          ${icon(minimizeIcon)}
        </button>
      </div>
      ${status}
      ${call.current.check?.render() ?? nothing}
      ${noticeBlock}
      ${call.current.share?.renderBar() ?? nothing}
      ${stopped ? html`<p class="note" data-kind="stopped">${stopped}</p>` : nothing}
      <p part="hint" class="hint" role="status">${hint}</p>
      ${call.current.captions?.render() ?? nothing}
      ${call.current.environmentWarning ? html`<p class="note" data-kind="warning">${call.current.environmentWarning}</p>` : nothing}
      ${call.current.cameraError ? html`<p class="note" data-kind="camera" role="alert">${call.current.cameraError}</p>` : nothing}
      ${
        call.current.videos.screen
          ? html`<div part="screen-share" class="screen-share" role="img" aria-label=${format(s.screenShare, { name })}>
            ${call.current.videos.screen}
          </div>`
          : nothing
      }
      ${view.renderVideo?.(view) ?? nothing}
      ${
        call.current.notices.consentNeeded
          ? nothing
          : html`<div part="controls" class="controls">
            <button
              part="mute-button"
              class="mute"
              data-control="mute"
              aria-pressed=${call.muted ? 'true' : 'false'}
              ?disabled=${state === 'preparing' || state === 'ending'}
              @click=${() => void call.toggleMute()}
            >
              ${icon(call.muted ? micOffIcon : micIcon)}<span>${s.muteShort}</span>
            </button>
            ${view.renderVideo ? renderCameraButton(call) : nothing}
            ${call.current.captions?.renderToggle() ?? nothing}
            ${call.current.share?.renderButton() ?? nothing}
            <button
              part="devices-button"
              data-control="devices"
              class="quiet"
              aria-expanded=${toggles.devicesOpen ? 'true' : 'false'}
              ?disabled=${!call.devices?.list}
              @click=${() => view.toggle('devicesOpen')}
            >
              ${icon(devicesIcon)}<span>${s.devicesShort}</span>
            </button>
            ${
              view.withKeypad
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
                : nothing
            }
            ${hangUp}
          </div>`
      }
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
  const devices = call.devices!.list!;
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
      ${
        devices.speakers.length
          ? select('speaker', s.speaker, devices.speakers, devices.speaker)
          : html`<p class="note">${s.speakerUnavailable}</p>`
      }
      ${call.current.noise?.render() ?? nothing}
    </div>
  `;
}

function renderKeypad(call: CallController): TemplateResult {
  const s = call.strings;
  return html`
    <div part="keypad" class="keypad" role="group" aria-label=${s.keypad}>
      ${KEYPAD.map((key) => html`<button class="key" @click=${() => call.sendTone(key)}>${key}</button>`)}
      <p class="dialed" aria-live="polite">${call.current.dialed ? format(s.dialed, { keys: call.current.dialed }) : ''}</p>
    </div>
  `;
}

/**
 * Escape closes the open devices group or dial pad and returns to its toggle. Digits typed on the keyboard go to a
 * Teams voice app, as on its dial pad; not while a menu has the focus.
 */
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

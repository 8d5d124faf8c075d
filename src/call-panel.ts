/**
 * The in-call UI: status, timer, the recording notice and the call controls.
 * Loaded with `import()` when a call starts (or on intent), so the page's first load holds only the button.
 */
import { css, html, svg, type TemplateResult } from 'lit';
import type { CallState } from './call-states.js';
import type { Notice, NoticeKind } from './call-controller.js';
import { en, format, statusText } from './strings.js';
import { simulationBadge } from './teams-call-button.js';

export interface PanelView {
  state: CallState;
  calleeName: string;
  muted: boolean;
  connectedAt?: number;
  notices: Record<NoticeKind, Notice>;
  environmentWarning?: string;
  simulated: boolean;
  onHangUp: () => void;
  onToggleMute: () => void;
}

/** Minutes and seconds (hours when needed), as call timers show them. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const seconds = String(total % 60).padStart(2, '0');
  const minutes = Math.floor(total / 60) % 60;
  const hours = Math.floor(total / 3600);
  return hours ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

export function noticeText({ recording, transcription }: Record<NoticeKind, Notice>): string {
  if (recording.shown && transcription.shown) return en.recordingAndTranscription;
  if (recording.shown) return en.recording;
  if (transcription.shown) return en.transcription;
  return '';
}

function stoppedText({ recording, transcription }: Record<NoticeKind, Notice>): string {
  return [recording.stopped ? en.recordingStopped : '', transcription.stopped ? en.transcriptionStopped : '']
    .filter(Boolean)
    .join(' ');
}

const hangUpIcon = svg`<path d="M12 9c-1.6 0-3.15.25-4.6.72v3.1c0 .39-.23.74-.56.9-.98.49-1.87 1.12-2.66 1.85-.18.18-.43.28-.7.28-.28 0-.53-.11-.71-.29L.29 13.08a.96.96 0 0 1 0-1.41C3.34 8.78 7.46 7 12 7s8.66 1.78 11.71 4.67a.96.96 0 0 1 0 1.41l-2.48 2.48c-.18.18-.43.29-.71.29-.27 0-.52-.11-.7-.28a11.27 11.27 0 0 0-2.67-1.85.996.996 0 0 1-.56-.9v-3.1C15.15 9.25 13.6 9 12 9z"/>`;
const micIcon = svg`<path d="M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3zm5.3-3a5.3 5.3 0 0 1-10.6 0H5a7 7 0 0 0 6 6.92V21h2v-3.08A7 7 0 0 0 19 11h-1.7z"/>`;
const micOffIcon = svg`${micIcon}<path d="M3.5 2.1 2.1 3.5l18.4 18.4 1.4-1.4z"/>`;
const recordIcon = svg`<circle cx="12" cy="12" r="7"/>`;

export function renderCallPanel(view: PanelView): TemplateResult {
  const { state, calleeName, muted, connectedAt, notices, environmentWarning } = view;
  const name = calleeName || en.expertFallback;
  const answered = state === 'connected' || state === 'on-hold';
  const notice = noticeText(notices);
  const stopped = stoppedText(notices);
  return html`
    <section part="panel" class="panel" data-state=${state} aria-label=${format(en.panelLabel, { name })}>
      ${view.simulated ? simulationBadge() : null}
      <div part="status" class="status">
        <span class="indicator" aria-hidden="true"></span>
        <span class="status-text">${statusText(state, calleeName)}</span>
        ${answered && connectedAt !== undefined
          ? html`<span part="timer" class="timer" role="timer" aria-label=${en.callDuration}
              >${formatDuration(Date.now() - connectedAt)}</span
            >`
          : null}
      </div>
      ${notice
        ? html`<p part="notice" class="notice" role="alert">
            <svg viewBox="0 0 24 24" aria-hidden="true">${recordIcon}</svg>${notice}
          </p>`
        : null}
      ${stopped ? html`<p class="note" data-kind="stopped">${stopped}</p>` : null}
      ${environmentWarning ? html`<p class="note" data-kind="warning">${environmentWarning}</p>` : null}
      <div part="controls" class="controls">
        <button
          part="mute-button"
          class="mute"
          aria-pressed=${muted ? 'true' : 'false'}
          aria-label=${en.mute}
          ?disabled=${state === 'preparing' || state === 'ending'}
          @click=${view.onToggleMute}
        >
          <svg viewBox="0 0 24 24" aria-hidden="true">${muted ? micOffIcon : micIcon}</svg>
          <span>${en.muteShort}</span>
        </button>
        <button
          part="hang-up-button"
          class="hang-up"
          data-autofocus
          ?disabled=${state === 'ending'}
          @click=${view.onHangUp}
        >
          <svg viewBox="0 0 24 24" aria-hidden="true">${hangUpIcon}</svg>
          <span>${answered ? en.hangUp : en.cancel}</span>
        </button>
      </div>
    </section>
  `;
}

export const panelStyles = css`
  .panel {
    display: grid;
    gap: 0.75em;
    width: min(24em, 100%);
    padding: 1em;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 1.5);
    background: var(--_surface);
    color: var(--_text);
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.12);
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
  .panel > .badge {
    justify-self: start;
    margin: 0;
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
    display: flex;
    align-items: center;
    gap: 0.5em;
    margin: 0;
    padding: 0.5em 0.75em;
    border-radius: var(--_radius);
    background: var(--_notice);
    color: var(--_on-notice);
    font-weight: 600;
  }
  .notice svg {
    color: var(--_danger);
  }
  .note {
    margin: 0;
    color: var(--_muted-text);
    font-size: 0.875em;
  }
  .controls {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }
  .controls button {
    flex: 1 1 0;
    white-space: nowrap;
  }
  .mute {
    background: transparent;
    color: var(--_text);
    border-color: var(--_border);
  }
  .mute[aria-pressed='true'] {
    background: var(--_text);
    color: var(--_surface);
  }
  .hang-up {
    background: var(--_danger);
    color: var(--_on-danger);
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
    .mute[aria-pressed='true'] {
      border-width: 3px;
    }
  }
`;

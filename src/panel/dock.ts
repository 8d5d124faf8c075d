/**
 * The docked bar: while a call is under way and its panel has scrolled out of the viewport, a compact bar fixed to the
 * viewport's bottom inline-end corner keeps the call in sight — who, where it stands, the recording or transcription
 * notice, mute, hang up, and a way back to the panel. It goes when the panel is back in view, and never shows with
 * `dock="never"`. It loads with the in-call UI, so a page pays nothing for it before a call.
 */
import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import type { CallHost } from '../call/controller.js';
import { format } from '../i18n/strings.js';
import type { PanelView } from './panel.js';
import { formatDuration, noticeText } from './texts.js';

const docks = new WeakMap<CallHost, CallDock>();

/** The dock of an element, made (and added to it) the first time its panel renders. */
export function dockOf(host: CallHost): CallDock {
  let dock = docks.get(host);
  if (!dock) docks.set(host, (dock = new CallDock(host)));
  return dock;
}

export class CallDock implements ReactiveController {
  /** The panel is out of the viewport: the bar shows. */
  docked = false;
  /** How far the on-screen keyboard (or any browser UI) covers the layout viewport's bottom, in CSS pixels. */
  #keyboard = 0;
  #observer?: IntersectionObserver;
  #observed?: Element;

  constructor(private readonly host: CallHost) {
    host.addController(this);
  }

  /** Follows the panel the last update rendered: a new one (minimised, restored) is watched instead. */
  hostUpdated(): void {
    this.#placeAboveKeyboard();
    const panel = this.host.getAttribute('dock') === 'never' ? null : this.#panel();
    if ((panel ?? undefined) === this.#observed) return;
    this.#stop();
    if (!panel) return;
    this.#observed = panel;
    this.#observer ??= new IntersectionObserver((entries) => {
      const out = !entries[entries.length - 1].isIntersecting;
      if (out === this.docked) return;
      this.docked = out;
      this.#watchViewport(out);
      this.host.requestUpdate();
    });
    this.#observer.observe(panel);
  }

  hostDisconnected(): void {
    this.#stop();
  }

  render(view: PanelView): TemplateResult | typeof nothing {
    if (!this.docked || !this.#observed) return nothing;
    const { call } = view;
    const s = call.strings;
    const name = call.calleeName || s.expertFallback;
    const notice = noticeText(s, call.current.notices.current);
    const consentNeeded = call.current.notices.consentNeeded;
    const { connectedAt } = call.current;
    const timer = call.answered && connectedAt !== undefined ? formatDuration(Date.now() - connectedAt, view.lang) : '';
    return html`<div
      part="dock"
      class="dock"
      role="group"
      aria-label=${format(s.panelLabel, { name })}
      data-state=${call.state}
    >
      <p class="status">
        <span class="indicator" aria-hidden="true"></span>
        <span class="status-text">${call.status}</span>
        ${timer ? html`<span class="timer">${timer}</span>` : nothing}
      </p>
      ${notice ? html`<p part="dock-notice" class="notice">${notice}</p>` : nothing}
      ${call.current.share?.renderBar() ?? nothing}
      <div class="controls">
        ${
          consentNeeded
            ? html`<button class="primary" @click=${() => call.acknowledgeNotice()}>${s.consentContinue}</button>
              <button class="leave" @click=${() => void call.hangUp()}>${s.consentLeave}</button>`
            : html`<button
                class="mute"
                data-control="mute"
                aria-pressed=${call.muted ? 'true' : 'false'}
                ?disabled=${call.state === 'preparing' || call.state === 'ending'}
                @click=${() => void call.toggleMute()}
              >
                ${s.muteShort}
              </button>
              <button
                class="hang-up"
                aria-disabled=${call.state === 'ending' ? 'true' : 'false'}
                @click=${() => void call.hangUp()}
              >
                ${call.answered ? s.hangUp : s.cancel}
              </button>`
        }
        <button part="dock-return" class="quiet" @click=${() => this.#returnToPanel()}>${s.dockReturn}</button>
      </div>
    </div>`;
  }

  #panel(): Element | null {
    return this.host.shadowRoot?.querySelector('[part~="panel"]') ?? null;
  }

  /** Scrolls the panel into view and gives it the focus; the bar then goes by itself. */
  #returnToPanel(): void {
    const panel = this.#panel();
    if (!panel) return;
    const smooth = !matchMedia('(prefers-reduced-motion: reduce)').matches;
    panel.scrollIntoView({ block: 'nearest', behavior: smooth ? 'smooth' : 'auto' });
    panel.querySelector<HTMLElement>('[data-autofocus], button')?.focus({ preventScroll: true });
  }

  /** While docked, the bar rides above an on-screen keyboard, which shrinks the visual viewport only. */
  #watchViewport(on: boolean): void {
    const viewport = window.visualViewport;
    if (!viewport) return;
    if (on) {
      viewport.addEventListener('resize', this.#onViewport);
      viewport.addEventListener('scroll', this.#onViewport);
      this.#onViewport();
    } else {
      viewport.removeEventListener('resize', this.#onViewport);
      viewport.removeEventListener('scroll', this.#onViewport);
      this.#keyboard = 0;
    }
  }

  #onViewport = (): void => {
    const viewport = window.visualViewport!;
    this.#keyboard = Math.max(0, Math.round(window.innerHeight - viewport.height - viewport.offsetTop));
    this.#placeAboveKeyboard();
  };

  /** Through the CSSOM, not a `style` attribute, which a strict Content-Security-Policy blocks. */
  #placeAboveKeyboard(): void {
    const bar = this.host.shadowRoot?.querySelector<HTMLElement>('[part~="dock"]');
    bar?.style.setProperty('--_keyboard', `${this.#keyboard}px`);
  }

  #stop(): void {
    this.#observer?.disconnect();
    this.#observed = undefined;
    if (this.docked) this.#watchViewport(false);
    this.docked = false;
  }
}

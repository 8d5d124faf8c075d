/**
 * Teams live captions in the call (`captions`): the panel's "Captions" toggle, the last lines with who said them, a
 * polite announcement of each finished sentence (never of the words still being heard), and `teams-call-caption` for
 * a host that keeps a transcript. Loaded with a call of a button that has `captions`.
 */
import { html, nothing, svg, type TemplateResult } from 'lit';
import type { Caption, CallUpdate } from '../backends/calling.js';
import type { CallController } from '../call/controller.js';
import { spread, TeamsCallErrorEvent } from '../events.js';

export interface CaptionDetail {
  speaker: string;
  text: string;
  /** The language the words were heard in (BCP 47). */
  language: string;
  callId: string;
}

export class TeamsCallCaptionEvent extends CustomEvent<CaptionDetail> {
  constructor(detail: CaptionDetail) {
    super('teams-call-caption', { ...spread, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'teams-call-caption': TeamsCallCaptionEvent;
  }
}

/** Finished sentences kept on screen; a transcript is the host's to keep (`teams-call-caption`). */
const LINES_SHOWN = 3;

const captionsIcon = svg`<path d="M19 4H5a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2zm-8 7H9.5v-.5h-2v3h2V13H11v1a1 1 0 0 1-1 1H7a1 1 0 0 1-1-1v-4a1 1 0 0 1 1-1h3a1 1 0 0 1 1 1zm7 0h-1.5v-.5h-2v3h2V13H18v1a1 1 0 0 1-1 1h-3a1 1 0 0 1-1-1v-4a1 1 0 0 1 1-1h3a1 1 0 0 1 1 1z"/>`;

/** One call's captions: whether the visitor wants them, whether they run, and what was said. */
export class LiveCaptions {
  /** The visitor turned them on: kept across a transfer, whose new call starts them again. */
  wanted = false;
  /** The captions service runs, as the SDK last said. */
  active = false;
  /** Why the last start failed, in the visitor's words. */
  error = '';
  lines: Caption[] = [];
  /** The sentence still being heard. */
  partial?: Caption;

  /** Why the captions are not translated as `captions-language` asks (no Teams Premium, or no such language). */
  translationNote = '';

  constructor(
    private readonly controller: CallController,
    /** The spoken language asked for: the `captions` attribute's, else the element's. */
    private readonly language: string,
    /** The language to translate them into (`captions-language`), if any. */
    private readonly captionLanguage?: string,
  ) {}

  async toggle(): Promise<void> {
    this.wanted = !this.wanted;
    this.error = '';
    if (this.wanted) await this.start();
    else await this.stop();
  }

  /** Starts the captions of the call shown now, if the visitor wants them (after a transfer too). */
  async start(): Promise<void> {
    const call = this.controller.current.call;
    if (!this.wanted || !call || !this.controller.answered) return;
    this.controller.host.requestUpdate();
    try {
      await call.startCaptions(this.language);
    } catch {
      if (call !== this.controller.current.call) return;
      this.wanted = false;
      this.error = this.controller.strings.captionsFailed;
      this.controller.host.dispatchEvent(new TeamsCallErrorEvent({ code: 'captions-failed', message: this.error }));
    }
    this.controller.host.requestUpdate();
  }

  /** A transfer hands the conversation to a new call, which has no captions yet. */
  restart(): void {
    this.active = false;
    this.partial = undefined;
    void this.start();
  }

  onUpdate(update: Extract<CallUpdate, { type: 'captions' | 'caption' }>): void {
    if (update.type === 'captions') {
      this.active = update.active;
      if (!update.active) this.partial = undefined;
      else if (this.captionLanguage) void this.translate(this.captionLanguage);
    } else if (update.caption.final) {
      this.partial = undefined;
      this.lines = [...this.lines, update.caption].slice(-LINES_SHOWN);
      const { speaker, text, language } = update.caption;
      this.controller.host.dispatchEvent(
        new TeamsCallCaptionEvent({ speaker, text, language, callId: this.controller.current.call?.id ?? '' }),
      );
    } else {
      this.partial = update.caption;
    }
    this.controller.host.requestUpdate();
  }

  renderToggle(): TemplateResult {
    const call = this.controller.current.call;
    const s = this.controller.strings;
    if (call && !call.captionsSupported) return html`<p class="note" data-kind="captions">${s.captionsUnsupported}</p>`;
    return html`<button
      part="captions-button"
      class="quiet"
      data-control="captions"
      aria-pressed=${this.wanted ? 'true' : 'false'}
      ?disabled=${!this.controller.answered}
      @click=${() => void this.toggle()}
    >
      <svg viewBox="0 0 24 24" aria-hidden="true">${captionsIcon}</svg><span>${s.captions}</span>
    </button>`;
  }

  render(): TemplateResult | typeof nothing {
    const s = this.controller.strings;
    if (this.error) return html`<p class="note" data-kind="captions" role="alert">${this.error}</p>`;
    if (!this.wanted) return nothing;
    const said = this.partial ? [...this.lines, this.partial] : this.lines;
    const last = this.lines.at(-1);
    return html`${this.translationNote ? html`<p class="note" data-kind="captions">${this.translationNote}</p>` : nothing}
    <div part="captions" class="captions" role="region" aria-label=${s.captions}>
      ${
        said.length
          ? said.map(
              (line) =>
                html`<p class=${line.final ? 'line' : 'line partial'}>${
                  line.speaker ? html`<span class="speaker">${line.speaker}:</span> ` : nothing
                }${line.text}</p>`,
            )
          : html`<p class="waiting">${this.active ? s.captionsWaiting : s.captionsStarting}</p>`
      }
    </div>
    <p class="visually-hidden" aria-live="polite">${last?.speaker ? `${last.speaker}: ${last.text}` : (last?.text ?? '')}</p>`;
  }

  /** Translation is a Teams Premium feature: without it the captions stay in the spoken language, and say so. */
  private async translate(language: string): Promise<void> {
    const call = this.controller.current.call;
    try {
      await call?.setCaptionLanguage(language);
    } catch {
      if (call !== this.controller.current.call) return;
      this.translationNote = this.controller.strings.captionsNotTranslated;
      const message = this.translationNote;
      this.controller.host.dispatchEvent(new TeamsCallErrorEvent({ code: 'captions-failed', message }));
      this.controller.host.requestUpdate();
    }
  }

  private async stop(): Promise<void> {
    this.partial = undefined;
    this.controller.host.requestUpdate();
    await this.controller.current.call?.stopCaptions().catch(() => undefined); // they end with the call anyway
  }
}

/**
 * The visitor's screen share (`screen-share`): "Share screen" in the panel once the call is answered, and while it runs
 * a "You are sharing your screen" bar with "Stop sharing", in the full panel, the minimised one and the docked bar. The
 * browser's own "Stop sharing" ends it the same way. Loaded with the call of a button that has `screen-share`.
 */
import { html, nothing, svg, type TemplateResult } from 'lit';
import type { CallController } from '../call/controller.js';
import { TeamsCallErrorEvent } from '../events.js';

const shareIcon = svg`<path d="M20 4H4a2 2 0 0 0-2 2v10a2 2 0 0 0 2 2h5v2H7v2h10v-2h-2v-2h5a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2zm0 12H4V6h16v10zm-8-9-4 4h3v3h2v-3h3l-4-4z"/>`;

export class ScreenShare {
  /** The visitor's screen is being shared, as the SDK last said. */
  active = false;
  /** The browser's picker is open, or a stop was asked for. */
  pending = false;
  error = '';

  constructor(private readonly controller: CallController) {}

  async toggle(): Promise<void> {
    const call = this.controller.current.call;
    if (!call || !this.controller.answered || this.pending) return;
    const starting = !this.active;
    this.error = '';
    this.pending = true;
    this.controller.host.requestUpdate();
    try {
      await (starting ? call.startScreenSharing() : call.stopScreenSharing());
    } catch {
      if (call === this.controller.current.call && starting) {
        this.error = this.controller.strings.screenShareFailed;
        this.controller.host.dispatchEvent(
          new TeamsCallErrorEvent({ code: 'screen-share-failed', message: this.error }),
        );
      }
    } finally {
      this.pending = false;
      this.controller.host.requestUpdate();
    }
  }

  onUpdate(active: boolean): void {
    this.active = active;
    this.controller.host.requestUpdate();
  }

  /** A transfer's new call does not carry the share: the visitor starts it again if they want. */
  reset(): void {
    this.active = false;
  }

  renderButton(): TemplateResult | typeof nothing {
    const call = this.controller.current.call;
    if (call && !call.screenSharingSupported) return nothing;
    return html`<button
      part="share-button"
      class="quiet"
      data-control="share"
      aria-pressed=${this.active ? 'true' : 'false'}
      ?disabled=${!this.controller.answered}
      aria-disabled=${this.pending ? 'true' : 'false'}
      @click=${() => void this.toggle()}
    >
      <svg viewBox="0 0 24 24" aria-hidden="true">${shareIcon}</svg><span>${this.controller.strings.shareScreen}</span>
    </button>`;
  }

  /** While sharing: the bar that says so, with its stop; else why the last share did not start. */
  renderBar(): TemplateResult | typeof nothing {
    const s = this.controller.strings;
    if (this.error) return html`<p class="note" data-kind="sharing" role="alert">${this.error}</p>`;
    if (!this.active) return nothing;
    return html`<div part="sharing" class="sharing" role="status">
      <span>${s.sharingScreen}</span>
      <button part="stop-sharing-button" data-control="stop-sharing" @click=${() => void this.toggle()}>
        ${s.stopSharing}
      </button>
    </div>`;
  }
}

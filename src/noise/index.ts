/**
 * Clean audio (`noise-suppression`): the browser's noise suppression and echo cancellation on the visitor's microphone,
 * through the SDK's audio effects, turned on as the call is answered where the browser has them, with a switch in the
 * devices menu. Loaded with the call of a button that has `noise-suppression`.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { CallController } from '../call/controller.js';
import { TeamsCallErrorEvent } from '../events.js';

export type NoiseSuppressionState = 'checking' | 'on' | 'off' | 'unsupported' | 'failed';

export class NoiseSuppression {
  state: NoiseSuppressionState = 'checking';

  constructor(private readonly controller: CallController) {}

  /** The call shown now was answered (or a transfer's new call was): give it what the visitor chose. */
  async apply(): Promise<void> {
    const call = this.controller.current.call;
    if (!call) return;
    const supported = await call.noiseSuppressionSupported().catch(() => false);
    if (call !== this.controller.current.call) return;
    if (!supported) return this.show('unsupported');
    if (this.state !== 'off') await this.change(true);
  }

  async toggle(): Promise<void> {
    await this.change(this.state !== 'on');
  }

  render(): TemplateResult {
    const s = this.controller.strings;
    if (this.state === 'unsupported') return html`<p class="note">${s.noiseSuppressionUnsupported}</p>`;
    return html`<label class="switch">
        <input
          type="checkbox"
          role="switch"
          data-control="noise-suppression"
          .checked=${this.state === 'on'}
          ?disabled=${this.state === 'checking'}
          @change=${() => void this.toggle()}
        />
        <span>${s.noiseSuppression}</span>
      </label>
      ${this.state === 'failed' ? html`<p class="note" role="alert">${s.noiseSuppressionFailed}</p>` : nothing}`;
  }

  private async change(on: boolean): Promise<void> {
    const call = this.controller.current.call;
    if (!call) return;
    try {
      await call.setNoiseSuppression(on);
      if (call === this.controller.current.call) this.show(on ? 'on' : 'off');
    } catch {
      if (call !== this.controller.current.call) return;
      this.show('failed');
      const message = this.controller.strings.noiseSuppressionFailed;
      this.controller.host.dispatchEvent(new TeamsCallErrorEvent({ code: 'noise-suppression-failed', message }));
    }
  }

  private show(state: NoiseSuppressionState): void {
    this.state = state;
    this.controller.host.requestUpdate();
  }
}

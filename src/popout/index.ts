/**
 * A call that survives browsing on (`pop-out`): "Pop out" moves the element, its call, notice and controls with it,
 * into a Document Picture-in-Picture window (Chrome and Edge), so the visitor can scroll and follow links inside the
 * site while talking; it comes back where it was when that window closes or the call ends. While the call is
 * connected, leaving the page asks first (`beforeunload`). Where Document PiP is missing, the button is not offered
 * and minimise remains. Loaded with the call of a button that has `pop-out`.
 */
import { html, nothing, svg, type TemplateResult } from 'lit';
import type { CallController } from '../call/controller.js';
import type { CallAttempt } from '../call/attempt.js';

interface DocumentPictureInPicture {
  requestWindow(options?: { width?: number; height?: number }): Promise<Window>;
}

const popOutIcon = svg`<path d="M14 3v2h3.6l-9.8 9.8 1.4 1.4L19 6.4V10h2V3h-7zm5 16H5V5h7V3H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2v-7h-2v7z"/>`;

/** The browser's Document Picture-in-Picture, in a top-level page that has it. */
function pictureInPicture(): DocumentPictureInPicture | undefined {
  return window === window.top
    ? (window as Window & { documentPictureInPicture?: DocumentPictureInPicture }).documentPictureInPicture
    : undefined;
}

export class PopOut {
  /** The window the call is in, while popped out. */
  private window?: Window;
  /** Where the element stood on the page, to come back to. */
  private placeholder?: HTMLElement;

  constructor(
    private readonly controller: CallController,
    attempt: CallAttempt,
  ) {
    // The call ends with its attempt: the element comes back to the page with how it ended.
    attempt.hold(() => this.close());
  }

  get open(): boolean {
    return this.window !== undefined;
  }

  /** Once the call is connected, leaving the page asks first: it would end the call. */
  connected(attempt: CallAttempt): void {
    const warn = (event: BeforeUnloadEvent) => {
      if (!this.controller.answered) return;
      event.preventDefault();
      event.returnValue = ''; // what older browsers need to ask
    };
    window.addEventListener('beforeunload', warn);
    attempt.hold(() => window.removeEventListener('beforeunload', warn));
  }

  async toggle(): Promise<void> {
    if (this.window) return this.close();
    const picture = pictureInPicture();
    if (!picture) return;
    const host = this.controller.host;
    const popped = await picture.requestWindow({ width: 400, height: 560 });
    if (!this.controller.underway) return popped.close();
    const placeholder = document.createElement('span');
    placeholder.hidden = true;
    host.before(placeholder);
    // Before the move, so that this runs first: the element's own listener (which ends the call with a window that
    // disappears) goes with the move back.
    popped.addEventListener('pagehide', this.bringBack, { once: true });
    popped.document.body.append(host);
    this.window = popped;
    this.placeholder = placeholder;
    this.controller.host.requestUpdate();
  }

  renderButton(): TemplateResult | typeof nothing {
    if (!pictureInPicture()) return nothing;
    const s = this.controller.strings;
    return html`<button
      part="pop-out-button"
      class="quiet"
      data-control="pop-out"
      aria-label=${this.window ? s.popIn : s.popOut}
      @click=${() => void this.toggle()}
    >
      <svg viewBox="0 0 24 24" aria-hidden="true">${popOutIcon}</svg>
    </button>`;
  }

  private close(): void {
    const popped = this.window;
    this.bringBack();
    popped?.close();
  }

  /** Puts the element back where it stood: a move, so its call goes on. */
  private readonly bringBack = (): void => {
    const { placeholder } = this;
    this.window = undefined;
    this.placeholder = undefined;
    if (!placeholder) return;
    placeholder.replaceWith(this.controller.host);
    this.controller.host.requestUpdate();
  };
}

/**
 * "Request a callback": when a call cannot happen, a short form whose request goes to `callback-url` (the server's
 * `createCallbackHandler`). Name; a phone number or an e-mail address; when suits; what it is about; and the visitor's
 * consent to be contacted. Each opened form has one `requestId`, so that sending it again never makes a second request.
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import { spread } from '../events.js';
import { format } from '../i18n/button.js';
import { focusWhenRendered, type RenderedHost } from './focus.js';
import type { statusStrings } from './texts.js';

export interface CallbackRequestedDetail {
  /** The request's ID, as the server's destination received it. Nothing the visitor typed is in the event. */
  requestId: string;
  /** Why the call did not happen. */
  reason: CallbackReason;
}

/** A callback request reached the server. */
export class TeamsCallCallbackRequestedEvent extends CustomEvent<CallbackRequestedDetail> {
  constructor(detail: CallbackRequestedDetail) {
    super('teams-call-callback-requested', { ...spread, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'teams-call-callback-requested': TeamsCallCallbackRequestedEvent;
  }
}

export type CallbackReason = 'closed' | 'unavailable' | 'declined' | 'no-answer';
type Texts = typeof statusStrings & { expertFallback: string };
type Field = 'name' | 'contact' | 'consent';

const REQUEST_TIMEOUT_MS = 15_000;

/** Constructable, so that a strict Content-Security-Policy holds. */
export const callbackStyles = css`
  .callback-form {
    display: grid;
    gap: 0.6em;
    max-width: 24em;
    margin-block-start: 0.5em;
  }
  .callback-form label {
    display: grid;
    gap: 0.2em;
  }
  .callback-form input:not([type='checkbox']),
  .callback-form textarea {
    font: inherit;
    padding: 0.4em 0.5em;
    border: 1px solid currentColor;
    border-radius: var(--_radius);
    background: Canvas;
    color: CanvasText;
  }
  .callback-form .check {
    display: flex;
    align-items: start;
    gap: 0.5em;
  }
  .callback-form [aria-invalid='true'] {
    outline: 2px solid #d13438;
  }
  .callback-form .problem {
    color: inherit;
    font-weight: 600;
  }
  .callback-form .actions {
    display: flex;
    gap: 0.5em;
    flex-wrap: wrap;
  }
  .callback-offer,
  .callback-form .actions button {
    border: 1px solid currentColor;
    padding: 0.4em 0.9em;
    font-weight: 600;
    min-height: 2.75em;
  }
  .callback-form input:focus-visible,
  .callback-form textarea:focus-visible {
    outline: 3px solid var(--_focus);
  }
`;

/** Sends a request to the page's callback endpoint (`callback-url`, `intake-url`): JSON, answered in JSON. */
export function postToCallbackEndpoint(url: string, body: object, signal: AbortSignal): Promise<Response> {
  return fetch(new URL(url, document.baseURI), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
}

export class CallbackForm {
  #open = false;
  #sending = false;
  #sent = false;
  #requestId = '';
  #problems: Partial<Record<Field, string>> = {};
  #failure = '';
  #reason: CallbackReason = 'unavailable';

  constructor(
    private readonly host: RenderedHost & { calleeName?: string },
    private readonly update: () => void,
  ) {}

  /** The offer (while a call cannot happen, for `reason`), the open form, or the confirmation. */
  render(texts: Texts, reason: CallbackReason | undefined): TemplateResult | typeof nothing {
    const url = this.host.getAttribute('callback-url');
    if (!url || (!reason && !this.#open && !this.#sent)) return nothing;
    const name = this.host.calleeName?.trim() || texts.expertFallback;
    if (this.#sent) {
      return html`<p part="callback-sent" class="message" role="status">${format(texts.callbackSent, { name })}</p>`;
    }
    if (!this.#open) {
      return html`<button
        part="callback-button"
        class="callback-offer"
        type="button"
        @click=${() => this.#show(reason!)}
      >
        ${texts.callbackOffer}
      </button>`;
    }
    const problem = (field: Field) =>
      this.#problems[field]
        ? html`<span id="callback-${field}-problem" class="problem">${this.#problems[field]}</span>`
        : nothing;
    const invalid = (field: Field) => (this.#problems[field] ? 'true' : 'false');
    const describedBy = (field: Field) => (this.#problems[field] ? `callback-${field}-problem` : nothing);
    return html`<form
      part="callback"
      class="callback-form message"
      novalidate
      aria-labelledby="callback-title"
      @submit=${(event: SubmitEvent) => this.#submit(event, url, texts)}
    >
      <strong id="callback-title">${format(texts.callbackTitle, { name })}</strong>
      <label
        >${texts.callbackName}
        <input
          name="name"
          autocomplete="name"
          maxlength="100"
          required
          aria-invalid=${invalid('name')}
          aria-describedby=${describedBy('name')}
          data-autofocus
        />${problem('name')}</label
      >
      <label
        >${texts.callbackPhone}
        <input
          name="phone"
          type="tel"
          autocomplete="tel"
          maxlength="32"
          aria-invalid=${invalid('contact')}
          aria-describedby=${describedBy('contact')}
      /></label>
      <label
        >${texts.callbackEmail}
        <input
          name="email"
          type="email"
          autocomplete="email"
          maxlength="254"
          aria-invalid=${invalid('contact')}
          aria-describedby=${describedBy('contact')}
        />${problem('contact')}</label
      >
      <label>${texts.callbackTime} <input name="preferredTime" maxlength="100" /></label>
      <label>${texts.callbackMessage} <textarea name="message" maxlength="1000" rows="3"></textarea></label>
      <label class="check"
        ><input
          name="consent"
          type="checkbox"
          required
          aria-invalid=${invalid('consent')}
          aria-describedby=${describedBy('consent')}
        /><span>${texts.callbackConsent} ${problem('consent')}</span></label
      >
      <p class="problem" role="alert" ?hidden=${!this.#failure}>${this.#failure}</p>
      <div class="actions">
        <button part="callback-send" type="submit" ?disabled=${this.#sending} aria-busy=${String(this.#sending)}>
          ${texts.callbackSend}
        </button>
        <button part="callback-cancel" type="button" @click=${() => this.#close()}>${texts.callbackCancel}</button>
      </div>
    </form>`;
  }

  /** A new chance to call (the expert is available, or the hours open) takes the offer away. */
  reset(): void {
    this.#open = this.#sent = false;
    this.update();
  }

  #show(reason: CallbackReason): void {
    this.#reason = reason;
    this.#open = true;
    this.#requestId = crypto.randomUUID();
    this.#problems = {};
    this.#failure = '';
    this.update();
    focusWhenRendered(this.host, 'input[name="name"]');
  }

  #close(): void {
    this.#open = false;
    this.update();
    focusWhenRendered(this.host, '.callback-offer');
  }

  async #submit(event: SubmitEvent, url: string, texts: Texts): Promise<void> {
    event.preventDefault();
    if (this.#sending) return;
    const form = event.currentTarget as HTMLFormElement;
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value.trim();
    const phone = value('phone');
    const email = value('email');
    const emailField = form.elements.namedItem('email') as HTMLInputElement;
    this.#problems = {
      ...(!value('name') && { name: texts.callbackNeedName }),
      ...(((!phone && !email) ||
        (phone && !/^\+?[0-9][0-9 ()./-]{4,31}$/.test(phone)) ||
        !emailField.validity.valid) && {
        contact: texts.callbackNeedContact,
      }),
      ...(!(form.elements.namedItem('consent') as HTMLInputElement).checked && { consent: texts.callbackNeedConsent }),
    };
    this.#failure = '';
    if (Object.keys(this.#problems).length > 0) {
      this.update();
      focusWhenRendered(this.host, `[aria-invalid="true"]`);
      return;
    }
    this.#sending = true;
    this.update();
    try {
      const response = await postToCallbackEndpoint(
        url,
        {
          requestId: this.#requestId,
          name: value('name'),
          ...(phone && { phone }),
          ...(email && { email }),
          ...(value('preferredTime') && { preferredTime: value('preferredTime') }),
          ...(value('message') && { message: value('message') }),
          ...(this.host.calleeName?.trim() && { expertName: this.host.calleeName.trim() }),
          reason: this.#reason,
          consent: true,
        },
        AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      );
      if (response.ok) {
        this.#sent = true;
        this.host.dispatchEvent(
          new TeamsCallCallbackRequestedEvent({ requestId: this.#requestId, reason: this.#reason }),
        );
      } else if (response.status === 429) {
        const seconds = Math.max(1, Number(response.headers.get('Retry-After')) || 60);
        this.#failure = format(texts.callbackBusy, { seconds });
      } else {
        const { field } = ((await response.json().catch(() => ({}))) ?? {}) as { field?: string };
        const mapped: Field | undefined =
          field === 'name' ? 'name' : field === 'phone' || field === 'email' ? 'contact' : undefined;
        if (response.status === 400 && mapped) {
          this.#problems = {
            [mapped]: mapped === 'name' ? texts.callbackNeedName : texts.callbackNeedContact,
          };
        } else this.#failure = texts.callbackFailed;
      }
    } catch {
      this.#failure = texts.callbackFailed;
    } finally {
      this.#sending = false;
      this.update();
    }
  }
}

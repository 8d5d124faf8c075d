/**
 * Context before the call (`intake="name topic"`): a click first asks the visitor's name, what the call is about, or
 * both, and the page's own fields in the `intake` slot. The name is how the Teams user sees the caller; the topic
 * travels with the invitation, comes in `teams-call-intake`, and, with `intake-url`, reaches the expert as a card
 * ("Anna is calling about billing") once their phone rings. Nothing is kept beyond the page: the form is filled again
 * with the last answers for the next call.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { spread } from '../events.js';
import { format } from '../i18n/button.js';
import type { Intake } from '../call/config.js';
import { postToCallbackEndpoint } from './callback-form.js';
import { focusWhenRendered } from './focus.js';
import type { statusStrings } from './texts.js';

export interface IntakeDetail {
  /** What the visitor said the call is about, if asked. */
  topic?: string;
  /** Whether the visitor gave a name (the name itself is not in the event). */
  named: boolean;
}

/**
 * The visitor filled in the intake and the call is about to start. Cancelable: `preventDefault()` keeps the form open
 * and calls no one (for a page that checks its own fields).
 */
export class TeamsCallIntakeEvent extends CustomEvent<IntakeDetail> {
  constructor(detail: IntakeDetail) {
    super('teams-call-intake', { ...spread, cancelable: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'teams-call-intake': TeamsCallIntakeEvent;
  }
}

type Texts = typeof statusStrings & { expertFallback: string; callbackName: string; callbackNeedName: string };
type Field = 'name' | 'topic';
const FIELDS: readonly Field[] = ['name', 'topic'];
/** The SDK refuses a longer display name. */
const MAX_NAME_LENGTH = 256;
/** Short enough for a card's line and a VoIP header. */
const MAX_TOPIC_LENGTH = 100;
const CONTROLS = 'input, select, textarea';

export class IntakeForm {
  #open = false;
  /** The answers for the next call, once the visitor has sent the form. */
  #given?: Intake;
  /** The last answers, to fill the form again. */
  #last: Intake = {};
  #problems: Partial<Record<Field, string>> = {};
  #warned = '';

  constructor(
    private readonly host: HTMLElement & {
      calleeName?: string;
      call(): Promise<void>;
      updateComplete: Promise<unknown>;
    },
    private readonly update: () => void,
  ) {}

  /** The built-in fields `intake` asks for; an unknown word is reported once and ignored. */
  get #fields(): Field[] {
    const words = (this.host.getAttribute('intake') ?? '').split(/\s+/).filter(Boolean);
    const unknown = words.filter((word) => !FIELDS.includes(word as Field));
    if (unknown.length && this.#warned !== unknown.join()) {
      this.#warned = unknown.join();
      console.error(`<${this.host.localName}>: intake takes "name" and "topic"; "${unknown.join('", "')}" is ignored.`);
    }
    return FIELDS.filter((field) => words.includes(field));
  }

  /** The page's own fields, in the `intake` slot. */
  get #slotted(): Element | null {
    return this.host.querySelector(':scope > [slot="intake"]');
  }

  /** Whether a click must first show the form: an intake is asked for and not yet given for this call. */
  pending(): boolean {
    return this.host.hasAttribute('intake') && !this.#given;
  }

  /** Opens the form (or moves the visitor back into it), with the focus on its first field. */
  show(): void {
    this.#open = true;
    this.update();
    const slotted = this.#slotted;
    const own = slotted?.matches(CONTROLS) ? slotted : slotted?.querySelector(CONTROLS);
    if (own) void this.host.updateComplete.then(() => (own as HTMLElement).focus());
    else focusWhenRendered(this.host, '[part="intake"] input, [part="intake-call"]');
  }

  /** The answers for the call that starts now; the next call asks again. */
  take(): Intake | undefined {
    const given = this.#given;
    this.#given = undefined;
    return given;
  }

  render(texts: Texts): TemplateResult | typeof nothing {
    if (!this.#open) return nothing;
    const name = this.host.calleeName?.trim() || texts.expertFallback;
    const fields = this.#fields;
    const field = (which: Field, label: string, max: number, autocomplete: string) => {
      const problem = this.#problems[which];
      return html`<label
        >${label}
        <input
          name=${which}
          autocomplete=${autocomplete}
          maxlength=${max}
          required
          .value=${this.#last[which] ?? ''}
          aria-invalid=${problem ? 'true' : 'false'}
          aria-describedby=${problem ? `intake-${which}-problem` : nothing}
        />${problem ? html`<span id="intake-${which}-problem" class="problem">${problem}</span>` : nothing}</label
      >`;
    };
    return html`<form
      part="intake"
      class="callback-form message"
      novalidate
      aria-labelledby="intake-title"
      aria-describedby="intake-shared"
      @submit=${(event: SubmitEvent) => this.#submit(event, texts)}
      @keydown=${(event: KeyboardEvent) => event.key === 'Escape' && this.#close()}
    >
      <strong id="intake-title">${format(texts.intakeTitle, { name })}</strong>
      <slot name="intake"></slot>
      ${fields.includes('name') ? field('name', texts.callbackName, MAX_NAME_LENGTH, 'name') : nothing}
      ${fields.includes('topic') ? field('topic', texts.intakeTopic, MAX_TOPIC_LENGTH, 'off') : nothing}
      <p id="intake-shared">${format(texts.intakeShared, { name })}</p>
      <div class="actions">
        <button part="intake-call" type="submit">${format(texts.intakeCall, { name })}</button>
        <button part="intake-cancel" type="button" @click=${() => this.#close()}>${texts.callbackCancel}</button>
      </div>
    </form>`;
  }

  #submit(event: SubmitEvent, texts: Texts): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    // The page's own fields named `name` or `topic` stand in for the built-in ones.
    const slotted = this.#slotted;
    const control = (which: Field) =>
      (slotted?.matches(`[name="${which}"]`) ? slotted : slotted?.querySelector(`[name="${which}"]`)) ??
      (form.elements.namedItem(which) as HTMLInputElement | null);
    const value = (which: Field) => (control(which) as HTMLInputElement | null)?.value.trim() || undefined;
    const intake: Intake = { name: value('name'), topic: value('topic') };
    this.#last = intake;
    this.#problems = {
      ...(this.#fields.includes('name') && !intake.name && { name: texts.callbackNeedName }),
      ...(this.#fields.includes('topic') && !intake.topic && { topic: texts.intakeNeedTopic }),
    };
    const invalidOwn = [...(slotted?.querySelectorAll(CONTROLS) ?? [])].find(
      (own) => !(own as HTMLInputElement).checkValidity(),
    );
    if (Object.keys(this.#problems).length || invalidOwn) {
      this.update();
      if (invalidOwn) (invalidOwn as HTMLInputElement).reportValidity();
      else focusWhenRendered(this.host, '[aria-invalid="true"]');
      return;
    }
    const detail: IntakeDetail = { ...(intake.topic && { topic: intake.topic }), named: Boolean(intake.name) };
    if (!this.host.dispatchEvent(new TeamsCallIntakeEvent(detail))) return;
    this.#given = intake;
    this.#open = false;
    this.update();
    // Still in the visitor's gesture: the call starts from the submit, as from the button.
    void this.host.call();
  }

  #close(): void {
    this.#open = false;
    this.#problems = {};
    this.update();
    focusWhenRendered(this.host, '.trigger');
  }
}

/**
 * Tells the expert who is calling and why, through the page's server (`intake-url`, the callback endpoint), once the
 * call rings; once per call, whatever the retries.
 */
export async function announceCall(
  url: string,
  intake: Intake,
  expertName: string,
  signal: AbortSignal,
): Promise<void> {
  const announcement = {
    kind: 'calling',
    requestId: crypto.randomUUID(),
    ...(intake.name && { name: intake.name }),
    ...(intake.topic && { topic: intake.topic }),
    ...(expertName && { expertName }),
  };
  const response = await postToCallbackEndpoint(url, announcement, signal);
  await response.body?.cancel();
  if (!response.ok) throw new Error(`the server answered ${response.status}`);
}

/**
 * What a button says before the click about its expert: their Teams availability, from the page's own server
 * (`availability-url`, see `createPresenceHandler`), and the opening hours (`hours`, `time-zone`, `closed-dates`); and
 * the forms around a call that go under the button: the callback request, the intake and the rating. Loaded only by a
 * button with `availability-url`, `hours`, `callback-url`, `intake` or `survey`; it follows the attributes as they
 * change.
 *
 * Availability is asked again every `refreshSeconds` the server gives, and only while the button is on screen and the
 * page visible. Outside the hours, a click does not call; with `availability-policy="hold"`, nor does it while the
 * expert is Busy, in Do Not Disturb or Offline: the button says why, and shows the page's `unavailable` content.
 */
import { html, nothing, svg, type ReactiveController } from 'lit';
import { spread, TeamsCallErrorEvent } from '../events.js';
import type { Intake } from '../call/config.js';
import { buttonStrings, format } from '../i18n/button.js';
import type { TeamsCallButton } from '../teams-call-button.js';
import { CallbackForm, callbackStyles, type CallbackReason } from './callback-form.js';
import { describeOpening, openingState, readSchedule, type OpeningState, type Schedule } from './hours.js';
import { announceCall, IntakeForm } from './intake.js';
import { CallSurvey } from './survey.js';
import { statusStrings } from './texts.js';

export type Availability =
  'Available' | 'Busy' | 'DoNotDisturb' | 'Away' | 'BeRightBack' | 'Offline' | 'PresenceUnknown';

export interface AvailabilityDetail {
  /** The expert's Teams availability, once `availability-url` has told it; absent when unknown. */
  availability?: Availability;
  /** Whether it is within the opening hours; absent without `hours`. */
  open?: boolean;
  /** When the hours next open, while they are closed. */
  opensAt?: Date;
  /** Whether a click calls now. */
  callable: boolean;
}

/** The expert's availability or the opening hours changed what the button says, or whether a click calls. */
export class TeamsCallAvailabilityChangeEvent extends CustomEvent<AvailabilityDetail> {
  constructor(detail: AvailabilityDetail) {
    super('teams-call-availability-change', { ...spread, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'teams-call-availability-change': TeamsCallAvailabilityChangeEvent;
  }
}

const WATCHED = ['availability-url', 'availability-policy', 'hours', 'time-zone', 'closed-dates', 'teams-user-id'];
/** Call endings after which a callback is offered. */
const UNREACHED: readonly string[] = ['declined', 'no-answer', 'unavailable'];
/** With `availability-policy="hold"`, these hold the call. */
const HOLDING: readonly string[] = ['Busy', 'DoNotDisturb', 'Offline'];
const SHOWN: Record<Availability, [text: keyof typeof statusStrings, colour: string] | undefined> = {
  Available: ['statusAvailable', '#13a10e'],
  Busy: ['statusBusy', '#d13438'],
  DoNotDisturb: ['statusDoNotDisturb', '#d13438'],
  Away: ['statusAway', '#eaa300'],
  BeRightBack: ['statusBeRightBack', '#eaa300'],
  Offline: ['statusOffline', '#8a8886'],
  PresenceUnknown: undefined,
};
const CLOSED_COLOUR = '#8a8886';
const DEFAULT_REFRESH_SECONDS = 30;
const MIN_REFRESH_SECONDS = 10;
const REQUEST_TIMEOUT_MS = 10_000;
/** The call states at which the expert's phone rings (or a voice app has answered): the intake's card goes then. */
const RINGING: readonly string[] = ['ringing', 'connected'];
/** The hours are looked at again at least this often, so that "tomorrow" becomes "today" after midnight. */
const HOURS_RECHECK_MS = 15 * 60_000;

export class ButtonStatus implements ReactiveController {
  #availability?: Availability;
  #schedule?: Schedule;
  #opening?: OpeningState;
  /** The visitor clicked while the call was held: the button says why until it can call again. */
  #held = false;
  #checkedAt = 0;
  #refreshSeconds = DEFAULT_REFRESH_SECONDS;
  #pollTimer?: ReturnType<typeof setTimeout>;
  #hoursTimer?: ReturnType<typeof setTimeout>;
  #request?: AbortController;
  #onScreen = false;
  #lastDetail = JSON.stringify({ callable: true });
  #warnedOfVoiceApp = false;
  #attributes = new MutationObserver(() => this.#configure());
  #screen?: IntersectionObserver;
  /** Why the last call did not reach the expert, while the button offers a callback for it. */
  #unreached?: CallbackReason;
  #callback: CallbackForm;
  #intake: IntakeForm;
  #survey: CallSurvey;
  /** The call under way, or the last one, was answered: it may be rated. */
  #callConnected = false;
  /** The intake of the call under way, until its card has been sent to `intake-url`. */
  #announcement?: Intake;
  #announcing?: AbortController;

  constructor(private readonly host: TeamsCallButton) {
    this.#callback = new CallbackForm(host, () => host.requestUpdate());
    this.#intake = new IntakeForm(host, () => host.requestUpdate());
    this.#survey = new CallSurvey(host, () => host.requestUpdate());
    host.addController(this);
  }

  hostConnected(): void {
    this.#attributes.observe(this.host, { attributeFilter: WATCHED });
    this.#screen = new IntersectionObserver((entries) => {
      this.#onScreen = entries.some((entry) => entry.isIntersecting);
      this.#wake();
    });
    this.#screen.observe(this.host);
    document.addEventListener('visibilitychange', this.#wake);
    this.host.addEventListener('teams-call-ended', this.#onCallEnded);
    this.host.addEventListener('teams-call-state-change', this.#onStateChange);
    this.#configure();
  }

  /** The form's styles join the shadow root's, again after the element sets its own (when the call UI loads). */
  hostUpdated(): void {
    const root = this.host.shadowRoot;
    const sheet = callbackStyles.styleSheet;
    if (root && sheet && !root.adoptedStyleSheets.includes(sheet)) {
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    }
  }

  hostDisconnected(): void {
    this.#attributes.disconnect();
    this.#screen?.disconnect();
    document.removeEventListener('visibilitychange', this.#wake);
    this.host.removeEventListener('teams-call-ended', this.#onCallEnded);
    this.host.removeEventListener('teams-call-state-change', this.#onStateChange);
    this.#announcing?.abort();
    this.#stop();
  }

  #onCallEnded = (event: GlobalEventHandlersEventMap['teams-call-ended']): void => {
    if (UNREACHED.includes(event.detail.reason)) this.#unreached = event.detail.reason as CallbackReason;
    this.#survey.offer(event.detail.callId, this.#callConnected);
  };

  /** A new call takes the last one's offer away; a call that rings sends its intake's card. */
  #onStateChange = (event: GlobalEventHandlersEventMap['teams-call-state-change']): void => {
    const { state } = event.detail;
    if (state === 'connected') this.#callConnected = true;
    if (state === 'preparing') {
      this.#callConnected = false;
      this.#unreached = undefined;
      this.#callback.reset();
      this.#survey.reset();
    }
    if (RINGING.includes(state)) this.#announce();
    else if (state === 'ended' || state === 'failed') this.#announcement = undefined;
  };

  /** The button's and the status's texts in the element's language. */
  get #strings() {
    return { ...buttonStrings, ...statusStrings, ...this.host.textOverrides };
  }

  /**
   * Whether a click must not call now: outside the hours or held by the availability (the button says why), or the
   * intake is still to be filled in (the form opens).
   */
  holds(): boolean {
    if (!this.#callable()) {
      this.#held = true;
      this.host.requestUpdate();
      return true;
    }
    if (!this.#intake.pending()) return false;
    this.#intake.show();
    return true;
  }

  /** The visitor's answers for the call that starts now; their card waits for the ring. */
  takeIntake(): Intake | undefined {
    const intake = this.#intake.take();
    this.#announcement = intake && this.host.getAttribute('intake-url') ? intake : undefined;
    return intake;
  }

  #announce(): void {
    const intake = this.#announcement;
    const url = this.host.getAttribute('intake-url');
    this.#announcement = undefined;
    if (!intake || !url) return;
    const request = (this.#announcing = new AbortController());
    const timeout = setTimeout(() => request.abort(), REQUEST_TIMEOUT_MS);
    const expertName = this.host.calleeName?.trim() ?? '';
    announceCall(url, intake, expertName, request.signal)
      .catch((error: unknown) => {
        if (this.#announcing !== request) return; // the button left the page
        const strings = this.#strings;
        const message = format(strings.intakeNotDelivered, { name: expertName || strings.expertFallback });
        console.warn(`<${this.host.localName}>: ${message} (${(error as Error).message})`);
        this.host.dispatchEvent(new TeamsCallErrorEvent({ code: 'intake-not-delivered', message }));
      })
      .finally(() => {
        clearTimeout(timeout);
        if (this.#announcing === request) this.#announcing = undefined;
      });
  }

  render() {
    const strings = this.#strings;
    const opening = this.#opening;
    const closed = opening?.open === false;
    const shown = this.#availability && SHOWN[this.#availability];
    let text = '';
    if (closed && opening.opensAt) {
      const { day, weekday, time } = describeOpening(opening.opensAt, new Date(), this.host.language);
      const template = day === 'today' ? strings.backToday : day === 'tomorrow' ? strings.backTomorrow : strings.backOn;
      text = format(template, { day: weekday, time });
    } else if (closed) text = strings.closedNow;
    else if (shown) text = strings[shown[0]];
    const name = this.host.calleeName?.trim() || strings.expertFallback;
    const held = this.#held ? format(closed ? strings.heldClosed : strings.heldBusy, { name }) : '';
    const fallback = this.#held && this.host.querySelector(':scope > [slot="unavailable"]');
    const offerFor: CallbackReason | undefined = this.#held ? (closed ? 'closed' : 'unavailable') : this.#unreached;
    return html`${
      text
        ? html`<p id="availability" part="availability" class="message" data-availability=${closed ? 'closed' : this.#availability}>
            <svg viewBox="0 0 24 24" aria-hidden="true">${svg`<circle cx="12" cy="15" r="5" fill=${
              closed ? CLOSED_COLOUR : shown![1]
            } />`}</svg>${text}
          </p>`
        : nothing
    }
      <p part="held" class="message" aria-live="polite" ?hidden=${!held}>${held}</p>
      ${fallback ? html`<div part="unavailable" class="message"><slot name="unavailable"></slot></div>` : nothing}
      ${this.#survey.render(strings)} ${this.#intake.render(strings)} ${this.#callback.render(strings, offerFor)}`;
  }

  /** Reads the attributes again: any change starts over. */
  #configure(): void {
    this.#stop();
    const hours = this.host.getAttribute('hours');
    this.#schedule = undefined;
    if (hours) {
      try {
        const zone = this.host.getAttribute('time-zone') || Intl.DateTimeFormat().resolvedOptions().timeZone;
        this.#schedule = readSchedule(hours, zone, this.host.getAttribute('closed-dates') ?? '');
      } catch (error) {
        console.error(`<${this.host.localName}>: ${(error as Error).message}`);
      }
    }
    this.#availability = undefined;
    this.#checkedAt = 0;
    this.#checkHours();
    this.#wake();
  }

  #stop(): void {
    clearTimeout(this.#pollTimer);
    clearTimeout(this.#hoursTimer);
    this.#request?.abort();
    this.#request = undefined;
  }

  /** Asks for the availability when it is due and the button can be seen; otherwise waits. */
  #wake = (): void => {
    clearTimeout(this.#pollTimer);
    if (!this.#onScreen || document.visibilityState !== 'visible') return;
    const due = this.#checkedAt + this.#refreshSeconds * 1000 - Date.now();
    if (due > 0) this.#pollTimer = setTimeout(this.#wake, due);
    else void this.#refresh();
  };

  async #refresh(): Promise<void> {
    const url = this.host.getAttribute('availability-url');
    const user = this.host.getAttribute('teams-user-id')?.trim().toLowerCase();
    if (!url || this.#request) return;
    if (!user) {
      if (this.host.getAttribute('teams-app-id') && !this.#warnedOfVoiceApp) {
        this.#warnedOfVoiceApp = true;
        console.warn(`<${this.host.localName}>: availability-url is ignored: a Teams voice app has no presence.`);
      }
      return;
    }
    const request = (this.#request = new AbortController());
    const timeout = setTimeout(() => request.abort(), REQUEST_TIMEOUT_MS);
    let availability: Availability | undefined;
    try {
      const target = new URL(url, document.baseURI);
      target.searchParams.set('users', user);
      const response = await fetch(target, { signal: request.signal, headers: { Accept: 'application/json' } });
      if (response.ok) {
        const body = (await response.json()) as { availability?: Record<string, unknown>; refreshSeconds?: unknown };
        const value = body.availability?.[user];
        availability = typeof value === 'string' && value in SHOWN ? (value as Availability) : undefined;
        this.#refreshSeconds = Math.max(Number(body.refreshSeconds) || DEFAULT_REFRESH_SECONDS, MIN_REFRESH_SECONDS);
      }
    } catch {
      // Unknown until the next try: the button then shows no availability rather than an old one.
    } finally {
      clearTimeout(timeout);
    }
    if (this.#request !== request) return; // the attributes changed meanwhile, or the button left
    this.#request = undefined;
    this.#checkedAt = Date.now();
    this.#availability = availability;
    this.#changed();
    this.#wake();
  }

  #checkHours(): void {
    clearTimeout(this.#hoursTimer);
    const now = new Date();
    this.#opening = this.#schedule && openingState(this.#schedule, now);
    if (this.#opening) {
      const next = this.#opening.open ? this.#opening.closesAt : this.#opening.opensAt;
      const wait = next ? Math.min(next.getTime() - now.getTime(), HOURS_RECHECK_MS) : HOURS_RECHECK_MS;
      this.#hoursTimer = setTimeout(() => this.#checkHours(), Math.max(wait, 0));
    }
    this.#changed();
  }

  #callable(): boolean {
    if (this.#opening?.open === false) return false;
    const holdsWhenAway = this.host.getAttribute('availability-policy') === 'hold';
    return !(holdsWhenAway && this.#availability && HOLDING.includes(this.#availability));
  }

  /** Re-renders, and tells the page when what the button says, or whether it calls, has changed. */
  #changed(): void {
    const callable = this.#callable();
    if (callable) this.#held = false;
    const opening = this.#opening;
    const detail: AvailabilityDetail = {
      ...(this.#availability && { availability: this.#availability }),
      ...(opening && { open: opening.open }),
      ...(opening && !opening.open && opening.opensAt && { opensAt: opening.opensAt }),
      callable,
    };
    const key = JSON.stringify(detail);
    if (key !== this.#lastDetail) {
      this.#lastDetail = key;
      this.host.dispatchEvent(new TeamsCallAvailabilityChangeEvent(detail));
    }
    this.host.requestUpdate();
  }
}

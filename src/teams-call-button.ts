import { adoptStyles, html, LitElement, nothing, svg, type CSSResult, type PropertyValues } from 'lit';
import { loadAcsSdk } from './backends/acs-loader.js';
import { simulationBadge } from './badge.js';
import { activeCall } from './active-call.js';
import type { CallController } from './call/controller.js';
import type { CallState } from './call-states.js';
import type { CallingSdkLoader, TeamsCloud } from './backends/calling.js';
import { within } from './deadline.js';
import { TeamsCallErrorEvent, TeamsCallStateChangeEvent } from './events.js';
import type { Strings } from './i18n/strings.js';
import { buttonStrings, format } from './i18n/button.js';
import { hostStyles } from './teams-call-button.styles.js';
import type { TokenProvider } from './call/token.js';

type CallModule = typeof import('./call/index.js');
type PanelModule = typeof import('./panel/panel.js');
type VideoModule = typeof import('./panel/video.js');
type PanelToggles = import('./panel/panel.js').PanelToggles;
type ButtonStatus = import('./status/index.js').ButtonStatus;

export { loadAcsSdk };

const phoneIcon = svg`<path d="M6.6 10.8a15 15 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.24c1.1.37 2.3.57 3.6.57a1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z"/>`;

/**
 * Elements that follow a `lang` set or changed on an ancestor after they connected: one observer for the whole page.
 */
const languageWatch = new (class extends Set<TeamsCallButton> {
  #observer?: MutationObserver;
  override add(el: TeamsCallButton): this {
    this.#observer ??= new MutationObserver(() =>
      this.forEach((each) => each.attributeChangedCallback('lang', null, each.lang)),
    );
    if (!this.size) this.#observer.observe(document.documentElement, { attributeFilter: ['lang'], subtree: true });
    return super.add(el);
  }
  override delete(el: TeamsCallButton): boolean {
    const deleted = super.delete(el);
    if (!this.size) this.#observer?.disconnect();
    return deleted;
  }
})();

/** Each call opens on the full panel, with its menus closed. */
const CLOSED_TOGGLES: PanelToggles = {};

/**
 * A button that calls a Microsoft Teams user (or a Teams voice app) from any web page, through
 * Azure Communication Services, and runs the whole call in its own shadow DOM.
 *
 * @summary "Call an expert": rings a real person in Microsoft Teams.
 * @tagname teams-call-button
 *
 * @attr {'light' | 'dark' | 'auto'} theme - The color scheme: none takes the page's (`color-scheme`, and its text
 *   colour for the message under the button); `light` or `dark` forces one; `auto` follows the visitor's system setting.
 * @attr lang - The element's language; without it, the nearest `[lang]` around it, else the browser's.
 * @attr availability-url - The availability endpoint of your server (`createPresenceHandler`): the button shows the
 *   expert's Teams availability ("Available", "In a call", "Away"…), asked again while it is on screen. Not for
 *   `teams-app-id`: voice apps have no presence.
 * @attr {'inform' | 'hold'} availability-policy - `inform` (the default) shows the availability and lets a click call;
 *   `hold` does not call while the expert is Busy, in Do Not Disturb or Offline, and says so.
 * @attr hours - Opening hours, as `Mo-Fr 09:00-17:30; Sa 10:00-13:00` (split shifts `09:00-12:00,13:00-17:00`, past
 *   midnight `22:00-02:00`, `We off`). Outside them the button says when the expert is back, on the visitor's clock, and
 *   a click does not call.
 * @attr time-zone - The expert's time zone for `hours`, an IANA name such as `Europe/Amsterdam`; the visitor's if absent.
 * @attr closed-dates - Dates without opening hours, on the expert's calendar: `2026-12-24,2026-12-25`.
 * @attr callback-url - The callback endpoint of your server (`createCallbackHandler`): when a call cannot happen
 *   (outside the hours, held by `availability-policy`, declined, not answered, unavailable) the button offers "Request a
 *   callback", a short form whose request is sent there.
 * @attr {'auto' | 'never'} dock - While a call is under way and its panel has scrolled out of view, a compact bar docked
 *   to the viewport's bottom inline-end corner keeps who, the state or timer, the recording notice, mute, hang up and
 *   "Back to the call" in sight (`auto`, the default); `never` for a page with its own call bar.
 * @attr survey - After a call that connected: "How was your call?", five scores (4 or 5 sent at once, a lower one asks
 *   what went wrong), sent to Microsoft's end-of-call survey and as `teams-call-survey`; skippable.
 * @attr intake - Asks before the call: `name` (how the Teams user sees the caller, instead of `display-name`), `topic`
 *   (what the call is about; it travels with the invitation and comes in `teams-call-intake`), or both: `intake="name
 *   topic"`. An empty `intake` asks only the page's own fields in the `intake` slot.
 * @attr captions - Offers Teams live captions in the call: a "Captions" toggle, the last lines with who said them, and
 *   `teams-call-caption`. The value is the spoken language (BCP 47, `de-de`); empty, the element's language. Not in
 *   Firefox, which the SDK gives no captions: the panel says so instead.
 * @attr captions-language - Translates the live captions into this language (ISO 639-1, `de`), where the Teams side has
 *   Teams Premium; without it the captions stay in the spoken language, and the panel says so.
 * @attr noise-suppression - Cleans the visitor's microphone: the browser's noise suppression and echo cancellation,
 *   through the SDK's audio effects, on from the moment the call is answered where the browser has them, with a switch
 *   in the devices menu.
 * @attr screen-share - Lets the visitor show their screen: "Share screen" in the panel once the call is answered, and
 *   while it runs "You are sharing your screen" with "Stop sharing", in the panel, minimised or not, and the docked bar.
 *   Desktop browsers only (`getDisplayMedia`); elsewhere the button is not offered.
 * @attr precheck - A device check before dialling: the microphone's level as the visitor speaks, a test sound for the
 *   speaker, the camera for a `video` call, and what was found; the expert's phone rings only on "Start the call".
 *   `teams-call-precheck` tells the page what was found.
 * @attr pop-out - "Pop out" moves the running call into its own small window (Document Picture-in-Picture: Chrome and
 *   Edge), so the visitor can browse the site while talking; it comes back when that window closes or the call ends.
 *   While connected, leaving the page asks first. Elsewhere the button is not offered.
 * @attr intake-url - The callback endpoint of your server (`createCallbackHandler`): once the expert's phone rings, it
 *   passes the intake on to the expert's channel as a card ("Anna is calling about billing").
 *
 * @slot - The button's label. Defaults to "Call {callee-name}" (or "Call an expert"), in the element's language.
 * @slot unavailable - Shown after `declined`, `no-answer` or `unavailable` in place of the bare message:
 *   another way to reach the expert (a contact form link, an email address, office hours).
 * @slot intake - The page's own fields for the intake form, shown above the built-in ones. A field named `name` or
 *   `topic` stands in for the built-in one; the form checks each field's own validity before calling.
 *
 * @fires {TeamsCallStateChangeEvent} teams-call-state-change - `{ state, previousState }` on every transition.
 * @fires {TeamsCallConnectedEvent} teams-call-connected - `{ answeredBy, transferred }` when the call is answered: by the
 *   Teams user, or by the voice app called (for a call queue, the app answers first), and again after a transfer.
 * @fires {TeamsCallTransferEvent} teams-call-transfer - `{ to }` when the Teams side transfers the call; the element follows it.
 * @fires {TeamsCallEndedEvent} teams-call-ended - `{ reason, code, subCode, message, durationMs, callId }` once a placed call ends.
 * @fires {TeamsCallErrorEvent} teams-call-error - `{ code, message }` when a call could not get going.
 * @fires {TeamsCallRecordingChangeEvent} teams-call-recording-change - `{ active }`; cancelable: cancel it to show your own notice.
 * @fires {TeamsCallTranscriptionChangeEvent} teams-call-transcription-change - `{ active }`; cancelable, likewise.
 * @fires {TeamsCallMuteChangeEvent} teams-call-mute-change - `{ muted }`, also when the Teams side mutes the visitor.
 * @fires {TeamsCallDiagnosticEvent} teams-call-diagnostic - `{ name, value }` when one of the SDK's call-health diagnostics changes.
 * @fires {TeamsCallStatsEvent} teams-call-stats - Call-quality figures every `stats-interval` seconds.
 * @fires {TeamsCallAvailabilityChangeEvent} teams-call-availability-change - `{ availability, open, opensAt, callable }`
 *   when what the button says about the expert, or whether a click calls, changes.
 * @fires {TeamsCallCallbackRequestedEvent} teams-call-callback-requested - `{ requestId, reason }` once a callback
 *   request has reached the server; nothing the visitor typed.
 * @fires {TeamsCallSurveyEvent} teams-call-survey - `{ score, issues, callId, sent }` once the visitor has rated a call
 *   (`survey`); `sent` says whether Microsoft's survey service took it.
 * @fires {TeamsCallIntakeEvent} teams-call-intake - `{ topic, named }` when the visitor has filled in the intake, just
 *   before the call; cancelable: cancel it to keep the form open. The visitor's name is not in it.
 * @fires {TeamsCallCaptionEvent} teams-call-caption - `{ speaker, text, language, callId }` for each finished sentence of
 *   the live captions (`captions`), for a host that keeps a transcript.
 * @fires {TeamsCallPrecheckEvent} teams-call-precheck - `{ microphone, speaker, camera, browser, proceeded }` once the
 *   device check (`precheck`) ends, with the call started or cancelled.
 * @fires {TeamsCallTokenRequestEvent} teams-call-token-request - `{ headers, body, ahead, waitUntil }` before a visit's first
 * request to `token-url`, to add a bot check's response; cancelable.
 *
 * @csspart button - The call button.
 * @csspart badge - The "Simulation" badge of a simulated call.
 * @csspart message - How the last call ended or why it failed, under the button.
 * @csspart panel - The in-call panel.
 * @csspart status - The panel's status line.
 * @csspart timer - The call duration.
 * @csspart notice - The recording and transcription notice.
 * @csspart controls - The row of call controls.
 * @csspart mute-button - The mute toggle.
 * @csspart hang-up-button - The hang-up (or cancel) button.
 * @csspart captions-button - Turns live captions on and off (`captions`).
 * @csspart captions - The live captions.
 * @csspart precheck - The device check before dialling (`precheck`).
 * @csspart precheck-start - Its "Start the call".
 * @csspart precheck-camera - Its camera preview (video calls).
 * @csspart pop-out-button - Moves the call into its own window and back (`pop-out`).
 * @csspart share-button - Starts and stops sharing the visitor's screen (`screen-share`).
 * @csspart sharing - "You are sharing your screen", while it is shared.
 * @csspart stop-sharing-button - Its "Stop sharing".
 * @csspart devices-button - Opens the microphone and speaker menu.
 * @csspart devices - The microphone and speaker menu.
 * @csspart keypad-button - Opens the dial pad (Teams voice apps).
 * @csspart keypad - The dial pad.
 * @csspart camera-button - Turns the camera on and off (video calls).
 * @csspart video - The video area (video calls).
 * @csspart screen-share - The screen the Teams user shares (any call).
 * @csspart hint - Call-health hints ("Reconnecting…").
 * @csspart unavailable - The wrapper of the `unavailable` slot.
 * @csspart availability - The expert's availability or the opening hours, under the button.
 * @csspart held - Why a click did not call (outside the hours, or the expert away with `availability-policy="hold"`).
 * @csspart callback-button - "Request a callback".
 * @csspart callback - The callback form.
 * @csspart callback-send - The form's send button.
 * @csspart callback-cancel - The form's cancel button.
 * @csspart callback-sent - The confirmation once the request was sent.
 * @csspart dock - The docked bar, while the panel is out of view.
 * @csspart dock-notice - The recording or transcription notice in the docked bar.
 * @csspart dock-return - The docked bar's "Back to the call".
 * @csspart survey - The rating after a call.
 * @csspart survey-score - Each of its five scores.
 * @csspart survey-issue - Each "what went wrong" toggle.
 * @csspart survey-send - Sends a low score with what went wrong.
 * @csspart survey-skip - Skips the rating.
 * @csspart survey-thanks - The thanks once rated.
 * @csspart intake - The intake form, before the call.
 * @csspart intake-call - The intake form's call button.
 * @csspart intake-cancel - The intake form's cancel button.
 *
 * @cssprop [--teams-call-accent=#5b5fc7] - The button's background.
 * @cssprop [--teams-call-on-accent=#ffffff] - The button's text.
 * @cssprop [--teams-call-danger=#c4314b] - The hang-up button and error text.
 * @cssprop [--teams-call-on-danger=#ffffff] - The hang-up button's text.
 * @cssprop [--teams-call-surface=#ffffff] - The panel's background.
 * @cssprop [--teams-call-text=#242424] - The panel's text.
 * @cssprop [--teams-call-muted-text=#616161] - Secondary text.
 * @cssprop [--teams-call-border=#d1d1d1] - Borders.
 * @cssprop [--teams-call-notice=#fde7e9] - The recording notice's background.
 * @cssprop [--teams-call-on-notice=#8a1c2b] - The recording notice's text.
 * @cssprop [--teams-call-radius=8px] - Corner radius.
 * @cssprop [--teams-call-font=inherit] - Font family.
 * @cssprop [--teams-call-font-size=inherit] - Base font size; the page's by default.
 * @cssprop [--teams-call-focus=#0f6cbd] - The focus ring.
 * @cssprop [--teams-call-dock-inset-block-end=1rem] - The docked bar's distance from the viewport's bottom: the height
 *   of a fixed footer, say (safe areas and an on-screen keyboard are added).
 * @cssprop [--teams-call-dock-inset-inline-end=1rem] - The docked bar's distance from the viewport's inline-end side.
 */
export class TeamsCallButton extends LitElement {
  static override styles = hostStyles;
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };
  static override properties = {
    tokenUrl: { attribute: 'token-url' },
    tokenRequestInit: { attribute: false },
    tokenProvider: { attribute: false },
    tokenTimeout: { attribute: 'token-timeout', type: Number },
    teamsUserId: { attribute: 'teams-user-id' },
    teamsAppId: { attribute: 'teams-app-id' },
    cloud: {},
    displayName: { attribute: 'display-name' },
    calleeName: { attribute: 'callee-name' },
    disabled: { type: Boolean, reflect: true },
    simulate: {},
    video: { type: Boolean },
    statsInterval: { attribute: 'stats-interval', type: Number },
    recordingConsent: { attribute: 'recording-consent' },
    ringback: { type: Boolean },
    preload: {},
    sdkLoader: { attribute: false },
    strings: { attribute: false },
    toggles: { state: true, attribute: false },
  };

  /** The token provider's URL, asked with `POST` for `{ token, expiresOn }`. */
  tokenUrl = '';

  /** Extra `RequestInit` (headers, credentials) merged into the token request. */
  tokenRequestInit?: RequestInit;

  /** The host's own token source; takes precedence over `token-url`. */
  tokenProvider?: TokenProvider;

  /** Seconds before a token request is given up. */
  tokenTimeout = 10;

  /** The Entra object ID of the Teams user to call (a GUID, or `8:orgid:<guid>`). */
  teamsUserId = '';

  /** The object ID of a Teams voice app (call queue, auto attendant) to call instead. */
  teamsAppId = '';

  /** The Teams cloud of the callee. */
  cloud: TeamsCloud = 'public';

  /** How the visitor appears to the Teams user (at most 256 characters). */
  displayName = '';

  /** How the page names the expert in the element's own text ("Calling Dr. Lee…"). */
  calleeName = '';

  /** Prevents new calls; a call under way goes on. */
  disabled = false;

  /**
   * Runs a scripted Teams callee instead of the SDK, for previews and demos: no token, no microphone, nothing sent.
   * A scenario: `answer` (the default), `declined`, `no-answer`, `unavailable`, `not-allowed`, `network-drop`,
   * `recording-at-connect`, `transfer`; `true`, `"true"` or an empty value mean `answer`, as frameworks set a bare
   * attribute. The element shows a "Simulation" badge.
   */
  simulate:
    | 'answer'
    | 'declined'
    | 'no-answer'
    | 'unavailable'
    | 'not-allowed'
    | 'network-drop'
    | 'recording-at-connect'
    | 'transfer'
    | ''
    | 'true'
    | boolean
    | null = null;

  /** A video call: the visitor can turn the camera on (off at start), and sees the Teams user's video. */
  video = false;

  /** Seconds between `teams-call-stats` events with call-quality figures; 0 (the default) for none. */
  statsInterval = 0;

  /** `required`: the visitor must acknowledge a recording or transcription notice ("Continue" / "Leave call"). */
  recordingConsent: 'required' | 'none' = 'none';

  /** Plays a ringback tone while the Teams user's phone rings. */
  ringback = false;

  /**
   * When to fetch what a call needs, so that the click does not wait: `intent` (the default: when the pointer comes
   * near, on focus or touch, and then the token too), `visible` (when the button scrolls into view), `eager` (at once),
   * or `none` (only on click). With `visible` and `eager`, intent still gets the token. The calling SDK is fetched and
   * compiled, never evaluated, before the click: its evaluation waits until the click has painted the panel.
   */
  preload: 'intent' | 'visible' | 'eager' | 'none' = 'intent';

  /** Where the calling SDK comes from: the real one unless a test hands in another. */
  sdkLoader: CallingSdkLoader = loadAcsSdk;

  /**
   * The page's own texts, over the element's language: any key of the string table (see `Strings`), e.g.
   * `{ callLabel: 'Ask {name}' }`. Missing keys keep the built-in text.
   */
  strings: Partial<Strings> = {};

  /** @internal */
  private toggles: PanelToggles = CLOSED_TOGGLES;

  /** The call's controller, once the call code has loaded (on intent or click). */
  #controller?: CallController;
  #callCode?: Promise<CallModule>;
  /** The call code itself failed to download: the element reports it without a controller. */
  #callCodeFailed = false;
  #unsubscribeActiveCall?: () => void;
  #visibility?: IntersectionObserver;
  #internals = this.attachInternals();
  #ui?: { panel: PanelModule; video?: VideoModule };
  /** The element's language table, once loaded (none for English), and its direction. */
  #locale?: { lang: string; strings: Partial<Strings>; dir: 'ltr' | 'rtl' };
  #overrides: Partial<Strings> = {};
  /** The page gave the button a label; white space alone is none (markup puts it between tags). */
  #labelled = false;
  #uiLoad?: { video: boolean; done: Promise<void> };
  /** The shadow root's styles: the button's, and the in-call UI's once loaded. */
  #styleList: CSSResult[] = [hostStyles];
  #focusWasInside = false;
  /** The panel control the visitor used (`data-control`): re-rendered, it keeps the focus. */
  #focusedControl?: string;
  /** Availability, opening hours, callbacks and the intake, for a button that uses them. */
  #status?: ButtonStatus;
  #statusLoad?: Promise<void>;

  constructor() {
    super();
    // Intent to call: ready the call so that the click rarely waits (see `preload`). A touch fires pointerenter too.
    this.addEventListener('pointerenter', this.#onIntent);
    // Focus that comes with a press: hovering readied the call already, and the click does the rest in its own task.
    this.addEventListener('focusin', () => this.matches(':hover') || this.#onIntent());
  }

  /**
   * Registers the element under `tagName` (default `teams-call-button`) unless that name is taken: for a page that
   * wants its own prefix, or two versions side by side. Another name gets its own subclass, as a class registers once.
   */
  static define(tagName = 'teams-call-button'): void {
    if (customElements.get(tagName)) return;
    customElements.define(tagName, tagName === 'teams-call-button' ? this : class extends this {});
  }

  /**
   * Where the call stands. Reflected to the `state` attribute (absent while `idle`, so that server-rendered markup
   * hydrates unchanged) and to the `:state()` pseudo-class.
   */
  get state(): CallState {
    return this.#controller?.state ?? (this.#callCodeFailed ? 'failed' : 'idle');
  }

  /** Whether the visitor's microphone is muted in the current call. */
  get muted(): boolean {
    return this.#controller?.muted ?? false;
  }

  /** Starts a call. Resolves once the call is placed, or has failed (see `teams-call-error`). */
  async call(): Promise<void> {
    if (this.disabled || this.#controller?.underway) return;
    // A click that comes before the status code has loaded must not skip the intake it would ask for.
    if (!this.#status && this.hasAttribute('intake')) return void this.#statusLoad?.then(() => this.#status?.holds());
    if (this.#status?.holds()) return;
    const intake = this.#status?.takeIntake();
    // Made in the click, since Safari starts audio only from a gesture; a started call owns it and closes it.
    const audioContext = this.ringback ? new AudioContext() : undefined;
    try {
      const session = await this.#loadCallCode();
      // A button taken off the page while its call code loaded calls no one.
      if (this.isConnected)
        return await this.#controller!.start({
          ...session.readCallRequest(this, () => this.#loadUi(), intake),
          audioContext,
        });
    } catch (error) {
      // Without a controller the call code itself failed to download; else the configuration was refused.
      if (this.#controller) this.#controller.reject(error);
      else this.#reportSessionFailure();
    }
    void audioContext?.close();
  }

  /** Hangs up, or cancels a call that is still being set up. */
  async hangUp(): Promise<void> {
    await this.#controller?.hangUp();
  }

  /** Mutes or unmutes the visitor's microphone in the current call (see `teams-call-mute-change`). */
  async toggleMute(): Promise<void> {
    await this.#controller?.toggleMute();
  }

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang'];
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang' && this.isConnected) this.#followLanguage();
  }

  /**
   * The element's texts over English: its language's table, then the page's `strings` (for the call controller).
   * @ignore
   */
  get textOverrides(): Partial<Strings> {
    return this.#overrides;
  }

  /** The language of the element: its `lang`, else the nearest `[lang]` around it, else the browser's. */
  get language(): string {
    return this.lang || this.closest('[lang]')?.getAttribute('lang') || navigator.language || 'en';
  }

  /** Loads the table of the element's language (each is its own chunk); English needs none. */
  #followLanguage(): void {
    const lang = this.language;
    if (this.#locale?.lang === lang) return;
    if (/^en\b/i.test(lang)) {
      this.#locale = undefined;
      this.requestUpdate();
      return;
    }
    import('./i18n/locales/index.js')
      .then((locales) => locales.loadLocale(lang))
      .then((loaded) => {
        if (this.language !== lang) return; // the language changed again meanwhile
        this.#locale = loaded && { lang, ...loaded };
        this.requestUpdate();
      })
      .catch(() => undefined); // without its table the element speaks English
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#followLanguage();
    this.#unsubscribeActiveCall = activeCall.subscribe(() => this.requestUpdate());
    this.#controller?.hostConnected();
    languageWatch.add(this);
    this.#content.observe(this, {
      childList: true,
      characterData: true,
      subtree: true,
      attributeFilter: ['hidden', 'slot'],
    });
    // Back on a page: the first update does this for a new element, with properties a framework set before upgrade.
    if (this.hasUpdated) this.#applyLoadPolicy();
    // Prepared while detached: the UI's styles arrived before the shadow root did.
    this.adoptedCallback();
    // Availability, opening hours, callbacks, intake and rating: their code loads only for a button that uses them.
    if (this.matches('[availability-url],[hours],[callback-url],[intake],[survey]'))
      this.#statusLoad ??= import('./status/index.js').then(
        (status) => void (this.#status ??= new status.ButtonStatus(this)),
        () => (this.#statusLoad = undefined), // tried again on the next connect
      );
  }

  /** `simulate` loads the badge's styles (with the in-call UI) at once; `preload` warms now or when visible. */
  #applyLoadPolicy(): void {
    if (this.#simulated) this.#loadUi().catch(() => undefined);
    this.#visibility?.disconnect();
    this.#visibility = undefined;
    if (this.preload === 'eager') this.#warm(false);
    if (this.preload === 'visible') {
      this.#visibility = new IntersectionObserver((entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        this.#visibility?.disconnect();
        this.#warm(false);
      });
      this.#visibility.observe(this);
    }
  }

  /**
   * Moved into another document (a same-origin iframe, a picture-in-picture window): style sheets cannot be shared
   * across documents, so the shadow root gets its own, made by that document's window.
   */
  adoptedCallback(): void {
    const view = this.ownerDocument.defaultView;
    const root = this.renderRoot as ShadowRoot | undefined;
    // Never connected yet: the shadow root, made on connect, gets the styles then.
    if (!root) return;
    if (!view || view === window) return adoptStyles(root, this.#styleList);
    root.adoptedStyleSheets = this.#styleList.map((style) => {
      const sheet = new view.CSSStyleSheet();
      sheet.replaceSync(style.cssText);
      return sheet;
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    languageWatch.delete(this);
    this.#controller?.hostDisconnected();
    this.#content.disconnect();
    this.#unsubscribeActiveCall?.();
    this.#visibility?.disconnect();
    this.#visibility = undefined;
  }

  /**
   * Loads what a call needs ahead of the click, as `preload` does by itself; for a page with its own signal of intent:
   * the call code and the in-call UI, and the calling SDK fetched and compiled but not evaluated (its evaluation, a long
   * main-thread task, waits for the click). With `withAgent`, also gets the token, as intent does, and once the SDK has
   * been evaluated by an earlier call, registers the call agent. Rejects with the reason a call could not start.
   */
  async prepare(withAgent = false): Promise<void> {
    const [session] = await Promise.all([this.#loadCallCode(), this.#loadUi()]);
    await this.#controller!.warm(
      session.readCallRequest(this, () => this.#loadUi()),
      withAgent,
    );
  }

  #warm(withAgent: boolean): void {
    if (this.disabled || this.state !== 'idle') return;
    this.prepare(withAgent).catch(() => undefined); // the click that follows reports what went wrong
  }

  /**
   * The page gave the button a label: rendered text or an element, not a `<template>`, `<style>`, `<script>` or a
   * hidden element. Also when a label's text is emptied in place, and to show `unavailable` content added later.
   */
  #onContentChange = (): void => {
    this.#labelled = [...this.childNodes].some((node) =>
      node instanceof Element
        ? !node.slot && !node.matches('template,style,script,[hidden]')
        : node instanceof Text && node.data.trim(),
    );
    this.requestUpdate();
  };
  #content = new MutationObserver(this.#onContentChange);

  /** In a task of its own: the pointer's or the focus's input task stays short. */
  #onIntent = (): void => {
    setTimeout(() => this.preload !== 'none' && this.#warm(true));
  };

  get #simulated(): boolean {
    return this.simulate != null && this.simulate !== false;
  }

  /** Loads the call code once and gives the element its controller; a failed download is retried next time. */
  #loadCallCode(): Promise<CallModule> {
    this.#callCode ??= within(import('./call/index.js')).then(
      (session) => {
        if (!this.#controller) {
          this.#controller = new session.CallController(this, this.state);
          if (this.isConnected) this.#controller.hostConnected();
        }
        this.#callCodeFailed = false;
        return session;
      },
      (error: unknown) => {
        this.#callCode = undefined;
        throw error;
      },
    );
    return this.#callCode;
  }

  #reportSessionFailure(): void {
    const previousState = this.state;
    this.#callCodeFailed = true;
    this.requestUpdate();
    if (previousState !== 'failed')
      this.dispatchEvent(new TeamsCallStateChangeEvent({ state: 'failed', previousState }));
    this.dispatchEvent(new TeamsCallErrorEvent({ code: 'sdk-load-failed', message: this.#text.sdkLoadFailed }));
  }

  /** Loads the in-call UI (and the video area, for a video call) once, and adopts their styles. */
  #loadUi(): Promise<void> {
    if (this.#uiLoad?.video === this.video) return this.#uiLoad.done;
    const done = within(
      Promise.all([import('./panel/panel.js'), this.video ? import('./panel/video.js') : undefined]),
    ).then(
      ([panel, video]) => {
        this.#ui = { panel, video };
        this.#styleList = [hostStyles, panel.panelStyles, ...(video ? [video.videoStyles] : [])];
        this.adoptedCallback();
        this.requestUpdate();
      },
      (error: unknown) => {
        this.#uiLoad = undefined;
        throw error;
      },
    );
    this.#uiLoad = { video: this.video, done };
    return done;
  }

  /** The button's texts in the element's language. */
  get #text(): typeof buttonStrings {
    return { ...buttonStrings, ...this.#overrides };
  }

  protected override willUpdate(): void {
    this.#overrides = { ...this.#locale?.strings, ...this.strings };
    this.#focusWasInside = this.matches(':focus-within');
    this.#focusedControl = (this.shadowRoot?.activeElement as HTMLElement | null)?.dataset.control;
    // Each call opens on the full panel.
    if (this.state === 'preparing') this.toggles = CLOSED_TOGGLES;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (changed.has('simulate') || changed.has('preload')) this.#applyLoadPolicy();
    const state = this.state;
    if (state === 'idle') this.removeAttribute('state');
    else if (this.getAttribute('state') !== state) this.setAttribute('state', state);
    // `:state(name)`; Chromium before 125 took only `--name` and throws on the plain form.
    const { states } = this.#internals;
    states?.clear();
    try {
      states?.add(state);
    } catch {
      states.add(`--${state}`);
    }
    // The button and the panel replace each other: keep the visitor's focus inside the element when they do. Without
    // scrolling, which would add a layout to the click's frame: the control takes the place of the one just used.
    if (this.#focusWasInside && !this.matches(':focus-within')) {
      const root = this.renderRoot;
      (
        root.querySelector<HTMLElement>(`[data-control="${this.#focusedControl}"]`) ??
        root.querySelector<HTMLElement>('[data-autofocus], .trigger')
      )?.focus({ preventScroll: true });
    }
  }

  protected override render() {
    const { state } = this;
    const controller = this.#controller;
    const ui = this.#ui;
    const announcement = controller?.announcement ?? (this.#callCodeFailed ? this.#text.sdkLoadFailed : '');
    return html`<div class="root" dir=${this.#locale?.dir ?? nothing} lang=${this.#locale?.lang ?? nothing}>
      ${
        controller?.showsPanel && ui
          ? ui.panel.renderCallPanel({
              call: controller,
              simulated: this.#simulated,
              lang: this.language,
              withKeypad: controller.target?.kind === 'teams-app',
              toggles: this.toggles,
              toggle: (name) => (this.toggles = { ...this.toggles, [name]: !this.toggles[name] }),
              renderVideo: this.video ? ui.video?.renderVideo : undefined,
            })
          : this.#renderTrigger(state)
      }
      <div id="announcer" class="visually-hidden" role="status">${announcement}</div>
    </div>`;
  }

  #renderTrigger(state: CallState) {
    const busy = activeCall.isHeldByOther(this.#controller ?? this);
    const text = this.#text;
    const message = this.#controller?.message ?? (this.#callCodeFailed ? text.sdkLoadFailed : '');
    const note = busy ? text.busyElsewhere : message || (state === 'preparing' ? text.preparing : '');
    return html`
      <div class="row">
        <button
          part="button"
          class="trigger"
          ?disabled=${this.disabled || busy}
          aria-busy=${state === 'preparing' ? 'true' : 'false'}
          aria-describedby="availability message"
          @click=${() => void this.call()}
        >
          <svg viewBox="0 0 24 24" aria-hidden="true">${phoneIcon}</svg>
          <slot @slotchange=${this.#onContentChange}></slot>${
            this.#labelled
              ? nothing
              : this.calleeName?.trim()
                ? format(text.callLabel, { name: this.calleeName.trim() })
                : text.callExpert
          }
        </button>
        ${this.#simulated ? simulationBadge(text) : null}
      </div>
      ${
        this.#controller?.unreached && this.querySelector(':scope > [slot="unavailable"]')
          ? html`<div id="message" part="unavailable" class="message"><slot name="unavailable"></slot></div>`
          : html`<p id="message" part="message" class="message" data-kind=${state} ?hidden=${!note}>${note}</p>`
      }
      ${this.#status?.render()}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'teams-call-button': TeamsCallButton;
  }
}

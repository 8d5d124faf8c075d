import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { CallError } from './errors.js';
import { describeEnd, fromSdkState, isTransferEnd } from './end-codes.js';
import type { CallState, EndReason } from '../call-states.js';
import type {
  AgentOptions,
  AudioDeviceKind,
  CallEndCode,
  CallingAgent,
  CallingCall,
  CallingSdkLoader,
  CallTarget,
  CallUpdate,
  DtmfTone,
  SdkError,
  SurveyAnswer,
  TransferTarget,
} from '../backends/calling.js';
import { CallAttempt } from './attempt.js';
import { CallDevices } from './devices.js';
import {
  TeamsCallConnectedEvent,
  TeamsCallDiagnosticEvent,
  TeamsCallEndedEvent,
  TeamsCallMuteChangeEvent,
  TeamsCallRecordingChangeEvent,
  TeamsCallStatsEvent,
  TeamsCallTokenRequestEvent,
  TeamsCallTranscriptionChangeEvent,
  TeamsCallTransferEvent,
} from './events.js';
import { TeamsCallErrorEvent, TeamsCallStateChangeEvent } from '../events.js';
import { activeCall } from '../active-call.js';
import { otherTabs } from './other-tabs.js';
import { afterFrameOnScreen, pageAgentFor, type PageAgent } from './page-agent.js';
import { en, format, statusText, type Strings } from '../i18n/strings.js';
import { startRingback } from './ringback.js';
import type { NoticeKind } from './notices.js';
import { requestToken, type TokenSource } from './token.js';

/** How long a call that ended with "transfer completed" (0/7015) waits for the SDK to hand over the new call. */
export const TRANSFER_WAIT_MS = 15_000;
/** After a warm-up failed without a Retry-After, intent readies nothing for this long; a click always tries. */
export const WARM_UP_BACKOFF_MS = 60_000;
/** How long a hang-up waits for the SDK to confirm the end before the element ends the call itself. */
export const HANG_UP_WAIT_MS = 5_000;

const controllers = new WeakMap<CallHost, CallController>();

/** The call controller of an element, once its call code has loaded: for the after-call rating (`survey`). */
export function controllerOf(host: CallHost): CallController | undefined {
  return controllers.get(host);
}

/** What the controller needs of its element. */
export interface CallHost extends ReactiveControllerHost, HTMLElement {
  /** The element's texts over English: its language's table, then the page's own overrides. */
  readonly textOverrides: Partial<Strings>;
  /** The element's language (BCP 47). */
  readonly language: string;
}

/** Everything one attempt needs, read from the element when the visitor clicks. */
export interface CallRequest {
  target: CallTarget;
  /** Absent in simulation, which needs no token. */
  tokenSource?: TokenSource;
  /** Identifies the token source, so that the page's agent is reused only for the same one. */
  tokenSourceKey: unknown;
  displayName?: string;
  /** What the visitor said the call is about, in the intake; it travels with the invitation. */
  topic?: string;
  /** How the page names the expert in the element's own text. */
  calleeName: string;
  loader: CallingSdkLoader;
  /** Loads the in-call UI; it comes with the SDK, as a failure of either leaves nothing to show. */
  loadUi: () => Promise<unknown>;
  /** A video call: the camera is asked for and can be turned on. */
  video: boolean;
  /** Seconds between `teams-call-stats` events; 0 for none. */
  statsIntervalSeconds: number;
  /** The visitor must acknowledge a recording or transcription notice before going on. */
  consentRequired: boolean;
  /** A ringback tone plays while the Teams user's phone rings; its audio context was made in the click (Safari). */
  ringback: boolean;
  audioContext?: AudioContext;
}

const UNDERWAY: ReadonlySet<CallState> = new Set([
  'preparing',
  'connecting',
  'ringing',
  'connected',
  'on-hold',
  'ending',
]);
const DTMF_TONES: Record<string, DtmfTone> = {
  '0': 'Num0',
  '1': 'Num1',
  '2': 'Num2',
  '3': 'Num3',
  '4': 'Num4',
  '5': 'Num5',
  '6': 'Num6',
  '7': 'Num7',
  '8': 'Num8',
  '9': 'Num9',
  '*': 'Star',
  '#': 'Pound',
};
const CANCELLED: CallEndCode = { code: 0, subCode: 0 };

/**
 * Owns one element's call from click to end: one attempt at a time, each with its own AbortController,
 * and results of a superseded attempt are dropped. The element only renders what this holds.
 */
export class CallController implements ReactiveController {
  state: CallState = 'idle';
  /** What the visitor reads about how the last attempt ended or failed. */
  message = '';
  calleeName = '';
  /** How the last call ended, for the page's `unavailable` content. */
  endReason?: EndReason;
  /** The current or last attempt: what the panel shows of the call. */
  current = new CallAttempt();
  /** The visitor's microphone and speaker, once the SDK is loaded. */
  devices?: CallDevices;
  /** The last call, if it connected: what the visitor may rate. */
  private lastConnectedCall?: CallingCall;

  /** The window whose `pagehide` ends the call. */
  private view?: Window;
  /** The element was taken off the page mid-call: its final events also go to the document it left. */
  private removed = false;
  private page?: PageAgent;
  private stringsFor?: Partial<Strings>;
  private resolvedStrings: Strings = en;

  /** `state` is where the element stood before its call code loaded: `failed` after a failed download. */
  /** `state` is where the element stood before its call code loaded: `failed` after a failed download. */
  constructor(
    /** The element whose call this is. */
    readonly host: CallHost,
    state: CallState = 'idle',
  ) {
    this.state = state;
    controllers.set(host, this);
    // Not Lit's addController: the host calls hostConnected/hostDisconnected itself, so that no list a page can read
    // (Lit keeps its controllers on the element) holds the call.
  }

  /** Every text in the element's language: English, under its language's table and the page's overrides. */
  get strings(): Strings {
    const overrides = this.host.textOverrides;
    if (overrides !== this.stringsFor) {
      this.stringsFor = overrides;
      this.resolvedStrings = { ...en, ...overrides };
    }
    return this.resolvedStrings;
  }

  /** The status line: the state in words, or that a transfer is under way. */
  get status(): string {
    if (this.current.transferring && !this.answered && this.underway) return this.strings.transferring;
    return statusText(this.strings, this.state, this.calleeName);
  }

  /** What screen readers hear about the call now. */
  get announcement(): string {
    return this.message || this.status;
  }

  /** The visitor's microphone is muted in the current or last call. */
  get muted(): boolean {
    return this.current.muted;
  }

  /** The Teams side picked up, and the call is connected or on hold. */
  get answered(): boolean {
    return this.state === 'connected' || this.state === 'on-hold';
  }

  /** The visitor's camera runs: its preview has arrived (a `video` update), and goes with it. */
  get cameraOn(): boolean {
    return this.current.videos.local !== null;
  }

  /** A call is being set up, under way or ending: the in-call panel shows. */
  get underway(): boolean {
    return UNDERWAY.has(this.state);
  }

  /**
   * The in-call panel shows: a call is under way and the click's own frame, the button's "Preparing…", is on screen.
   * The panel's first render is the heaviest work of a call on the main thread; it must not delay that first paint.
   */
  get showsPanel(): boolean {
    return this.underway && this.current.panelShown;
  }

  /** The last call ended without reaching the expert: the page's `unavailable` content applies. */
  get unreached(): boolean {
    return this.endReason === 'declined' || this.endReason === 'no-answer' || this.endReason === 'unavailable';
  }

  /** Whom the current or last call went to. */
  get target(): CallTarget | undefined {
    return this.current.request?.target;
  }

  hostConnected(): void {
    // The element's own window: moved into an iframe or a picture-in-picture window, the call ends with that window.
    this.view = this.host.ownerDocument.defaultView ?? window;
    this.view.addEventListener('pagehide', this.onPageHide);
  }

  hostDisconnected(): void {
    this.view?.removeEventListener('pagehide', this.onPageHide);
    this.view = undefined;
    // A move in the DOM disconnects and reconnects in the same task: only a real removal ends the call.
    queueMicrotask(() => {
      if (!this.host.isConnected) this.leave();
    });
  }

  /**
   * Gets the page's SDK session ready ahead of the click: the SDK, and with `withAgent` (intent to call) the token and
   * the agent too, so that the click goes straight to the call. An agent nobody calls with is released when idle.
   */
  async warm(request: CallRequest, withAgent: boolean): Promise<void> {
    // In a task of its own: the call code's arrival (its evaluation, this controller, the button's update) is a task
    // already, and both together were long enough to hold up a click on a slow phone.
    await new Promise((resolve) => setTimeout(resolve));
    const page = this.usePage(request.loader);
    // Evaluating the SDK is a long task that would meet the visitor's click: before the first call it is only fetched
    // and compiled, and the agent (which needs it evaluated) waits for the click; the token does not.
    const sdkReady = page.sdkReady;
    if (!sdkReady) page.preloadSdk();
    // A call under way on the page keeps its agent: no warm-up may touch it. After a failed warm-up, hovering waits out
    // the provider's Retry-After (or a minute), so that it never spends the quota the visitor's click will need.
    if (!withAgent || activeCall.held || page.inCall || Date.now() < page.warmUpBlockedUntil) return;
    try {
      if (sdkReady) await this.agentFor(page, request).agent;
      else await page.prefetchOptions(request.tokenSourceKey, () => this.agentOptions(request));
    } catch (error) {
      const retryAfter = error instanceof CallError && error.key === 'tokenBusy' ? Number(error.values.seconds) : NaN;
      page.warmUpBlockedUntil = Date.now() + (retryAfter > 0 ? retryAfter * 1000 : WARM_UP_BACKOFF_MS);
      throw error;
    }
    if (!activeCall.held) page.releaseAgentWhenIdle();
  }

  async start(request: CallRequest): Promise<void> {
    if (this.underway) return;
    const attempt = this.begin(request.calleeName, request);
    if (!activeCall.claim(this)) return this.fail(new CallError('busy', 'busy'));
    if (otherTabs.inCall) return this.fail(new CallError('busy', 'busyInAnotherTab'));
    this.setState('preparing');
    attempt.extrasLoaded = this.loadExtras(attempt);
    const panelShown = afterFrameOnScreen().then(() => {
      attempt.panelShown = true;
      this.host.requestUpdate();
    });
    try {
      const agent = await this.prepare(attempt, panelShown);
      if (!attempt.released) this.place(agent, attempt);
    } catch (error) {
      if (!attempt.released) this.fail(asCallError(error));
    }
  }

  /** Reports a failure found before any work (for example an invalid attribute). */
  reject(error: unknown): void {
    if (this.underway) return;
    this.begin(this.calleeName);
    this.fail(asCallError(error));
  }

  async hangUp(): Promise<void> {
    if (this.state === 'preparing') return this.cancelPreparation();
    const attempt = this.current;
    const call = attempt.call;
    if (!call || this.state === 'ending') return;
    attempt.hungUpHere = true;
    this.setState('ending');
    // A hang-up the SDK never confirms must not leave the visitor in "Ending the call…": end here, and drop the agent,
    // whose disposal ends the call on the service's side too.
    attempt.after(HANG_UP_WAIT_MS, () => {
      if (call !== attempt.call) return;
      this.finish(call.endReason ?? CANCELLED);
      void this.page?.dropAgent();
    });
    try {
      await call.hangUp();
    } catch {
      // The SDK could not hang up cleanly; the visitor asked to leave, so the element lets the call go.
      if (call === attempt.call) this.finish(call.endReason ?? CANCELLED);
    }
  }

  /** Sends the visitor's rating of the last call to Microsoft's end-of-call survey; once. */
  async submitSurvey(answer: SurveyAnswer): Promise<void> {
    const call = this.lastConnectedCall;
    this.lastConnectedCall = undefined;
    if (!call) throw new Error('No connected call to rate.');
    await call.submitSurvey(answer);
  }

  /** Sends a dial-pad key (`0`–`9`, `*`, `#`) to a Teams voice app; false for any other key. */
  sendTone(key: string): boolean {
    const tone = DTMF_TONES[key];
    const attempt = this.current;
    if (!tone || !attempt.call || !this.answered) return false;
    attempt.dialed += key;
    this.host.requestUpdate();
    attempt.call.sendDtmf(tone).catch(() => undefined); // a lost tone is heard as missing; the visitor presses again
    return true;
  }

  /** The visitor has read the recording notice and stays. */
  acknowledgeNotice(): void {
    this.current.notices.acknowledge();
    this.host.requestUpdate();
  }

  async toggleCamera(): Promise<void> {
    const attempt = this.current;
    const call = attempt.call;
    if (!call || !attempt.request?.video) return;
    const on = !this.cameraOn;
    attempt.cameraError = '';
    try {
      await call.setCamera(on);
    } catch {
      if (call === attempt.call) attempt.cameraError = this.strings.cameraFailed;
    }
    this.host.requestUpdate();
  }

  async selectDevice(kind: AudioDeviceKind, id: string): Promise<void> {
    await this.devices?.select(kind, id);
  }

  async toggleMute(): Promise<void> {
    const call = this.current.call;
    if (!call || this.state === 'ending') return;
    try {
      await (call.isMuted ? call.unmute() : call.mute());
    } catch {
      // The button shows the call's own mute state, which did not change: nothing to correct.
    }
  }

  /**
   * The code of the in-call extras the button asks for — live captions (`captions`), noise suppression
   * (`noise-suppression`), screen sharing (`screen-share`), the device check (`precheck`), the call's own window
   * (`pop-out`) — loaded with the call. Without its code, the call goes on without the extra, as on a button that does
   * not ask for it.
   */
  private async loadExtras(attempt: CallAttempt): Promise<void> {
    const host = this.host;
    const extra = <Module>(attribute: string, load: () => Promise<Module>, attach: (module: Module) => void) =>
      host.hasAttribute(attribute) ? load().then(attach) : undefined;
    // Code that arrives after the answer catches up with it.
    const lateForAnswer = () => this.answered && attempt === this.current;
    const loads = [
      extra(
        'captions',
        () => import('../captions/index.js'),
        ({ LiveCaptions }) => {
          const spoken = host.getAttribute('captions')?.trim() || host.language;
          const translateInto = host.getAttribute('captions-language')?.trim() || undefined;
          attempt.captions = new LiveCaptions(this, spoken, translateInto);
        },
      ),
      extra(
        'noise-suppression',
        () => import('../noise/index.js'),
        ({ NoiseSuppression }) => {
          attempt.noise = new NoiseSuppression(this);
          if (lateForAnswer()) void attempt.noise.apply();
        },
      ),
      extra(
        'precheck',
        () => import('../precheck/index.js'),
        ({ DeviceCheck }) => {
          attempt.check = new DeviceCheck(this, attempt);
        },
      ),
      extra(
        'pop-out',
        () => import('../popout/index.js'),
        ({ PopOut }) => {
          attempt.popOut = new PopOut(this, attempt);
          if (lateForAnswer()) attempt.popOut.connected(attempt);
        },
      ),
      extra(
        'screen-share',
        () => import('../share/index.js'),
        ({ ScreenShare }) => {
          attempt.share = new ScreenShare(this);
        },
      ),
    ].filter((load) => load !== undefined);
    await Promise.allSettled(loads);
    if (loads.length && !attempt.released) host.requestUpdate();
  }

  /** A new attempt replaces the last one, which is already released. */
  private begin(calleeName: string, request?: CallRequest): CallAttempt {
    this.current = new CallAttempt(request);
    this.calleeName = calleeName;
    this.message = '';
    this.endReason = undefined;
    return this.current;
  }

  private async prepare(attempt: CallAttempt, panelShown: Promise<void>): Promise<CallingAgent> {
    const request = attempt.request!;
    const signal = attempt.abort.signal;
    const page = this.usePage(request.loader);
    page.preloadSdk();
    // The SDK is evaluated once the panel's "Preparing…" is on screen, never between the click and its paint.
    const ui = request.loadUi();
    const sdkLoaded = page.loadSdk(Promise.all([ui, panelShown]).then(() => this.host.updateComplete));
    const { options, agent } = this.agentFor(page, request, signal);
    // The agent registers while the microphone is asked for; its outcome is read below.
    agent.catch(() => undefined);
    const [sdk] = await Promise.all([
      Promise.all([sdkLoaded, ui]).then(
        ([sdk]) => sdk,
        (error: unknown) => {
          // A loader may refuse its configuration (an unknown simulation scenario); anything else is a failed download.
          throw error instanceof CallError ? error : new CallError('sdk-load-failed', 'sdkLoadFailed');
        },
      ),
      options,
    ]);
    signal.throwIfAborted();
    sdk.environmentWarning().then(
      (warning) => {
        if (signal.aborted || !warning) return;
        attempt.environmentWarning = format(this.strings.environmentWarning, { detail: warning });
        this.host.requestUpdate();
      },
      () => undefined, // the check is advisory only
    );
    const microphone = await sdk.requestMicrophone();
    signal.throwIfAborted();
    if (microphone === 'missing') throw new CallError('no-microphone', 'noMicrophone');
    if (microphone === 'denied') throw new CallError('microphone-denied', 'microphoneDenied');
    // The list of an earlier call shows until the SDK answers again.
    if (this.devices?.sdk !== sdk) this.devices = new CallDevices(sdk, () => this.host.requestUpdate());
    await this.devices.restore();
    // The device check runs while the agent registers; the expert's phone rings only once the visitor starts the call.
    await attempt.extrasLoaded;
    await attempt.check?.run(sdk, request.video);
    signal.throwIfAborted();
    try {
      return await agent;
    } catch (error) {
      throw agentError(error);
    }
  }

  /**
   * The page's agent for this request; a new one asks the token source first (the simulation needs no token).
   * Refreshes send back the provider's session, so that every token is for the same ACS user.
   */
  private agentFor(page: PageAgent, request: CallRequest, signal?: AbortSignal) {
    return page.agentFor(request.tokenSourceKey, request.displayName, () => this.agentOptions(request, signal));
  }

  /** What a new agent is made from: the first token, and refreshes that send back the provider's session. */
  private async agentOptions({ tokenSource, displayName }: CallRequest, signal?: AbortSignal): Promise<AgentOptions> {
    if (!tokenSource) return { displayName };
    const first = await requestToken(
      {
        ...tokenSource,
        ahead: !signal,
        announce: (detail) => this.host.dispatchEvent(new TeamsCallTokenRequestEvent(detail)),
      },
      signal,
    );
    let session = first.session;
    const refresh = async (refreshSignal?: AbortSignal) => {
      const { token, expiresOnTimestamp, session: next } = await requestToken(tokenSource, refreshSignal, session);
      session = next ?? session;
      return { token, expiresOnTimestamp };
    };
    return {
      displayName,
      verifiedName: first.displayName,
      credential: { token: { token: first.token, expiresOnTimestamp: first.expiresOnTimestamp }, refresh },
    };
  }

  private place(agent: CallingAgent, attempt: CallAttempt): void {
    const request = attempt.request!;
    let call: CallingCall;
    try {
      call = agent.startCall(request.target, { video: request.video, ...(request.topic && { topic: request.topic }) });
    } catch (error) {
      throw new CallError('call-failed', 'callFailed', { detail: sdkDetail(error) });
    }
    // A call the agent holds that nobody handed over (a transfer the SDK did not report): follow it, never leave it.
    this.page?.callStarted(this, (held) => this.adopt(held, 'unknown'));
    attempt.answeredBy = request.target.kind;
    this.setState('connecting');
    this.follow(call);
    if (this.devices) attempt.hold(this.devices.watch());
  }

  /** Makes `call` the one the element shows and controls, reading where it stands now. */
  private follow(call: CallingCall): void {
    const statsInterval = this.current.request?.statsIntervalSeconds ?? 0;
    this.current.follow(call, () => {
      const unsubscribe = call.subscribe((update) => this.onUpdate(call, update));
      const stopStats =
        statsInterval > 0
          ? call.watchStats(statsInterval, (stats) => this.host.dispatchEvent(new TeamsCallStatsEvent(stats)))
          : undefined;
      return () => (unsubscribe(), stopStats?.());
    });
    // The call may have moved on, or already be recorded, before the subscription: read where it stands now.
    this.onUpdate(call, { type: 'state', state: call.state });
    this.onUpdate(call, { type: 'muted', muted: call.isMuted });
    this.onUpdate(call, { type: 'recording', active: call.recordingActive });
    this.onUpdate(call, { type: 'transcription', active: call.transcriptionActive });
  }

  /**
   * The conversation moves to `next` (a transfer): same panel, same timer, the visitor's mute carried over, and the
   * recording notices read again from the new call. A call that arrives with no attempt to join is hung up.
   */
  private adopt(next: CallingCall, to: TransferTarget): void {
    const attempt = this.current;
    if (next === attempt.call) return;
    if (!attempt.call || this.state === 'ending' || !this.underway) {
      next.hangUp().catch(() => undefined); // no UI could show it: it must not run unseen
      return;
    }
    attempt.stopTransferWait?.();
    const wasMuted = attempt.muted;
    attempt.transferring = true;
    attempt.share?.reset();
    if (to !== 'unknown' || attempt.answeredBy === 'unknown') attempt.answeredBy = to;
    this.host.dispatchEvent(new TeamsCallTransferEvent({ to }));
    if (this.state !== 'connecting') this.setState('connecting');
    this.follow(next);
    if (wasMuted && !next.isMuted) next.mute().catch(() => undefined);
    this.host.requestUpdate();
  }

  private onUpdate(call: CallingCall, update: CallUpdate): void {
    const attempt = this.current;
    if (call !== attempt.call) return; // a late event from a call that is over
    switch (update.type) {
      case 'transferred':
        return this.adopt(update.call, update.to);
      case 'state':
        if (update.state === 'EarlyMedia') {
          attempt.earlyMedia = true;
          attempt.endRingback();
        }
        return this.onCallState(call, fromSdkState(update.state));
      case 'muted':
        if (update.muted === attempt.muted) return;
        attempt.muted = update.muted;
        this.host.requestUpdate();
        this.host.dispatchEvent(new TeamsCallMuteChangeEvent(update.muted));
        return;
      case 'diagnostic':
        if (attempt.diagnostics.get(update.name) === update.value) return;
        attempt.diagnostics = new Map(attempt.diagnostics).set(update.name, update.value);
        this.host.requestUpdate();
        this.host.dispatchEvent(new TeamsCallDiagnosticEvent({ name: update.name, value: update.value }));
        return;
      case 'video':
        attempt.videos = { ...attempt.videos, [update.side]: update.view };
        this.host.requestUpdate();
        return;
      case 'captions':
      case 'caption':
        return attempt.captions?.onUpdate(update);
      case 'sharing':
        return attempt.share?.onUpdate(update.active);
      default:
        return this.onNotice(update.type, update.active);
    }
  }

  private onCallState(call: CallingCall, next: CallState): void {
    const attempt = this.current;
    if (next === 'ended') {
      const endCode = call.endReason ?? CANCELLED;
      if (isTransferEnd(endCode) && !attempt.hungUpHere) return this.awaitTransfer();
      return this.finish(endCode);
    }
    if (this.state === 'ending') return; // hanging up: only the end matters now
    if (next !== 'connected') return this.setState(next);
    const transferred = attempt.transferring;
    attempt.transferring = false;
    if (attempt.connectedAt === undefined) {
      attempt.connectedAt = Date.now();
      attempt.popOut?.connected(attempt);
      attempt.every(1000, () => {
        // A document whose window is gone (a removed iframe) can no longer show the call: it must not go on unseen.
        if (!this.host.ownerDocument.defaultView) return this.onPageHide();
        this.host.requestUpdate();
      });
    } else if (!transferred) {
      return this.setState(next); // back from hold
    }
    this.setState('connected');
    if (transferred) attempt.captions?.restart();
    void attempt.noise?.apply();
    this.host.dispatchEvent(new TeamsCallConnectedEvent({ answeredBy: attempt.answeredBy, transferred }));
  }

  /**
   * The call ended with "transfer completed" before the SDK handed over the new call: say "Transferring…" and wait
   * for it (a `transferred` update, or the agent's safety net); if none comes, the call is over.
   */
  private awaitTransfer(): void {
    const attempt = this.current;
    const ended = attempt.call!;
    attempt.unfollow();
    attempt.transferring = true;
    this.setState('connecting');
    attempt.stopTransferWait = attempt.after(TRANSFER_WAIT_MS, () => {
      if (attempt.call === ended) this.finish(CANCELLED);
    });
  }

  /**
   * The legal notice: unless the host cancels the event (and so takes the duty over), the element shows it
   * for as long as recording or transcription is on, and says when it stops.
   */
  private onNotice(kind: NoticeKind, active: boolean): void {
    const notices = this.current.notices;
    if (notices.isActive(kind) === active) return;
    const event =
      kind === 'recording' ? new TeamsCallRecordingChangeEvent(active) : new TeamsCallTranscriptionChangeEvent(active);
    this.host.dispatchEvent(event);
    // Fail safe: only an explicit preventDefault() hands the duty over, whatever a wrapped dispatchEvent returns.
    notices.change(kind, active, !event.defaultPrevented);
    this.host.requestUpdate();
  }

  private finish(endCode: CallEndCode): void {
    const attempt = this.current;
    const cloud = attempt.request?.target.cloud ?? 'public';
    const { reason, message } = describeEnd(endCode, {
      hungUpHere: attempt.hungUpHere,
      wasConnected: attempt.connectedAt !== undefined,
      cloud,
    });
    const durationMs = attempt.connectedAt === undefined ? 0 : Date.now() - attempt.connectedAt;
    const code = endCode.code;
    const subCode = endCode.subCode ?? 0;
    const callId = attempt.call?.id ?? '';
    // Only a call that connected can be rated (`survey`).
    this.lastConnectedCall = attempt.connectedAt === undefined ? undefined : attempt.call;
    this.release();
    this.endReason = reason;
    const strings = this.strings;
    this.message = format(strings[message], { name: this.calleeName || strings.expertFallback, code, subCode, cloud });
    this.setState('ended');
    const detail = {
      reason,
      code,
      subCode,
      message: this.message,
      durationMs,
      callId,
      ...(this.removed ? { removed: true as const } : {}),
    };
    this.emit(new TeamsCallEndedEvent(detail));
    // An agent that lost its network or its token is of no use to the next call.
    if (reason === 'network' || reason === 'session-expired' || reason === 'unknown') void this.page?.dropAgent();
  }

  private fail(error: CallError): void {
    this.release();
    this.message = error.localized(this.strings);
    this.setState('failed');
    this.host.dispatchEvent(new TeamsCallErrorEvent({ code: error.code, message: this.message }));
    // The agent stays for failures that say nothing against it (a denied microphone, a bad attribute, a busy page).
    if (error.code === 'call-failed' || error.code === 'agent-failed') void this.page?.dropAgent();
    else if (error.code !== 'busy') this.page?.releaseAgentWhenIdle();
  }

  private cancelPreparation(): void {
    this.current.abort.abort();
    this.current.hungUpHere = true;
    this.finish(CANCELLED);
  }

  /**
   * The element left the document: end the call, and release the SDK if no other button uses it. A detached element's
   * events reach no page listener, so the final ones are dispatched on the document it left too (`removed: true`).
   */
  private leave(): void {
    this.removed = true;
    this.endForGood();
    this.removed = false;
    this.page?.leave(this);
  }

  private readonly onPageHide = (): void => {
    this.endForGood();
    void this.page?.release();
  };

  /** Ends whatever is under way at once, without waiting for the SDK to confirm. */
  private endForGood(): void {
    if (this.state === 'preparing') return this.cancelPreparation();
    const call = this.current.call;
    if (!call) return;
    this.current.hungUpHere = true;
    this.finish(call.endReason ?? CANCELLED);
    call.hangUp().catch(() => undefined); // the agent's disposal ends it too
  }

  private usePage(loader: CallingSdkLoader): PageAgent {
    this.page = pageAgentFor(loader);
    this.page.join(this);
    return this.page;
  }

  /** Lets go of the attempt and the page's one-call-at-a-time claim. */
  private release(): void {
    this.current.release();
    this.page?.callEnded(this);
    activeCall.release(this);
  }

  private setState(next: CallState): void {
    const previousState = this.state;
    if (next === previousState) return;
    this.state = next;
    otherTabs.set(this.underway && next !== 'preparing');
    const attempt = this.current;
    const request = attempt.request;
    if (next === 'ringing' && request?.ringback && !attempt.earlyMedia && !attempt.released) {
      attempt.ringback(() => startRingback(request.audioContext, this.devices?.list?.speaker));
    } else {
      attempt.endRingback();
    }
    this.host.requestUpdate();
    this.emit(new TeamsCallStateChangeEvent({ state: next, previousState }));
  }

  /** Dispatches on the element, and, for an element just taken off the page, again on the document it left. */
  private emit(event: Event): void {
    this.host.dispatchEvent(event);
    if (this.removed) this.host.ownerDocument.dispatchEvent(event);
  }
}

function asCallError(error: unknown): CallError {
  if (error instanceof CallError) return error;
  return new CallError('call-failed', 'callFailed', { detail: sdkDetail(error) });
}

/** Why the agent could not be made, as the SDK's error table says (see the README's table). */
function agentError(error: unknown): CallError {
  const { code, subCode } = (error ?? {}) as SdkError;
  // A token without the voip scope, or not an ACS user's token at all.
  if ((code === 401 && subCode === 44113) || (code === 403 && subCode === 40229))
    return new CallError('token-invalid', 'tokenNotForCalls');
  // The service could not be reached while the agent registered.
  if ((code === 408 && (subCode === 40101 || subCode === 40104)) || (code === 412 && subCode === 40115)) {
    return new CallError('agent-failed', 'agentUnreachable');
  }
  return new CallError('agent-failed', 'agentFailed', { detail: sdkDetail(error) });
}

/**
 * The SDK's code and message for the visitor's message, e.g. " (400/40215: Display name is too long.)". Only the SDK's
 * own errors, which carry a numeric code: a JavaScript exception's text means nothing to a visitor.
 */
function sdkDetail(error: unknown): string {
  const { code, subCode, message } = (error ?? {}) as SdkError;
  if (typeof code !== 'number') return '';
  const codes = subCode === undefined ? `${code}` : `${code}/${subCode}`;
  return ` (${[codes, message].filter(Boolean).join(': ')})`;
}

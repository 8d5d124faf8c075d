import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { CallError } from './call-error.js';
import { describeEnd, fromSdkState, type CallState } from './call-states.js';
import type { CallEndCode, CallingAgent, CallingCall, CallingSdkLoader, CallTarget, CallUpdate, SdkError } from './calling.js';
import {
  TeamsCallConnectedEvent,
  TeamsCallEndedEvent,
  TeamsCallErrorEvent,
  TeamsCallMuteChangeEvent,
  TeamsCallRecordingChangeEvent,
  TeamsCallStateChangeEvent,
  TeamsCallTranscriptionChangeEvent,
} from './events.js';
import { activeCall, pageCallingFor, type PageCalling } from './page-calling.js';
import { en, format } from './strings.js';
import { requestToken, type TokenSource } from './token.js';

/** Everything one attempt needs, read from the element when the visitor clicks. */
export interface CallRequest {
  target: CallTarget;
  /** Absent in simulation, which needs no token. */
  tokenSource?: TokenSource;
  /** Identifies the token source, so that the page's agent is reused only for the same one. */
  tokenSourceKey: unknown;
  displayName?: string;
  /** How the page names the expert in the element's own text. */
  calleeName: string;
  loader: CallingSdkLoader;
  /** Loads the in-call UI; it comes with the SDK, as a failure of either leaves nothing to show. */
  loadUi: () => Promise<unknown>;
}

export type NoticeKind = 'recording' | 'transcription';

export interface Notice {
  /** Recording (or transcription) is on. */
  active: boolean;
  /** The element shows its own notice: it is active and the host did not take over. */
  shown: boolean;
  /** It was shown and has stopped: the visitor is told so. */
  stopped: boolean;
}

const NO_NOTICE: Notice = { active: false, shown: false, stopped: false };
const CANCELLED: CallEndCode = { code: 0, subCode: 0 };

/**
 * Owns one element's call from click to end: one attempt at a time, each with its own AbortController,
 * and results of a superseded attempt are dropped. The element only renders what this holds.
 */
export class CallController implements ReactiveController {
  state: CallState = 'idle';
  /** What the visitor reads about how the last attempt ended or failed. */
  message = '';
  muted = false;
  calleeName = '';
  connectedAt?: number;
  notices: Record<NoticeKind, Notice> = { recording: NO_NOTICE, transcription: NO_NOTICE };
  environmentWarning?: string;

  private attempt?: AbortController;
  private call?: CallingCall;
  private unsubscribeCall?: () => void;
  private unsubscribeActiveCall?: () => void;
  private page?: PageCalling;
  private hungUpHere = false;
  private clock?: ReturnType<typeof setInterval>;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  /** Another button of the page has a call going. */
  get busyElsewhere(): boolean {
    return activeCall.isHeldByOther(this);
  }

  hostConnected(): void {
    window.addEventListener('pagehide', this.onPageHide);
    this.unsubscribeActiveCall = activeCall.subscribe(() => this.host.requestUpdate());
  }

  hostDisconnected(): void {
    window.removeEventListener('pagehide', this.onPageHide);
    this.unsubscribeActiveCall?.();
    // A move in the DOM disconnects and reconnects in the same task: only a real removal ends the call.
    queueMicrotask(() => {
      if (!this.host.isConnected) this.leave();
    });
  }

  /** Starts loading what a call needs, so that a click rarely waits. */
  warm(loader: CallingSdkLoader): void {
    this.usePage(loader)
      .loadSdk()
      .catch(() => undefined); // the click that follows reports a failed load
  }

  async start(request: CallRequest): Promise<void> {
    if (this.state !== 'idle' && this.state !== 'ended' && this.state !== 'failed') return;
    const attempt = new AbortController();
    this.attempt = attempt;
    this.resetCall(request.calleeName);
    if (!activeCall.claim(this)) return this.fail(new CallError('busy', en.busy));
    this.setState('preparing');
    try {
      const agent = await this.prepare(request, attempt.signal);
      if (attempt !== this.attempt) return;
      this.place(agent, request.target);
    } catch (error) {
      if (attempt === this.attempt) this.fail(asCallError(error));
    }
  }

  /** Reports a failure found before any work (for example an invalid attribute). */
  reject(error: CallError): void {
    if (this.state !== 'idle' && this.state !== 'ended' && this.state !== 'failed') return;
    this.resetCall(this.calleeName);
    this.fail(error);
  }

  async hangUp(): Promise<void> {
    if (this.state === 'preparing') return this.cancelPreparation();
    const call = this.call;
    if (!call || this.state === 'ending') return;
    this.hungUpHere = true;
    this.setState('ending');
    try {
      await call.hangUp();
    } catch {
      // The SDK could not hang up cleanly; the visitor asked to leave, so the element lets the call go.
      if (call === this.call) this.finish(call.endReason ?? CANCELLED);
    }
  }

  async toggleMute(): Promise<void> {
    const call = this.call;
    if (!call || this.state === 'ending') return;
    try {
      await (call.isMuted ? call.unmute() : call.mute());
    } catch {
      // The button shows the call's own mute state, which did not change: nothing to correct.
    }
  }

  private async prepare(request: CallRequest, signal: AbortSignal): Promise<CallingAgent> {
    const page = this.usePage(request.loader);
    const reusable = page.reusableAgent(request.tokenSourceKey, request.displayName);
    const tokenSource = request.tokenSource;
    const [sdk, token] = await Promise.all([
      Promise.all([page.loadSdk(), request.loadUi()]).then(
        ([sdk]) => sdk,
        (error: unknown) => {
          // A loader may refuse its configuration (an unknown simulation scenario); anything else is a failed download.
          throw error instanceof CallError ? error : new CallError('sdk-load-failed', en.sdkLoadFailed);
        },
      ),
      reusable || !tokenSource ? undefined : requestToken(tokenSource, signal),
    ]);
    signal.throwIfAborted();
    sdk.environmentWarning().then(
      (warning) => {
        if (signal.aborted || !warning) return;
        this.environmentWarning = format(en.environmentWarning, { detail: warning });
        this.host.requestUpdate();
      },
      () => undefined, // the check is advisory only
    );
    const agent =
      reusable ??
      page.createAgent(request.tokenSourceKey, {
        displayName: request.displayName,
        credential:
          tokenSource && token ? { token, refresh: (refreshSignal) => requestToken(tokenSource, refreshSignal) } : undefined,
      });
    // The microphone prompt and the agent's registration run side by side; the agent's outcome is read below.
    agent.catch(() => undefined);
    const microphone = await sdk.requestMicrophone();
    signal.throwIfAborted();
    if (microphone === 'missing') throw new CallError('no-microphone', en.noMicrophone);
    if (microphone === 'denied') throw new CallError('microphone-denied', en.microphoneDenied);
    try {
      return await agent;
    } catch (error) {
      throw new CallError('agent-failed', format(en.agentFailed, { detail: sdkDetail(error) }));
    }
  }

  private place(agent: CallingAgent, target: CallTarget): void {
    let call: CallingCall;
    try {
      call = agent.startCall(target);
    } catch (error) {
      throw new CallError('call-failed', format(en.callFailed, { detail: sdkDetail(error) }));
    }
    this.call = call;
    this.setState('connecting');
    this.unsubscribeCall = call.subscribe((update) => this.onUpdate(call, update));
    // The call may have moved on, or already be recorded, before the subscription: read where it stands now.
    this.onUpdate(call, { type: 'state', state: call.state });
    this.onUpdate(call, { type: 'muted', muted: call.isMuted });
    this.onUpdate(call, { type: 'recording', active: call.recordingActive });
    this.onUpdate(call, { type: 'transcription', active: call.transcriptionActive });
  }

  private onUpdate(call: CallingCall, update: CallUpdate): void {
    if (call !== this.call) return; // a late event from a call that is over
    switch (update.type) {
      case 'state':
        return this.onCallState(call, fromSdkState(update.state));
      case 'muted':
        if (update.muted === this.muted) return;
        this.muted = update.muted;
        this.host.requestUpdate();
        this.host.dispatchEvent(new TeamsCallMuteChangeEvent(update.muted));
        return;
      default:
        return this.onNotice(update.type, update.active);
    }
  }

  private onCallState(call: CallingCall, next: CallState): void {
    if (next === 'ended') return this.finish(call.endReason ?? CANCELLED);
    if (this.state === 'ending') return; // hanging up: only the end matters now
    if (next !== 'connected' || this.connectedAt !== undefined) return this.setState(next);
    this.connectedAt = Date.now();
    this.clock = setInterval(() => this.host.requestUpdate(), 1000);
    this.setState('connected');
    this.host.dispatchEvent(new TeamsCallConnectedEvent());
  }

  /**
   * The legal notice: unless the host cancels the event (and so takes the duty over), the element shows it
   * for as long as recording or transcription is on, and says when it stops.
   */
  private onNotice(kind: NoticeKind, active: boolean): void {
    const current = this.notices[kind];
    if (current.active === active) return;
    const event = kind === 'recording' ? new TeamsCallRecordingChangeEvent(active) : new TeamsCallTranscriptionChangeEvent(active);
    const elementInforms = this.host.dispatchEvent(event);
    this.notices = {
      ...this.notices,
      [kind]: active
        ? { active, shown: elementInforms, stopped: false }
        : { active, shown: false, stopped: current.shown && elementInforms },
    };
    this.host.requestUpdate();
  }

  private finish(endCode: CallEndCode): void {
    const { reason, message } = describeEnd(endCode, this.hungUpHere, this.connectedAt !== undefined);
    const durationMs = this.connectedAt === undefined ? 0 : Date.now() - this.connectedAt;
    const code = endCode.code;
    const subCode = endCode.subCode ?? 0;
    this.releaseCall();
    this.message = format(en[message], { name: this.calleeName || en.expertFallback, code, subCode });
    this.setState('ended');
    this.host.dispatchEvent(new TeamsCallEndedEvent({ reason, code, subCode, message: this.message, durationMs }));
    // An agent that lost its network or its token is of no use to the next call.
    if (reason === 'network' || reason === 'session-expired' || reason === 'unknown') void this.page?.dropAgent();
    else this.page?.releaseAgentWhenIdle();
  }

  private fail(error: CallError): void {
    this.releaseCall();
    this.message = error.message;
    this.setState('failed');
    this.host.dispatchEvent(new TeamsCallErrorEvent({ code: error.code, message: error.message }));
    if (error.code !== 'busy') void this.page?.dropAgent();
  }

  private cancelPreparation(): void {
    this.attempt?.abort();
    this.hungUpHere = true;
    this.finish(CANCELLED);
  }

  /** The element left the document: end the call, and release the SDK if no other button uses it. */
  private leave(): void {
    this.endForGood();
    const page = this.page;
    if (!page) return;
    page.users.delete(this);
    if (page.users.size === 0) void page.release();
  }

  private readonly onPageHide = (): void => {
    this.endForGood();
    void this.page?.release();
  };

  /** Ends whatever is under way at once, without waiting for the SDK to confirm. */
  private endForGood(): void {
    if (this.state === 'preparing') return this.cancelPreparation();
    const call = this.call;
    if (!call) return;
    this.hungUpHere = true;
    this.finish(call.endReason ?? CANCELLED);
    call.hangUp().catch(() => undefined); // the agent's disposal ends it too
  }

  private usePage(loader: CallingSdkLoader): PageCalling {
    this.page = pageCallingFor(loader);
    this.page.users.add(this);
    return this.page;
  }

  private resetCall(calleeName: string): void {
    this.calleeName = calleeName;
    this.message = '';
    this.muted = false;
    this.hungUpHere = false;
    this.connectedAt = undefined;
    this.environmentWarning = undefined;
    this.notices = { recording: NO_NOTICE, transcription: NO_NOTICE };
  }

  /** Lets go of the attempt and its call: listeners, clock, and the page's one-call-at-a-time claim. */
  private releaseCall(): void {
    this.unsubscribeCall?.();
    this.unsubscribeCall = undefined;
    this.call = undefined;
    this.attempt = undefined;
    clearInterval(this.clock);
    this.clock = undefined;
    activeCall.release(this);
  }

  private setState(next: CallState): void {
    const previousState = this.state;
    if (next === previousState) return;
    this.state = next;
    this.host.requestUpdate();
    this.host.dispatchEvent(new TeamsCallStateChangeEvent({ state: next, previousState }));
  }
}

function asCallError(error: unknown): CallError {
  if (error instanceof CallError) return error;
  return new CallError('call-failed', format(en.callFailed, { detail: sdkDetail(error) }));
}

/** The SDK's code and message for the visitor's message, e.g. " (400/40215: Display name is too long.)". */
function sdkDetail(error: unknown): string {
  const { code, subCode, message } = (error ?? {}) as SdkError;
  const codes = code === undefined ? '' : subCode === undefined ? `${code}` : `${code}/${subCode}`;
  const text = [codes, message].filter(Boolean).join(': ');
  return text ? ` (${text})` : '';
}

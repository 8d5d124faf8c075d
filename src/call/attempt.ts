import type { CallingCall } from '../backends/calling.js';
import type { AnsweredBy } from './events.js';
import { CallNotices } from './notices.js';
import type { CallRequest } from './controller.js';
import type { LiveCaptions } from '../captions/index.js';
import type { NoiseSuppression } from '../noise/index.js';
import type { ScreenShare } from '../share/index.js';
import type { DeviceCheck } from '../precheck/index.js';
import type { PopOut } from '../popout/index.js';

type Videos = Record<'local' | 'remote' | 'screen', HTMLElement | null>;
const NO_VIDEOS: Videos = { local: null, remote: null, screen: null };

/**
 * One click's call, from "Preparing…" to its end: made by the controller's `start` and replaced by the next one, as
 * `@lit/task` keeps one run behind one AbortController. What the visitor sees of this call lives here, and everything
 * it holds — the call's subscription, timers, watchers, the ringback and its audio context — is let go in `release()`,
 * its one exit.
 */
export class CallAttempt {
  /** Aborted when the visitor cancels while preparing: pending token requests and downloads stop. */
  readonly abort = new AbortController();
  /** The SDK call shown and controlled now; a transfer replaces it. Absent before the call starts and once released. */
  call?: CallingCall;
  muted = false;
  connectedAt?: number;
  environmentWarning?: string;
  /** The SDK's user-facing diagnostics of this call, as last reported. */
  diagnostics = new Map<string, number | boolean>();
  /** The dial-pad keys sent in this call. */
  dialed = '';
  cameraError = '';
  videos: Videos = NO_VIDEOS;
  /** A transfer is under way: the conversation moves to another call (see `teams-call-transfer`). */
  transferring = false;
  /** Who answered: the target, or whom a transfer went to. */
  answeredBy: AnsweredBy = 'unknown';
  /** The visitor (or the page) ended the call here, not the Teams side. */
  hungUpHere = false;
  /** The Teams side plays an announcement (early media): no ringback over it. */
  earlyMedia = false;
  readonly notices: CallNotices;
  /** Live captions, for a button with `captions`, once their code has loaded. */
  captions?: LiveCaptions;
  /** Noise suppression, for a button with `noise-suppression`, once its code has loaded. */
  noise?: NoiseSuppression;
  /** The visitor's screen share, for a button with `screen-share`, once its code has loaded. */
  share?: ScreenShare;
  /** The device check before dialling, for a button with `precheck`, once its code has loaded. */
  check?: DeviceCheck;
  /** The call's own window (Document Picture-in-Picture), for a button with `pop-out`, once its code has loaded. */
  popOut?: PopOut;
  /** Settles once the extras' code (captions, noise suppression, screen sharing, the device check) has loaded or failed. */
  extrasLoaded?: Promise<void>;
  /** Cancels the wait for a transferred call (see the controller's `awaitTransfer`). */
  stopTransferWait?: () => void;
  /** The panel replaced the button, a frame after the click (see the controller's `showsPanel`). */
  panelShown = false;
  released = false;

  private readonly cleanups = new Set<() => void>();
  /** Stops listening to the call followed now and its stats. */
  private unfollowCall?: () => void;
  private stopRingback?: () => void;

  constructor(readonly request?: CallRequest) {
    this.notices = new CallNotices(request?.consentRequired ?? false);
  }

  /** Runs `cleanup` on release; returns the function that runs it sooner. */
  hold(cleanup: () => void): () => void {
    const once = () => this.cleanups.delete(once) && cleanup();
    this.cleanups.add(once);
    return once;
  }

  /** A timer that dies with the attempt; returns the function that cancels it. */
  after(ms: number, work: () => void): () => void {
    const timer = setTimeout(() => (cancel(), work()), ms);
    const cancel = this.hold(() => clearTimeout(timer));
    return cancel;
  }

  every(ms: number, work: () => void): void {
    const timer = setInterval(work, ms);
    this.hold(() => clearInterval(timer));
  }

  /** Makes `call` the one shown; `listen` subscribes to it and returns what stops that when it is replaced or released. */
  follow(call: CallingCall, listen: () => () => void): void {
    this.unfollow();
    this.call = call;
    this.unfollowCall = listen();
  }

  /** Stops listening to the call followed now; `call` stays until it is replaced or released. */
  unfollow(): void {
    this.unfollowCall?.();
    this.unfollowCall = undefined;
  }

  ringback(start: () => () => void): void {
    this.stopRingback ??= start();
  }

  endRingback(): void {
    this.stopRingback?.();
    this.stopRingback = undefined;
  }

  /** Lets go of everything the attempt holds. The visitor's view of how it went (mute, notices) stays readable. */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.unfollow();
    this.call = undefined;
    [...this.cleanups].forEach((cleanup) => cleanup());
    this.endRingback();
    this.request?.audioContext?.close().catch(() => undefined);
    this.videos = NO_VIDEOS;
    this.notices.consentNeeded = false;
    this.transferring = false;
  }
}

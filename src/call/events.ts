/**
 * The events of a call under way. They load with the call code; the button itself fires only the two in ./events.ts.
 */
import type { CallStats, Diagnostic, TransferTarget } from '../backends/calling.js';
import { spread, type EndedDetail } from '../events.js';
import type { TokenRequestDetail } from './token.js';

/**
 * Who picked up: the Teams user or the voice app called (for a call queue or auto attendant, the app answers first),
 * or whom a transfer went to.
 */
export type AnsweredBy = 'teams-user' | 'teams-app' | 'unknown';

export interface ConnectedDetail {
  answeredBy: AnsweredBy;
  /** The call was transferred before this answer: a voice app's hand-off to a person, say. */
  transferred: boolean;
}

/** Fired when the call is answered, and again when a transferred call is answered. */
export class TeamsCallConnectedEvent extends CustomEvent<ConnectedDetail> {
  constructor(detail: ConnectedDetail) {
    super('teams-call-connected', { ...spread, detail });
  }
}

/** The Teams side transferred the call; the element follows it, and says "Transferring…" until it connects. */
export class TeamsCallTransferEvent extends CustomEvent<{ to: TransferTarget }> {
  constructor(detail: { to: TransferTarget }) {
    super('teams-call-transfer', { ...spread, detail });
  }
}

export class TeamsCallEndedEvent extends CustomEvent<EndedDetail> {
  constructor(detail: EndedDetail) {
    super('teams-call-ended', { ...spread, detail });
  }
}

/**
 * Cancelable: a host that calls `preventDefault()` takes over the legal duty to tell the visitor,
 * and the element does not show its own notice.
 */
export class TeamsCallRecordingChangeEvent extends CustomEvent<{ active: boolean }> {
  constructor(active: boolean) {
    super('teams-call-recording-change', { ...spread, cancelable: true, detail: { active } });
  }
}

/** Cancelable, like {@link TeamsCallRecordingChangeEvent}. */
export class TeamsCallTranscriptionChangeEvent extends CustomEvent<{ active: boolean }> {
  constructor(active: boolean) {
    super('teams-call-transcription-change', { ...spread, cancelable: true, detail: { active } });
  }
}

export class TeamsCallMuteChangeEvent extends CustomEvent<{ muted: boolean }> {
  constructor(muted: boolean) {
    super('teams-call-mute-change', { ...spread, detail: { muted } });
  }
}

/** One of the SDK's user-facing diagnostics changed: `{ name, value }`, for hosts that log call health. */
export class TeamsCallDiagnosticEvent extends CustomEvent<Diagnostic> {
  constructor(detail: Diagnostic) {
    super('teams-call-diagnostic', { ...spread, detail });
  }
}

/** Call-quality figures every `stats-interval` seconds, for analytics. */
export class TeamsCallStatsEvent extends CustomEvent<CallStats> {
  constructor(detail: CallStats) {
    super('teams-call-stats', { ...spread, detail });
  }
}

/**
 * Before a visit's first request to `token-url`: the page may add headers or JSON body fields (a bot check's response,
 * say) and hold the request with `detail.waitUntil(promise)` until they are ready. Refreshes carry the session instead
 * and are not shown. Cancelable: `preventDefault()` sends nothing; a click's call then stops with a message, and a
 * request made ahead of the click is made again at the click.
 */
export class TeamsCallTokenRequestEvent extends CustomEvent<TokenRequestDetail> {
  constructor(detail: TokenRequestDetail) {
    super('teams-call-token-request', { ...spread, cancelable: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'teams-call-connected': TeamsCallConnectedEvent;
    'teams-call-transfer': TeamsCallTransferEvent;
    'teams-call-ended': TeamsCallEndedEvent;
    'teams-call-recording-change': TeamsCallRecordingChangeEvent;
    'teams-call-transcription-change': TeamsCallTranscriptionChangeEvent;
    'teams-call-mute-change': TeamsCallMuteChangeEvent;
    'teams-call-diagnostic': TeamsCallDiagnosticEvent;
    'teams-call-stats': TeamsCallStatsEvent;
    'teams-call-token-request': TeamsCallTokenRequestEvent;
  }
}

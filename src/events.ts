import type { CallState, EndReason } from './call-states.js';
import type { CallErrorCode } from './call/errors.js';

/** Every event of the element bubbles and crosses shadow roots, so a page can listen anywhere above it. */
export const spread = { bubbles: true, composed: true } as const;

export interface StateChangeDetail {
  state: CallState;
  previousState: CallState;
}

export interface EndedDetail {
  reason: EndReason;
  /** The SDK's `callEndReason`; 0 / 0 when the call was cancelled before it reached the service. */
  code: number;
  subCode: number;
  /** What the visitor reads. */
  message: string;
  /** Time spent connected; 0 when the call was never answered. */
  durationMs: number;
  /** The SDK's call ID, for support tickets and Microsoft's call diagnostics; empty if no call was placed. */
  callId: string;
  /**
   * The element was taken off the page mid-call, which ended the call: this event is dispatched on the element and
   * again on the document it left, since a detached element's events reach no page listener.
   */
  removed?: true;
}

export interface ErrorDetail {
  code: CallErrorCode;
  message: string;
}

export class TeamsCallStateChangeEvent extends CustomEvent<StateChangeDetail> {
  constructor(detail: StateChangeDetail) {
    super('teams-call-state-change', { ...spread, detail });
  }
}

export class TeamsCallErrorEvent extends CustomEvent<ErrorDetail> {
  constructor(detail: ErrorDetail) {
    super('teams-call-error', { ...spread, detail });
  }
}

/** The name of every event the element fires, for hosts that log them all. */
export const TEAMS_CALL_EVENTS = [
  'teams-call-state-change',
  'teams-call-connected',
  'teams-call-transfer',
  'teams-call-ended',
  'teams-call-error',
  'teams-call-recording-change',
  'teams-call-transcription-change',
  'teams-call-mute-change',
  'teams-call-diagnostic',
  'teams-call-stats',
  'teams-call-availability-change',
  'teams-call-callback-requested',
  'teams-call-intake',
  'teams-call-survey',
  'teams-call-caption',
  'teams-call-precheck',
  'teams-call-token-request',
] as const;

declare global {
  interface GlobalEventHandlersEventMap {
    'teams-call-state-change': TeamsCallStateChangeEvent;
    'teams-call-error': TeamsCallErrorEvent;
  }
}

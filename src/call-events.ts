/**
 * The events of a call under way. They load with the call code; the button itself fires only the two in ./events.ts.
 */
import type { CallStats, Diagnostic } from './calling.js';
import { spread, type EndedDetail } from './events.js';

export class TeamsCallConnectedEvent extends Event {
  constructor() {
    super('teams-call-connected', spread);
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

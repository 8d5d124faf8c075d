/**
 * `<TeamsCallButton>` for React, built with `@lit/react`: attributes and properties as props, and the element's events
 * as typed `on…` props. Importing it registers `<teams-call-button>`.
 *
 * ```tsx
 * import { TeamsCallButton } from 'teams-call-button/react';
 * <TeamsCallButton tokenUrl="/api/acs-token" teamsUserId="…" calleeName="Dr. Lee" onEnded={(e) => track(e.detail)} />
 * ```
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import type {
  TeamsCallConnectedEvent,
  TeamsCallDiagnosticEvent,
  TeamsCallEndedEvent,
  TeamsCallMuteChangeEvent,
  TeamsCallRecordingChangeEvent,
  TeamsCallStatsEvent,
  TeamsCallTokenRequestEvent,
  TeamsCallTranscriptionChangeEvent,
  TeamsCallTransferEvent,
} from './call/events.js';
import type { TeamsCallErrorEvent, TeamsCallStateChangeEvent } from './events.js';
import type { TeamsCallCallbackRequestedEvent } from './status/callback-form.js';
import type { TeamsCallAvailabilityChangeEvent } from './status/index.js';
import type { TeamsCallIntakeEvent } from './status/intake.js';
import type { TeamsCallSurveyEvent } from './status/survey.js';
import type { TeamsCallCaptionEvent } from './captions/index.js';
import type { TeamsCallPrecheckEvent } from './precheck/index.js';
import { TeamsCallButton as TeamsCallButtonElement } from './teams-call-button.js';

// A call, not a bare import: bundlers drop side-effect imports of modules a package does not list as having effects.
TeamsCallButtonElement.define();

export const TeamsCallButton = createComponent({
  tagName: 'teams-call-button',
  elementClass: TeamsCallButtonElement,
  react: React,
  events: {
    onStateChange: 'teams-call-state-change' as EventName<TeamsCallStateChangeEvent>,
    onConnected: 'teams-call-connected' as EventName<TeamsCallConnectedEvent>,
    onTransfer: 'teams-call-transfer' as EventName<TeamsCallTransferEvent>,
    onEnded: 'teams-call-ended' as EventName<TeamsCallEndedEvent>,
    onError: 'teams-call-error' as EventName<TeamsCallErrorEvent>,
    onRecordingChange: 'teams-call-recording-change' as EventName<TeamsCallRecordingChangeEvent>,
    onTranscriptionChange: 'teams-call-transcription-change' as EventName<TeamsCallTranscriptionChangeEvent>,
    onMuteChange: 'teams-call-mute-change' as EventName<TeamsCallMuteChangeEvent>,
    onDiagnostic: 'teams-call-diagnostic' as EventName<TeamsCallDiagnosticEvent>,
    onStats: 'teams-call-stats' as EventName<TeamsCallStatsEvent>,
    onTokenRequest: 'teams-call-token-request' as EventName<TeamsCallTokenRequestEvent>,
    onAvailabilityChange: 'teams-call-availability-change' as EventName<TeamsCallAvailabilityChangeEvent>,
    onCallbackRequested: 'teams-call-callback-requested' as EventName<TeamsCallCallbackRequestedEvent>,
    onIntake: 'teams-call-intake' as EventName<TeamsCallIntakeEvent>,
    onSurvey: 'teams-call-survey' as EventName<TeamsCallSurveyEvent>,
    onCaption: 'teams-call-caption' as EventName<TeamsCallCaptionEvent>,
    onPrecheck: 'teams-call-precheck' as EventName<TeamsCallPrecheckEvent>,
  },
  displayName: 'TeamsCallButton',
});

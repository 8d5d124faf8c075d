/** The element's class, events and types, without registering anything (see `define`). */
export { TeamsCallButton, loadAcsSdk } from './teams-call-button.js';
export * from './events.js';
export * from './call/events.js';
export { CALL_STATES, type CallState, type EndReason } from './call-states.js';
export type { CallError, CallErrorCode } from './call/errors.js';
export type { TokenAnswer, TokenProvider, TokenRequestDetail } from './call/token.js';
export type * from './backends/calling.js';
export type { StringKey, Strings } from './i18n/strings.js';
export type { Availability, AvailabilityDetail, TeamsCallAvailabilityChangeEvent } from './status/index.js';
export type {
  CallbackReason,
  CallbackRequestedDetail,
  TeamsCallCallbackRequestedEvent,
} from './status/callback-form.js';
export type { IntakeDetail, TeamsCallIntakeEvent } from './status/intake.js';
export type { Intake } from './call/config.js';
export type { SurveyDetail, TeamsCallSurveyEvent } from './status/survey.js';
export type { CaptionDetail, TeamsCallCaptionEvent } from './captions/index.js';
export type { PrecheckDetail, TeamsCallPrecheckEvent } from './precheck/index.js';

import type { CallState } from '../call-states.js';
import { statusStrings } from '../status/texts.js';
import { buttonStrings, format } from './button.js';

export { format };

/**
 * Every text the element shows, in one table. Placeholders are `{name}`-style and filled by {@link format}.
 * `{name}` is the expert as the page names them (`callee-name`), or `expertFallback`.
 * The few texts of the resting button load with the page (./button.ts); the rest with the call.
 */
export const en = {
  ...buttonStrings,
  ...statusStrings,

  connecting: 'Calling {name}…',
  ringing: 'Ringing {name}…',
  connected: 'On a call with {name}',
  transferring: 'Transferring your call…',
  onHold: '{name} put the call on hold. Please stay on the line.',
  ending: 'Ending the call…',
  environmentWarning: 'This browser may not support calls well: {detail}',

  panelLabel: 'Call with {name}',
  consentQuestion: 'Do you agree to continue while it is on?',
  consentContinue: 'Continue',
  consentLeave: 'Leave call',
  devices: 'Audio devices',
  devicesShort: 'Devices',
  microphone: 'Microphone',
  speaker: 'Speaker',
  speakerUnavailable: 'This browser plays calls on its default speaker.',
  keypad: 'Dial pad',
  dialed: 'Keys sent: {keys}',
  camera: 'Camera',
  captions: 'Captions',
  captionsStarting: 'Starting captions…',
  captionsWaiting: 'Captions are on. They appear here when someone speaks.',
  captionsFailed: "Captions couldn't be started. The call goes on without them.",
  captionsUnsupported: "Captions aren't available in this browser. Try Chrome, Edge or Safari.",
  captionsNotTranslated:
    "Translated captions aren't available for this call (they need Teams Premium): captions show the spoken language.",
  noiseSuppression: 'Reduce background noise',
  noiseSuppressionUnsupported: "Background noise reduction isn't available in this browser.",
  noiseSuppressionFailed: "Background noise reduction couldn't be changed.",
  shareScreen: 'Share screen',
  sharingScreen: 'You are sharing your screen.',
  stopSharing: 'Stop sharing',
  screenShareFailed: "Your screen isn't being shared: the picker was closed, or the browser didn't allow it.",
  precheckTitle: 'Check your microphone and speaker before the call.',
  precheckSpeak: 'Say something: the bar moves when your microphone hears you.',
  precheckHeard: 'Your microphone is working.',
  precheckSilent: "We can't hear your microphone. Check that it isn't muted, or choose another one under Devices.",
  precheckNoLevel: "The microphone's level can't be shown, but the call can still use it.",
  precheckPlayTone: 'Play a test sound',
  precheckPlayed: "If you didn't hear it, turn up the volume or choose another speaker under Devices.",
  precheckCameraFailed: "Your camera couldn't be shown. The call can start without it.",
  precheckStart: 'Start the call',
  popOut: 'Pop out the call',
  popIn: 'Bring the call back to the page',
  cameraFailed: "Your camera couldn't be started. Check that no other app uses it and that this site may use it.",
  enlargeVideo: 'Enlarge video',
  shrinkVideo: 'Shrink video',
  localVideo: 'Your camera',
  remoteVideo: '{name}’s video',
  screenShare: 'The screen {name} shares',
  minimize: 'Minimize call panel',
  restore: 'Show call panel',
  dockReturn: 'Back to the call',
  hintReconnecting: 'Reconnecting…',
  hintConnectionLost: 'The connection was lost.',
  hintOffline: "You're offline. Check your connection.",
  hintPoorNetwork: 'Your connection is poor: the call may break up.',
  hintRelaysBlocked:
    "Your network blocks the call's media relays: a firewall or VPN must allow UDP ports 3478–3481 and TCP port 443.",
  hintMicrophoneSilent: "Your microphone isn't picking up sound. Check it, or choose another in Devices.",
  hintNoMicrophone: 'No microphone is connected.',
  hintSpeakingMuted: "You're muted. Unmute to speak.",
  muteShort: 'Mute',
  hangUp: 'Hang up',
  cancel: 'Cancel call',
  callDuration: 'Call duration',

  recording: 'This call is being recorded.',
  transcription: 'This call is being transcribed.',
  recordingAndTranscription: 'This call is being recorded and transcribed.',
  recordingStopped: 'Recording has stopped.',
  transcriptionStopped: 'Transcription has stopped.',

  // How a call ended (see describeEnd).
  ended: 'Call ended.',
  cancelled: 'Call cancelled.',
  declined: "{name} can't take your call right now.",
  noAnswer: "{name} didn't answer.",
  setupTimedOut: "Couldn't connect. Please try again.",
  unavailable: '{name} is not available right now.',
  calleeBusy: '{name} is on another call.',
  calleeUnreachable: "{name} couldn't be reached. Please try again later.",
  mediaBlocked: "Couldn't connect: a firewall may be blocking calls (they need UDP ports 3478–3481 and TCP port 443).",
  timeLimit: 'The call reached its time limit.',
  callIncomplete: "The call couldn't be completed. Please try again.",
  sessionExpired: 'Your session expired. Please try again.',
  networkDropped: 'The call dropped because of a network problem.',
  remoteEnded: 'The call was ended.',
  notAllowed: "This expert can't be reached from this website. (The Teams tenant does not allow these calls.)",
  invalidTarget: "This expert's Teams ID was not found. (Check teams-user-id or teams-app-id, and cloud.)",
  sovereignCloud:
    "This expert can't be reached from this website: Microsoft supports these calls in its public cloud only, not in {cloud}.",
  unknown: 'The call ended unexpectedly (code {code}/{subCode}).',

  // Why a call could not start.
  missingTarget: 'This call button has no one to call: set teams-user-id or teams-app-id.',
  bothTargets: 'This call button has both teams-user-id and teams-app-id: set only one.',
  badTeamsId: '“{value}” is not a valid {attribute}: use the Entra object ID (a GUID such as 6f1c2a3b-…).',
  badCloud: '“{value}” is not a valid cloud: use public, gcch or dod.',
  badStatsInterval: '“{value}” is not a usable stats-interval: use a number of seconds, 1 or more, or 0 for none.',
  badTokenTimeout: '“{value}” is not a usable token-timeout: use a number of seconds from 1 to {max}.',
  missingTokenSource: 'This call button has no token provider: set token-url or the tokenProvider property.',
  badTokenUrl: '“{value}” is not a usable token-url: use an https: address, or a path on this site.',
  calleeNameTooLong: 'The callee-name attribute is {length} characters long; use a name of at most {max}.',
  displayNameTooLong: 'The display-name attribute is {length} characters long; Teams accepts at most {max}.',
  badScenario: '“{value}” is not a simulation scenario: use one of {scenarios}.',
  insecurePage: 'Calls need a secure page: serve this page over https (or from localhost).',
  busy: 'Another call is in progress on this page. Hang it up first.',
  busyInAnotherTab: 'You are already in a call in another tab of this site. End that call to call from here.',
  tokenUnreachable: "Couldn't reach the token service ({url}). Check your connection and try again.",
  tokenStatus: 'The token service answered {status}{statusText}. Please try again later.',
  tokenBusy: 'Too many calls are being set up right now. Please try again in {seconds} seconds.',
  tokenTimeout: "The token service didn't answer within {seconds} seconds. Please try again.",
  tokenNotJson: "The token service's answer is not JSON: check token-url.",
  tokenMissing: "The token service's answer has no token.",
  tokenMalformed: 'The token service returned something that is not an access token.',
  tokenExpired: 'The token service returned an expired access token.',
  tokenProviderFailed: "Couldn't get an access token: {detail}",
  tokenRequestCanceled: 'This page stopped the call before it started.',
  tokenRequestNotReady: "This page couldn't prepare the call: {detail}",
  visitorCheckFailed: "This site couldn't confirm that a person is calling. Please try again.",
  tokenNotForCalls:
    "The token service returned a token that can't place calls: it must be an Azure Communication Services token with the voip scope.",
  sessionRefused: 'Your call session could not be renewed. Please call again.',
  microphoneDenied:
    'Microphone access is blocked. Allow it for this site (the icon at the left of the address bar), then call again.',
  noMicrophone: 'No microphone was found. Connect one, then call again.',
  agentFailed: "Couldn't connect to the calling service{detail}. Please try again.",
  agentUnreachable: "Couldn't reach the calling service. Check your connection and try again.",
  callFailed: "The call couldn't be started{detail}.",
};

export type Strings = typeof en;
export type StringKey = keyof Strings;
export type EndMessageKey = Extract<
  StringKey,
  | 'ended'
  | 'cancelled'
  | 'declined'
  | 'noAnswer'
  | 'setupTimedOut'
  | 'unavailable'
  | 'calleeBusy'
  | 'calleeUnreachable'
  | 'mediaBlocked'
  | 'timeLimit'
  | 'callIncomplete'
  | 'sessionExpired'
  | 'networkDropped'
  | 'remoteEnded'
  | 'notAllowed'
  | 'invalidTarget'
  | 'sovereignCloud'
  | 'unknown'
>;

const STATE_TEXT: Partial<Record<CallState, StringKey>> = {
  preparing: 'preparing',
  connecting: 'connecting',
  ringing: 'ringing',
  connected: 'connected',
  'on-hold': 'onHold',
  ending: 'ending',
};

/** What the element says about a state of the call, on screen and to screen readers. */
export function statusText(strings: Strings, state: CallState, calleeName: string): string {
  const key = STATE_TEXT[state];
  return key ? format(strings[key], { name: calleeName || strings.expertFallback }) : '';
}

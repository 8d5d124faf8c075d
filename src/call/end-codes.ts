import type { CallEndCode, SdkCallState, TeamsCloud } from '../backends/calling.js';
import type { CallState, EndReason } from '../call-states.js';
import type { EndMessageKey } from '../i18n/strings.js';

export function fromSdkState(state: SdkCallState): CallState {
  switch (state) {
    case 'Ringing':
    case 'EarlyMedia':
      return 'ringing';
    case 'Connected':
      return 'connected';
    case 'LocalHold':
    case 'RemoteHold':
      return 'on-hold';
    case 'Disconnecting':
      return 'ending';
    case 'Disconnected':
      return 'ended';
    default:
      return 'connecting';
  }
}

export interface EndDescription {
  reason: EndReason;
  message: EndMessageKey;
}

/** What else is known when the call ends. */
export interface EndContext {
  /** The visitor hung up (or the element ended the call for them). */
  hungUpHere: boolean;
  /** The call was answered at some point. */
  wasConnected: boolean;
  cloud: TeamsCloud;
}

/** 0/7015: the SDK accepted a transfer and the conversation goes on as a new call. Never an end. */
export function isTransferEnd({ code, subCode }: CallEndCode): boolean {
  return code === 0 && subCode === 7015;
}

const end = (reason: EndReason, message: EndMessageKey): EndDescription => ({ reason, message });

/** Reasons that point at the set-up, where a sovereign cloud is the likely cause: Teams interop is public-cloud only. */
const SET_UP_REASONS: ReadonlySet<EndReason> = new Set(['not-allowed', 'invalid-target', 'unknown']);

/**
 * Turns the SDK's end code into a reason for the host and a message key for the visitor, following the SDK's own
 * end table and Microsoft's "Troubleshooting call end response codes" (see the README's table).
 */
export function describeEnd(endCode: CallEndCode, context: EndContext): EndDescription {
  const described = describeCode(endCode, context);
  if (context.cloud !== 'public' && SET_UP_REASONS.has(described.reason))
    return { ...described, message: 'sovereignCloud' };
  return described;
}

function describeCode({ code, subCode = 0 }: CallEndCode, { hungUpHere, wasConnected }: EndContext): EndDescription {
  if (hungUpHere) return end('hung-up', wasConnected ? 'ended' : 'cancelled');
  // A wrong ID or cloud: the target could not be resolved, or is not an ID at all.
  if (subCode === 10119 || subCode === 10044) return end('invalid-target', 'invalidTarget');
  // Federation or policy forbids ACS users to call this target.
  if (subCode === 10124) return end('not-allowed', 'notAllowed');
  switch (code) {
    case 0:
      if (subCode === 5003) return wasConnected ? end('remote-ended', 'remoteEnded') : end('declined', 'declined');
      if (subCode === 4501) return end('call-failed', 'callIncomplete');
      return end('remote-ended', 'remoteEnded');
    case 603:
      return end('declined', 'declined');
    case 487:
      if (subCode === 10024) return end('declined', 'declined');
      if (subCode === 10004) return end('no-answer', 'noAnswer');
      if (subCode === 4501) return end('call-failed', 'callIncomplete');
      return end('hung-up', 'cancelled');
    case 486:
      return subCode === 10321 ? end('no-answer', 'noAnswer') : end('unavailable', 'calleeBusy');
    case 408:
      // The callee's side failed to finish setting up: nothing is wrong with the visitor's network.
      return subCode === 10057 ? end('unavailable', 'calleeUnreachable') : end('network', 'setupTimedOut');
    case 480:
      // Permanent set-up problems: private calling disabled by policy, or no route (e.g. not TeamsOnly).
      if (subCode === 10199 || subCode === 10134) return end('not-allowed', 'notAllowed');
      return end('unavailable', 'unavailable');
    case 401:
    case 495:
      return end('session-expired', 'sessionExpired');
    case 410:
      if (!wasConnected && (subCode === 3100 || subCode === 3112 || subCode === 301004))
        return end('network', 'mediaBlocked');
      return end('network', 'networkDropped');
    case 430:
    case 490:
    case 491:
    case 496:
    case 497:
    case 498:
      return end('network', 'networkDropped');
    case 429:
      return subCode === 10110 ? end('time-limit', 'timeLimit') : end('unknown', 'unknown');
    case 403:
      return end('not-allowed', 'notAllowed');
    default:
      return end('unknown', 'unknown');
  }
}

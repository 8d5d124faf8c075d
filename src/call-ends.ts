import type { CallEndCode, SdkCallState } from './calling.js';
import type { CallState, EndReason } from './call-states.js';
import type { EndMessageKey } from './strings.js';

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

const NOT_ALLOWED_SUBCODES = new Set([10124, 10119, 10044]);

/**
 * Turns the SDK's end code into a reason for the host and a message key for the visitor,
 * following Microsoft's "call end response codes" table.
 */
export function describeEnd({ code, subCode = 0 }: CallEndCode, hungUpHere: boolean, wasConnected: boolean): EndDescription {
  if (hungUpHere) return { reason: 'hung-up', message: wasConnected ? 'ended' : 'cancelled' };
  if (NOT_ALLOWED_SUBCODES.has(subCode)) return { reason: 'not-allowed', message: 'notAllowed' };
  switch (code) {
    case 0:
      return subCode === 5003 ? { reason: 'declined', message: 'declined' } : { reason: 'remote-ended', message: 'remoteEnded' };
    case 603:
      return { reason: 'declined', message: 'declined' };
    case 487:
      if (subCode === 10024) return { reason: 'declined', message: 'declined' };
      if (subCode === 10004) return { reason: 'no-answer', message: 'noAnswer' };
      return { reason: 'hung-up', message: 'cancelled' };
    case 408:
      return { reason: 'network', message: 'setupTimedOut' };
    case 480:
      return { reason: 'unavailable', message: 'unavailable' };
    case 401:
    case 495:
      return { reason: 'session-expired', message: 'sessionExpired' };
    case 410:
    case 490:
    case 496:
      return { reason: 'network', message: 'networkDropped' };
    case 412:
      return { reason: 'not-allowed', message: 'notEnabled' };
    case 403:
      return { reason: 'not-allowed', message: 'notAllowed' };
    default:
      return { reason: 'unknown', message: 'unknown' };
  }
}

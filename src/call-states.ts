/** The element's states, in the order a call goes; `failed` when it never got going. */
export const CALL_STATES = [
  'idle',
  'preparing',
  'connecting',
  'ringing',
  'connected',
  'on-hold',
  'ending',
  'ended',
  'failed',
] as const;

export type CallState = (typeof CALL_STATES)[number];

export type EndReason =
  | 'hung-up'
  | 'remote-ended'
  | 'declined'
  | 'no-answer'
  | 'unavailable'
  | 'not-allowed'
  | 'network'
  | 'session-expired'
  | 'unknown';

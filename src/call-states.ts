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
  /** The Teams ID or cloud is wrong: the target could not be resolved. */
  | 'invalid-target'
  | 'network'
  | 'session-expired'
  /** The call reached the service's maximum call lifetime. */
  | 'time-limit'
  /** The call could not be completed (a media or endpoint failure), though nobody cancelled it. */
  | 'call-failed'
  | 'unknown';

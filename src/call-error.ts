export type CallErrorCode =
  | 'invalid-config'
  | 'token-request-failed'
  | 'token-invalid'
  | 'sdk-load-failed'
  | 'microphone-denied'
  | 'no-microphone'
  | 'agent-failed'
  | 'call-failed'
  | 'busy';

/** A failure before the call got going; `message` is what the visitor reads. */
export class CallError extends Error {
  constructor(
    readonly code: CallErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CallError';
  }
}

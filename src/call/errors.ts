import { en, format, type StringKey, type Strings } from '../i18n/strings.js';

export type CallErrorCode =
  | 'invalid-config'
  | 'token-request-failed'
  | 'token-invalid'
  | 'sdk-load-failed'
  | 'microphone-denied'
  | 'no-microphone'
  | 'agent-failed'
  | 'call-failed'
  | 'busy'
  /** The call goes on, but the card that tells the expert its topic (`intake-url`) could not be delivered. */
  | 'intake-not-delivered'
  /** The call goes on, but live captions (`captions`) could not be started. */
  | 'captions-failed'
  /** The call goes on, but the browser's noise suppression (`noise-suppression`) could not be turned on or off. */
  | 'noise-suppression-failed'
  /** The call goes on, but the visitor's screen could not be shared (`screen-share`). */
  | 'screen-share-failed';

/**
 * A failure before the call got going. It keeps the text's key and values, so that the visitor reads it in the
 * element's language; `message` is the English text, for developers.
 */
export class CallError extends Error {
  constructor(
    readonly code: CallErrorCode,
    readonly key: StringKey,
    readonly values: Record<string, string | number> = {},
  ) {
    super(format(en[key], values));
    this.name = 'CallError';
  }

  /** The text in the visitor's language. */
  localized(strings: Strings): string {
    return format(strings[this.key], this.values);
  }
}

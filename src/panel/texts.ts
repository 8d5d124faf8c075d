/** The panel's texts that depend on the call: the timer, the recording notice and the call-health hint. */
import type { Notice, NoticeKind } from '../call/notices.js';
import type { Strings } from '../i18n/strings.js';

/** A call timer, `mm:ss` (`h:mm:ss` past an hour), through Intl where the browser has `DurationFormat`. */
export function formatDuration(ms: number, lang: string): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const duration = { hours: Math.floor(total / 3600), minutes: Math.floor(total / 60) % 60, seconds: total % 60 };
  const DurationFormat = (
    Intl as unknown as { DurationFormat?: new (lang: string, options: object) => { format(d: object): string } }
  ).DurationFormat;
  if (DurationFormat) return new DurationFormat(lang, { style: 'digital', hoursDisplay: 'auto' }).format(duration);
  const two = (value: number) => String(value).padStart(2, '0');
  const clock = `${two(duration.minutes)}:${two(duration.seconds)}`;
  return duration.hours ? `${duration.hours}:${clock}` : clock;
}

export function noticeText(s: Strings, { recording, transcription }: Record<NoticeKind, Notice>): string {
  if (recording.shown && transcription.shown) return s.recordingAndTranscription;
  if (recording.shown) return s.recording;
  if (transcription.shown) return s.transcription;
  return '';
}

export function stoppedText(s: Strings, { recording, transcription }: Record<NoticeKind, Notice>): string {
  return [recording.stopped ? s.recordingStopped : '', transcription.stopped ? s.transcriptionStopped : '']
    .filter(Boolean)
    .join(' ');
}

/**
 * A short, plain hint from the SDK's user-facing diagnostics, most serious first; empty when all is well.
 * Quality values: 1 good, 2 poor, 3 bad. A hint clears itself when its diagnostic does.
 */
export function healthHint(s: Strings, diagnostics: ReadonlyMap<string, number | boolean>, muted: boolean): string {
  const is = (name: string, value: number | boolean) => diagnostics.get(name) === value;
  if (is('noNetwork', true)) return s.hintOffline;
  if (is('networkRelaysNotReachable', true)) return s.hintRelaysBlocked;
  if (is('networkReconnect', 3)) return s.hintConnectionLost;
  if (is('networkReconnect', 2)) return s.hintReconnecting;
  if (is('noMicrophoneDevicesEnumerated', true)) return s.hintNoMicrophone;
  if (is('microphoneNotFunctioning', true) || is('microphoneMuteUnexpectedly', true)) return s.hintMicrophoneSilent;
  if (muted && is('speakingWhileMicrophoneIsMuted', true)) return s.hintSpeakingMuted;
  if (is('networkReceiveQuality', 3) || is('networkSendQuality', 3)) return s.hintPoorNetwork;
  return '';
}

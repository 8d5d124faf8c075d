export type NoticeKind = 'recording' | 'transcription';

export interface Notice {
  /** Recording (or transcription) is on. */
  active: boolean;
  /** The element shows its own notice: it is active and the host did not take over. */
  shown: boolean;
  /** It was shown and has stopped: the visitor is told so. */
  stopped: boolean;
}

const OFF: Notice = { active: false, shown: false, stopped: false };

/**
 * The legal notice of one call: whether recording and transcription are on, whether the element shows them (unless
 * the host took the duty over), what stopped, and, with `recording-consent="required"`, whether the visitor has yet
 * to acknowledge them.
 */
export class CallNotices {
  current: Record<NoticeKind, Notice> = { recording: OFF, transcription: OFF };
  /** A shown notice the visitor has yet to acknowledge. */
  consentNeeded = false;
  private readonly acknowledged = new Set<NoticeKind>();

  constructor(private readonly consentRequired: boolean) {}

  /** Whether `kind` is on as of now, unchanged. */
  isActive(kind: NoticeKind): boolean {
    return this.current[kind].active;
  }

  /** Recording or transcription went on or off; `elementInforms` is false when the host took the duty over. */
  change(kind: NoticeKind, active: boolean, elementInforms: boolean): void {
    const before = this.current[kind];
    this.current = {
      ...this.current,
      [kind]: active
        ? { active, shown: elementInforms, stopped: false }
        : { active, shown: false, stopped: before.shown && elementInforms },
    };
    if (active && elementInforms && this.consentRequired && !this.acknowledged.has(kind)) this.consentNeeded = true;
    if (!this.current.recording.shown && !this.current.transcription.shown) this.consentNeeded = false;
  }

  /** The visitor has read what is shown now, and stays. */
  acknowledge(): void {
    (['recording', 'transcription'] as const).forEach(
      (kind) => this.current[kind].shown && this.acknowledged.add(kind),
    );
    this.consentNeeded = false;
  }
}

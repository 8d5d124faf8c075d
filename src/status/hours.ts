/**
 * Opening hours: `hours` (`Mo-Fr 09:00-17:30; Sa 10:00-13:00`) in the expert's `time-zone`, with `closed-dates`.
 * Whether the expert is in now, and when they are next: computed on the expert's wall clock through `Intl`, so that
 * daylight-saving changes, split shifts (`09:00-12:00,13:00-17:00`) and windows past midnight (`Fr 22:00-02:00`) come
 * out right, and shown on the visitor's own clock.
 *
 * The syntax is a small part of OpenStreetMap's `opening_hours`: rules separated by `;`, each days (`Mo`, `Mo-Fr`,
 * `Sa,Su`, `Fr-Mo`) then times or `off`; a later rule replaces an earlier one for the days it names.
 */

export interface Schedule {
  /** Windows per weekday (0 = Monday), in minutes from that day's midnight on the expert's clock; an end past 1440 runs into the next day. */
  readonly days: readonly (readonly Window[])[];
  readonly timeZone: string;
  /** `YYYY-MM-DD` on the expert's clock: no window starts on them. */
  readonly closedDates: ReadonlySet<string>;
}

type Window = readonly [start: number, end: number];

export type OpeningState = { open: true; closesAt: Date } | { open: false; opensAt: Date | undefined };

const DAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];
/** How far ahead to look for the next opening: past any run of holidays a schedule has. */
const LOOKAHEAD_DAYS = 60;

/** Reads `hours`, `time-zone` and `closed-dates`; throws an Error that says what is wrong and how to write it. */
export function readSchedule(hours: string, timeZone: string, closedDates = ''): Schedule {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new Error(`"${timeZone}" is not a time zone: use an IANA name such as Europe/Amsterdam.`);
  }
  const days: Window[][] = DAYS.map(() => []);
  const rules = hours.split(';').map((rule) => rule.trim());
  if (!rules.some(Boolean)) throw new Error('hours is empty: write it as "Mo-Fr 09:00-17:30; Sa 10:00-13:00".');
  for (const rule of rules.filter(Boolean)) {
    const match = /^([A-Za-z,\- ]+?)\s+(.+)$/.exec(rule);
    if (!match) throw new Error(`"${rule}" in hours needs days, then times: "Mo-Fr 09:00-17:30".`);
    const named = readDays(match[1].replace(/\s+/g, ''), rule);
    const windows = match[2].trim() === 'off' ? [] : readWindows(match[2], rule);
    for (const day of named) days[day] = windows;
  }
  const closed = new Set<string>();
  for (const date of closedDates.split(',').map((value) => value.trim())) {
    if (!date) continue;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
      throw new Error(`"${date}" in closed-dates is not a date: write YYYY-MM-DD, such as 2026-12-24.`);
    }
    closed.add(date);
  }
  return { days, timeZone, closedDates: closed };
}

function readDays(text: string, rule: string): number[] {
  const named: number[] = [];
  for (const part of text.split(',')) {
    const [from, to = from, ...rest] = part.split('-');
    const start = DAYS.indexOf(from);
    const end = DAYS.indexOf(to);
    if (start < 0 || end < 0 || rest.length > 0) {
      throw new Error(`"${part}" in "${rule}" is not a day or a range of days: use Mo Tu We Th Fr Sa Su, as in Mo-Fr.`);
    }
    // A range may wrap the week: Fr-Mo is Friday to Monday.
    for (let day = start; ; day = (day + 1) % 7) {
      named.push(day);
      if (day === end) break;
    }
  }
  return named;
}

function readWindows(text: string, rule: string): Window[] {
  return text.split(',').map((part) => {
    const match = /^\s*(\d{2}):(\d{2})\s*-\s*(\d{2}):(\d{2})\s*$/.exec(part);
    const [start, end] = match ? [minutes(match[1], match[2]), minutes(match[3], match[4])] : [NaN, NaN];
    if (
      !match ||
      !(start < 1440) ||
      !(end <= 1440) ||
      start === end ||
      Number(match[2]) > 59 ||
      Number(match[4]) > 59
    ) {
      throw new Error(`"${part.trim()}" in "${rule}" is not a time range: write 09:00-17:30 (24-hour clock).`);
    }
    // An end before the start runs past midnight: 22:00-02:00 ends at 02:00 the next day.
    return [start, end > start ? end : end + 1440] as const;
  });
}

const minutes = (hours: string, mins: string) => Number(hours) * 60 + Number(mins);

/** Whether the expert is in at `now`: until when, or from when next (undefined when no window opens in 60 days). */
export function openingState(schedule: Schedule, now: Date): OpeningState {
  const today = wallDate(now, schedule.timeZone);
  let opensAt: Date | undefined;
  // Yesterday too: a window past midnight that started then may still be open.
  for (let offset = -1; offset <= LOOKAHEAD_DAYS; offset++) {
    const date = addDays(today, offset);
    if (schedule.closedDates.has(isoDate(date))) continue;
    for (const [start, end] of schedule.days[weekday(date)]) {
      const from = instantOf(date, start, schedule.timeZone);
      const until = instantOf(date, end, schedule.timeZone);
      if (from <= now && now < until) return { open: true, closesAt: until };
      if (from > now && (!opensAt || from < opensAt)) opensAt = from;
    }
    if (opensAt && offset >= 0) break; // a later day cannot open sooner
  }
  return { open: false, opensAt };
}

interface WallDate {
  year: number;
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsIn(timeZone: string, instant: Date): Record<string, number> {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const { type, value } of format.formatToParts(instant)) parts[type] = Number(value);
  return parts;
}

function wallDate(instant: Date, timeZone: string): WallDate {
  const { year, month, day } = partsIn(timeZone, instant);
  return { year, month, day };
}

/** How far the zone's wall clock is ahead of UTC at `instant`, in ms. */
function offsetAt(instant: number, timeZone: string): number {
  const { year, month, day, hour, minute, second } = partsIn(timeZone, new Date(instant));
  return Date.UTC(year, month - 1, day, hour, minute, second) - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant at which the zone's wall clock shows `minutes` after midnight of `date` (past 1440: into the next days).
 * A time that the clock skips (a spring-forward gap) is taken as the same length after the gap; a time it shows twice
 * (falling back) as its first showing: how calendars and Temporal's "compatible" choice read them.
 */
export function instantOf(date: WallDate, minutes: number, timeZone: string): Date {
  const wall = Date.UTC(date.year, date.month - 1, date.day, 0, minutes);
  const before = offsetAt(wall - 86_400_000 / 2, timeZone);
  const after = offsetAt(wall + 86_400_000 / 2, timeZone);
  // Try the offset in force before any change that day, then the one after; keep the first that shows `wall`.
  for (const offset of [before, after]) {
    const instant = wall - offset;
    if (offsetAt(instant, timeZone) === offset) return new Date(instant);
  }
  // In a gap neither shows it: the wall time is read with the offset from before the gap, which lands after it.
  return new Date(wall - before);
}

function addDays({ year, month, day }: WallDate, days: number): WallDate {
  const date = new Date(Date.UTC(year, month - 1, day + days));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** 0 = Monday. */
function weekday({ year, month, day }: WallDate): number {
  return (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
}

function isoDate({ year, month, day }: WallDate): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * When the expert is back, for the visitor: the day as the visitor's calendar names it relative to `now` (`today`,
 * `tomorrow`, or the weekday; a date beyond a week), and the time, both in the visitor's language and time zone.
 */
export function describeOpening(
  opensAt: Date,
  now: Date,
  locale: string,
  visitorZone?: string,
): { day: 'today' | 'tomorrow' | 'later'; weekday: string; time: string } {
  const zone = visitorZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const days = dayNumber(wallDate(opensAt, zone)) - dayNumber(wallDate(now, zone));
  const time = new Intl.DateTimeFormat(locale, { timeZone: zone, hour: 'numeric', minute: '2-digit' }).format(opensAt);
  const weekday = new Intl.DateTimeFormat(
    locale,
    days < 7 ? { timeZone: zone, weekday: 'long' } : { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long' },
  ).format(opensAt);
  return { day: days === 0 ? 'today' : days === 1 ? 'tomorrow' : 'later', weekday, time };
}

const dayNumber = ({ year, month, day }: WallDate) => Date.UTC(year, month - 1, day) / 86_400_000;

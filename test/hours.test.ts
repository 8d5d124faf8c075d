import { expect } from '@open-wc/testing';
import { describeOpening, openingState, readSchedule, type OpeningState } from '../src/status/hours.js';

const AMSTERDAM = 'Europe/Amsterdam';
const at = (iso: string) => new Date(iso);
const state = (hours: string, now: string, closed = '', zone = AMSTERDAM) =>
  openingState(readSchedule(hours, zone, closed), at(now));
/** When it opens next, from a state that must be a closed one. */
function opensAt(result: OpeningState): string | undefined {
  expect(result.open, 'closed').to.be.false;
  return (result as { opensAt?: Date }).opensAt?.toISOString();
}

describe('opening hours', () => {
  it('is open inside a window and says until when; outside, when it opens next', () => {
    // Wednesday 2026-12-02, Amsterdam is UTC+1 in winter.
    const inside = state('Mo-Fr 09:00-17:30', '2026-12-02T09:00:00Z');
    expect(inside).to.deep.equal({ open: true, closesAt: at('2026-12-02T16:30:00Z') });
    expect(opensAt(state('Mo-Fr 09:00-17:30', '2026-12-02T17:00:00Z'))).to.equal('2026-12-03T08:00:00.000Z');
    // Friday evening → Monday morning.
    expect(opensAt(state('Mo-Fr 09:00-17:30', '2026-12-04T17:00:00Z'))).to.equal('2026-12-07T08:00:00.000Z');
    // The window's own edges: open at its first minute, closed at its end.
    expect(state('Mo-Fr 09:00-17:30', '2026-12-02T08:00:00Z').open).to.be.true;
    expect(state('Mo-Fr 09:00-17:30', '2026-12-02T16:30:00Z').open).to.be.false;
  });

  it('handles split shifts, Saturdays and a later rule that replaces an earlier one', () => {
    const hours = 'Mo-Fr 09:00-12:00,13:00-17:00; Sa 10:00-13:00; Fr 09:00-12:00; We off';
    expect(opensAt(state(hours, '2026-12-01T11:30:00Z')), 'the lunch break').to.equal('2026-12-01T12:00:00.000Z');
    expect(state(hours, '2026-12-02T09:00:00Z').open, 'Wednesday off').to.be.false;
    expect(opensAt(state(hours, '2026-12-04T12:30:00Z')), 'Friday mornings only').to.equal('2026-12-05T09:00:00.000Z');
  });

  it('runs a window past midnight into the next day, and wraps day ranges around the week', () => {
    const night = 'Fr-Sa 22:00-02:00';
    expect(state(night, '2026-12-05T00:30:00Z')).to.deep.equal({ open: true, closesAt: at('2026-12-05T01:00:00Z') });
    expect(state(night, '2026-12-06T00:30:00Z').open, 'Saturday night into Sunday').to.be.true;
    expect(opensAt(state(night, '2026-12-06T02:00:00Z'))).to.equal('2026-12-11T21:00:00.000Z');
    expect(state('Fr-Mo 10:00-11:00', '2026-12-06T09:30:00Z').open, 'Sunday is inside Fr-Mo').to.be.true;
    expect(state('Fr-Mo 10:00-11:00', '2026-12-08T09:30:00Z').open, 'Tuesday is not').to.be.false;
    expect(state('Mo-Su 00:00-24:00', '2026-12-08T23:59:00Z').open).to.be.true;
  });

  it('follows the expert’s clock across the spring-forward change', () => {
    // Amsterdam, Sunday 2027-03-28: 02:00 CET becomes 03:00 CEST (01:00 UTC).
    expect(state('Su 01:00-04:00', '2027-03-28T00:30:00Z'), 'a window across the gap lasts two hours').to.deep.equal({
      open: true,
      closesAt: at('2027-03-28T02:00:00Z'),
    });
    expect(opensAt(state('Mo-Fr 09:00-17:00', '2027-03-28T12:00:00Z')), 'Monday 09:00 is now UTC+2').to.equal(
      '2027-03-29T07:00:00.000Z',
    );
    expect(opensAt(state('Su 02:30-05:00', '2027-03-27T12:00:00Z')), 'a skipped time opens after the gap').to.equal(
      '2027-03-28T01:30:00.000Z',
    );
  });

  it('follows the expert’s clock across the fall-back change', () => {
    // Amsterdam, Sunday 2026-10-25: 03:00 CEST becomes 02:00 CET (01:00 UTC).
    expect(
      state('Su 01:00-04:00', '2026-10-25T02:30:00Z'),
      'a window across the change lasts four hours',
    ).to.deep.equal({ open: true, closesAt: at('2026-10-25T03:00:00Z') });
    expect(opensAt(state('Su 02:30-05:00', '2026-10-24T12:00:00Z')), 'a time shown twice opens at its first').to.equal(
      '2026-10-25T00:30:00.000Z',
    );
    expect(opensAt(state('Mo-Fr 09:00-17:00', '2026-10-25T12:00:00Z')), 'Monday 09:00 is now UTC+1').to.equal(
      '2026-10-26T08:00:00.000Z',
    );
  });

  it('skips closed dates, including the night that starts on one', () => {
    // Thursday 24 and Friday 25 December closed: from Wednesday evening, back on Monday the 28th.
    expect(opensAt(state('Mo-Fr 09:00-17:00', '2026-12-23T17:00:00Z', '2026-12-24, 2026-12-25'))).to.equal(
      '2026-12-28T08:00:00.000Z',
    );
    expect(state('Th 22:00-02:00', '2026-12-24T22:00:00Z', '2026-12-24').open).to.be.false;
  });

  it('works in any zone: the expert in New York, seen from Tokyo in Japanese and from Berlin in German', () => {
    const schedule = readSchedule('Mo-Fr 09:00-17:00', 'America/New_York');
    const now = at('2026-12-04T23:00:00Z'); // Friday 18:00 in New York, Saturday 08:00 in Tokyo
    const monday = new Date(opensAt(openingState(schedule, now))!);
    expect(monday.toISOString()).to.equal('2026-12-07T14:00:00.000Z'); // Monday 09:00 EST
    expect(describeOpening(monday, now, 'ja', 'Asia/Tokyo')).to.deep.equal({
      day: 'later',
      weekday: '月曜日',
      time: '23:00',
    });
    expect(describeOpening(monday, now, 'de', 'Europe/Berlin')).to.deep.equal({
      day: 'later',
      weekday: 'Montag',
      time: '15:00',
    });
    const friday = at('2026-12-04T12:00:00Z'); // Friday 07:00 in New York
    const soon = new Date(opensAt(openingState(schedule, friday))!);
    expect(describeOpening(soon, friday, 'en', 'America/New_York')).to.deep.equal({
      day: 'today',
      weekday: 'Friday',
      time: '9:00 AM',
    });
  });

  it('refuses what it cannot read, saying how to write it', () => {
    const refused = (hours: string, zone = AMSTERDAM, closed = '') => {
      try {
        readSchedule(hours, zone, closed);
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(refused('')).to.contain('hours is empty');
    expect(refused('Mon-Fri 09:00-17:00')).to.contain('"Mon-Fri" in "Mon-Fri 09:00-17:00" is not a day');
    expect(refused('Mo-Fr 9-17')).to.contain('is not a time range: write 09:00-17:30');
    expect(refused('Mo-Fr 09:00-25:00')).to.contain('is not a time range');
    expect(refused('Mo-Fr 09:00-09:00')).to.contain('is not a time range');
    expect(refused('09:00-17:00')).to.contain('needs days, then times');
    expect(refused('Mo-Fr 09:00-17:00', 'Amsterdam')).to.contain('"Amsterdam" is not a time zone');
    expect(refused('Mo-Fr 09:00-17:00', AMSTERDAM, '24-12-2026')).to.contain('"24-12-2026" in closed-dates');
  });
});

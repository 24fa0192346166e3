import { describe, expect, it } from 'vitest';
import { addDuration, describeDuration, describeSpan, parseDuration } from '../../engine/time.ts';
import type { OfficeCalendar } from '../../engine/types.ts';

const office: OfficeCalendar = {
  timezone: 'Asia/Jakarta',
  workdays: [1, 2, 3, 4, 5],
  hours: { start: '07:30', end: '16:00' },
  holidays: [{ date: '2026-12-25', name: 'Natal' }, '2027-01-01'],
};
/** An instant written in office time (WIB, UTC+7). */
const wib = (local: string) => new Date(`${local}+07:00`);
const add = (from: string, d: string, mode: 'calendar' | 'working' = 'working') => addDuration(wib(from), d, mode, office).toISOString();

describe('ISO-8601 durations', () => {
  it('parses the forms the YAML uses and rejects others', () => {
    expect(parseDuration('P1D')).toMatchObject({ days: 1, hours: 0 });
    expect(parseDuration('PT72H')).toMatchObject({ days: 0, hours: 72 });
    expect(parseDuration('P1W2DT3H4M5S')).toMatchObject({ weeks: 1, days: 2, hours: 3, minutes: 4, seconds: 5 });
    for (const bad of ['P', 'PT', '1D', 'P1H', 'P-1D', 'P1.5D', '3x24 jam', '']) expect(parseDuration(bad)).toBeUndefined();
  });

  it('says durations and spans in Indonesian', () => {
    expect(describeDuration('PT72H')).toBe('72 jam');
    expect(describeDuration('P1DT4H')).toBe('1 hari 4 jam');
    expect(describeSpan(26 * 3_600_000 + 5 * 60_000)).toBe('1 hari 2 jam');
    expect(describeSpan(-45 * 60_000)).toBe('45 menit');
  });
});

describe('calendar time', () => {
  it('counts every day, weekends and holidays included', () => {
    expect(add('2026-11-30T09:00:00', 'P1D', 'calendar')).toBe(wib('2026-12-01T09:00:00').toISOString());
    // Friday 10:00 + 72 hours = Monday 10:00, through the weekend.
    expect(add('2026-12-04T10:00:00', 'PT72H', 'calendar')).toBe(wib('2026-12-07T10:00:00').toISOString());
    expect(add('2026-12-24T10:00:00', 'P1D', 'calendar')).toBe(wib('2026-12-25T10:00:00').toISOString());
    // Month ends clamp: 31 January + 1 month = 28 February.
    expect(add('2027-01-31T08:00:00', 'P1M', 'calendar')).toBe(wib('2027-02-28T08:00:00').toISOString());
  });
});

describe('working time (office calendar)', () => {
  it('skips the weekend', () => {
    // Friday 14:00 + 1 working day = Monday 14:00.
    expect(add('2026-12-04T14:00:00', 'P1D')).toBe(wib('2026-12-07T14:00:00').toISOString());
    // Friday + 3 working days = Wednesday.
    expect(add('2026-12-04T09:00:00', 'P3D')).toBe(wib('2026-12-09T09:00:00').toISOString());
  });

  it('skips a holiday and the weekend after it', () => {
    // Thursday 24 Dec + 1 working day: Friday 25 Dec is Christmas, then the weekend: Monday 28 Dec.
    expect(add('2026-12-24T10:00:00', 'P1D')).toBe(wib('2026-12-28T10:00:00').toISOString());
    // Thursday 31 Dec + 1 working day: 1 Jan 2027 is a holiday (given as a plain date), Monday 4 Jan.
    expect(add('2026-12-31T10:00:00', 'P1D')).toBe(wib('2027-01-04T10:00:00').toISOString());
  });

  it('counts hours only inside office hours', () => {
    // Friday 14:00 + 8 working hours: 2 h on Friday (to 16:00), 6 h from Monday 07:30 = 13:30.
    expect(add('2026-12-04T14:00:00', 'PT8H')).toBe(wib('2026-12-07T13:30:00').toISOString());
    // Landing exactly at closing time stays on that day.
    expect(add('2026-12-01T14:00:00', 'PT2H')).toBe(wib('2026-12-01T16:00:00').toISOString());
  });

  it('starts the clock at the next opening when a report comes in after hours or on a holiday', () => {
    // Saturday 20:00 + 1 working hour = Monday 08:30.
    expect(add('2026-12-05T20:00:00', 'PT1H')).toBe(wib('2026-12-07T08:30:00').toISOString());
    // Christmas Day 09:00 + 1 working day: clock starts Monday 28 Dec 07:30, due Tuesday 29 Dec 07:30.
    expect(add('2026-12-25T09:00:00', 'P1D')).toBe(wib('2026-12-29T07:30:00').toISOString());
    // Monday 06:00 (before opening) + 2 working hours = Monday 09:30.
    expect(add('2026-12-07T06:00:00', 'PT2H')).toBe(wib('2026-12-07T09:30:00').toISOString());
  });

  it('counts a week as five working days', () => {
    expect(add('2026-12-02T10:00:00', 'P1W')).toBe(wib('2026-12-09T10:00:00').toISOString());
    // Fourteen working days from Monday 14 Dec: Christmas and the weekends skipped.
    expect(add('2026-12-14T10:00:00', 'P14D')).toBe(wib('2027-01-05T10:00:00').toISOString());
  });

  it('is the same instant whatever zone the server runs in', () => {
    const utc = addDuration(new Date('2026-12-04T07:00:00Z'), 'P1D', 'working', office);
    expect(utc.toISOString()).toBe('2026-12-07T07:00:00.000Z');
  });
});

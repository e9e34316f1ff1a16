import { describe, expect, it } from 'vitest';
import {
  type BusinessCalendar,
  computeBusinessDeadline,
  defaultBusinessCalendar,
  isWorkingTime,
  workingMillisecondsBetween,
} from './index.js';

const shanghai: BusinessCalendar = {
  timeZone: 'Asia/Shanghai',
  workingDays: [1, 2, 3, 4, 5],
  workingHours: [{ start: '09:00', end: '18:00' }],
  holidays: ['2026-03-09'],
};

describe('computeBusinessDeadline', () => {
  it('skips the weekend and a holiday when a deadline runs across them', () => {
    // Friday 17:00: 1 h on Friday, Monday is a holiday, 3 h on Tuesday.
    expect(computeBusinessDeadline('2026-03-06T17:00:00+08:00', { hours: 4 }, shanghai)).toBe(
      '2026-03-10T04:00:00.000Z',
    );
  });

  it('starts counting at the next opening when the clock starts outside working hours', () => {
    expect(computeBusinessDeadline('2026-03-02T20:00:00+08:00', { minutes: 30 }, shanghai)).toBe(
      '2026-03-03T01:30:00.000Z',
    );
  });

  it('skips the lunch break of the default calendar', () => {
    expect(computeBusinessDeadline('2026-03-02T11:30:00+08:00', { hours: 1 }, defaultBusinessCalendar)).toBe(
      '2026-03-02T05:30:00.000Z',
    );
  });

  it('works on a make-up working day that falls on a weekend', () => {
    const calendar = { ...shanghai, extraWorkingDays: ['2026-03-07'] };
    expect(computeBusinessDeadline('2026-03-06T17:00:00+08:00', { hours: 2 }, calendar)).toBe(
      '2026-03-07T02:00:00.000Z',
    );
  });

  it('keeps local working hours across a daylight-saving change when the calendar is in New York', () => {
    const newYork: BusinessCalendar = { ...shanghai, timeZone: 'America/New_York', holidays: [] };
    // Friday 17:00 EST (UTC-5); clocks go forward on Sunday 8 March; Monday 10:00 EDT is 14:00 UTC.
    expect(computeBusinessDeadline('2026-03-06T22:00:00Z', { hours: 2 }, newYork)).toBe(
      '2026-03-09T14:00:00.000Z',
    );
  });

  it('throws a RangeError when the calendar has no working days', () => {
    expect(() =>
      computeBusinessDeadline('2026-03-02T09:00:00Z', { hours: 1 }, { ...shanghai, workingDays: [] }),
    ).toThrow(/no working days/);
  });

  it('throws a RangeError naming an unknown time zone', () => {
    expect(() =>
      computeBusinessDeadline(
        '2026-03-02T09:00:00Z',
        { hours: 1 },
        { ...shanghai, timeZone: 'Mars/Olympus' },
      ),
    ).toThrow(/Mars\/Olympus/);
  });
});

describe('working time', () => {
  it('counts only working hours between two instants', () => {
    expect(
      workingMillisecondsBetween(shanghai, '2026-03-06T17:00:00+08:00', '2026-03-10T10:00:00+08:00'),
    ).toBe(2 * 3_600_000);
  });

  it('tells working time from a weekend and a holiday', () => {
    expect(isWorkingTime(shanghai, '2026-03-02T10:00:00+08:00')).toBe(true);
    expect(isWorkingTime(shanghai, '2026-03-07T10:00:00+08:00')).toBe(false);
    expect(isWorkingTime(shanghai, '2026-03-09T10:00:00+08:00')).toBe(false);
  });
});

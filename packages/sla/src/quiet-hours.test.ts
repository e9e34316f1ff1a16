import { describe, expect, it } from 'vitest';
import {
  defaultQuietHours,
  defaultRestHours,
  isQuietTime,
  moveOutOfQuietHours,
  type QuietHours,
  revisitWindow,
} from './index.js';

describe('quiet hours', () => {
  it('pushes a call planned at 22:30 to 09:00 the next morning', () => {
    expect(moveOutOfQuietHours(defaultQuietHours, '2026-03-02T22:30:00+08:00')).toBe(
      '2026-03-03T01:00:00.000Z',
    );
  });

  it('pushes a call planned at 06:00 to 09:00 the same morning', () => {
    expect(moveOutOfQuietHours(defaultQuietHours, '2026-03-03T06:00:00+08:00')).toBe(
      '2026-03-03T01:00:00.000Z',
    );
  });

  it('brings a due time in quiet hours back to their start when moving earlier', () => {
    expect(moveOutOfQuietHours(defaultQuietHours, '2026-03-03T06:00:00+08:00', 'earlier')).toBe(
      '2026-03-02T13:00:00.000Z',
    );
  });

  it('leaves a time outside quiet hours unchanged', () => {
    expect(moveOutOfQuietHours(defaultQuietHours, '2026-03-02T15:00:00+08:00')).toBe(
      '2026-03-02T07:00:00.000Z',
    );
    expect(isQuietTime(defaultQuietHours, '2026-03-02T21:00:00+08:00')).toBe(true);
    expect(isQuietTime(defaultQuietHours, '2026-03-02T09:00:00+08:00')).toBe(false);
  });

  it('reads quiet hours on the customer’s clock when they are in another time zone', () => {
    const london = { timeZone: 'Europe/London', start: '21:00', end: '09:00' };
    // 16:00 in Beijing is 08:00 in London: still quiet there, so wait until 09:00 London (09:00Z).
    expect(moveOutOfQuietHours(london, '2026-03-02T16:00:00+08:00')).toBe('2026-03-02T09:00:00.000Z');
  });
});

describe('quiet hours with several ranges, weekends and a time zone', () => {
  it('pushes a call planned in the lunch rest to 14:00 when the rest hours have a lunch range', () => {
    expect(moveOutOfQuietHours(defaultRestHours, '2026-03-02T12:30:00+08:00')).toBe(
      '2026-03-02T06:00:00.000Z',
    );
    expect(isQuietTime(defaultRestHours, '2026-03-02T12:00:00+08:00')).toBe(true);
    expect(isQuietTime(defaultRestHours, '2026-03-02T14:00:00+08:00')).toBe(false);
    expect(isQuietTime(defaultRestHours, '2026-03-02T22:00:00+08:00')).toBe(true);
  });

  it('brings a due time in the lunch rest back to 12:00 when moving earlier', () => {
    expect(moveOutOfQuietHours(defaultRestHours, '2026-03-02T13:00:00+08:00', 'earlier')).toBe(
      '2026-03-02T04:00:00.000Z',
    );
  });

  it('pushes a Saturday call to Monday 09:00 when weekends are quiet, crossing the Sunday night too', () => {
    const weekends: QuietHours = { ...defaultRestHours, weekends: true };
    // 2026-03-07 is a Saturday.
    expect(isQuietTime(weekends, '2026-03-07T10:00:00+08:00')).toBe(true);
    expect(moveOutOfQuietHours(weekends, '2026-03-07T10:00:00+08:00')).toBe('2026-03-09T01:00:00.000Z');
    expect(moveOutOfQuietHours(weekends, '2026-03-08T10:00:00+08:00', 'earlier')).toBe(
      '2026-03-06T13:00:00.000Z',
    );
  });

  it('leaves weekends callable when the policy does not make them quiet', () => {
    expect(isQuietTime(defaultRestHours, '2026-03-07T10:00:00+08:00')).toBe(false);
  });

  it('reads every range on the customer’s own clock when the time zone is another', () => {
    const newYork: QuietHours = { ...defaultRestHours, timeZone: 'America/New_York' };
    // 2026-03-02T17:30Z is 12:30 in New York (EST, UTC-5): lunch rest there, callable again at 14:00 (19:00Z).
    expect(moveOutOfQuietHours(newYork, '2026-03-02T17:30:00Z')).toBe('2026-03-02T19:00:00.000Z');
    expect(isQuietTime(defaultRestHours, '2026-03-02T17:30:00Z')).toBe(true);
    expect(isQuietTime(newYork, '2026-03-02T15:00:00Z')).toBe(false);
  });
});

describe('revisitWindow', () => {
  it('pushes the first call out of quiet hours and keeps the due time within 3 days, before quiet hours', () => {
    expect(revisitWindow('2026-03-02T22:30:00+08:00', defaultQuietHours)).toEqual({
      from: '2026-03-03T01:00:00.000Z',
      dueAt: '2026-03-05T13:00:00.000Z',
    });
  });

  it('is due exactly 3 days after a resolution in the afternoon', () => {
    expect(revisitWindow('2026-03-02T15:00:00+08:00', defaultQuietHours).dueAt).toBe(
      '2026-03-05T07:00:00.000Z',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { computeDeadline, durationToMilliseconds } from './index.js';

describe('computeDeadline', () => {
  it('adds the duration to the start when given an ISO string', () => {
    expect(computeDeadline('2026-03-02T09:00:00+08:00', { minutes: 10 })).toBe('2026-03-02T01:10:00.000Z');
  });

  it('mixes units when the duration has several parts', () => {
    expect(computeDeadline(new Date('2026-03-02T00:00:00Z'), { days: 3, hours: 1, minutes: 30 })).toBe(
      '2026-03-05T01:30:00.000Z',
    );
  });

  it('throws a RangeError naming the value when the start is not a time', () => {
    expect(() => computeDeadline('yesterday-ish', { minutes: 1 })).toThrow(/yesterday-ish/);
  });

  it('throws when a part of the duration is negative', () => {
    expect(() => durationToMilliseconds({ minutes: -1 })).toThrow(RangeError);
  });
});

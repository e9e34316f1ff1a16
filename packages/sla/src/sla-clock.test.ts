import { describe, expect, it } from 'vitest';
import {
  type BusinessCalendar,
  clockDueAt,
  clockElapsed,
  explain,
  pauseClock,
  resumeClock,
  startClock,
  stopClock,
} from './index.js';

const calendar: BusinessCalendar = {
  timeZone: 'Asia/Shanghai',
  workingDays: [1, 2, 3, 4, 5],
  workingHours: [{ start: '09:00', end: '18:00' }],
};

describe('SLA clocks', () => {
  it('keeps the elapsed time across a pause and moves the deadline by the paused time', () => {
    const started = startClock({ name: 'analyse', budget: { hours: 2 }, at: '2026-03-02T09:00:00+08:00' });
    expect(clockDueAt(started)).toBe('2026-03-02T03:00:00.000Z');
    const paused = pauseClock(started, '2026-03-02T09:30:00+08:00', 'awaitingCustomer');
    expect(clockDueAt(paused)).toBeUndefined();
    expect(clockElapsed(paused, '2026-03-02T10:45:00+08:00')).toBe(30 * 60_000);
    const resumed = resumeClock(paused, '2026-03-02T11:00:00+08:00');
    expect(clockElapsed(resumed, '2026-03-02T11:15:00+08:00')).toBe(45 * 60_000);
    expect(clockDueAt(resumed)).toBe('2026-03-02T04:30:00.000Z');
  });

  it('counts only working time when the clock has a calendar', () => {
    const started = startClock({
      name: 'handle',
      budget: { hours: 4 },
      at: '2026-03-06T16:00:00+08:00',
      calendar,
    });
    const paused = pauseClock(started, '2026-03-06T17:00:00+08:00', 'awaitingCustomer');
    const resumed = resumeClock(paused, '2026-03-09T10:00:00+08:00');
    // 1 h on Friday, paused until Monday 10:00, 3 h more: Monday 13:00.
    expect(clockDueAt(resumed)).toBe('2026-03-09T05:00:00.000Z');
  });

  it('lists running and paused segments with the time each counted when explained', () => {
    let clock = startClock({ name: 'analyse', budget: { hours: 2 }, at: '2026-03-02T09:00:00+08:00' });
    clock = pauseClock(clock, '2026-03-02T09:30:00+08:00', 'awaitingCustomer');
    clock = resumeClock(clock, '2026-03-02T11:00:00+08:00');
    const [explanation] = explain({ analyse: clock }, '2026-03-02T11:15:00+08:00');
    expect(explanation).toMatchObject({
      name: 'analyse',
      status: 'running',
      elapsedMs: 45 * 60_000,
      remainingMs: 75 * 60_000,
      dueAt: '2026-03-02T04:30:00.000Z',
      overdue: false,
      counts: 'wall-clock time',
    });
    expect(
      explanation!.segments.map((segment) => [segment.state, segment.reason, segment.countedMs]),
    ).toEqual([
      ['running', undefined, 30 * 60_000],
      ['paused', 'awaitingCustomer', 0],
      ['running', undefined, 15 * 60_000],
    ]);
    expect(explanation!.summary).toMatch(
      /analyse: running, due 2026-03-02T04:30:00.000Z; 45m of 2h 0m used, 1 pause/,
    );
  });

  it('has no deadline and stops counting once stopped', () => {
    const clock = stopClock(
      startClock({ name: 'record', budget: { minutes: 10 }, at: '2026-03-02T09:00:00+08:00' }),
      '2026-03-02T09:04:00+08:00',
    );
    expect(clockDueAt(clock)).toBeUndefined();
    expect(clockElapsed(clock, '2026-03-02T12:00:00+08:00')).toBe(4 * 60_000);
    expect(explain([clock], '2026-03-02T12:00:00+08:00')[0]!.status).toBe('stopped');
  });

  it('throws when a clock that is not running is paused', () => {
    const clock = pauseClock(
      startClock({ name: 'x', budget: { hours: 1 }, at: '2026-03-02T09:00:00Z' }),
      '2026-03-02T09:10:00Z',
      'awaitingCustomer',
    );
    expect(() => pauseClock(clock, '2026-03-02T09:20:00Z', 'again')).toThrow(/not running/);
    expect(() => resumeClock(clock, '2026-03-02T09:00:00Z')).toThrow(/before/);
  });

  it('keeps who paused the clock on the pause segment when the pause names its actor', () => {
    const clock = pauseClock(
      startClock({ name: 'handle', budget: { hours: 1 }, at: '2026-03-02T09:00:00Z' }),
      '2026-03-02T09:10:00Z',
      'awaitingGoods',
      'zhang.wei',
    );
    expect(clock.segments.at(-1)).toEqual({
      state: 'paused',
      from: '2026-03-02T09:10:00.000Z',
      reason: 'awaitingGoods',
      by: 'zhang.wei',
    });
  });

  it('throws and leaves the clock running when a pause gives a blank reason', () => {
    const clock = startClock({ name: 'handle', budget: { hours: 1 }, at: '2026-03-02T09:00:00Z' });
    expect(() => pauseClock(clock, '2026-03-02T09:10:00Z', '  ')).toThrow(/must name its reason/);
    expect(clockDueAt(clock)).toBe('2026-03-02T10:00:00.000Z');
  });
});

import { describe, expect, it } from 'vitest';
import type { ComplaintRow } from './complaint-list.js';
import { byUrgency, urgencyOf } from './triage.js';

const now = Date.parse('2026-12-01T06:00:00Z');
const minutes = (count: number) => new Date(now + count * 60_000).toISOString();
const row = (
  id: string,
  dueInMinutes: number | undefined,
  extra: Partial<ComplaintRow> = {},
): ComplaintRow => ({
  id,
  state: 'recorded',
  openedAt: minutes(-60),
  deadlines: dueInMinutes === undefined ? [] : [{ name: 'analyse', dueAt: minutes(dueInMinutes) }],
  ...extra,
});

describe('byUrgency', () => {
  it('puts a breached complaint above a resolved one opened later when sorting the queue', () => {
    const resolved = row('resolved', undefined, { state: 'resolved', openedAt: minutes(-1) });
    const breached = row('breached', -5, { openedAt: minutes(-300) });
    expect(byUrgency([resolved, breached], now).map((entry) => entry.id)).toEqual(['breached', 'resolved']);
  });

  it('puts the breached grade-A complaint first when two are equally late', () => {
    const gradeC = row('c', -10, { customer: { grade: 'C' } });
    const gradeA = row('a', -10, { customer: { grade: 'A' } });
    expect(byUrgency([gradeC, gradeA], now).map((entry) => entry.id)).toEqual(['a', 'c']);
  });

  it('ranks a grade-A complaint due in 60 minutes above a grade-C one due in 30 when grade weighs 3', () => {
    // 60 ÷ 3 = 20 weighted minutes against 30 ÷ 1.
    const gradeC = row('c', 30, { customer: { grade: 'C' } });
    const gradeA = row('a', 60, { customer: { grade: 'A' } });
    expect(byUrgency([gradeC, gradeA], now).map((entry) => entry.id)).toEqual(['a', 'c']);
  });

  it('puts a complaint whose current step missed its deadline first when the deadline has left the running list', () => {
    const missed = row('missed', undefined, {
      state: 'received',
      breaches: [{ deadline: 'record', dueAt: minutes(-15), at: minutes(-15) }],
    });
    expect(byUrgency([row('running', 5), missed], now).map((entry) => entry.id)).toEqual([
      'missed',
      'running',
    ]);
  });

  it('keeps the nearer deadline first when grade and priority are equal', () => {
    expect(byUrgency([row('later', 90), row('sooner', 15)], now).map((entry) => entry.id)).toEqual([
      'sooner',
      'later',
    ]);
  });
});

describe('urgencyOf', () => {
  it('names the nearest clock and how late it is when a deadline has passed', () => {
    const urgency = urgencyOf(
      row('x', undefined, {
        deadlines: [
          { name: 'handle', dueAt: minutes(120) },
          { name: 'record', dueAt: minutes(-7) },
        ],
        priority: 'high',
      }),
      now,
    );
    expect(urgency).toEqual({
      deadline: { name: 'record', dueAt: minutes(-7) },
      leftMs: -7 * 60_000,
      overdue: true,
      weight: 2,
    });
  });
});

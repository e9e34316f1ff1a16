import { describe, expect, it } from 'vitest';
import { deadlinesOf, diffDeadlines } from './write-transition.js';

const deadline = (dueAt: string, event = 'complaint.deadlineReached') => ({ dueAt, event, startedAt: dueAt });

describe('diffDeadlines', () => {
  it('sets new and moved deadlines with fresh timer ids and removes the ones that went', () => {
    let next = 0;
    const changes = diffDeadlines(
      deadlinesOf({
        deadlines: { record: deadline('2026-03-02T01:10:00Z'), revisit: deadline('2026-03-05T01:00:00Z') },
      }),
      deadlinesOf({
        deadlines: {
          revisit: deadline('2026-03-05T09:00:00+08:00'),
          callBack: deadline('2026-03-03T02:00:00Z', 'complaint.callBackDue'),
        },
      }),
      () => `timer-${++next}`,
    );
    expect(changes).toEqual({
      set: [
        {
          id: 'timer-1',
          name: 'callBack',
          event: 'complaint.callBackDue',
          due_at: '2026-03-03T02:00:00.000Z',
        },
      ],
      removed: ['record'],
    });
  });

  it('replaces a timer when its due time moves', () => {
    const changes = diffDeadlines(
      { reply: { dueAt: '2026-03-02T01:00:00Z', event: 'ticket.deadlineReached' } },
      { reply: { dueAt: '2026-03-02T02:00:00Z', event: 'ticket.deadlineReached' } },
      () => 'new-id',
    );
    expect(changes.set.map((timer) => [timer.id, timer.due_at])).toEqual([
      ['new-id', '2026-03-02T02:00:00.000Z'],
    ]);
    expect(changes.removed).toEqual([]);
  });

  it('skips context entries that are not deadlines when reading them', () => {
    expect(deadlinesOf({ deadlines: { note: 'x', half: { dueAt: '2026-03-02T01:00:00Z' } } })).toEqual({});
    expect(deadlinesOf(undefined)).toEqual({});
  });
});

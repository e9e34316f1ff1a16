import { describe, expect, it } from 'vitest';
import { planRevisits } from './revisit-plan.js';

const customers = [
  {
    customerId: 'a-1',
    grade: 'A' as const,
    since: '2025-01-01T00:00:00+08:00',
    lastRevisitAt: '2026-02-20T10:00:00+08:00',
  },
  { customerId: 'b-1', grade: 'B' as const, since: '2025-12-25T10:00:00+08:00' },
  {
    customerId: 'c-1',
    grade: 'C' as const,
    since: '2025-01-01T10:00:00+08:00',
    lastRevisitAt: '2025-12-01T10:00:00+08:00',
  },
];

describe('planRevisits', () => {
  it('creates periodic revisits by grade and special ones on holidays and promotions', () => {
    const work = planRevisits({
      customers,
      from: '2026-03-01T00:00:00+08:00',
      to: '2026-04-01T00:00:00+08:00',
      occasions: [
        { kind: 'promotion', name: '店庆日', at: '2026-03-15T10:00:00+08:00' },
        { kind: 'holiday', name: '清明节', at: '2026-03-31T22:00:00+08:00' },
      ],
    });
    expect(work.map((item) => [item.customerId, item.reason, item.dueAt])).toEqual([
      // Grade A: every 30 days after 20 February → 22 March; on the promotion and the holiday.
      ['a-1', 'promotion', '2026-03-15T02:00:00.000Z'],
      ['a-1', 'periodic', '2026-03-22T02:00:00.000Z'],
      // Grade B: every 90 days since 25 December → 25 March; on the holiday (22:00 is quiet: 09:00 next day).
      ['b-1', 'periodic', '2026-03-25T02:00:00.000Z'],
      ['a-1', 'holiday', '2026-04-01T01:00:00.000Z'],
      ['b-1', 'holiday', '2026-04-01T01:00:00.000Z'],
    ]);
  });

  it('makes an overdue revisit due at the start of the window, out of quiet hours', () => {
    const work = planRevisits({
      customers: [{ customerId: 'c-2', grade: 'C', since: '2025-01-01T10:00:00+08:00' }],
      from: '2026-03-02T00:00:00+08:00',
      to: '2026-03-09T00:00:00+08:00',
    });
    expect(work).toEqual([
      { customerId: 'c-2', grade: 'C', dueAt: '2026-03-02T01:00:00.000Z', reason: 'overdue' },
    ]);
  });

  it('throws a RangeError when the window is not made of times', () => {
    expect(() => planRevisits({ customers, from: 'soon', to: 'later' })).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from './customer-types.js';
import {
  defaultGradingPolicy,
  gradeCustomer,
  gradingFactsOf,
  gradingPolicySchema,
  monthsBetween,
} from './grade-customer.js';

/** Twelve months before December 2026, each with `volume`. */
const year = (volume: number) =>
  Array.from({ length: 12 }, (_, index) => ({
    period: `2026-${String(index).padStart(2, '0')}`.replace('2026-00', '2025-12'),
    volume,
  }));

describe('gradeCustomer', () => {
  it('grades A with an explanation per criterion when every criterion is at its A threshold', () => {
    const result = gradeCustomer({
      since: '2023-06-01T00:00:00Z',
      at: '2026-12-01T00:00:00Z',
      volumes: year(1500),
      revisits: [
        { at: '2026-10-01T00:00:00Z', satisfaction: 'satisfied' },
        { at: '2026-11-01T00:00:00Z', satisfaction: 'satisfied' },
      ],
    });
    expect(result.grade).toBe('A');
    expect(result.tier).toBe('premium');
    expect(result.points).toBe(8);
    expect(
      result.criteria.map((criterion) => [criterion.criterion, criterion.value, criterion.points]),
    ).toEqual([
      ['cooperation', 42, 2],
      ['volume', 1500, 2],
      ['satisfaction', 1, 2],
      ['loyalty', 12, 2],
    ]);
    expect(result.explanation).toHaveLength(6);
    expect(result.explanation[0]).toContain('42 months');
    expect(result.explanation[4]).toContain('Grade A: 8 of 8 points');
  });

  it('grades C and tiers a new customer potential when it has cooperated for two months without volume', () => {
    const result = gradeCustomer({
      since: '2026-10-01T00:00:00Z',
      at: '2026-12-01T00:00:00Z',
      volumes: [],
      revisits: [],
    });
    // cooperation 0, volume 0, satisfaction 1 (no revisit yet, by policy), loyalty 0
    expect(result.points).toBe(1);
    expect(result.grade).toBe('C');
    expect(result.tier).toBe('potential');
    expect(result.explanation.at(-1)).toContain('less than 6 months');
  });

  it('counts satisfaction from the last revisits only when there are more than the window', () => {
    const revisits = [
      ...Array.from({ length: 5 }, (_, day) => ({
        at: `2026-01-0${day + 1}T00:00:00Z`,
        satisfaction: 'satisfied' as const,
      })),
      ...Array.from({ length: 5 }, (_, day) => ({
        at: `2026-02-0${day + 1}T00:00:00Z`,
        satisfaction: 'unsatisfied' as const,
      })),
    ];
    const result = gradeCustomer({
      since: '2026-01-01T00:00:00Z',
      at: '2026-12-01T00:00:00Z',
      volumes: [],
      revisits,
    });
    expect(result.criteria[2]).toMatchObject({ value: 0, points: 0 });
  });

  it('grades B when the policy data lowers the A threshold no further than the points reached', () => {
    const facts = {
      since: '2025-06-01T00:00:00Z',
      at: '2026-12-01T00:00:00Z',
      volumes: year(400),
      revisits: [],
    };
    // cooperation 18 months → 1, volume 400 → 1, no revisit → 1, loyalty 12 → 2: 5 points
    expect(gradeCustomer(facts).grade).toBe('B');
    expect(gradeCustomer(facts, { ...defaultGradingPolicy, grade: { a: 5, b: 3 } }).grade).toBe('A');
  });

  it('refuses a policy whose A threshold is below its B threshold', () => {
    const parsed = gradingPolicySchema.safeParse({ ...defaultGradingPolicy, grade: { a: 2, b: 5 } });
    expect(parsed.success).toBe(false);
  });
});

describe('gradingFactsOf', () => {
  it('reads volumes and revisit answers when the timeline holds other entries too', () => {
    const timeline: TimelineEntry[] = [
      {
        customerId: 'c1',
        at: '2026-11-02T00:00:00Z',
        kind: 'volume.recorded',
        data: { period: '2026-10', volume: 700 },
      },
      {
        customerId: 'c1',
        at: '2026-11-03T00:00:00Z',
        kind: 'revisit.recorded',
        data: { satisfaction: 'neutral' },
      },
      { customerId: 'c1', at: '2026-11-04T00:00:00Z', kind: 'complaint.opened', data: {} },
    ];
    expect(gradingFactsOf('2026-01-01T00:00:00Z', '2026-12-01T00:00:00Z', timeline)).toEqual({
      since: '2026-01-01T00:00:00Z',
      at: '2026-12-01T00:00:00Z',
      volumes: [{ period: '2026-10', volume: 700 }],
      revisits: [{ at: '2026-11-03T00:00:00Z', satisfaction: 'neutral' }],
    });
  });
});

describe('monthsBetween', () => {
  it('counts a month only when its day of month is reached', () => {
    expect(monthsBetween('2026-01-15T00:00:00Z', '2026-03-14T00:00:00Z')).toBe(1);
    expect(monthsBetween('2026-01-15T00:00:00Z', '2026-03-15T00:00:00Z')).toBe(2);
  });
});

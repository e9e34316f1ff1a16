import { describe, expect, it } from 'vitest';
import { detectSurge, type RecentComplaint } from './detect-surge.js';

function complaints(category: string, count: number, firstAt: string, everyMinutes = 5): RecentComplaint[] {
  const first = Date.parse(firstAt);
  return Array.from({ length: count }, (_, index) => ({
    id: `${category}-${index + 1}`,
    category,
    openedAt: new Date(first + index * everyMinutes * 60_000).toISOString(),
  }));
}

describe('detectSurge', () => {
  it('proposes a level IV crisis with the complaints as evidence when five of one category arrive within an hour', () => {
    const recent = [
      ...complaints('product-quality', 5, '2026-03-02T01:10:00.000Z'),
      ...complaints('logistics', 2, '2026-03-02T01:10:00.000Z'),
    ];
    expect(detectSurge(recent, '2026-03-02T02:00:00.000Z')).toEqual([
      {
        category: 'product-quality',
        level: 'IV',
        count: 5,
        evidence: [
          'product-quality-1',
          'product-quality-2',
          'product-quality-3',
          'product-quality-4',
          'product-quality-5',
        ],
        from: '2026-03-02T01:00:00.000Z',
        to: '2026-03-02T02:00:00.000Z',
      },
    ]);
  });

  it('proposes nothing when the same complaints are spread beyond the window', () => {
    expect(
      detectSurge(
        complaints('product-quality', 5, '2026-03-02T00:00:00.000Z', 20),
        '2026-03-02T02:00:00.000Z',
      ),
    ).toEqual([]);
  });

  it('proposes the highest level the count reaches, largest surge first', () => {
    const recent = [
      ...complaints('billing', 6, '2026-03-02T01:30:00.000Z', 1),
      ...complaints('outage', 21, '2026-03-02T01:30:00.000Z', 1),
    ];
    const proposals = detectSurge(recent, '2026-03-02T02:00:00.000Z');
    expect(proposals.map(({ category, level, count }) => ({ category, level, count }))).toEqual([
      { category: 'outage', level: 'II', count: 21 },
      { category: 'billing', level: 'IV', count: 6 },
    ]);
  });

  it('uses a custom rule when given one, and rejects a rule with a zero threshold', () => {
    const recent = complaints('app-crash', 3, '2026-03-02T01:55:00.000Z', 1);
    const rule = { window: { minutes: 10 }, levels: [{ atLeast: 3, level: 'I' as const }] };
    expect(detectSurge(recent, '2026-03-02T02:00:00.000Z', rule)[0]?.level).toBe('I');
    expect(() =>
      detectSurge(recent, '2026-03-02T02:00:00.000Z', { ...rule, levels: [{ atLeast: 0, level: 'I' }] }),
    ).toThrow(RangeError);
  });
});

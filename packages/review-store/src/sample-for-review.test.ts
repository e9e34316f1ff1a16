import { describe, expect, it } from 'vitest';
import { type SamplingCandidate, sampleForReview, weekOf } from './sample-for-review.js';

const candidate = (
  complaintId: string,
  agent: string | null,
  openedAt: string,
  flags: Partial<SamplingCandidate> = {},
) => ({
  complaintId,
  agent,
  openedAt,
  breached: false,
  unsatisfied: false,
  ...flags,
});

const week = [
  ...Array.from({ length: 6 }, (_, index) =>
    candidate(`a-${index}`, 'ana', `2026-03-0${2 + (index % 5)}T09:00:00Z`),
  ),
  ...Array.from({ length: 4 }, (_, index) => candidate(`b-${index}`, 'bo', '2026-03-03T09:00:00Z')),
  candidate('a-late', 'ana', '2026-03-04T09:00:00Z', { breached: true }),
  candidate('b-unhappy', 'bo', '2026-03-05T09:00:00Z', { unsatisfied: true }),
  candidate('next-week', 'ana', '2026-03-09T00:00:00Z', { breached: true }),
  candidate('nobody', null, '2026-03-03T09:00:00Z', { breached: true }),
];

describe('sampleForReview', () => {
  it('takes N per agent plus every breached or unsatisfied complaint of the week', () => {
    const sampled = sampleForReview(week, { perAgent: 2, seed: 's1', week: '2026-03-04' });
    expect(
      sampled.filter((entry) => entry.reason !== 'sample').map((entry) => [entry.complaintId, entry.reason]),
    ).toEqual([
      ['a-late', 'breached'],
      ['b-unhappy', 'unsatisfied'],
    ]);
    expect(sampled.filter((entry) => entry.agent === 'ana' && entry.reason === 'sample')).toHaveLength(2);
    expect(sampled.filter((entry) => entry.agent === 'bo' && entry.reason === 'sample')).toHaveLength(2);
    expect(sampled.every((entry) => entry.week === '2026-03-02')).toBe(true);
  });

  it('draws the same complaints when given the same seed in any order, and others when the seed changes', () => {
    const first = sampleForReview(week, { perAgent: 2, seed: 's1', week: '2026-03-02' });
    expect(sampleForReview([...week].reverse(), { perAgent: 2, seed: 's1', week: '2026-03-08' })).toEqual(
      first,
    );
    const seeds = ['s1', 's2', 's3', 's4', 's5'].map((seed) =>
      sampleForReview(week, { perAgent: 2, seed, week: '2026-03-02' })
        .map((entry) => entry.complaintId)
        .join(),
    );
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });

  it('refuses a negative sample size', () => {
    expect(() => sampleForReview(week, { perAgent: -1, seed: 's', week: '2026-03-02' })).toThrow(RangeError);
  });
});

describe('weekOf', () => {
  it('gives the Monday of the UTC week when the date is a Sunday night', () => {
    expect(weekOf('2026-03-08T23:59:59Z')).toBe('2026-03-02');
    expect(weekOf('2026-03-09T00:00:00Z')).toBe('2026-03-09');
  });
});

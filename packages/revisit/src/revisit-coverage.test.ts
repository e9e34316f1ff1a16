import { describe, expect, it } from 'vitest';
import { revisitCoverage } from './revisit-coverage.js';

const profiles = [
  { customerId: 'a', member: true },
  { customerId: 'b', member: true },
  { customerId: 'c', member: false },
  { customerId: 'd', member: true },
];
const period = { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' };

describe('revisitCoverage', () => {
  it('counts only member customers revisited inside the period', () => {
    const coverage = revisitCoverage({
      profiles,
      ...period,
      recorded: [
        { customerId: 'a', at: '2026-03-05T03:00:00Z' },
        { customerId: 'a', at: '2026-03-20T03:00:00Z' },
        { customerId: 'c', at: '2026-03-05T03:00:00Z' },
        { customerId: 'd', at: '2026-02-27T03:00:00Z' },
      ],
    });
    expect(coverage).toMatchObject({ members: 3, revisited: 1, met: false, notRevisited: ['b', 'd'] });
    expect(coverage.share).toBeCloseTo(1 / 3);
  });

  it('meets the 100% target when every member customer is revisited', () => {
    const coverage = revisitCoverage({
      profiles,
      ...period,
      recorded: ['a', 'b', 'd'].map((customerId) => ({ customerId, at: '2026-03-10T03:00:00Z' })),
    });
    expect(coverage).toMatchObject({ share: 1, target: 1, met: true, notRevisited: [] });
  });

  it('throws a RangeError when the period is empty', () => {
    expect(() => revisitCoverage({ profiles, recorded: [], from: period.to, to: period.from })).toThrow(
      RangeError,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { InvalidStatisticsInput } from '../items/scoring-input-error.js';
import { fleissAgreement, fleissKappa, ratingCounts } from './fleiss-kappa.js';

// The worked example of Fleiss' kappa (Wikipedia, after Fleiss 1971): 14 raters put 10 subjects
// into 5 categories. Published: P̄ = 0.378, P̄ₑ = 0.213, κ = 0.210.
const wikipediaExample = [
  [0, 0, 0, 0, 14],
  [0, 2, 6, 4, 2],
  [0, 0, 3, 5, 6],
  [0, 3, 9, 2, 0],
  [2, 2, 8, 1, 1],
  [7, 7, 0, 0, 0],
  [3, 2, 6, 3, 0],
  [2, 5, 3, 2, 2],
  [6, 5, 2, 1, 0],
  [0, 2, 2, 3, 7],
];

describe('fleissKappa', () => {
  it('gives the published 0.210 when fed the textbook 10 × 5 example', () => {
    const agreement = fleissAgreement(wikipediaExample);
    expect(agreement.observedAgreement).toBeCloseTo(0.378, 3);
    expect(agreement.expectedAgreement).toBeCloseTo(0.213, 3);
    expect(agreement.kappa).toBeCloseTo(0.21, 3);
    expect(agreement.categoryProportions.map((p) => Math.round(p * 1000) / 1000)).toEqual([
      0.143, 0.2, 0.279, 0.15, 0.229,
    ]);
    expect(agreement).toMatchObject({ subjects: 10, ratersPerSubject: 14 });
  });

  it('is 1 when every rater agrees on every subject', () => {
    expect(
      fleissKappa([
        [3, 0],
        [0, 3],
        [3, 0],
      ]),
    ).toBe(1);
    expect(
      fleissKappa([
        [3, 0],
        [3, 0],
      ]),
    ).toBe(1);
  });

  it('is negative when raters split worse than chance', () => {
    expect(
      fleissKappa([
        [1, 1],
        [1, 1],
        [1, 1],
      ]),
    ).toBeCloseTo(-1, 12);
  });

  it('throws InvalidStatisticsInput when subjects have different numbers of raters or one rater', () => {
    expect(() =>
      fleissKappa([
        [2, 1],
        [1, 1],
      ]),
    ).toThrow(InvalidStatisticsInput);
    expect(() => fleissKappa([[1, 0]])).toThrow(/at least 2 raters/);
    expect(() => fleissKappa([])).toThrow(InvalidStatisticsInput);
  });

  it('builds the count matrix from rating lists when given labels per subject', () => {
    expect(
      ratingCounts([
        ['yes', 'yes', 'no'],
        ['no', 'na', 'no'],
      ]),
    ).toEqual({
      labels: ['yes', 'no', 'na'],
      counts: [
        [2, 1, 0],
        [0, 2, 1],
      ],
    });
  });
});

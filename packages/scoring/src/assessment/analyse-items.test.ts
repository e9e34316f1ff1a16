import { describe, expect, it } from 'vitest';
import { InvalidStatisticsInput } from '../items/scoring-input-error.js';
import {
  analyseItems,
  cronbachAlpha,
  kuderRichardson20,
  standardErrorOfMeasurement,
} from './analyse-items.js';

describe('item analysis', () => {
  // A Guttman pattern: person k answers the k easiest items. p = 0.8, 0.6, 0.4, 0.2; Σpq = 0.8;
  // totals 4, 3, 2, 1, 0 have variance 2, so KR-20 = 4/3 · (1 − 0.8/2) = 0.8, SEM = √2 · √0.2.
  const guttman = [
    [1, 1, 1, 1],
    [1, 1, 1, 0],
    [1, 1, 0, 0],
    [1, 0, 0, 0],
    [0, 0, 0, 0],
  ];

  it('gives KR-20 = 0.8 and SEM = √0.4 when the matrix is a 5 × 4 Guttman pattern', () => {
    expect(kuderRichardson20(guttman)).toBeCloseTo(0.8, 12);
    expect(cronbachAlpha(guttman)).toBeCloseTo(0.8, 12);
    const analysis = analyseItems(guttman, { itemIds: ['q1', 'q2', 'q3', 'q4'] });
    expect(analysis.kr20).toBeCloseTo(0.8, 12);
    expect(analysis.standardErrorOfMeasurement).toBeCloseTo(Math.sqrt(0.4), 12);
    expect(analysis.items.map((item) => item.facility)).toEqual([0.8, 0.6, 0.4, 0.2]);
    // Top 27 % (1 person) answered everything, bottom 27 % nothing.
    expect(analysis.items.map((item) => item.upperLowerIndex)).toEqual([1, 1, 1, 1]);
    for (const item of analysis.items) {
      expect(item.discrimination).toBeGreaterThan(0.5);
      expect(item.pointBiserial).toBeGreaterThan(item.discrimination);
    }
  });

  it("gives Cronbach's alpha = 51/59 when three items are scored in halves", () => {
    // Item variances 0.171875, 0.046875, 0.171875; total variance 0.921875 → 1.5 · (1 − 0.390625/0.921875).
    const scores = [
      [1, 0.5, 1],
      [0.5, 0.5, 0.5],
      [0, 0.5, 0],
      [1, 1, 1],
    ];
    expect(cronbachAlpha(scores)).toBeCloseTo(51 / 59, 12);
    expect(analyseItems(scores).kr20).toBeNull();
    expect(() => kuderRichardson20(scores)).toThrow(/right\/wrong/);
  });

  it('gives negative discrimination when an item is reversed', () => {
    const scores = [
      [1, 1, 0],
      [1, 1, 0],
      [0, 0, 1],
      [0, 0, 1],
      [1, 0, 0],
    ];
    expect(analyseItems(scores).items[2]?.discrimination).toBeLessThan(0);
  });

  it('throws InvalidStatisticsInput when rows are ragged or scores fall outside [0, 1]', () => {
    expect(() => analyseItems([[1, 0], [1]])).toThrow(InvalidStatisticsInput);
    expect(() =>
      analyseItems([
        [1, 2],
        [1, 0],
      ]),
    ).toThrow(InvalidStatisticsInput);
  });

  it('gives SD·√(1 − r) when SEM is computed from SD and reliability', () => {
    expect(standardErrorOfMeasurement(10, 0.91)).toBeCloseTo(3, 12);
  });
});

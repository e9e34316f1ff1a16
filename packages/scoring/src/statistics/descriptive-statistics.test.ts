import { describe, expect, it } from 'vitest';
import { InvalidStatisticsInput } from '../items/scoring-input-error.js';
import { mean, median, pearsonCorrelation, standardDeviation, variance } from './descriptive-statistics.js';

describe('descriptive statistics', () => {
  it('computes mean, median, variance and correlation when given small lists', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(median([4, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(variance([2, 4, 4, 4, 5, 5, 7, 9])).toBe(4);
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBe(2);
    expect(variance([1, 2, 3, 4], 'sample')).toBeCloseTo(5 / 3, 12);
    expect(pearsonCorrelation([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearsonCorrelation([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(pearsonCorrelation([1, 1, 1], [1, 2, 3])).toBeNaN();
  });

  it('throws InvalidStatisticsInput when values are missing or not finite', () => {
    expect(() => mean([])).toThrow(InvalidStatisticsInput);
    expect(() => mean([1, Number.NaN])).toThrow(InvalidStatisticsInput);
    expect(() => pearsonCorrelation([1, 2], [1])).toThrow(InvalidStatisticsInput);
  });
});

import { describe, expect, it } from 'vitest';
import { cohenKappa, confusionMatrix } from './cohen-kappa.js';

describe('cohenKappa', () => {
  it('matches the textbook value when two raters agree on 70 of 100 items', () => {
    // Wikipedia's example: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no of 50 → κ = 0.4.
    const a = [...Array(25).fill('yes'), ...Array(25).fill('no')];
    const b = [
      ...Array(20).fill('yes'),
      ...Array(5).fill('no'),
      ...Array(10).fill('yes'),
      ...Array(15).fill('no'),
    ];
    expect(cohenKappa(a, b)).toBeCloseTo(0.4, 10);
  });

  it('matches a second known value when the marginals are skewed', () => {
    // 45 yes/yes, 15 yes/no, 25 no/yes, 15 no/no of 100: pₒ = 0.6, pₑ = 0.54 → κ ≈ 0.1304.
    const matrix = {
      labels: ['yes', 'no'],
      counts: [
        [45, 15],
        [25, 15],
      ],
      total: 100,
    };
    expect(cohenKappa(matrix)).toBeCloseTo(0.130434782, 6);
  });

  it('is 1 when the raters agree on everything', () => {
    expect(cohenKappa([true, false, true], [true, false, true])).toBe(1);
  });

  it('is NaN when there are no ratings', () => {
    expect(cohenKappa([], [])).toBeNaN();
  });
});

describe('confusionMatrix', () => {
  it('counts each pair of ratings in the order of the given labels', () => {
    const matrix = confusionMatrix(
      ['pass', 'pass', 'fail', 'fail'],
      ['pass', 'fail', 'fail', 'fail'],
      ['pass', 'fail'],
    );
    expect(matrix.counts).toEqual([
      [1, 1],
      [0, 2],
    ]);
    expect(matrix.total).toBe(4);
  });

  it('throws a RangeError when the two lists differ in length', () => {
    expect(() => confusionMatrix(['a'], [])).toThrow(RangeError);
  });
});

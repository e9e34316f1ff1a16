import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateRaschAbility, raschDifficultiesFromFacilities, raschProbability } from './rasch-ability.js';

describe('Rasch', () => {
  it('gives P = 0.5 when ability equals difficulty', () => {
    expect(raschProbability(0.7, 0.7)).toBe(0.5);
    expect(raschProbability(1, 0)).toBeCloseTo(1 / (1 + Math.exp(-1)), 15);
  });

  it('estimates θ = 0 with SE 1.5947 when one of two items at ±1 logit is right', () => {
    // Symmetry puts θ̂ at 0; p = 1 / (1 + e^−1) = 0.731059, SE = 1 / √(2 p (1 − p)) = 1.594704.
    const estimate = estimateRaschAbility([
      { difficulty: -1, score: 1 },
      { difficulty: 1, score: 0 },
    ]);
    expect(estimate.ability).toBeCloseTo(0, 9);
    expect(estimate.standardError).toBeCloseTo(1.594704, 6);
    expect(estimate.extreme).toBe(false);
  });

  it('solves Σ pᵢ(θ) = raw score when responses are mixed', () => {
    const responses = [
      { difficulty: -1, score: 1 },
      { difficulty: 0, score: 1 },
      { difficulty: 1, score: 0 },
      { difficulty: 0.5, score: 0.5 },
    ];
    const estimate = estimateRaschAbility(responses);
    const expected = responses.reduce(
      (sum, response) => sum + raschProbability(estimate.ability, response.difficulty),
      0,
    );
    expect(expected).toBeCloseTo(2.5, 9);
    expect(estimate.rawScore).toBe(2.5);
  });

  it('moves a perfect score in by 0.3 when every answer is right', () => {
    // Target 2 − 0.3 = 1.7 on two items at 0: p = 0.85, θ = ln(0.85 / 0.15), SE = 1 / √(2 · 0.85 · 0.15).
    const estimate = estimateRaschAbility([
      { difficulty: 0, score: 1 },
      { difficulty: 0, score: 1 },
    ]);
    expect(estimate.extreme).toBe(true);
    expect(estimate.ability).toBeCloseTo(Math.log(0.85 / 0.15), 9);
    expect(estimate.standardError).toBeCloseTo(1 / Math.sqrt(0.255), 9);
  });

  it('centres rough difficulties on 0 when derived from facilities', () => {
    const difficulties = raschDifficultiesFromFacilities([0.5, 0.8, 0.2], 10);
    expect(difficulties[0]).toBeCloseTo(0, 12);
    expect(difficulties[1]).toBeCloseTo(Math.log(0.25), 12);
    expect(difficulties[2]).toBeCloseTo(-Math.log(0.25), 12);
  });

  it('finds a finite estimate with a positive SE when responses are any scores on any difficulties', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            difficulty: fc.double({ min: -4, max: 4, noNaN: true }),
            score: fc.double({ min: 0, max: 1, noNaN: true }),
          }),
          {
            minLength: 1,
            maxLength: 30,
          },
        ),
        (responses) => {
          const estimate = estimateRaschAbility(responses);
          expect(Number.isFinite(estimate.ability)).toBe(true);
          expect(estimate.standardError).toBeGreaterThan(0);
        },
      ),
    );
  });
});

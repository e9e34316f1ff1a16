import { InvalidStatisticsInput } from '../items/scoring-input-error.js';

/** Rasch (1PL) probability that a person of ability θ answers an item of difficulty b correctly: 1 / (1 + e^−(θ−b)). */
export function raschProbability(ability: number, difficulty: number): number {
  return 1 / (1 + Math.exp(-(ability - difficulty)));
}

export interface RaschAbilityEstimate {
  /** Maximum-likelihood ability θ̂ in logits, on the same scale as the item difficulties. */
  ability: number;
  /** Standard error 1 / √(Σ pᵢ(1 − pᵢ)) at θ̂. */
  standardError: number;
  /** Sum of the scores. */
  rawScore: number;
  items: number;
  /** True when an all-right or all-wrong raw score was moved in by `extremeAdjustment` (the MLE would be ±∞). */
  extreme: boolean;
  iterations: number;
}

/**
 * Estimates an agent's ability from scores on items of known difficulty (logits) by maximum
 * likelihood, with Newton–Raphson: θ ← θ + Σ(xᵢ − pᵢ) / Σ pᵢ(1 − pᵢ). Scores may be fractions (a
 * partly right answer counts as that share of a right one). A perfect or zero raw score has no
 * finite estimate, so it is moved in by `extremeAdjustment` (default 0.3 score points, as Winsteps
 * and most Rasch tools do) and flagged `extreme`.
 */
export function estimateRaschAbility(
  responses: readonly { difficulty: number; score: number }[],
  options: { extremeAdjustment?: number; tolerance?: number; maxIterations?: number } = {},
): RaschAbilityEstimate {
  if (responses.length === 0)
    throw new InvalidStatisticsInput('a Rasch ability estimate needs at least one response');
  responses.forEach((response, index) => {
    if (!Number.isFinite(response.difficulty)) {
      throw new InvalidStatisticsInput(`response ${index}: difficulty must be a finite number`);
    }
    if (!(response.score >= 0 && response.score <= 1)) {
      throw new InvalidStatisticsInput(`response ${index}: score must be in [0, 1] (got ${response.score})`);
    }
  });
  const adjustment = options.extremeAdjustment ?? 0.3;
  const tolerance = options.tolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 100;
  const items = responses.length;
  const rawScore = responses.reduce((sum, response) => sum + response.score, 0);
  let target = rawScore;
  let extreme = false;
  if (rawScore <= 1e-12) {
    target = adjustment;
    extreme = true;
  } else if (rawScore >= items - 1e-12) {
    target = items - adjustment;
    extreme = true;
  }
  const meanDifficulty = responses.reduce((sum, response) => sum + response.difficulty, 0) / items;
  let ability = meanDifficulty + Math.log(target / (items - target));
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    let expected = 0;
    let information = 0;
    for (const response of responses) {
      const p = raschProbability(ability, response.difficulty);
      expected += p;
      information += p * (1 - p);
    }
    // Limit a step to 1 logit so the iteration cannot overshoot far on flat likelihoods.
    const step = Math.max(-1, Math.min(1, (target - expected) / information));
    ability += step;
    if (Math.abs(step) < tolerance) {
      iterations++;
      break;
    }
  }
  const information = responses.reduce((sum, response) => {
    const p = raschProbability(ability, response.difficulty);
    return sum + p * (1 - p);
  }, 0);
  return { ability, standardError: 1 / Math.sqrt(information), rawScore, items, extreme, iterations };
}

/**
 * Rough item difficulties (logits) from facilities (share answering right), centred on 0:
 * bᵢ = ln((1 − pᵢ) / pᵢ) − mean. Facilities of 0 or 1 are moved in by half a response out of
 * `persons`. Good enough to seed Elo item ratings or a first Rasch calibration.
 */
export function raschDifficultiesFromFacilities(facilities: readonly number[], persons: number): number[] {
  if (facilities.length === 0) return [];
  const floor = 0.5 / Math.max(1, persons);
  const logits = facilities.map((facility) => {
    if (!(facility >= 0 && facility <= 1))
      throw new InvalidStatisticsInput(`facility must be in [0, 1] (got ${facility})`);
    const p = Math.min(1 - floor, Math.max(floor, facility));
    return Math.log((1 - p) / p);
  });
  const centre = logits.reduce((sum, value) => sum + value, 0) / logits.length;
  return logits.map((value) => value - centre);
}

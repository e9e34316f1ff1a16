import { type CertaintyLevel, type CertaintyMark, certaintyMark } from './certainty-based-marking.js';
import { clampScore, formatMark, type ItemGrade } from './item-grade.js';
import { AttemptClosed, InvalidResponse } from './scoring-input-error.js';

/** How an attempt with several tries is scored. */
export interface AttemptPolicy {
  /**
   * Fraction of the item lost for each earlier try (Moodle's "penalty for each incorrect try";
   * default 1/3). Try k (counting from 1) can earn at most 1 − (k − 1) × penalty.
   */
  penaltyPerTry?: number;
  /** At most this many tries (default: no limit). */
  maxTries?: number;
  /** Ask for a certainty with every try and add a CBM mark (see `certaintyMark`). */
  certaintyBasedMarking?: boolean;
}

export interface GradedTry {
  grade: ItemGrade;
  certainty?: CertaintyLevel;
}

export interface AttemptTryResult {
  /** 1-based number of the try. */
  number: number;
  grade: ItemGrade;
  /** The penalty taken off this try's score: (number − 1) × penaltyPerTry. */
  penalty: number;
  /** The try's score after the penalty, in [0, 1]. */
  score: number;
}

export interface AttemptScore {
  itemId: string;
  /** The best penalised try score, in [0, 1]. */
  score: number;
  /** Whether the last try passed (the agent got there in the end). */
  passed: boolean;
  triesUsed: number;
  tries: AttemptTryResult[];
  /** Present with certainty-based marking: the CBM mark of the final score at the last try's certainty. */
  certainty?: CertaintyMark;
  explanation: string;
}

export const defaultPenaltyPerTry = 1 / 3;

/**
 * Scores an attempt made of graded tries at one item (Moodle's interactive-with-multiple-tries
 * behaviour): each try's score is reduced by the penalty for the tries before it, and the attempt
 * keeps the best penalised score. A try after a fully correct one, or beyond `maxTries`, is
 * refused with `AttemptClosed`.
 */
export function scoreAttempt(tries: readonly GradedTry[], policy: AttemptPolicy = {}): AttemptScore {
  const penaltyPerTry = policy.penaltyPerTry ?? defaultPenaltyPerTry;
  if (!(penaltyPerTry >= 0 && penaltyPerTry <= 1)) {
    throw new RangeError(`penaltyPerTry must be between 0 and 1 (got ${penaltyPerTry})`);
  }
  const itemId = tries[0]?.grade.itemId ?? '';
  if (tries.length === 0) {
    return { itemId, score: 0, passed: false, triesUsed: 0, tries: [], explanation: '未作答' };
  }
  if (policy.maxTries !== undefined && tries.length > policy.maxTries) {
    throw new AttemptClosed(itemId, `at most ${policy.maxTries} tries are allowed (got ${tries.length})`);
  }
  const results: AttemptTryResult[] = [];
  tries.forEach((attemptTry, index) => {
    if (attemptTry.grade.itemId !== itemId) {
      throw new InvalidResponse(itemId, [
        {
          path: `tries.${index}`,
          message: `is a grade of item "${attemptTry.grade.itemId}", not "${itemId}"`,
        },
      ]);
    }
    if (index > 0 && (results[index - 1] as AttemptTryResult).grade.score >= 1) {
      throw new AttemptClosed(itemId, `try ${index} was already fully correct`);
    }
    if (policy.certaintyBasedMarking && attemptTry.certainty === undefined) {
      throw new InvalidResponse(itemId, [
        { path: `tries.${index}.certainty`, message: 'is required (1, 2 or 3)' },
      ]);
    }
    const penalty = Math.min(1, index * penaltyPerTry);
    results.push({
      number: index + 1,
      grade: attemptTry.grade,
      penalty,
      score: clampScore(attemptTry.grade.score - penalty),
    });
  });
  const best = results.reduce((top, result) => (result.score > top.score ? result : top));
  const last = results[results.length - 1] as AttemptTryResult;
  const lastTry = tries[tries.length - 1] as GradedTry;
  const certainty =
    policy.certaintyBasedMarking && lastTry.certainty !== undefined
      ? certaintyMark(best.score, lastTry.certainty)
      : undefined;
  const explanation =
    results.length === 1
      ? `第 1 次作答得 ${round(best.score)}`
      : `共作答 ${results.length} 次,最好的是第 ${best.number} 次:${round(best.grade.score)} ${formatMark(-best.penalty)}(重答扣分)= ${round(best.score)}`;
  return {
    itemId,
    score: best.score,
    passed: last.grade.passed,
    triesUsed: results.length,
    tries: results,
    ...(certainty ? { certainty } : {}),
    explanation,
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

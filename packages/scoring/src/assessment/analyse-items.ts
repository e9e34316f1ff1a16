import { InvalidStatisticsInput } from '../items/scoring-input-error.js';
import { mean, pearsonCorrelation, variance } from '../statistics/descriptive-statistics.js';

/** A score matrix: `scores[person][item]`, each score in [0, 1] (0/1 for right/wrong items). */
export type ScoreMatrix = readonly (readonly number[])[];

export interface ItemStatistics {
  itemId: string;
  /** Facility (p-value): mean score on the item, in [0, 1]. Low = hard. */
  facility: number;
  /** Point-biserial: correlation of the item score with the total score (the item included). NaN without spread. */
  pointBiserial: number;
  /**
   * Discrimination: correlation of the item score with the rest of the test (the total without this
   * item), the corrected point-biserial Moodle reports. Below about 0.2 the item barely separates
   * strong from weak agents; negative means the strong ones do worse on it.
   */
  discrimination: number;
  /** Upper–lower index: facility among the top 27 % (by total) minus facility among the bottom 27 %. */
  upperLowerIndex: number;
}

export interface ItemAnalysis {
  persons: number;
  items: ItemStatistics[];
  meanTotal: number;
  /** Population standard deviation of total scores. */
  standardDeviation: number;
  /** KR-20; null unless every score is 0 or 1. */
  kr20: number | null;
  cronbachAlpha: number;
  /** SD × √(1 − reliability), with Cronbach's alpha (= KR-20 for right/wrong items) as reliability. */
  standardErrorOfMeasurement: number;
}

function checkMatrix(scores: ScoreMatrix, minimumPersons: number, minimumItems: number): number {
  if (scores.length < minimumPersons)
    throw new InvalidStatisticsInput(`needs at least ${minimumPersons} persons`);
  const items = (scores[0] as readonly number[]).length;
  if (items < minimumItems) throw new InvalidStatisticsInput(`needs at least ${minimumItems} items`);
  scores.forEach((row, person) => {
    if (row.length !== items) {
      throw new InvalidStatisticsInput(`person ${person} has ${row.length} item scores, expected ${items}`);
    }
    row.forEach((score, item) => {
      if (!(score >= 0 && score <= 1)) {
        throw new InvalidStatisticsInput(
          `person ${person}, item ${item}: score must be in [0, 1] (got ${score})`,
        );
      }
    });
  });
  return items;
}

const column = (scores: ScoreMatrix, item: number) => scores.map((row) => row[item] as number);
const totals = (scores: ScoreMatrix) => scores.map((row) => row.reduce((sum, score) => sum + score, 0));

/**
 * Kuder–Richardson 20 for right/wrong (0/1) items: (k / (k − 1)) × (1 − Σ pq / σ²ₓ), with the
 * population variance of total scores. NaN when total scores do not vary.
 */
export function kuderRichardson20(scores: ScoreMatrix): number {
  const items = checkMatrix(scores, 2, 2);
  if (!scores.every((row) => row.every((score) => score === 0 || score === 1))) {
    throw new InvalidStatisticsInput(
      'KR-20 needs right/wrong (0 or 1) scores; use cronbachAlpha for partial scores',
    );
  }
  let sumPq = 0;
  for (let item = 0; item < items; item++) {
    const p = mean(column(scores, item));
    sumPq += p * (1 - p);
  }
  const totalVariance = variance(totals(scores));
  if (totalVariance === 0) return Number.NaN;
  return (items / (items - 1)) * (1 - sumPq / totalVariance);
}

/**
 * Cronbach's alpha: (k / (k − 1)) × (1 − Σ σ²ᵢ / σ²ₓ) (population variances; the ratio is the same
 * with sample variances). Equals KR-20 for 0/1 items. NaN when total scores do not vary.
 */
export function cronbachAlpha(scores: ScoreMatrix): number {
  const items = checkMatrix(scores, 2, 2);
  let itemVariances = 0;
  for (let item = 0; item < items; item++) itemVariances += variance(column(scores, item));
  const totalVariance = variance(totals(scores));
  if (totalVariance === 0) return Number.NaN;
  return (items / (items - 1)) * (1 - itemVariances / totalVariance);
}

/** Standard error of measurement: SD × √(1 − reliability) (reliability clamped to [0, 1]). */
export function standardErrorOfMeasurement(standardDeviation: number, reliability: number): number {
  if (!Number.isFinite(reliability)) return Number.NaN;
  return standardDeviation * Math.sqrt(1 - Math.min(1, Math.max(0, reliability)));
}

/**
 * Classical item analysis of a test: per item facility, point-biserial, corrected discrimination
 * and the upper–lower 27 % index; for the test KR-20 (0/1 items), Cronbach's alpha and the
 * standard error of measurement.
 */
export function analyseItems(
  scores: ScoreMatrix,
  options: { itemIds?: readonly string[]; groupShare?: number } = {},
): ItemAnalysis {
  const items = checkMatrix(scores, 2, 2);
  const itemIds = options.itemIds ?? Array.from({ length: items }, (_, index) => `item-${index + 1}`);
  if (itemIds.length !== items) {
    throw new InvalidStatisticsInput(`itemIds names ${itemIds.length} items, the matrix has ${items}`);
  }
  const groupShare = options.groupShare ?? 0.27;
  if (!(groupShare > 0 && groupShare <= 0.5))
    throw new InvalidStatisticsInput('groupShare must be in (0, 0.5]');
  const personTotals = totals(scores);
  const ranked = personTotals
    .map((total, person) => ({ total, person }))
    .sort((a, b) => b.total - a.total || a.person - b.person);
  const groupSize = Math.max(1, Math.round(scores.length * groupShare));
  const upper = ranked.slice(0, groupSize).map((entry) => entry.person);
  const lower = ranked.slice(-groupSize).map((entry) => entry.person);

  const statistics: ItemStatistics[] = itemIds.map((itemId, item) => {
    const itemScores = column(scores, item);
    const rest = personTotals.map((total, person) => total - (itemScores[person] as number));
    return {
      itemId,
      facility: mean(itemScores),
      pointBiserial: pearsonCorrelation(itemScores, personTotals),
      discrimination: pearsonCorrelation(itemScores, rest),
      upperLowerIndex:
        mean(upper.map((person) => itemScores[person] as number)) -
        mean(lower.map((person) => itemScores[person] as number)),
    };
  });
  const binary = scores.every((row) => row.every((score) => score === 0 || score === 1));
  const alpha = cronbachAlpha(scores);
  const standardDeviation = Math.sqrt(variance(personTotals));
  return {
    persons: scores.length,
    items: statistics,
    meanTotal: mean(personTotals),
    standardDeviation,
    kr20: binary ? kuderRichardson20(scores) : null,
    cronbachAlpha: alpha,
    standardErrorOfMeasurement: standardErrorOfMeasurement(standardDeviation, alpha),
  };
}

import { InvalidScorecard } from '../items/scoring-input-error.js';
import { cohenKappa } from '../statistics/cohen-kappa.js';
import { mean, median } from '../statistics/descriptive-statistics.js';
import { fleissAgreement, ratingCounts } from '../statistics/fleiss-kappa.js';
import { parseScorecard, type ReviewScore, scoreReview } from './score-review.js';

/**
 * What each interaction's "right" score is taken to be: the mean or median of all reviewers, or
 * the score of a reference reviewer (the QA lead's answer key in a calibration session).
 */
export type CalibrationConsensus = 'mean' | 'median' | { referenceReviewerId: string };

export interface ReviewerLean {
  reviewerId: string;
  reviews: number;
  /** Mean of (reviewer's score − consensus score): > 0 scores more generously than consensus, < 0 more harshly. */
  lean: number;
  /** Mean of |reviewer's score − consensus score|. */
  meanAbsoluteDeviation: number;
  /** Share of interactions where the reviewer's pass/fail matched the consensus pass/fail. */
  passAgreement: number;
}

export interface ReviewerPairAgreement {
  reviewerA: string;
  reviewerB: string;
  /** Criterion ratings both gave (same interaction, same criterion). */
  sharedRatings: number;
  /** Share of those ratings that are equal. */
  agreement: number;
  /** Cohen's kappa over those ratings (NaN when they share none). */
  cohenKappa: number;
}

export interface CriterionAgreement {
  criterionId: string;
  title: string;
  /** Share of interactions on which every reviewer gave this criterion the same rating. */
  unanimous: number;
}

export interface InteractionCalibration {
  interactionId: string;
  consensusScore: number;
  consensusPassed: boolean;
  /** Highest minus lowest reviewer score. */
  spread: number;
  scores: { reviewerId: string; score: number; passed: boolean }[];
}

export interface CalibrationReport {
  scorecardId: string;
  scorecardVersion: number;
  reviewers: ReviewerLean[];
  pairs: ReviewerPairAgreement[];
  /**
   * Fleiss' kappa over every (interaction, criterion) rated by all reviewers; null when fewer than
   * two reviewers rated the same interactions.
   */
  fleissKappa: number | null;
  criteria: CriterionAgreement[];
  interactions: InteractionCalibration[];
  reviewScores: ReviewScore[];
}

/**
 * Compares several reviewers who reviewed the same interactions with the same scorecard version
 * (a calibration session): each reviewer's lean against the consensus, pairwise Cohen's kappa and
 * overall Fleiss' kappa over criterion ratings, and which criteria reviewers disagree on most.
 */
export function calibrateReviewers(
  scorecardInput: unknown,
  reviews: readonly unknown[],
  options: { consensus?: CalibrationConsensus } = {},
): CalibrationReport {
  const scorecard = parseScorecard(scorecardInput);
  const consensus = options.consensus ?? 'mean';
  const scores = reviews.map((review) => scoreReview(scorecard, review));
  const byInteraction = new Map<string, ReviewScore[]>();
  for (const score of scores) {
    const list = byInteraction.get(score.interactionId) ?? [];
    if (list.some((other) => other.reviewerId === score.reviewerId)) {
      throw new InvalidScorecard(
        [
          {
            path: 'reviews',
            message: `reviewer "${score.reviewerId}" reviewed "${score.interactionId}" twice`,
          },
        ],
        'review',
      );
    }
    list.push(score);
    byInteraction.set(score.interactionId, list);
  }

  const interactions: InteractionCalibration[] = [];
  for (const [interactionId, list] of byInteraction) {
    const values = list.map((score) => score.score);
    let consensusScore: number;
    if (consensus === 'mean') consensusScore = mean(values);
    else if (consensus === 'median') consensusScore = median(values);
    else {
      const reference = list.find((score) => score.reviewerId === consensus.referenceReviewerId);
      if (!reference) {
        throw new InvalidScorecard(
          [
            {
              path: 'consensus.referenceReviewerId',
              message: `reference reviewer "${consensus.referenceReviewerId}" did not review "${interactionId}"`,
            },
          ],
          'review',
        );
      }
      consensusScore = reference.score;
    }
    const consensusPassed =
      typeof consensus === 'object'
        ? (list.find((score) => score.reviewerId === consensus.referenceReviewerId) as ReviewScore).passed
        : consensusScore >= scorecard.passScore - 1e-9 && !majorityAutoFailed(list);
    interactions.push({
      interactionId,
      consensusScore,
      consensusPassed,
      spread: Math.max(...values) - Math.min(...values),
      scores: list.map((score) => ({
        reviewerId: score.reviewerId,
        score: score.score,
        passed: score.passed,
      })),
    });
  }

  const reviewerIds = [...new Set(scores.map((score) => score.reviewerId))].sort();
  const reviewers: ReviewerLean[] = reviewerIds.map((reviewerId) => {
    const deviations: number[] = [];
    let passMatches = 0;
    for (const interaction of interactions) {
      const own = interaction.scores.find((score) => score.reviewerId === reviewerId);
      if (!own) continue;
      deviations.push(own.score - interaction.consensusScore);
      if (own.passed === interaction.consensusPassed) passMatches++;
    }
    return {
      reviewerId,
      reviews: deviations.length,
      lean: mean(deviations),
      meanAbsoluteDeviation: mean(deviations.map(Math.abs)),
      passAgreement: passMatches / deviations.length,
    };
  });

  const criteria = scorecard.sections.flatMap((section) => section.criteria);
  const ratingOf = (score: ReviewScore, criterionId: string) =>
    String(
      score.sections
        .flatMap((section) => section.criteria)
        .find((criterion) => criterion.criterionId === criterionId)?.rating,
    );

  const pairs: ReviewerPairAgreement[] = [];
  for (let i = 0; i < reviewerIds.length; i++) {
    for (let j = i + 1; j < reviewerIds.length; j++) {
      const a = reviewerIds[i] as string;
      const b = reviewerIds[j] as string;
      const ratingsA: string[] = [];
      const ratingsB: string[] = [];
      for (const list of byInteraction.values()) {
        const scoreA = list.find((score) => score.reviewerId === a);
        const scoreB = list.find((score) => score.reviewerId === b);
        if (!scoreA || !scoreB) continue;
        for (const criterion of criteria) {
          ratingsA.push(ratingOf(scoreA, criterion.id));
          ratingsB.push(ratingOf(scoreB, criterion.id));
        }
      }
      const equal = ratingsA.filter((rating, index) => rating === ratingsB[index]).length;
      pairs.push({
        reviewerA: a,
        reviewerB: b,
        sharedRatings: ratingsA.length,
        agreement: ratingsA.length ? equal / ratingsA.length : Number.NaN,
        cohenKappa: ratingsA.length ? cohenKappa(ratingsA, ratingsB) : Number.NaN,
      });
    }
  }

  const fullyReviewed = [...byInteraction.values()].filter((list) => list.length === reviewerIds.length);
  const subjects: string[][] = [];
  for (const list of fullyReviewed) {
    for (const criterion of criteria) subjects.push(list.map((score) => ratingOf(score, criterion.id)));
  }
  const fleissKappa =
    reviewerIds.length >= 2 && subjects.length > 0
      ? fleissAgreement(ratingCounts(subjects).counts).kappa
      : null;

  const criterionAgreement: CriterionAgreement[] = criteria.map((criterion) => {
    const lists = [...byInteraction.values()].filter((list) => list.length >= 2);
    const unanimous = lists.filter(
      (list) => new Set(list.map((score) => ratingOf(score, criterion.id))).size === 1,
    ).length;
    return {
      criterionId: criterion.id,
      title: criterion.title,
      unanimous: lists.length ? unanimous / lists.length : Number.NaN,
    };
  });

  return {
    scorecardId: scorecard.id,
    scorecardVersion: scorecard.version,
    reviewers,
    pairs,
    fleissKappa,
    criteria: criterionAgreement,
    interactions,
    reviewScores: scores,
  };
}

function majorityAutoFailed(list: readonly ReviewScore[]): boolean {
  return list.filter((score) => score.autoFailed).length * 2 > list.length;
}

import { clampScore } from '../items/item-grade.js';
import { InvalidScorecard, type ScoringIssue, toScoringIssues } from '../items/scoring-input-error.js';
import {
  type CriterionRating,
  type Scorecard,
  type ScorecardReview,
  scorecardReviewSchema,
  scorecardSchema,
} from './scorecard-schemas.js';

export interface CriterionResult {
  criterionId: string;
  title: string;
  rating: CriterionRating;
  applicable: boolean;
  /** Whether a "no" fails the whole review, only its section, or nothing. */
  critical: 'review' | 'section' | false;
  /** Share of the criterion earned, in [0, 1]; null when N/A. */
  earned: number | null;
  weight: number;
  /** Share of the whole review this criterion carried after N/A rescaling (0 when N/A). */
  effectiveWeight: number;
  comment?: string;
}

export interface SectionResult {
  sectionId: string;
  title: string;
  weight: number;
  /** False when every criterion of the section was N/A: the section is left out and the rest rescaled. */
  applicable: boolean;
  /** Weighted share of the applicable criteria earned, in [0, 1] (0 when a section-critical criterion failed); null when not applicable. */
  score: number | null;
  /** Section-critical criteria rated "no" (the section scores 0). */
  failedBy: string[];
  /** Share of the whole review this section carried after rescaling. */
  effectiveWeight: number;
  criteria: CriterionResult[];
}

export interface AutoFailReason {
  criterionId: string;
  title: string;
  comment?: string;
}

export interface ReviewScore {
  scorecardId: string;
  scorecardVersion: number;
  interactionId: string;
  reviewerId: string;
  reviewId?: string;
  /** The review's score in [0, 1]: 0 when auto-failed, otherwise `weightedScore`. */
  score: number;
  /** The weighted score before any auto-fail, in [0, 1]. */
  weightedScore: number;
  passed: boolean;
  autoFailed: boolean;
  autoFailReasons: AutoFailReason[];
  sections: SectionResult[];
}

/** Validates an authored scorecard (YAML or JSON) and fills defaults, or throws `InvalidScorecard`. */
export function parseScorecard(input: unknown): Scorecard {
  const result = scorecardSchema.safeParse(input);
  if (!result.success) throw new InvalidScorecard(toScoringIssues(result.error.issues));
  return result.data;
}

/** Validates a review's shape, or throws `InvalidScorecard` (code `INVALID_REVIEW`). */
export function parseScorecardReview(input: unknown): ScorecardReview {
  const result = scorecardReviewSchema.safeParse(input);
  if (!result.success) throw new InvalidScorecard(toScoringIssues(result.error.issues), 'review');
  return result.data;
}

/**
 * Scores a review with the scorecard version it names. Each criterion earns its share (yes = 1,
 * no = 0, points / max points); N/A criteria are left out and the rest of their section rescaled;
 * a section with every criterion N/A is left out and the other sections rescaled. A critical
 * criterion rated "no" fails the review (score 0, `autoFailed`), whatever the rest scored; a
 * `critical: section` one zeroes its section only. The
 * review passes when not auto-failed and the score reaches the scorecard's `passScore`.
 */
export function scoreReview(scorecardInput: unknown, reviewInput: unknown): ReviewScore {
  const scorecard = parseScorecard(scorecardInput);
  const review = parseScorecardReview(reviewInput);
  if (review.scorecardId !== scorecard.id || review.scorecardVersion !== scorecard.version) {
    throw new InvalidScorecard(
      [
        {
          path: 'scorecardVersion',
          message: `the review was made with "${review.scorecardId}" v${review.scorecardVersion}, not "${scorecard.id}" v${scorecard.version}`,
        },
      ],
      'review',
    );
  }
  const issues: ScoringIssue[] = [];
  const criterionIds = new Set<string>();
  const sections = scorecard.sections.map((section) => {
    const criteria = section.criteria.map((criterion): CriterionResult => {
      criterionIds.add(criterion.id);
      const rating = review.ratings[criterion.id];
      const path = `ratings.${criterion.id}`;
      const comment = review.comments?.[criterion.id];
      const base = {
        criterionId: criterion.id,
        title: criterion.title,
        critical: criticalScope(criterion.critical),
        weight: criterion.weight,
        effectiveWeight: 0,
        ...(comment === undefined ? {} : { comment }),
      };
      if (rating === undefined) {
        issues.push({ path, message: `criterion "${criterion.title}" is not rated` });
        return { ...base, rating: 'na', applicable: false, earned: null };
      }
      if (rating === 'na') {
        if (!criterion.allowNotApplicable) issues.push({ path, message: 'this criterion cannot be N/A' });
        return { ...base, rating, applicable: false, earned: null };
      }
      if (criterion.scale === 'yes-no') {
        if (typeof rating === 'number') {
          issues.push({ path, message: 'expects "yes", "no" or "na"' });
          return { ...base, rating, applicable: false, earned: null };
        }
        return { ...base, rating, applicable: true, earned: rating === 'yes' ? 1 : 0 };
      }
      if (typeof rating !== 'number' || rating > criterion.scale.points) {
        issues.push({ path, message: `expects a whole number from 0 to ${criterion.scale.points}, or "na"` });
        return { ...base, rating, applicable: false, earned: null };
      }
      return { ...base, rating, applicable: true, earned: rating / criterion.scale.points };
    });
    return { section, criteria };
  });
  for (const criterionId of Object.keys(review.ratings)) {
    if (!criterionIds.has(criterionId)) {
      issues.push({
        path: `ratings.${criterionId}`,
        message: `"${criterionId}" is not a criterion of this scorecard`,
      });
    }
  }
  if (issues.length) throw new InvalidScorecard(issues, 'review');

  const sectionResults: SectionResult[] = sections.map(({ section, criteria }) => {
    const applicableWeight = criteria.reduce(
      (sum, criterion) => sum + (criterion.applicable ? criterion.weight : 0),
      0,
    );
    const applicable = applicableWeight > 0;
    const score = applicable
      ? clampScore(
          criteria.reduce(
            (sum, criterion) =>
              sum + (criterion.applicable ? criterion.weight * (criterion.earned as number) : 0),
            0,
          ) / applicableWeight,
        )
      : null;
    const failedBy = criteria
      .filter((criterion) => criterion.critical === 'section' && criterion.rating === 'no')
      .map((criterion) => criterion.criterionId);
    return {
      sectionId: section.id,
      title: section.title,
      weight: section.weight,
      applicable,
      score: failedBy.length ? 0 : score,
      failedBy,
      effectiveWeight: 0,
      criteria,
    };
  });
  const applicableSectionWeight = sectionResults.reduce(
    (sum, section) => sum + (section.applicable ? section.weight : 0),
    0,
  );
  if (applicableSectionWeight === 0) {
    throw new InvalidScorecard(
      [{ path: 'ratings', message: 'every criterion is N/A: nothing to score' }],
      'review',
    );
  }
  let weightedScore = 0;
  for (const section of sectionResults) {
    if (!section.applicable) continue;
    section.effectiveWeight = section.weight / applicableSectionWeight;
    weightedScore += section.effectiveWeight * (section.score as number);
    const criterionWeight = section.criteria.reduce(
      (sum, criterion) => sum + (criterion.applicable ? criterion.weight : 0),
      0,
    );
    for (const criterion of section.criteria) {
      if (criterion.applicable)
        criterion.effectiveWeight = (section.effectiveWeight * criterion.weight) / criterionWeight;
    }
  }
  weightedScore = clampScore(weightedScore);
  const autoFailReasons: AutoFailReason[] = sectionResults.flatMap((section) =>
    section.criteria
      .filter((criterion) => criterion.critical === 'review' && criterion.rating === 'no')
      .map((criterion) => ({
        criterionId: criterion.criterionId,
        title: criterion.title,
        ...(criterion.comment === undefined ? {} : { comment: criterion.comment }),
      })),
  );
  const autoFailed = autoFailReasons.length > 0;
  const score = autoFailed ? 0 : weightedScore;
  return {
    scorecardId: scorecard.id,
    scorecardVersion: scorecard.version,
    interactionId: review.interactionId,
    reviewerId: review.reviewerId,
    ...(review.id === undefined ? {} : { reviewId: review.id }),
    score,
    weightedScore,
    passed: !autoFailed && score >= scorecard.passScore - 1e-9,
    autoFailed,
    autoFailReasons,
    sections: sectionResults,
  };
}

function criticalScope(critical: boolean | 'review' | 'section'): 'review' | 'section' | false {
  if (critical === true) return 'review';
  return critical;
}

import { suggestRatings } from '@kefu/quiz-bank';
import { type QueueEntry, type StoredReview, sampleForReview } from '@kefu/review-store';
import type { CriterionRating, Scorecard, ScorecardCriterion, ScorecardSection } from '@kefu/scoring';
import { GraphQLError } from 'graphql';
import { canSeeWorkflow, requireActor } from '../authorization.js';
import { builder } from '../builder.js';
import type { KefuContext } from '../context.js';
import { mapErrors } from '../graphql-errors.js';
import {
  agentInScope,
  allComplaints,
  interactionTexts,
  requireQualityReader,
  requireReviewer,
  reviewableComplaint,
  reviewStoreOf,
  samplingCandidate,
  scorecardOf,
} from '../review-access.js';

// ---------------------------------------------------------------------------------------------------------
// The scorecard

const ScorecardCriterionRef = builder.objectRef<ScorecardCriterion>('ScorecardCriterion').implement({
  description: 'One item of a QA scorecard.',
  fields: (t) => ({
    id: t.exposeID('id'),
    title: t.exposeString('title'),
    weight: t.exposeFloat('weight'),
    critical: t.string({
      description: '`review`: a "no" fails the whole review; `section`: a "no" zeroes its section; `none`.',
      resolve: (criterion) => (criterion.critical === true ? 'review' : criterion.critical || 'none'),
    }),
    allowNotApplicable: t.exposeBoolean('allowNotApplicable'),
    maxPoints: t.int({
      nullable: true,
      description: 'For a points criterion, the highest rating (0…maxPoints); null for a yes/no criterion.',
      resolve: (criterion) => (criterion.scale === 'yes-no' ? null : criterion.scale.points),
    }),
    guidance: t.string({ nullable: true, resolve: (criterion) => criterion.guidance ?? null }),
  }),
});

const ScorecardSectionRef = builder.objectRef<ScorecardSection>('ScorecardSection').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    title: t.exposeString('title'),
    weight: t.exposeFloat('weight'),
    criteria: t.field({ type: [ScorecardCriterionRef], resolve: (section) => section.criteria }),
  }),
});

export const ScorecardRef = builder.objectRef<Scorecard>('Scorecard').implement({
  description: 'A published, frozen QA scorecard version (the standard one ships in `@kefu/quiz-bank`).',
  fields: (t) => ({
    id: t.exposeID('id'),
    version: t.exposeInt('version'),
    title: t.exposeString('title'),
    passScore: t.exposeFloat('passScore'),
    sections: t.field({ type: [ScorecardSectionRef], resolve: (scorecard) => scorecard.sections }),
  }),
});

builder.queryField('scorecard', (t) =>
  t.field({
    type: ScorecardRef,
    description:
      'The standard complaint QA scorecard (`complaint-qa`): the newest version, or the one asked for. Everyone signed in.',
    args: { version: t.arg.int() },
    resolve: (_root, { version }, context) => {
      requireActor(context);
      return mapErrors(async () => scorecardOf(version).scorecard);
    },
  }),
);

// ---------------------------------------------------------------------------------------------------------
// Reviews

const CriticalFailureRef = builder
  .objectRef<{ criterionId: string; title: string; comment?: string }>('CriticalFailure')
  .implement({
    description: 'A critical item rated "no": it fails the whole review.',
    fields: (t) => ({
      criterionId: t.exposeString('criterionId'),
      title: t.exposeString('title'),
      comment: t.string({ nullable: true, resolve: (failure) => failure.comment ?? null }),
    }),
  });

const ReviewItemRef = builder.objectRef<StoredReview['items'][number]>('ReviewItem').implement({
  description:
    'One criterion of a review: the rating, the comment, and what the script grader had suggested.',
  fields: (t) => ({
    criterionId: t.exposeString('criterionId'),
    rating: t.string({ description: '"yes", "no", "na" or points.', resolve: (item) => String(item.rating) }),
    comment: t.exposeString('comment', { nullable: true }),
    suggestedRating: t.string({
      nullable: true,
      resolve: (item) => (item.suggestedRating === null ? null : String(item.suggestedRating)),
    }),
    suggestionEvidence: t.exposeString('suggestionEvidence', { nullable: true }),
    decision: t.exposeString('decision', {
      nullable: true,
      description: '`confirmed` or `overridden` when the grader suggested a rating; null otherwise.',
    }),
  }),
});

const ReviewSectionScoreRef = builder
  .objectRef<StoredReview['sections'][number]>('ReviewSectionScore')
  .implement({
    fields: (t) => ({
      sectionId: t.exposeString('sectionId'),
      title: t.exposeString('title'),
      applicable: t.exposeBoolean('applicable'),
      score: t.exposeFloat('score', { nullable: true, description: '0..1; null when every item was N/A.' }),
    }),
  });

export const ReviewRef = builder.objectRef<StoredReview>('Review').implement({
  description: 'A QA review of one complaint with one scorecard version.',
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.exposeString('kind', {
      description:
        '`review` (QA review), `calibration` (a blind calibration score) or `agreed` (a session’s agreed score).',
    }),
    sessionId: t.exposeString('sessionId', { nullable: true }),
    scorecardId: t.exposeString('scorecardId'),
    scorecardVersion: t.exposeInt('scorecardVersion'),
    reviewer: t.exposeString('reviewer'),
    agent: t.exposeString('agent'),
    complaintId: t.exposeString('complaintId'),
    score: t.exposeFloat('score', { description: '0..1; 0 when a critical item failed.' }),
    weightedScore: t.exposeFloat('weightedScore', { description: '0..1 before any critical failure.' }),
    passed: t.exposeBoolean('passed'),
    criticalFailures: t.field({ type: [CriticalFailureRef], resolve: (review) => review.criticalFailures }),
    sections: t.field({ type: [ReviewSectionScoreRef], resolve: (review) => review.sections }),
    items: t.field({ type: [ReviewItemRef], resolve: (review) => review.items }),
    reviewedAt: t.field({ type: 'DateTime', resolve: (review) => review.reviewedAt }),
  }),
});

const RatingSuggestionRef = builder
  .objectRef<{ criterionId: string; rating: string; evidence: string }>('RatingSuggestion')
  .implement({
    description:
      'A rating the script grader suggests from the complaint’s notes, with the words that decided it.',
    fields: (t) => ({
      criterionId: t.exposeString('criterionId'),
      rating: t.exposeString('rating'),
      evidence: t.exposeString('evidence'),
    }),
  });

interface ReviewDraft {
  complaintId: string;
  agent: string;
  scorecard: Scorecard;
  texts: string[];
  suggestions: { criterionId: string; rating: string; evidence: string }[];
}

const ReviewDraftRef = builder.objectRef<ReviewDraft>('ReviewDraft').implement({
  description:
    'What a reviewer starts from: the scorecard and the grader’s suggestions from the complaint’s notes.',
  fields: (t) => ({
    complaintId: t.exposeID('complaintId'),
    agent: t.exposeString('agent'),
    scorecard: t.field({ type: ScorecardRef, resolve: (draft) => draft.scorecard }),
    texts: t.exposeStringList('texts', {
      description: 'The notes and transcript lines the agent under review wrote: what the grader read.',
    }),
    suggestions: t.field({ type: [RatingSuggestionRef], resolve: (draft) => draft.suggestions }),
  }),
});

/** The grader's suggestions for a complaint, from the words on its events. */
export async function draftFor(context: KefuContext, complaintId: string, version?: number | null) {
  const { agent } = await reviewableComplaint(context, complaintId);
  const card = scorecardOf(version);
  const texts = interactionTexts(await context.runtime.history(complaintId), agent);
  return { agent, card, texts, suggestions: suggestRatings(card, texts) };
}

export const CriterionRatingInput = builder.inputType('CriterionRatingInput', {
  fields: (t) => ({
    criterionId: t.string({ required: true }),
    rating: t.string({ required: true, description: '"yes", "no", "na", or points as digits ("2").' }),
    comment: t.string({
      description: 'The reviewer’s note or the quoted evidence (at most 2000 characters).',
    }),
  }),
});

/** Ratings and comments by criterion id from the input list (points as numbers). */
export function ratingsFrom(
  list: readonly { criterionId: string; rating: string; comment?: string | null }[],
) {
  const ratings: Record<string, CriterionRating> = {};
  const comments: Record<string, string> = {};
  for (const { criterionId, rating, comment } of list) {
    ratings[criterionId] = /^\d+$/.test(rating) ? Number(rating) : (rating as CriterionRating);
    if (comment?.trim()) comments[criterionId] = comment;
  }
  return { ratings, comments };
}

const SubmitReviewInput = builder.inputType('SubmitReviewInput', {
  fields: (t) => ({
    complaintId: t.id({ required: true }),
    scorecardVersion: t.int({ description: 'Default: the newest version of the standard scorecard.' }),
    ratings: t.field({ type: [CriterionRatingInput], required: true }),
  }),
});

const QueueEntryRef = builder.objectRef<QueueEntry>('ReviewQueueEntry').implement({
  description: 'A complaint waiting for (or given) a QA review.',
  fields: (t) => ({
    complaintId: t.exposeID('complaintId'),
    agent: t.exposeString('agent'),
    week: t.exposeString('week', { description: 'The Monday (UTC) of the week the complaint opened.' }),
    reason: t.exposeString('reason', { description: '`sample`, `breached` or `unsatisfied`.' }),
    status: t.exposeString('status', { description: '`open` or `reviewed`.' }),
    reviewId: t.exposeString('reviewId', { nullable: true }),
    enqueuedAt: t.field({ type: 'DateTime', resolve: (entry) => entry.enqueuedAt }),
  }),
});

const SampleReviewQueueInput = builder.inputType('SampleReviewQueueInput', {
  fields: (t) => ({
    week: t.field({
      type: 'DateTime',
      required: true,
      description: 'Any time in the week (Monday to Monday, UTC).',
    }),
    perAgent: t.int({
      required: true,
      description: 'Complaints drawn per agent, on top of every breached or unsatisfied one.',
    }),
    seed: t.string({ required: true, description: 'The same seed draws the same complaints.' }),
  }),
});

const SampleReviewQueuePayload = builder
  .objectRef<{ added: number; sampled: QueueEntry[] }>('SampleReviewQueuePayload')
  .implement({
    fields: (t) => ({
      added: t.exposeInt('added', {
        description: 'Complaints newly queued (already queued ones stay as they were).',
      }),
      sampled: t.field({ type: [QueueEntryRef], resolve: (payload) => payload.sampled }),
    }),
  });

builder.queryField('reviewQueue', (t) =>
  t.field({
    type: [QueueEntryRef],
    description:
      'Complaints sampled for QA review, oldest week first (supervisors, managers, directors, trainers).',
    args: { status: t.arg.string({ description: '`open` (default) or `reviewed`.' }), agent: t.arg.string() },
    resolve: (_root, { status, agent }, context) => {
      requireQualityReader(context);
      if (status && status !== 'open' && status !== 'reviewed')
        throw new GraphQLError('status must be "open" or "reviewed"', {
          extensions: { code: 'BAD_USER_INPUT' },
        });
      return mapErrors(() =>
        reviewStoreOf(context).queue({
          status: (status ?? 'open') as 'open' | 'reviewed',
          ...(agent ? { agent } : {}),
        }),
      );
    },
  }),
);

builder.queryField('reviewDraft', (t) =>
  t.field({
    type: ReviewDraftRef,
    description:
      'The scorecard pre-filled by the script grader from the complaint’s notes (supervisors, managers).',
    args: { complaintId: t.arg.id({ required: true }), scorecardVersion: t.arg.int() },
    resolve: async (_root, { complaintId, scorecardVersion }, context) => {
      requireReviewer(context);
      return mapErrors(async () => {
        const draft = await draftFor(context, String(complaintId), scorecardVersion);
        return {
          complaintId: String(complaintId),
          agent: draft.agent,
          scorecard: draft.card.scorecard,
          texts: draft.texts,
          suggestions: draft.suggestions,
        };
      });
    },
  }),
);

builder.queryField('reviews', (t) =>
  t.field({
    type: [ReviewRef],
    description:
      'QA reviews and agreed calibration scores, newest first. Agents see only their own; supervisors, managers, directors and trainers everyone’s.',
    args: { agent: t.arg.string(), complaintId: t.arg.id() },
    resolve: (_root, { agent, complaintId }, context) => {
      const scope = agentInScope(context, agent);
      return mapErrors(() =>
        reviewStoreOf(context).listReviews({
          ...(scope ? { agent: scope } : {}),
          ...(complaintId ? { complaintId: String(complaintId) } : {}),
          kinds: ['review', 'agreed'],
        }),
      );
    },
  }),
);

builder.queryField('review', (t) =>
  t.field({
    type: ReviewRef,
    nullable: true,
    description:
      'One review; null when it does not exist or the caller may not see it (an agent: another agent’s).',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, context) => {
      const actor = requireActor(context);
      const scope = agentInScope(context, null);
      const review = await reviewStoreOf(context)
        .getReview(String(id))
        .catch(() => null);
      if (!review) return null;
      if (scope !== undefined && review.agent !== scope) return null;
      // A blind calibration score is visible to its own reviewer only until its session closes.
      if (review.kind === 'calibration' && review.reviewer !== actor.userId && review.sessionId) {
        const session = await reviewStoreOf(context).getSession(review.sessionId);
        if (session.status === 'open') return null;
      }
      return review;
    },
  }),
);

builder.mutationField('submitReview', (t) =>
  t.field({
    type: ReviewRef,
    description:
      'Scores a complaint with the standard scorecard (supervisors, managers; a supervisor only their team’s). The grader’s suggestions are recorded with each rating as confirmed or overridden; a critical item rated "no" fails the review.',
    args: { input: t.arg({ type: SubmitReviewInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const actor = requireReviewer(context);
      return mapErrors(async () => {
        const complaintId = String(input.complaintId);
        const draft = await draftFor(context, complaintId, input.scorecardVersion);
        const { ratings, comments } = ratingsFrom(input.ratings);
        return reviewStoreOf(context).recordReview({
          scorecard: draft.card.scorecard,
          reviewer: actor.userId,
          agent: draft.agent,
          complaintId,
          ratings,
          comments,
          suggestions: draft.suggestions,
          at: context.now().toISOString(),
        });
      });
    },
  }),
);

builder.mutationField('sampleReviewQueue', (t) =>
  t.field({
    type: SampleReviewQueuePayload,
    description:
      'Puts a week’s complaints in the review queue: `perAgent` drawn per agent by the seed, plus every breached or unsatisfied one (supervisors: their team’s complaints; managers: every team’s).',
    args: { input: t.arg({ type: SampleReviewQueueInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const actor = requireReviewer(context);
      if (input.perAgent < 0 || input.perAgent > 100) {
        throw new GraphQLError('Invalid input: input.perAgent: must be a whole number from 0 to 100', {
          extensions: {
            code: 'BAD_USER_INPUT',
            fields: [{ field: 'input.perAgent', message: 'must be from 0 to 100' }],
          },
        });
      }
      return mapErrors(async () => {
        // A supervisor samples the complaints they may see (their team's); a manager every team's.
        const candidates = (await allComplaints(context))
          .filter((record) => canSeeWorkflow(actor, record))
          .map(samplingCandidate);
        const sampled = sampleForReview(candidates, {
          perAgent: input.perAgent,
          seed: input.seed,
          week: input.week,
        });
        const store = reviewStoreOf(context);
        const added = await store.enqueue(sampled, context.now().toISOString());
        const queued = await store.queue({ limit: 10_000 });
        const ids = new Set(sampled.map((entry) => entry.complaintId));
        return { added, sampled: queued.filter((entry) => ids.has(entry.complaintId)) };
      });
    },
  }),
);

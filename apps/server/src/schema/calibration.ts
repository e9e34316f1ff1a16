import type { CalibrationSession, StoredReview } from '@kefu/review-store';
import type { CalibrationReport } from '@kefu/scoring';
import { GraphQLError } from 'graphql';
import { builder } from '../builder.js';
import type { KefuContext } from '../context.js';
import { mapErrors } from '../graphql-errors.js';
import {
  requireQualityReader,
  requireReviewer,
  reviewableComplaint,
  reviewStoreOf,
  scorecardOf,
} from '../review-access.js';
import { CriterionRatingInput, draftFor, ReviewRef, ratingsFrom } from './review.js';

/** NaN (no shared ratings, no spread) has no JSON form: null. */
const finite = (value: number) => (Number.isFinite(value) ? value : null);

const ReviewerLeanRef = builder.objectRef<CalibrationReport['reviewers'][number]>('ReviewerLean').implement({
  description: 'How one reviewer scores against the consensus (the mean of all reviewers) of the session.',
  fields: (t) => ({
    reviewer: t.string({ resolve: (lean) => lean.reviewerId }),
    reviews: t.exposeInt('reviews'),
    lean: t.float({
      description: 'Mean of (reviewer’s score − consensus): above 0 more generous, below 0 harsher.',
      resolve: (lean) => lean.lean,
    }),
    meanAbsoluteDeviation: t.exposeFloat('meanAbsoluteDeviation'),
    passAgreement: t.exposeFloat('passAgreement', {
      description: 'Share of complaints where the reviewer’s pass/fail matched the consensus.',
    }),
  }),
});

const ReviewerPairRef = builder
  .objectRef<CalibrationReport['pairs'][number]>('ReviewerPairAgreement')
  .implement({
    description: 'Agreement of two reviewers over the criterion ratings they both gave.',
    fields: (t) => ({
      reviewerA: t.exposeString('reviewerA'),
      reviewerB: t.exposeString('reviewerB'),
      sharedRatings: t.exposeInt('sharedRatings'),
      agreement: t.float({ nullable: true, resolve: (pair) => finite(pair.agreement) }),
      cohenKappa: t.float({
        nullable: true,
        description: 'Cohen’s kappa; null when they share no ratings or there is no spread to agree on.',
        resolve: (pair) => finite(pair.cohenKappa),
      }),
    }),
  });

const CriterionAgreementRef = builder
  .objectRef<CalibrationReport['criteria'][number]>('CriterionAgreement')
  .implement({
    fields: (t) => ({
      criterionId: t.exposeString('criterionId'),
      title: t.exposeString('title'),
      unanimous: t.float({
        nullable: true,
        description:
          'Share of complaints on which every reviewer gave the same rating (below 1: a disagreement).',
        resolve: (criterion) => finite(criterion.unanimous),
      }),
    }),
  });

const CalibrationScoreRef = builder
  .objectRef<{ reviewerId: string; score: number; passed: boolean }>('CalibrationScore')
  .implement({
    fields: (t) => ({
      reviewer: t.string({ resolve: (score) => score.reviewerId }),
      score: t.exposeFloat('score'),
      passed: t.exposeBoolean('passed'),
    }),
  });

const CalibrationInteractionRef = builder
  .objectRef<CalibrationReport['interactions'][number]>('CalibrationComplaint')
  .implement({
    fields: (t) => ({
      complaintId: t.string({ resolve: (interaction) => interaction.interactionId }),
      consensusScore: t.exposeFloat('consensusScore'),
      consensusPassed: t.exposeBoolean('consensusPassed'),
      spread: t.exposeFloat('spread', { description: 'Highest minus lowest reviewer score.' }),
      scores: t.field({ type: [CalibrationScoreRef], resolve: (interaction) => interaction.scores }),
    }),
  });

const CalibrationReportRef = builder.objectRef<CalibrationReport>('CalibrationReport').implement({
  description: 'The agreement of a closed session’s blind scores.',
  fields: (t) => ({
    fleissKappa: t.float({
      nullable: true,
      description: 'Fleiss’ kappa over every (complaint, criterion) rated by all reviewers.',
      resolve: (report) => (report.fleissKappa === null ? null : finite(report.fleissKappa)),
    }),
    reviewers: t.field({ type: [ReviewerLeanRef], resolve: (report) => report.reviewers }),
    pairs: t.field({ type: [ReviewerPairRef], resolve: (report) => report.pairs }),
    criteria: t.field({ type: [CriterionAgreementRef], resolve: (report) => report.criteria }),
    disagreements: t.field({
      type: [CriterionAgreementRef],
      description: 'The criteria reviewers did not all rate alike, most disputed first.',
      resolve: (report) =>
        report.criteria
          .filter((criterion) => Number.isFinite(criterion.unanimous) && criterion.unanimous < 1)
          .sort((a, b) => a.unanimous - b.unanimous),
    }),
    complaints: t.field({ type: [CalibrationInteractionRef], resolve: (report) => report.interactions }),
  }),
});

const CalibrationProgressRef = builder
  .objectRef<{ reviewer: string; complaintIds: string[] }>('CalibrationProgress')
  .implement({
    description: 'Which complaints a reviewer has scored (never the scores while the session is open).',
    fields: (t) => ({
      reviewer: t.exposeString('reviewer'),
      complaintIds: t.exposeStringList('complaintIds'),
    }),
  });

async function visibleScores(context: KefuContext, session: CalibrationSession): Promise<StoredReview[]> {
  const scores = await reviewStoreOf(context).listReviews({
    sessionId: session.id,
    kinds: ['calibration'],
    limit: 1000,
  });
  if (session.status === 'closed') return scores;
  return scores.filter((score) => score.reviewer === context.actor?.userId);
}

export const CalibrationSessionRef = builder.objectRef<CalibrationSession>('CalibrationSession').implement({
  description:
    'Several reviewers score the same complaints blind: while the session is open nobody sees the others’ scores; it closes with an agreed score per complaint.',
  fields: (t) => ({
    id: t.exposeID('id'),
    title: t.exposeString('title'),
    scorecardId: t.exposeString('scorecardId'),
    scorecardVersion: t.exposeInt('scorecardVersion'),
    complaintIds: t.exposeStringList('complaintIds'),
    reviewers: t.exposeStringList('reviewers'),
    status: t.exposeString('status', { description: '`open` or `closed`.' }),
    createdBy: t.exposeString('createdBy'),
    createdAt: t.field({ type: 'DateTime', resolve: (session) => session.createdAt }),
    closedBy: t.exposeString('closedBy', { nullable: true }),
    closedAt: t.field({ type: 'DateTime', nullable: true, resolve: (session) => session.closedAt }),
    progress: t.field({
      type: [CalibrationProgressRef],
      resolve: (session, _args, context) => reviewStoreOf(context).progress(session.id),
    }),
    scores: t.field({
      type: [ReviewRef],
      description:
        'The blind scores: only the caller’s own while the session is open, everyone’s once closed.',
      resolve: (session, _args, context) => visibleScores(context, session),
    }),
    report: t.field({
      type: CalibrationReportRef,
      nullable: true,
      description: 'Kappa, leans and disagreements; null until the session closes (scoring is blind).',
      resolve: (session, _args, context) =>
        session.status === 'closed'
          ? reviewStoreOf(context).calibrationReport(
              session.id,
              scorecardOf(session.scorecardVersion, session.scorecardId).scorecard,
            )
          : null,
    }),
    agreed: t.field({
      type: [ReviewRef],
      description: 'The agreed score of each complaint, once closed.',
      resolve: (session, _args, context) =>
        reviewStoreOf(context).listReviews({ sessionId: session.id, kinds: ['agreed'], limit: 1000 }),
    }),
  }),
});

const CreateCalibrationSessionInput = builder.inputType('CreateCalibrationSessionInput', {
  fields: (t) => ({
    title: t.string({ required: true }),
    complaintIds: t.idList({ required: true }),
    reviewers: t.stringList({
      required: true,
      description: 'At least two supervisors or managers, by user id.',
    }),
  }),
});

const SubmitCalibrationScoreInput = builder.inputType('SubmitCalibrationScoreInput', {
  fields: (t) => ({
    sessionId: t.id({ required: true }),
    complaintId: t.id({ required: true }),
    ratings: t.field({ type: [CriterionRatingInput], required: true }),
  }),
});

const AgreedScoreInput = builder.inputType('AgreedScoreInput', {
  fields: (t) => ({
    complaintId: t.id({ required: true }),
    ratings: t.field({ type: [CriterionRatingInput], required: true }),
  }),
});

const CloseCalibrationSessionInput = builder.inputType('CloseCalibrationSessionInput', {
  fields: (t) => ({
    sessionId: t.id({ required: true }),
    agreed: t.field({
      type: [AgreedScoreInput],
      required: true,
      description: 'One agreed score per complaint.',
    }),
  }),
});

builder.queryField('calibrationSessions', (t) =>
  t.field({
    type: [CalibrationSessionRef],
    description: 'Calibration sessions, newest first (supervisors, managers, directors, trainers).',
    resolve: (_root, _args, context) => {
      requireQualityReader(context);
      return mapErrors(() => reviewStoreOf(context).listSessions());
    },
  }),
);

builder.queryField('calibrationSession', (t) =>
  t.field({
    type: CalibrationSessionRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    description: 'One calibration session (supervisors, managers, directors, trainers).',
    resolve: (_root, { id }, context) => {
      requireQualityReader(context);
      return reviewStoreOf(context)
        .getSession(String(id))
        .catch(() => null);
    },
  }),
);

builder.mutationField('createCalibrationSession', (t) =>
  t.field({
    type: CalibrationSessionRef,
    description: 'Opens a calibration session on the newest standard scorecard (supervisors, managers).',
    args: { input: t.arg({ type: CreateCalibrationSessionInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const actor = requireReviewer(context);
      return mapErrors(async () => {
        for (const complaintId of input.complaintIds) await reviewableComplaint(context, String(complaintId));
        return reviewStoreOf(context).createSession({
          title: input.title,
          scorecard: scorecardOf().scorecard,
          complaintIds: input.complaintIds.map(String),
          reviewers: input.reviewers,
          createdBy: actor.userId,
          at: context.now().toISOString(),
        });
      });
    },
  }),
);

builder.mutationField('submitCalibrationScore', (t) =>
  t.field({
    type: ReviewRef,
    description: 'A session reviewer’s blind score of one of its complaints (once each; open sessions only).',
    args: { input: t.arg({ type: SubmitCalibrationScoreInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const actor = requireReviewer(context);
      return mapErrors(async () => {
        const store = reviewStoreOf(context);
        const session = await store.getSession(String(input.sessionId));
        if (!session.reviewers.includes(actor.userId)) {
          throw new GraphQLError(
            `Not allowed: ${actor.userId} is not a reviewer of this calibration session`,
            {
              extensions: { code: 'FORBIDDEN', role: actor.role },
            },
          );
        }
        const draft = await draftFor(context, String(input.complaintId), session.scorecardVersion);
        const { ratings, comments } = ratingsFrom(input.ratings);
        return store.recordCalibrationScore({
          sessionId: session.id,
          scorecard: draft.card.scorecard,
          reviewer: actor.userId,
          agent: draft.agent,
          complaintId: String(input.complaintId),
          ratings,
          comments,
          suggestions: draft.suggestions,
          at: context.now().toISOString(),
        });
      });
    },
  }),
);

builder.mutationField('closeCalibrationSession', (t) =>
  t.field({
    type: CalibrationSessionRef,
    description:
      'Closes a session with the agreed score of each complaint (its creator or a manager); the scores and the report become visible.',
    args: { input: t.arg({ type: CloseCalibrationSessionInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const actor = requireReviewer(context);
      return mapErrors(async () => {
        const store = reviewStoreOf(context);
        const session = await store.getSession(String(input.sessionId));
        if (session.createdBy !== actor.userId && actor.role !== 'manager') {
          throw new GraphQLError('Not allowed: only the session’s creator or a manager closes it', {
            extensions: { code: 'FORBIDDEN', role: actor.role },
          });
        }
        const agreed = [];
        for (const entry of input.agreed) {
          const { agent } = await reviewableComplaint(context, String(entry.complaintId));
          agreed.push({ complaintId: String(entry.complaintId), agent, ...ratingsFrom(entry.ratings) });
        }
        await store.closeSession({
          sessionId: session.id,
          scorecard: scorecardOf(session.scorecardVersion, session.scorecardId).scorecard,
          closedBy: actor.userId,
          agreed,
          at: context.now().toISOString(),
        });
        return store.getSession(session.id);
      });
    },
  }),
);

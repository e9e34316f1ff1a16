import type { AgentQuality, CoachingNote } from '@kefu/review-store';
import type { CertificationDecision } from '@kefu/scoring';
import { GraphQLError } from 'graphql';
import { requireActor } from '../authorization.js';
import { builder } from '../builder.js';
import { mapErrors } from '../graphql-errors.js';
import { agentInScope, requireReviewer, reviewStoreOf, scorecardOf } from '../review-access.js';
import { ReviewRef } from './review.js';

export const CoachingNoteRef = builder.objectRef<CoachingNote>('CoachingNote').implement({
  description: 'Coaching that follows a review; the agent acknowledges it.',
  fields: (t) => ({
    id: t.exposeID('id'),
    reviewId: t.exposeString('reviewId'),
    agent: t.exposeString('agent'),
    author: t.exposeString('author'),
    text: t.exposeString('text'),
    createdAt: t.field({ type: 'DateTime', resolve: (note) => note.createdAt }),
    acknowledgedAt: t.field({ type: 'DateTime', nullable: true, resolve: (note) => note.acknowledgedAt }),
    acknowledgement: t.exposeString('acknowledgement', {
      nullable: true,
      description: 'What the agent wrote when acknowledging.',
    }),
  }),
});

const QualityWeekRef = builder.objectRef<AgentQuality['trend'][number]>('QualityWeek').implement({
  fields: (t) => ({
    week: t.exposeString('week', { description: 'The Monday (UTC) of the week.' }),
    reviews: t.exposeInt('reviews'),
    meanScore: t.exposeFloat('meanScore'),
    passRate: t.exposeFloat('passRate'),
  }),
});

const QualityCertificationRef = builder.objectRef<CertificationDecision>('QualityCertification').implement({
  description:
    'Certified when the lower confidence bound of the mean review score (mean − z × standard error) reaches the cut score.',
  fields: (t) => ({
    certified: t.exposeBoolean('certified'),
    lowerBound: t.exposeFloat('lowerBound'),
    meanScore: t.float({ resolve: (decision) => decision.ability }),
    standardError: t.exposeFloat('standardError'),
    cutScore: t.exposeFloat('cutScore'),
    explanation: t.exposeString('explanation'),
  }),
});

const AgentQualityRef = builder.objectRef<AgentQuality>('AgentQuality').implement({
  description: 'An agent’s QA quality: reviews and agreed calibration scores over time, and certification.',
  fields: (t) => ({
    agent: t.exposeString('agent'),
    reviews: t.exposeInt('reviews'),
    meanScore: t.exposeFloat('meanScore', { nullable: true }),
    trend: t.field({ type: [QualityWeekRef], resolve: (quality) => quality.trend }),
    certification: t.field({
      type: QualityCertificationRef,
      nullable: true,
      description: 'Null with fewer than two reviews.',
      resolve: (quality) => quality.certification,
    }),
    recentReviews: t.field({
      type: [ReviewRef],
      resolve: (quality, _args, context) =>
        reviewStoreOf(context).listReviews({ agent: quality.agent, kinds: ['review', 'agreed'], limit: 20 }),
    }),
    coachingNotes: t.field({
      type: [CoachingNoteRef],
      resolve: (quality, _args, context) => reviewStoreOf(context).coachingNotes({ agent: quality.agent }),
    }),
  }),
});

const AddCoachingNoteInput = builder.inputType('AddCoachingNoteInput', {
  fields: (t) => ({
    reviewId: t.id({ required: true }),
    text: t.string({ required: true, description: 'At most 4000 characters.' }),
  }),
});

const AcknowledgeCoachingInput = builder.inputType('AcknowledgeCoachingInput', {
  fields: (t) => ({
    noteId: t.id({ required: true }),
    comment: t.string({ description: 'The agent’s reply (at most 2000 characters).' }),
  }),
});

builder.queryField('coachingNotes', (t) =>
  t.field({
    type: [CoachingNoteRef],
    description: 'Coaching notes, newest first. Agents see only their own.',
    args: { agent: t.arg.string() },
    resolve: (_root, { agent }, context) => {
      const scope = agentInScope(context, agent);
      return mapErrors(() => reviewStoreOf(context).coachingNotes(scope ? { agent: scope } : {}));
    },
  }),
);

builder.queryField('agentQuality', (t) =>
  t.field({
    type: AgentQualityRef,
    description:
      'An agent’s quality trend and certification against the cut score (default: the scorecard’s pass score). Agents: their own only.',
    args: {
      agent: t.arg.string({ description: 'Default: the caller.' }),
      cutScore: t.arg.float(),
    },
    resolve: (_root, { agent, cutScore }, context) => {
      const actor = requireActor(context);
      const scope = agentInScope(context, agent) ?? agent ?? actor.userId;
      if (cutScore !== null && cutScore !== undefined && !(cutScore >= 0 && cutScore <= 1)) {
        throw new GraphQLError('cutScore must be from 0 to 1', { extensions: { code: 'BAD_USER_INPUT' } });
      }
      return mapErrors(() =>
        reviewStoreOf(context).agentQuality(scope, {
          cutScore: cutScore ?? scorecardOf().scorecard.passScore,
        }),
      );
    },
  }),
);

builder.mutationField('addCoachingNote', (t) =>
  t.field({
    type: CoachingNoteRef,
    description: 'Coaching for the agent of a review (supervisors, managers).',
    args: { input: t.arg({ type: AddCoachingNoteInput, required: true }) },
    resolve: (_root, { input }, context) => {
      const actor = requireReviewer(context);
      return mapErrors(
        () =>
          reviewStoreOf(context).addCoachingNote({
            reviewId: String(input.reviewId),
            author: actor.userId,
            text: input.text,
            at: context.now().toISOString(),
          }),
        'input',
      );
    },
  }),
);

builder.mutationField('acknowledgeCoaching', (t) =>
  t.field({
    type: CoachingNoteRef,
    description: 'The agent acknowledges a coaching note addressed to them (once).',
    args: { input: t.arg({ type: AcknowledgeCoachingInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const actor = requireActor(context);
      if (actor.role !== 'agent') {
        throw new GraphQLError(`Not allowed: a ${actor.role} may not acknowledge coaching (the agent does)`, {
          extensions: { code: 'FORBIDDEN', role: actor.role },
        });
      }
      return mapErrors(async () => {
        const store = reviewStoreOf(context);
        const note = await store.getCoachingNote(String(input.noteId));
        if (note.agent !== actor.userId) {
          throw new GraphQLError('Not allowed: this coaching note is for another agent', {
            extensions: { code: 'FORBIDDEN', role: actor.role },
          });
        }
        return store.acknowledgeCoaching({
          noteId: note.id,
          agent: actor.userId,
          ...(input.comment ? { comment: input.comment } : {}),
          at: context.now().toISOString(),
        });
      }, 'input');
    },
  }),
);

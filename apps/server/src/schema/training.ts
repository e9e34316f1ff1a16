import {
  itemAnalysis,
  quizPassRates,
  type SkillLevel,
  skillLevels,
  type TrainingWindow,
} from '@kefu/training-store';
import { GraphQLError } from 'graphql';
import { requireActor } from '../authorization.js';
import { builder } from '../builder.js';
import type { RequestActor } from '../context.js';

const TrainingFilter = builder.inputType('TrainingFilter', {
  fields: (t) => ({
    from: t.field({ type: 'DateTime', description: 'Attempts finished at or after.' }),
    to: t.field({ type: 'DateTime', description: 'Attempts finished before.' }),
    quizId: t.string(),
    trainee: t.string({ description: 'Agents may name only themselves.' }),
  }),
});

const QuizPassRateRef = builder
  .objectRef<Awaited<ReturnType<typeof quizPassRates>>[number]>('QuizPassRate')
  .implement({
    fields: (t) => ({
      quizId: t.exposeID('quizId'),
      quizTitle: t.exposeString('quizTitle', { nullable: true }),
      attempts: t.exposeInt('attempts'),
      trainees: t.exposeInt('trainees'),
      passed: t.exposeInt('passed'),
      passRate: t.exposeFloat('passRate', { nullable: true }),
      meanScore: t.exposeFloat('meanScore', { nullable: true }),
    }),
  });

const ItemAnalysisRef = builder
  .objectRef<Awaited<ReturnType<typeof itemAnalysis>>[number]>('ItemAnalysis')
  .implement({
    description: 'Classical item analysis over finished attempts (the last try of each attempt counts).',
    fields: (t) => ({
      itemId: t.exposeID('itemId'),
      itemType: t.exposeString('itemType'),
      quizId: t.exposeString('quizId'),
      responses: t.exposeInt('responses'),
      facility: t.exposeFloat('facility', { nullable: true, description: 'Mean final score, 0..1.' }),
      passRate: t.exposeFloat('passRate', { nullable: true }),
      firstTryPassRate: t.exposeFloat('firstTryPassRate', { nullable: true }),
      meanTries: t.exposeFloat('meanTries', { nullable: true }),
      discrimination: t.exposeFloat('discrimination', {
        nullable: true,
        description:
          'Corrected item–total correlation; below 0.2 the item separates strong and weak trainees poorly.',
      }),
    }),
  });

export const SkillLevelRef = builder
  .objectRef<SkillLevel & { cutScore: number | null }>('SkillLevel')
  .implement({
    fields: (t) => ({
      trainee: t.exposeString('trainee'),
      skill: t.exposeString('skill'),
      rating: t.exposeFloat('rating'),
      uncertainty: t.exposeFloat('uncertainty', { nullable: true }),
      evidence: t.exposeInt('evidence', { description: 'Graded responses the estimate rests on.' }),
      updatedAt: t.field({ type: 'DateTime', resolve: (level) => level.updatedAt }),
      lowerBound: t.exposeFloat('lowerBound', { description: 'rating − 1.645 × uncertainty.' }),
      certified: t.boolean({
        nullable: true,
        description:
          'Whether the lower bound clears the cut score asked for; null when no cut score was given.',
        resolve: (level) => (level.cutScore === null ? null : level.lowerBound >= level.cutScore),
      }),
    }),
  });

/** Trainers, supervisors, managers and directors see everyone's training; agents only their own. */
function trainingWindow(actor: RequestActor, filter: TrainingWindow | null | undefined): TrainingWindow {
  const window = { ...(filter ?? {}) };
  if (actor.role === 'agent') {
    if (window.trainee !== undefined && window.trainee !== null && window.trainee !== actor.userId) {
      throw new GraphQLError('Not allowed: an agent sees only their own training results', {
        extensions: { code: 'FORBIDDEN', role: actor.role },
      });
    }
    window.trainee = actor.userId;
  }
  return Object.fromEntries(
    Object.entries(window).filter(([, value]) => value !== null && value !== undefined),
  );
}

builder.queryFields((t) => ({
  quizPassRates: t.field({
    type: [QuizPassRateRef],
    description: 'Pass rates by quiz over finished attempts (agents: their own attempts).',
    authScopes: { readsTraining: true, readsComplaints: true },
    args: { filter: t.arg({ type: TrainingFilter }) },
    resolve: (_root, { filter }, context) =>
      quizPassRates(
        context.runtime.store.db,
        trainingWindow(requireActor(context), filter as TrainingWindow),
      ),
  }),
  itemAnalysis: t.field({
    type: [ItemAnalysisRef],
    description:
      'Pass rate, facility and discrimination by item (trainers, supervisors, managers, directors).',
    authScopes: { readsTraining: true },
    args: { filter: t.arg({ type: TrainingFilter }) },
    resolve: (_root, { filter }, context) =>
      itemAnalysis(context.runtime.store.db, trainingWindow(requireActor(context), filter as TrainingWindow)),
  }),
  skillLevels: t.field({
    type: [SkillLevelRef],
    description: 'Agents’ skill levels and certification status against a cut score (agents: their own).',
    authScopes: { readsTraining: true, readsComplaints: true },
    args: {
      trainee: t.arg.string(),
      cutScore: t.arg.float({ description: 'Certified when the lower confidence bound reaches it.' }),
    },
    resolve: async (_root, { trainee, cutScore }, context) => {
      const window = trainingWindow(requireActor(context), { trainee: trainee ?? undefined });
      const levels = await skillLevels(context.runtime.store.db, window.trainee);
      return levels.map((level) => ({ ...level, cutScore: cutScore ?? null }));
    },
  }),
}));

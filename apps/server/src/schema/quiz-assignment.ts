import { loadStandardBank } from '@kefu/quiz-bank';
import { createTrainingStore, type QuizAssignment } from '@kefu/training-store';
import { GraphQLError } from 'graphql';
import { requireActor } from '../authorization.js';
import { builder } from '../builder.js';
import type { RequestActor } from '../context.js';
import { mapErrors } from '../graphql-errors.js';
import { invalidInput, QuizRef } from './attempt.js';

/** Only trainers author training: assign quizzes, publish item versions. Checked before anything is written. */
export function requireTrainer(actor: RequestActor, what: string): void {
  if (actor.role !== 'trainer') {
    throw new GraphQLError(`Not allowed: only a trainer may ${what}`, {
      extensions: { code: 'FORBIDDEN', role: actor.role },
    });
  }
}

export const QuizAssignmentRef = builder.objectRef<QuizAssignment>('QuizAssignment').implement({
  description: 'A quiz a trainer assigned to one trainee or to a whole team.',
  fields: (t) => ({
    id: t.exposeID('id'),
    quizId: t.exposeID('quizId'),
    quiz: t.field({
      type: QuizRef,
      nullable: true,
      resolve: (assignment) => loadStandardBank().quiz(assignment.quizId) ?? null,
    }),
    trainee: t.exposeString('trainee', { nullable: true }),
    team: t.exposeString('team', { nullable: true }),
    assignedBy: t.exposeString('assignedBy'),
    assignedAt: t.field({ type: 'DateTime', resolve: (assignment) => assignment.assignedAt }),
    dueAt: t.field({ type: 'DateTime', nullable: true, resolve: (assignment) => assignment.dueAt }),
  }),
});

const AssignQuizInput = builder.inputType('AssignQuizInput', {
  description: 'Name a trainee, a team, or both.',
  fields: (t) => ({
    quizId: t.id({ required: true }),
    trainee: t.string(),
    team: t.string(),
    dueAt: t.field({ type: 'DateTime' }),
  }),
});

builder.queryField('quizAssignments', (t) =>
  t.field({
    type: [QuizAssignmentRef],
    description:
      'Assigned quizzes, newest first. Agents (and supervisors, managers, directors taking a quiz): those assigned to them or to their team. Trainers: every assignment, or one trainee’s with `trainee`.',
    args: { trainee: t.arg.string({ description: 'Trainers only; anyone else may name only themselves.' }) },
    resolve: (_root, args, context) => {
      const actor = requireActor(context);
      const training = createTrainingStore(context.runtime.store);
      if (actor.role === 'trainer') {
        return training.listAssignments(args.trainee ? { trainee: args.trainee } : {});
      }
      if (args.trainee && args.trainee !== actor.userId) {
        throw new GraphQLError('Not allowed: a trainee sees only their own assignments', {
          extensions: { code: 'FORBIDDEN', role: actor.role },
        });
      }
      return training.listAssignments({
        trainee: actor.userId,
        ...(actor.team ? { team: actor.team } : {}),
      });
    },
  }),
);

builder.mutationField('assignQuiz', (t) =>
  t.field({
    type: QuizAssignmentRef,
    description:
      'Assigns a quiz of the standard bank to a trainee or a team (trainers only; refused before anything is written). Bad input: BAD_USER_INPUT naming the field.',
    args: { input: t.arg({ type: AssignQuizInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const actor = requireActor(context);
      requireTrainer(actor, 'assign quizzes');
      const quizId = String(input.quizId);
      if (!loadStandardBank().quiz(quizId)) {
        throw invalidInput([{ field: 'input.quizId', message: `no quiz "${quizId}" in the standard bank` }]);
      }
      return mapErrors(
        () =>
          createTrainingStore(context.runtime.store).assignQuiz({
            quizId,
            ...(input.trainee ? { trainee: input.trainee } : {}),
            ...(input.team ? { team: input.team } : {}),
            ...(input.dueAt ? { dueAt: input.dueAt } : {}),
            assignedBy: actor.userId,
            at: context.now().toISOString(),
          }),
        'input',
      );
    },
  }),
);

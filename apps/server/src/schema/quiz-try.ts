import {
  type CertaintyLevel,
  certaintyMark,
  feedbackVisibility,
  type Item,
  type ItemGrade,
  visibleGrade,
} from '@kefu/scoring';
import { createTrainingStore, type TrainingAttemptWithResponses } from '@kefu/training-store';
import { requireActor } from '../authorization.js';
import { builder } from '../builder.js';
import type { KefuContext, RequestActor } from '../context.js';
import { mapErrors } from '../graphql-errors.js';
import type { GradeRecordedPayload } from '../live-events.js';
import { currentQuizBank } from '../quiz-versions.js';
import {
  AnswerInput,
  type AnswerValue,
  correctAnswer,
  type ExplainedGrade,
  ExplainedGradeRef,
  explained,
  feedbackText,
  forbiddenAttempt,
  grade,
  invalidInput,
  QuizItemRef,
  QuizRef,
  TrainingAttemptRef,
} from './attempt.js';

builder.objectField(QuizRef, 'version', (t) =>
  t.int({
    description:
      'The version in force: 1 is the standard bank’s; each item version published makes a new one.',
    resolve: async (quiz, _args, context) => (await currentQuizBank(context)).quiz(quiz.id)?.version ?? 1,
  }),
);

builder.objectField(QuizRef, 'certaintyBasedMarking', (t) =>
  t.boolean({
    description: 'Each answer asks how sure the trainee is (1–3) and earns a certainty-based mark.',
    resolve: (quiz) => quiz.attempts.certaintyBasedMarking,
  }),
);

builder.objectField(QuizItemRef, 'version', (t) =>
  t.int({
    description: 'The version of this item in force (1: the standard bank’s).',
    resolve: async (item, _args, context) => (await currentQuizBank(context)).item(item.id)?.version ?? 1,
  }),
);

/** What a trainee sees after one try: the grade (the right answer kept back while tries are left). */
interface QuizTry {
  attemptId: string;
  itemId: string;
  itemVersion: number;
  tryNumber: number;
  rawScore: number;
  penalty: number;
  score: number;
  passed: boolean;
  final: boolean;
  tryAgain: boolean;
  triesLeft: number;
  grade: ExplainedGrade;
  correctAnswer: unknown;
  explanation: string | null;
  certainty: number | null;
  certaintyMark: number | null;
  certaintyExplanation: string | null;
}

const QuizTryRef = builder.objectRef<QuizTry>('QuizTry').implement({
  description:
    'One graded try at one item of an attempt in progress (`answerItem`). Until the item is over (passed or out of tries) the grade leaves out what would give the answer away, and `correctAnswer` and `explanation` are null (`feedbackVisibility` / `visibleGrade` of @kefu/scoring).',
  fields: (t) => ({
    attemptId: t.exposeID('attemptId'),
    itemId: t.exposeID('itemId'),
    itemVersion: t.exposeInt('itemVersion', { description: 'The item version the try was graded with.' }),
    tryNumber: t.exposeInt('tryNumber'),
    rawScore: t.exposeFloat('rawScore'),
    penalty: t.exposeFloat('penalty', {
      description: 'Taken off for earlier tries: (try − 1) × penaltyPerTry.',
    }),
    score: t.exposeFloat('score'),
    passed: t.exposeBoolean('passed'),
    final: t.exposeBoolean('final', { description: 'The item is over: passed or no tries left.' }),
    tryAgain: t.exposeBoolean('tryAgain'),
    triesLeft: t.exposeInt('triesLeft'),
    grade: t.field({ type: ExplainedGradeRef, resolve: (quizTry) => quizTry.grade }),
    correctAnswer: t.field({
      type: 'JSON',
      nullable: true,
      description: 'Objective items, once the item is over: the correct option id(s), order or pairs.',
      resolve: (quizTry) => quizTry.correctAnswer,
    }),
    explanation: t.exposeString('explanation', {
      nullable: true,
      description: 'The rule behind the item, once the item is over.',
    }),
    certainty: t.exposeInt('certainty', { nullable: true }),
    certaintyMark: t.exposeFloat('certaintyMark', {
      nullable: true,
      description: 'Certainty-based mark of this try (−6 … 3), when a certainty was given.',
    }),
    certaintyExplanation: t.exposeString('certaintyExplanation', { nullable: true }),
  }),
});

const StartAttemptInput = builder.inputType('StartAttemptInput', {
  fields: (t) => ({
    quizId: t.id({ required: true }),
    assignmentId: t.id({
      description: 'The assignment the attempt answers (one assigned to the caller or their team).',
    }),
  }),
});

const AnswerItemInput = builder.inputType('AnswerItemInput', {
  fields: (t) => ({
    attemptId: t.id({ required: true }),
    itemId: t.id({ required: true }),
    answer: t.field({ type: AnswerInput, required: true }),
    certainty: t.int({
      description: '1 low, 2 medium, 3 high; required when the quiz uses certainty-based marking.',
    }),
  }),
});

const FinishAttemptInput = builder.inputType('FinishAttemptInput', {
  fields: (t) => ({ attemptId: t.id({ required: true }) }),
});

/** The caller's own attempt in progress; anyone else's is refused before anything is written. */
async function ownAttemptInProgress(
  context: KefuContext,
  actor: RequestActor,
  attemptId: string,
): Promise<TrainingAttemptWithResponses> {
  const attempt = await mapErrors(
    () => createTrainingStore(context.runtime.store).getAttempt(attemptId),
    'input',
  );
  if (attempt.trainee !== actor.userId) throw forbiddenAttempt(actor);
  if (attempt.status === 'finished') {
    throw invalidInput([{ field: 'input.attemptId', message: `attempt "${attemptId}" is already finished` }]);
  }
  return attempt;
}

async function startAttempt(
  context: KefuContext,
  input: { quizId: string | number; assignmentId?: string | number | null },
) {
  const actor = requireActor(context);
  const training = createTrainingStore(context.runtime.store);
  const quizId = String(input.quizId);
  const current = (await currentQuizBank(context)).quiz(quizId);
  if (!current)
    throw invalidInput([{ field: 'input.quizId', message: `no quiz "${quizId}" in the standard bank` }]);
  let assignmentId: string | undefined;
  if (input.assignmentId) {
    assignmentId = String(input.assignmentId);
    const assignment = await training.getAssignment(assignmentId);
    const mine =
      assignment &&
      (assignment.trainee === actor.userId ||
        (assignment.trainee === null && assignment.team === actor.team));
    if (!mine || assignment.quizId !== quizId) {
      throw invalidInput([
        {
          field: 'input.assignmentId',
          message: `no assignment "${assignmentId}" of quiz "${quizId}" for you`,
        },
      ]);
    }
  }
  return mapErrors(
    () =>
      training.startAttempt({
        quizId,
        quizTitle: current.quiz.title,
        trainee: actor.userId,
        passMark: current.quiz.passMark,
        quizVersion: current.version,
        ...(assignmentId ? { assignmentId } : {}),
        at: context.now().toISOString(),
      }),
    'input',
  );
}

async function answerItem(
  context: KefuContext,
  input: {
    attemptId: string | number;
    itemId: string | number;
    answer: AnswerValue;
    certainty?: number | null;
  },
): Promise<QuizTry> {
  const actor = requireActor(context);
  const attempt = await ownAttemptInProgress(context, actor, String(input.attemptId));
  const bank = await currentQuizBank(context);
  const quiz = bank.quiz(attempt.quizId)?.quiz;
  const itemId = String(input.itemId);
  if (!quiz?.items.some((reference) => reference.id === itemId)) {
    throw invalidInput([
      { field: 'input.itemId', message: `item "${itemId}" is not in quiz "${attempt.quizId}"` },
    ]);
  }
  const current = bank.item(itemId);
  if (!current) throw invalidInput([{ field: 'input.itemId', message: `no item "${itemId}"` }]);
  const earlier = attempt.responses.filter((response) => response.itemId === itemId);
  const tryNumber = earlier.length + 1;
  const { maxTries, penaltyPerTry, certaintyBasedMarking } = quiz.attempts;
  if (earlier.some((response) => response.passed)) {
    throw invalidInput([
      { field: 'input.itemId', message: `item "${itemId}" is already passed in this attempt` },
    ]);
  }
  if (tryNumber > maxTries) {
    throw invalidInput([
      {
        field: 'input.itemId',
        message: `quiz "${quiz.id}" allows ${maxTries} tries per item; they are used up`,
      },
    ]);
  }
  const certainty = input.certainty ?? null;
  if (certainty !== null && ![1, 2, 3].includes(certainty)) {
    throw invalidInput([{ field: 'input.certainty', message: 'must be 1, 2 or 3' }]);
  }
  if (certainty === null && certaintyBasedMarking) {
    throw invalidInput([{ field: 'input.certainty', message: 'is required: this quiz marks certainty' }]);
  }
  const result = grade(current.item, input.answer, 'input.answer');
  if (Array.isArray(result)) throw invalidInput(result);
  const full: ItemGrade = result.grade;
  const penalty = Math.min(1, (tryNumber - 1) * penaltyPerTry);
  const at = context.now().toISOString();
  const training = createTrainingStore(context.runtime.store);
  const saved = await mapErrors(
    () =>
      training.recordResponse({
        attemptId: attempt.id,
        itemId,
        itemType: current.item.type,
        tryNumber,
        answer: result.stored,
        rawScore: full.score,
        penalty,
        passed: full.passed,
        grade: full,
        feedback: feedbackText(explained(full)),
        itemVersion: current.version,
        ...(certainty !== null ? { certainty } : {}),
        at,
      }),
    'input',
  );
  const payload: GradeRecordedPayload = {
    attemptId: attempt.id,
    trainee: attempt.trainee,
    quizId: attempt.quizId,
    itemId,
    score: saved.score,
    passed: saved.passed,
    at,
  };
  context.live.publish('grade.recorded', payload);
  const visibility = feedbackVisibility({ tryNumber, maxTries, passed: full.passed });
  const mark = certainty !== null ? certaintyMark(saved.score, certainty as CertaintyLevel) : undefined;
  return {
    attemptId: attempt.id,
    itemId,
    itemVersion: current.version,
    tryNumber,
    rawScore: full.score,
    penalty,
    score: saved.score,
    passed: full.passed,
    final: visibility.final,
    tryAgain: visibility.tryAgain,
    triesLeft: visibility.triesLeft,
    grade: explained(visibleGrade(full, visibility)),
    correctAnswer: visibility.rightAnswer ? correctAnswer(current.item as Item) : null,
    explanation: visibility.rightAnswer ? (current.item.explanation ?? null) : null,
    certainty,
    certaintyMark: mark?.mark ?? null,
    certaintyExplanation: mark?.explanation ?? null,
  };
}

async function finishAttempt(context: KefuContext, input: { attemptId: string | number }) {
  const actor = requireActor(context);
  const attempt = await ownAttemptInProgress(context, actor, String(input.attemptId));
  const quiz = (await currentQuizBank(context)).quiz(attempt.quizId)?.quiz;
  if (!quiz)
    throw invalidInput([{ field: 'input.attemptId', message: `quiz "${attempt.quizId}" no longer exists` }]);
  // Per item: the best penalised try (Moodle's interactive behaviour); an item not answered scores 0.
  const best = new Map<string, number>();
  for (const response of attempt.responses) {
    best.set(response.itemId, Math.max(best.get(response.itemId) ?? 0, response.score));
  }
  const totalWeight = quiz.items.reduce((sum, reference) => sum + reference.weight, 0) || 1;
  const score =
    quiz.items.reduce((sum, reference) => sum + reference.weight * (best.get(reference.id) ?? 0), 0) /
    totalWeight;
  const passed = score >= quiz.passMark;
  const at = context.now().toISOString();
  const training = createTrainingStore(context.runtime.store);
  const finished = await mapErrors(
    () => training.finishAttempt({ attemptId: attempt.id, score, passed, at }),
    'input',
  );
  context.live.publish('grade.recorded', {
    attemptId: attempt.id,
    trainee: attempt.trainee,
    quizId: attempt.quizId,
    itemId: null,
    score,
    passed,
    at,
  });
  return finished;
}

builder.mutationField('startAttempt', (t) =>
  t.field({
    type: TrainingAttemptRef,
    description:
      'Starts an attempt of the signed-in user at a quiz (the quiz version in force is kept with it); answer with `answerItem`, close with `finishAttempt`.',
    args: { input: t.arg({ type: StartAttemptInput, required: true }) },
    resolve: (_root, { input }, context) => startAttempt(context, input),
  }),
);

builder.mutationField('answerItem', (t) =>
  t.field({
    type: QuizTryRef,
    description:
      'Grades one try at one item of the caller’s own attempt in progress and stores it (with the item version and the certainty). The quiz’s penalty per try applies; the right answer is shown only when the item is over. Someone else’s attempt: FORBIDDEN, nothing written; bad input: BAD_USER_INPUT naming the field, nothing written.',
    args: { input: t.arg({ type: AnswerItemInput, required: true }) },
    resolve: (_root, { input }, context) => answerItem(context, input),
  }),
);

builder.mutationField('finishAttempt', (t) =>
  t.field({
    type: TrainingAttemptRef,
    description:
      'Closes the caller’s own attempt: each item scores its best penalised try, weighted by the quiz; publishes `gradeRecorded` for the attempt.',
    args: { input: t.arg({ type: FinishAttemptInput, required: true }) },
    resolve: (_root, { input }, context) => finishAttempt(context, input),
  }),
);

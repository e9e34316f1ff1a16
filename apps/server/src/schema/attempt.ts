import { loadStandardBank, type Quiz, type QuizItemReference } from '@kefu/quiz-bank';
import {
  feedbackVisibility,
  type GradedTry,
  gradeItem,
  type Item,
  type ItemGrade,
  type ItemResponse,
  ScoringInputError,
  scoreAttempt,
  visibleGrade,
} from '@kefu/scoring';
import {
  createTrainingStore,
  type TrainingAttempt,
  type TrainingAttemptWithResponses,
  type TrainingResponse,
} from '@kefu/training-store';
import { resolveOffsetConnection } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import { requireActor } from '../authorization.js';
import { builder } from '../builder.js';
import type { KefuContext, RequestActor } from '../context.js';
import { mapErrors } from '../graphql-errors.js';
import type { GradeRecordedPayload } from '../live-events.js';
import { type CurrentQuizBank, currentQuizBank, itemAtVersion } from '../quiz-versions.js';
import { assertPageSize } from './complaint-list.js';

// ---------------------------------------------------------------------------------------------------------
// Errors

export interface FieldIssue {
  field: string;
  message: string;
}

/** BAD_USER_INPUT naming every offending field (the shape `toGraphQLError` gives the runtime's InvalidPayload). */
export function invalidInput(fields: readonly FieldIssue[]): GraphQLError {
  return new GraphQLError(`Invalid input: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, {
    extensions: { code: 'BAD_USER_INPUT', fields },
  });
}

export function forbiddenAttempt(actor: RequestActor): GraphQLError {
  return new GraphQLError('Not allowed: an agent sees only their own attempts', {
    extensions: { code: 'FORBIDDEN', role: actor.role },
  });
}

// ---------------------------------------------------------------------------------------------------------
// The standard bank: quizzes and items

const bank = () => loadStandardBank();

interface ItemChoiceShape {
  id: string;
  text: string;
  feedback?: string;
}

const ItemChoiceRef = builder.objectRef<ItemChoiceShape>('QuizItemChoice').implement({
  description: 'An option, stem or choice of an objective item as the trainee sees it.',
  fields: (t) => ({
    id: t.exposeID('id'),
    text: t.exposeString('text'),
    feedback: t.exposeString('feedback', {
      nullable: true,
      authScopes: { readsTraining: true },
      description: 'Shown when this option is picked (trainers, supervisors, managers, directors).',
    }),
  }),
});

/** Ordering items are authored in the correct order; show them by id so the list does not give the answer away. */
function displayedOptions(item: Item): ItemChoiceShape[] {
  if (!('options' in item)) return [];
  const options = [...item.options];
  return item.type === 'ordering' ? options.sort((a, b) => a.id.localeCompare(b.id)) : options;
}

export function correctAnswer(item: Item): unknown {
  switch (item.type) {
    case 'single-choice':
    case 'multiple-choice':
    case 'matching':
      return item.answer;
    case 'ordering':
      return item.answer ?? item.options.map((option) => option.id);
    default:
      return null;
  }
}

export const QuizItemRef = builder.objectRef<Item>('QuizItem').implement({
  description:
    'An item of the standard quiz bank (`@kefu/quiz-bank`). The prompt and options are for everyone; the model answer, rubric and correct answer only for trainers, supervisors, managers and directors.',
  fields: (t) => ({
    id: t.exposeID('id'),
    type: t.exposeString('type', {
      description: 'single-choice, multiple-choice, ordering, matching or script.',
    }),
    title: t.string({ nullable: true, resolve: (item) => item.title ?? null }),
    prompt: t.exposeString('prompt'),
    skill: t.string({ nullable: true, resolve: (item) => item.skill ?? null }),
    source: t.string({ nullable: true, resolve: (item) => item.source ?? null }),
    explanation: t.string({
      nullable: true,
      description: 'The rule behind the item, shown after grading.',
      resolve: (item) => item.explanation ?? null,
    }),
    tags: t.stringList({ resolve: (item) => item.tags ?? [] }),
    options: t.field({
      type: [ItemChoiceRef],
      description: 'Choice and ordering items (ordering items listed by id, not in the correct order).',
      resolve: displayedOptions,
    }),
    stems: t.field({
      type: [ItemChoiceRef],
      description: 'Matching items: what is matched.',
      resolve: (item) => (item.type === 'matching' ? item.stems : []),
    }),
    choices: t.field({
      type: [ItemChoiceRef],
      description: 'Matching items: what a stem is matched to (distractors included).',
      resolve: (item) => (item.type === 'matching' ? item.choices : []),
    }),
    modelAnswer: t.string({
      nullable: true,
      authScopes: { readsTraining: true },
      description: 'Script items: a full-marks answer (not for agents).',
      resolve: (item) => (item.type === 'script' ? item.modelAnswer : null),
    }),
    rubric: t.field({
      type: 'JSON',
      nullable: true,
      authScopes: { readsTraining: true },
      description: 'Script items: the rubric as authored (not for agents).',
      resolve: (item) => (item.type === 'script' ? item.rubric : null),
    }),
    correctAnswer: t.field({
      type: 'JSON',
      nullable: true,
      authScopes: { readsTraining: true },
      description: 'Objective items: the correct option id(s), order or stem → choice map (not for agents).',
      resolve: correctAnswer,
    }),
  }),
});

const QuizItemEntryRef = builder.objectRef<QuizItemReference>('QuizItemEntry').implement({
  fields: (t) => ({
    weight: t.exposeFloat('weight'),
    item: t.field({
      type: QuizItemRef,
      description: 'The item as it stands: the newest published version, or the standard bank’s.',
      resolve: async (reference, _args, context) =>
        ((await currentQuizBank(context)).item(reference.id)?.item ?? bank().item(reference.id)) as Item,
    }),
  }),
});

export const QuizRef = builder.objectRef<Quiz>('Quiz').implement({
  description: 'A quiz of the standard bank: items with weights, a pass mark and the tries allowed.',
  fields: (t) => ({
    id: t.exposeID('id'),
    title: t.exposeString('title'),
    description: t.string({ nullable: true, resolve: (quiz) => quiz.description ?? null }),
    passMark: t.exposeFloat('passMark', { description: 'Fraction of the weighted marks needed, 0..1.' }),
    maxTries: t.int({ resolve: (quiz) => quiz.attempts.maxTries }),
    penaltyPerTry: t.float({ resolve: (quiz) => quiz.attempts.penaltyPerTry }),
    items: t.field({ type: [QuizItemEntryRef], resolve: (quiz) => quiz.items }),
  }),
});

// ---------------------------------------------------------------------------------------------------------
// Explained grades

interface Span {
  start: number;
  end: number;
  text: string;
}
interface Evidence extends Span {
  tolerance: string;
}
interface Hit {
  concept: string;
  label: string;
  weight: number;
  required: boolean;
  evidence: Evidence[];
}
interface Miss {
  concept: string;
  label: string;
  weight: number;
  found: number;
  needed: number;
  feedback: string | null;
}
interface Violation {
  kind: string;
  id: string;
  label: string;
  quote: string;
  spans: Span[];
  effect: string;
  penalty: number;
  feedback: string | null;
}
interface Mark {
  subject: string;
  awarded: number;
  available: number;
  explanation: string;
}

/** The explained grade of one answer, read back from what `gradeItem` returned (or from a stored row). */
export interface ExplainedGrade {
  itemId: string;
  itemType: string;
  score: number;
  passed: boolean;
  state: string;
  autoFailed: boolean;
  hits: Hit[];
  misses: Miss[];
  violations: Violation[];
  marks: Mark[];
  feedback: string[];
}

type Loose = Record<string, unknown>;
const record = (value: unknown): Loose => (value && typeof value === 'object' ? (value as Loose) : {});
const list = (value: unknown): Loose[] => (Array.isArray(value) ? value.map(record) : []);
const text = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);
const number = (value: unknown, fallback = 0): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : fallback;
const span = (value: Loose): Span => ({
  start: number(value.start),
  end: number(value.end),
  text: text(value.text),
});

/**
 * Reads a grade as `gradeItem` returns it (and as the training store keeps it): script answers carry the
 * rubric's hits, misses and violations, objective items their marks. Tolerates rows written by older code
 * (missing fields fall back to the response's own score and pass).
 */
export function explainGrade(
  grade: unknown,
  fallback: { itemId: string; itemType: string; score: number; passed: boolean },
): ExplainedGrade {
  const value = record(grade);
  const script = record(value.script);
  const score = number(value.score, fallback.score);
  return {
    itemId: text(value.itemId, fallback.itemId),
    itemType: text(value.itemType, fallback.itemType),
    score,
    passed: typeof value.passed === 'boolean' ? value.passed : fallback.passed,
    state: text(value.state, score >= 1 ? 'correct' : score <= 0 ? 'incorrect' : 'partial'),
    autoFailed: script.autoFailed === true,
    hits: list(script.hits).map((hit) => ({
      concept: text(hit.concept),
      label: text(hit.label),
      weight: number(hit.weight, 1),
      required: hit.required !== false,
      evidence: list(hit.evidence).map((evidence) => ({
        ...span(record(evidence.span)),
        tolerance: text(evidence.tolerance, 'exact'),
      })),
    })),
    misses: list(script.misses).map((miss) => ({
      concept: text(miss.concept),
      label: text(miss.label),
      weight: number(miss.weight, 1),
      found: number(miss.found),
      needed: number(miss.needed, 1),
      feedback: text(miss.feedback) || null,
    })),
    violations: list(script.violations).map((violation) => ({
      kind: text(violation.kind),
      id: text(violation.id),
      label: text(violation.label),
      quote: text(violation.quote),
      spans: list(violation.spans).map(span),
      effect: text(violation.effect, 'auto-fail'),
      penalty: number(violation.penalty),
      feedback: text(violation.feedback) || null,
    })),
    marks: list(value.marks).map((mark) => ({
      subject: text(mark.subject),
      awarded: number(mark.awarded),
      available: number(mark.available),
      explanation: text(mark.explanation),
    })),
    feedback: Array.isArray(value.feedback) ? value.feedback.filter((f) => typeof f === 'string') : [],
  };
}

const AnswerSpanRef = builder.objectRef<Span>('AnswerSpan').implement({
  description: 'Words of the answer: `answer.slice(start, end) === text` (UTF-16 offsets).',
  fields: (t) => ({
    start: t.exposeInt('start'),
    end: t.exposeInt('end'),
    text: t.exposeString('text'),
  }),
});

const GradeEvidenceRef = builder.objectRef<Evidence>('GradeEvidence').implement({
  description: 'The words of the answer that proved a concept, and how closely they matched.',
  fields: (t) => ({
    start: t.exposeInt('start'),
    end: t.exposeInt('end'),
    text: t.exposeString('text'),
    tolerance: t.exposeString('tolerance', {
      description: 'exact, variant (Traditional/variant form), same-pinyin (a typing slip) or edit.',
    }),
  }),
});

const GradeHitRef = builder.objectRef<Hit>('GradeHit').implement({
  description: 'A rubric concept the answer says.',
  fields: (t) => ({
    concept: t.exposeString('concept'),
    label: t.exposeString('label'),
    weight: t.exposeFloat('weight'),
    required: t.exposeBoolean('required'),
    evidence: t.field({ type: [GradeEvidenceRef], resolve: (hit) => hit.evidence }),
  }),
});

const GradeMissRef = builder.objectRef<Miss>('GradeMiss').implement({
  description: 'A required concept the answer does not say (often enough).',
  fields: (t) => ({
    concept: t.exposeString('concept'),
    label: t.exposeString('label'),
    weight: t.exposeFloat('weight'),
    found: t.exposeInt('found'),
    needed: t.exposeInt('needed'),
    feedback: t.exposeString('feedback', { nullable: true }),
  }),
});

const GradeViolationRef = builder.objectRef<Violation>('GradeViolation').implement({
  description:
    'A rule the answer broke: a house rule of conduct, a scenario fact it contradicts, a stage direction, a forbidden phrase, an order or proximity constraint, a keyword list.',
  fields: (t) => ({
    kind: t.exposeString('kind', {
      description: 'house-rule, fact, direction, forbidden, order, proximity or keyword-list.',
    }),
    id: t.exposeString('id'),
    label: t.exposeString('label'),
    quote: t.exposeString('quote', { description: 'The words of the answer that broke the rule.' }),
    spans: t.field({ type: [AnswerSpanRef], resolve: (violation) => violation.spans }),
    effect: t.exposeString('effect', { description: 'auto-fail or penalty.' }),
    penalty: t.exposeFloat('penalty'),
    feedback: t.exposeString('feedback', { nullable: true }),
  }),
});

const GradeMarkRef = builder.objectRef<Mark>('GradeMark').implement({
  description: 'One mark of an objective item (an option, a stem, a position) and why.',
  fields: (t) => ({
    subject: t.exposeString('subject'),
    awarded: t.exposeFloat('awarded'),
    available: t.exposeFloat('available'),
    explanation: t.exposeString('explanation'),
  }),
});

export const ExplainedGradeRef = builder.objectRef<ExplainedGrade>('ExplainedGrade').implement({
  description:
    'A grade that explains itself (`@kefu/scoring`): script answers list the concepts found with the words that proved them, the concepts missing and the rules broken; objective items list their marks.',
  fields: (t) => ({
    itemId: t.exposeID('itemId'),
    itemType: t.exposeString('itemType'),
    score: t.exposeFloat('score', { description: '0..1, before any penalty for earlier tries.' }),
    passed: t.exposeBoolean('passed'),
    state: t.exposeString('state', { description: 'correct, partial or incorrect.' }),
    autoFailed: t.exposeBoolean('autoFailed'),
    hits: t.field({ type: [GradeHitRef], resolve: (grade) => grade.hits }),
    misses: t.field({ type: [GradeMissRef], resolve: (grade) => grade.misses }),
    violations: t.field({ type: [GradeViolationRef], resolve: (grade) => grade.violations }),
    marks: t.field({ type: [GradeMarkRef], resolve: (grade) => grade.marks }),
    feedback: t.exposeStringList('feedback', { description: 'What to tell the trainee (Chinese).' }),
  }),
});

// ---------------------------------------------------------------------------------------------------------
// Attempts

export const TrainingResponseRef = builder.objectRef<TrainingResponse>('TrainingResponse').implement({
  description: 'One try at one item of an attempt, with its explained grade.',
  fields: (t) => ({
    itemId: t.exposeID('itemId'),
    itemType: t.exposeString('itemType'),
    tryNumber: t.exposeInt('tryNumber'),
    answer: t.field({
      type: 'JSON',
      nullable: true,
      description: 'The answer as given: the text of a script answer, the response object otherwise.',
      resolve: (response) => response.answer ?? null,
    }),
    answerText: t.string({
      nullable: true,
      description: 'The text of a script answer (the evidence spans index into it).',
      resolve: (response) => (typeof response.answer === 'string' ? response.answer : null),
    }),
    rawScore: t.exposeFloat('rawScore'),
    penalty: t.exposeFloat('penalty', { description: 'Taken off for earlier tries.' }),
    score: t.exposeFloat('score', { description: 'max(0, rawScore − penalty).' }),
    passed: t.exposeBoolean('passed'),
    feedback: t.exposeString('feedback', { description: 'The feedback as the trainee was shown it.' }),
    answeredAt: t.field({ type: 'DateTime', resolve: (response) => response.answeredAt }),
    itemVersion: t.exposeInt('itemVersion', {
      nullable: true,
      description:
        'The item version the try was graded with (1: the standard bank’s; null: before versions).',
    }),
    certainty: t.exposeInt('certainty', {
      nullable: true,
      description: 'How sure the trainee said they were: 1 low, 2 medium, 3 high.',
    }),
    grade: t.field({
      type: ExplainedGradeRef,
      resolve: (response) =>
        explainGrade(response.grade, {
          itemId: response.itemId,
          itemType: response.itemType,
          score: response.rawScore,
          passed: response.passed,
        }),
    }),
    item: t.field({
      type: QuizItemRef,
      nullable: true,
      description: 'The item in the standard bank (null for items of another bank).',
      resolve: async (response, _args, context) =>
        (await itemAtVersion(context, response.itemId, response.itemVersion)) ?? null,
    }),
  }),
});

/** Orders tries by the quiz's item order, then by try number; items the quiz does not list keep their place at the end. */
function inQuizOrder(quizId: string, responses: readonly TrainingResponse[]): TrainingResponse[] {
  const quiz = bank().quiz(quizId);
  if (!quiz) return [...responses];
  const position = new Map(quiz.items.map((reference, index) => [reference.id, index]));
  const rank = (response: TrainingResponse) => position.get(response.itemId) ?? quiz.items.length;
  return [...responses].sort((a, b) => rank(a) - rank(b) || a.tryNumber - b.tryNumber);
}

/**
 * While an attempt is in progress, a try's stored grade is shown as `answerItem` showed it: what would give the
 * right answer away stays back until the item is over (`feedbackVisibility` / `visibleGrade`).
 */
function keepAnswersBack(attempt: TrainingAttempt, responses: TrainingResponse[]): TrainingResponse[] {
  if (attempt.status === 'finished') return responses;
  const maxTries = bank().quiz(attempt.quizId)?.attempts.maxTries ?? 1;
  return responses.map((response) => {
    const grade = response.grade as ItemGrade | null;
    if (!grade || typeof grade !== 'object' || !Array.isArray(grade.feedback)) return response;
    const visibility = feedbackVisibility({
      tryNumber: response.tryNumber,
      maxTries: Math.max(maxTries, response.tryNumber),
      passed: response.passed,
    });
    return { ...response, grade: visibleGrade(grade, visibility) };
  });
}

export const TrainingAttemptRef = builder
  .objectRef<TrainingAttempt | TrainingAttemptWithResponses>('TrainingAttempt')
  .implement({
    description: 'A trainee’s attempt at a quiz (from `kefu quiz run` or `recordAttempt`).',
    fields: (t) => ({
      id: t.exposeID('id'),
      quizId: t.exposeString('quizId'),
      quizTitle: t.exposeString('quizTitle', { nullable: true }),
      trainee: t.exposeString('trainee'),
      status: t.exposeString('status', { description: 'in-progress or finished.' }),
      score: t.exposeFloat('score', { nullable: true }),
      passMark: t.exposeFloat('passMark', { nullable: true }),
      passed: t.exposeBoolean('passed', { nullable: true }),
      quizVersion: t.exposeInt('quizVersion', {
        nullable: true,
        description: 'The quiz version the attempt was graded against (null: before versions).',
      }),
      assignmentId: t.exposeID('assignmentId', { nullable: true }),
      startedAt: t.field({ type: 'DateTime', resolve: (attempt) => attempt.startedAt }),
      finishedAt: t.field({
        type: 'DateTime',
        nullable: true,
        resolve: (attempt) => attempt.finishedAt,
      }),
      responses: t.field({
        type: [TrainingResponseRef],
        description:
          'Every try: in the quiz’s item order when the quiz is in the standard bank, then by try; otherwise as answered.',
        resolve: async (attempt, _args, context) =>
          keepAnswersBack(
            attempt,
            inQuizOrder(
              attempt.quizId,
              'responses' in attempt
                ? attempt.responses
                : ((await createTrainingStore(context.runtime.store).getAttempt(attempt.id))?.responses ??
                    []),
            ),
          ),
      }),
    }),
  });

/** The trainee an attempts query is limited to: an agent only themselves. */
function attemptTrainee(actor: RequestActor, trainee: string | null | undefined): string | undefined {
  if (actor.role !== 'agent') return trainee ?? undefined;
  if (trainee && trainee !== actor.userId) throw forbiddenAttempt(actor);
  return actor.userId;
}

// ---------------------------------------------------------------------------------------------------------
// Answers in, responses for the grader

export interface AnswerValue {
  text?: string | null;
  choice?: string | null;
  choices?: readonly string[] | null;
  order?: readonly string[] | null;
  pairs?: readonly { stem: string; choice: string }[] | null;
}

const MatchingPairInput = builder.inputType('MatchingPairInput', {
  fields: (t) => ({
    stem: t.string({ required: true }),
    choice: t.string({ required: true }),
  }),
});

export const AnswerInput = builder.inputType('AnswerInput', {
  description:
    'An answer: set the one field the item type takes — `text` (script), `choice` (single-choice), `choices` (multiple-choice), `order` (ordering: every option id), `pairs` (matching).',
  fields: (t) => ({
    text: t.string(),
    choice: t.string(),
    choices: t.stringList(),
    order: t.stringList(),
    pairs: t.field({ type: [MatchingPairInput] }),
  }),
});

const answerFieldOf = {
  script: 'text',
  'single-choice': 'choice',
  'multiple-choice': 'choices',
  ordering: 'order',
  matching: 'pairs',
} as const satisfies Record<Item['type'], keyof AnswerValue>;

/** The grader's response for `item` from an AnswerInput, or the fields that are wrong (named under `path`). */
function toItemResponse(
  item: Item,
  answer: AnswerValue,
  path: string,
): { response: ItemResponse; stored: unknown } | { issues: FieldIssue[] } {
  const wanted = answerFieldOf[item.type];
  const issues: FieldIssue[] = [];
  for (const field of Object.keys(answerFieldOf).map((type) => answerFieldOf[type as Item['type']])) {
    if (field !== wanted && answer[field] !== undefined && answer[field] !== null) {
      issues.push({
        field: `${path}.${field}`,
        message: `a ${item.type} item is answered with \`${wanted}\`, not \`${field}\``,
      });
    }
  }
  const value = answer[wanted];
  if (value === undefined || value === null) {
    issues.push({ field: `${path}.${wanted}`, message: `is required to answer a ${item.type} item` });
  } else if (typeof value === 'string' ? value.trim() === '' : value.length === 0) {
    issues.push({ field: `${path}.${wanted}`, message: 'must not be empty' });
  }
  if (issues.length > 0) return { issues };
  switch (item.type) {
    case 'script':
      return { response: { type: 'script', answer: answer.text as string }, stored: answer.text };
    case 'single-choice': {
      const response = { type: 'single-choice' as const, choice: answer.choice as string };
      return { response, stored: response };
    }
    case 'multiple-choice': {
      const response = { type: 'multiple-choice' as const, choices: [...(answer.choices ?? [])] };
      return { response, stored: response };
    }
    case 'ordering': {
      const response = { type: 'ordering' as const, order: [...(answer.order ?? [])] };
      return { response, stored: response };
    }
    case 'matching': {
      const pairs: Record<string, string> = {};
      for (const pair of answer.pairs ?? []) pairs[pair.stem] = pair.choice;
      const response = { type: 'matching' as const, pairs };
      return { response, stored: response };
    }
  }
}

/** Grades one answer, or names the fields the grader refused (an unknown option id, a duplicate pick …). */
export function grade(
  item: Item,
  answer: AnswerValue,
  path: string,
): { grade: ItemGrade; stored: unknown } | FieldIssue[] {
  const built = toItemResponse(item, answer, path);
  if ('issues' in built) return built.issues;
  try {
    return { grade: gradeItem(item, built.response), stored: built.stored };
  } catch (error) {
    if (!(error instanceof ScoringInputError)) throw error;
    const wanted = answerFieldOf[item.type];
    const under = (issuePath: string) => {
      const rest = issuePath.replace(/^(answer|choice|choices|order|pairs|type)\.?/, '');
      return `${path}.${wanted}${rest ? `.${rest}` : ''}`;
    };
    return error.issues.length > 0
      ? error.issues.map((issue) => ({ field: under(issue.path), message: issue.message }))
      : [{ field: `${path}.${wanted}`, message: error.message }];
  }
}

export function explained(result: ItemGrade): ExplainedGrade {
  return explainGrade(result, {
    itemId: result.itemId,
    itemType: result.itemType,
    score: result.score,
    passed: result.passed,
  });
}

/** The feedback line stored with a try: what the trainee was told. */
export function feedbackText(result: ExplainedGrade): string {
  const lines = [
    ...result.misses.map((miss) => `✗ ${miss.label}${miss.feedback ? ` — ${miss.feedback}` : ''}`),
    ...result.violations.map((violation) => `⚠ ${violation.label}「${violation.quote}」`),
    ...result.feedback,
  ];
  return [...new Set(lines)].join('\n');
}

const AttemptResponseInput = builder.inputType('AttemptResponseInput', {
  description: 'One answer; answer the same item again for a further try (up to the quiz’s `maxTries`).',
  fields: (t) => ({
    itemId: t.id({ required: true }),
    answer: t.field({ type: AnswerInput, required: true }),
  }),
});

const RecordAttemptInput = builder.inputType('RecordAttemptInput', {
  fields: (t) => ({
    quizId: t.id({ required: true }),
    responses: t.field({ type: [AttemptResponseInput], required: true }),
  }),
});

interface GradedResponse {
  index: number;
  itemId: string;
  item: Item;
  /** The item version it was graded with. */
  version: number;
  tryNumber: number;
  stored: unknown;
  grade: ItemGrade;
}

/** Grades a whole attempt, all or nothing: every bad field is reported and nothing is graded when any is. */
function gradeAttempt(
  quizId: string,
  responses: readonly { itemId: string | number; answer: AnswerValue }[],
  current: CurrentQuizBank,
): { quiz: Quiz; graded: GradedResponse[] } {
  const quiz = current.quiz(quizId)?.quiz;
  if (!quiz) {
    throw invalidInput([{ field: 'input.quizId', message: `no quiz "${quizId}" in the standard bank` }]);
  }
  if (responses.length === 0) {
    throw invalidInput([{ field: 'input.responses', message: 'needs at least 1 response' }]);
  }
  const inQuiz = new Set(quiz.items.map((reference) => reference.id));
  const tries = new Map<string, number>();
  const issues: FieldIssue[] = [];
  const graded: GradedResponse[] = [];
  responses.forEach((response, index) => {
    const itemId = String(response.itemId);
    const path = `input.responses.${index}`;
    const versioned = current.item(itemId);
    const item = versioned?.item;
    if (!item || !versioned || !inQuiz.has(itemId)) {
      issues.push({
        field: `${path}.itemId`,
        message: item
          ? `item "${itemId}" is not in quiz "${quiz.id}"`
          : `no item "${itemId}" in the standard bank`,
      });
      return;
    }
    const tryNumber = (tries.get(itemId) ?? 0) + 1;
    tries.set(itemId, tryNumber);
    if (tryNumber > quiz.attempts.maxTries) {
      issues.push({
        field: `${path}.itemId`,
        message: `quiz "${quiz.id}" allows ${quiz.attempts.maxTries} ${quiz.attempts.maxTries === 1 ? 'try' : 'tries'} per item; this is try ${tryNumber} of "${itemId}"`,
      });
      return;
    }
    const result = grade(item, response.answer, `${path}.answer`);
    if (Array.isArray(result)) issues.push(...result);
    else graded.push({ index, itemId, item, version: versioned.version, tryNumber, ...result });
  });
  if (issues.length > 0) throw invalidInput(issues);
  return { quiz, graded };
}

async function recordAttempt(
  context: KefuContext,
  input: { quizId: string | number; responses: readonly { itemId: string | number; answer: AnswerValue }[] },
): Promise<TrainingAttemptWithResponses> {
  const actor = requireActor(context);
  const current = await currentQuizBank(context);
  const { quiz, graded } = gradeAttempt(String(input.quizId), input.responses, current);
  // Per item: the best penalised try (Moodle's interactive behaviour, `scoreAttempt`).
  const byItem = new Map<string, GradedResponse[]>();
  for (const response of graded)
    byItem.set(response.itemId, [...(byItem.get(response.itemId) ?? []), response]);
  const penalties = new Map<GradedResponse, number>();
  const itemScores = new Map<string, number>();
  for (const [itemId, itemTries] of byItem) {
    const scored = scoreAttempt(
      itemTries.map((response): GradedTry => ({ grade: response.grade })),
      { penaltyPerTry: quiz.attempts.penaltyPerTry, maxTries: quiz.attempts.maxTries },
    );
    for (const [index, scoredTry] of scored.tries.entries()) {
      penalties.set(itemTries[index] as GradedResponse, scoredTry.penalty);
    }
    itemScores.set(itemId, scored.score);
  }
  const totalWeight = quiz.items.reduce((sum, reference) => sum + reference.weight, 0) || 1;
  const score =
    quiz.items.reduce((sum, reference) => sum + reference.weight * (itemScores.get(reference.id) ?? 0), 0) /
    totalWeight;
  const passed = score >= quiz.passMark;
  const at = context.now().toISOString();
  const training = createTrainingStore(context.runtime.store);
  const saved = await mapErrors(async () => {
    const attempt = await training.startAttempt({
      quizId: quiz.id,
      quizTitle: quiz.title,
      trainee: actor.userId,
      passMark: quiz.passMark,
      quizVersion: current.quiz(quiz.id)?.version ?? 1,
      at,
    });
    for (const response of graded) {
      await training.recordResponse({
        attemptId: attempt.id,
        itemId: response.itemId,
        itemType: response.item.type,
        tryNumber: response.tryNumber,
        answer: response.stored,
        rawScore: response.grade.score,
        penalty: penalties.get(response) ?? 0,
        passed: response.grade.passed,
        grade: response.grade,
        feedback: feedbackText(explained(response.grade)),
        itemVersion: response.version,
        at,
      });
    }
    await training.finishAttempt({ attemptId: attempt.id, score, passed, at });
    return training.getAttempt(attempt.id);
  }, 'input');
  if (!saved) throw new Error('the attempt just recorded could not be read back');
  const grades: GradeRecordedPayload[] = [
    ...saved.responses.map((response) => ({
      attemptId: saved.id,
      trainee: saved.trainee,
      quizId: saved.quizId,
      itemId: response.itemId,
      score: response.score,
      passed: response.passed,
      at,
    })),
    { attemptId: saved.id, trainee: saved.trainee, quizId: saved.quizId, itemId: null, score, passed, at },
  ];
  for (const payload of grades) context.live.publish('grade.recorded', payload);
  return saved;
}

// ---------------------------------------------------------------------------------------------------------
// Operations

builder.queryFields((t) => ({
  quizzes: t.field({
    type: [QuizRef],
    description: 'The quizzes of the standard bank (any signed-in role).',
    resolve: () => [...bank().quizzes],
  }),
  quiz: t.field({
    type: QuizRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }) => bank().quiz(String(id)) ?? null,
  }),
  item: t.field({
    type: QuizItemRef,
    nullable: true,
    description:
      'An item of the standard bank; its model answer, rubric and correct answer only for trainers.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, context) =>
      (await currentQuizBank(context)).item(String(id))?.item ?? null,
  }),
  attempts: t.connection(
    {
      type: TrainingAttemptRef,
      description:
        'Attempts, newest first, each with its tries and explained grades (trainers, supervisors, managers, directors: anyone’s; agents: their own). At most 100 per page.',
      authScopes: { readsTraining: true, readsComplaints: true },
      args: {
        trainee: t.arg.string({ description: 'Agents may name only themselves.' }),
        quizId: t.arg.id(),
      },
      resolve: (_root, args, context) => {
        const trainee = attemptTrainee(requireActor(context), args.trainee);
        assertPageSize(args);
        const training = createTrainingStore(context.runtime.store);
        return resolveOffsetConnection({ args, defaultSize: 20, maxSize: 100 }, ({ limit, offset }) =>
          training.listAttempts({
            ...(trainee !== undefined ? { trainee } : {}),
            ...(args.quizId ? { quizId: String(args.quizId) } : {}),
            limit,
            offset,
          }),
        );
      },
    },
    { name: 'TrainingAttemptConnection', description: 'A page of attempts.' },
    { name: 'TrainingAttemptEdge' },
  ),
  attempt: t.field({
    type: TrainingAttemptRef,
    nullable: true,
    description: 'One attempt with every try and its explained grade; an agent may read only their own.',
    authScopes: { readsTraining: true, readsComplaints: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, context) => {
      const actor = requireActor(context);
      const attempt = await createTrainingStore(context.runtime.store).getAttempt(String(id));
      if (!attempt) return null;
      if (actor.role === 'agent' && attempt.trainee !== actor.userId) throw forbiddenAttempt(actor);
      return attempt;
    },
  }),
}));

builder.mutationFields((t) => ({
  gradeAnswer: t.field({
    type: ExplainedGradeRef,
    description:
      'Grades one answer to an item of the standard bank and explains the grade; nothing is saved (trainers trying a rubric, agents practising).',
    args: {
      itemId: t.arg.id({ required: true }),
      answer: t.arg({ type: AnswerInput, required: true }),
    },
    resolve: async (_root, { itemId, answer }, context) => {
      const item = (await currentQuizBank(context)).item(String(itemId))?.item;
      if (!item)
        throw invalidInput([{ field: 'itemId', message: `no item "${itemId}" in the standard bank` }]);
      const result = grade(item, answer, 'answer');
      if (Array.isArray(result)) throw invalidInput(result);
      return explained(result.grade);
    },
  }),
  recordAttempt: t.field({
    type: TrainingAttemptRef,
    description:
      'Grades answers to a quiz of the standard bank and saves them as a finished attempt of the signed-in user (repeat an item for a further try; the quiz’s penalty per try applies). Publishes `gradeRecorded` for every try and for the attempt (itemId null). Any bad field: BAD_USER_INPUT naming it, nothing saved.',
    args: { input: t.arg({ type: RecordAttemptInput, required: true }) },
    resolve: (_root, { input }, context) => recordAttempt(context, input),
  }),
}));

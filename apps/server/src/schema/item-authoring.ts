import { itemSourceOf, loadStandardBank, parseItemSource } from '@kefu/quiz-bank';
import {
  type CompiledRubric,
  type CompiledScriptItem,
  InvalidJsonl,
  type Item,
  type LocatedIssue,
  parseLabelledAnswers,
  type RuleTestReport,
  testRules,
  YamlValidationError,
} from '@kefu/scoring';
import { createTrainingStore, type ItemVersion, type QuizVersion } from '@kefu/training-store';
import { GraphQLError } from 'graphql';
import { requireActor } from '../authorization.js';
import { builder } from '../builder.js';
import { mapErrors } from '../graphql-errors.js';
import { currentQuizBank } from '../quiz-versions.js';
import { type ExplainedGrade, ExplainedGradeRef, explainGrade, invalidInput } from './attempt.js';
import { requireTrainer } from './quiz-assignment.js';

/** A problem in an item's YAML, where it is. */
const ItemSourceIssueRef = builder.objectRef<LocatedIssue>('ItemSourceIssue').implement({
  description: 'A problem in an item’s YAML at its 1-based line and column.',
  fields: (t) => ({
    line: t.exposeInt('line'),
    column: t.exposeInt('column'),
    path: t.exposeString('path', {
      description: 'The dotted path of the field (`options.1.id`); empty for the whole item.',
    }),
    message: t.exposeString('message'),
  }),
});

interface ItemValidation {
  valid: boolean;
  itemId: string | null;
  itemType: string | null;
  issues: LocatedIssue[];
}

const ItemValidationRef = builder.objectRef<ItemValidation>('ItemValidation').implement({
  fields: (t) => ({
    valid: t.exposeBoolean('valid'),
    itemId: t.exposeString('itemId', { nullable: true }),
    itemType: t.exposeString('itemType', { nullable: true }),
    issues: t.field({ type: [ItemSourceIssueRef], resolve: (validation) => validation.issues }),
  }),
});

const ItemVersionRef = builder.objectRef<ItemVersion>('ItemVersion').implement({
  description: 'A published version of an item (version 1 is the standard bank’s own and is not listed).',
  fields: (t) => ({
    itemId: t.exposeID('itemId'),
    version: t.exposeInt('version'),
    source: t.exposeString('source'),
    publishedBy: t.exposeString('publishedBy'),
    publishedAt: t.field({ type: 'DateTime', resolve: (version) => version.publishedAt }),
    note: t.exposeString('note', { nullable: true }),
  }),
});

const QuizVersionRef = builder.objectRef<QuizVersion>('QuizVersion').implement({
  fields: (t) => ({
    quizId: t.exposeID('quizId'),
    version: t.exposeInt('version'),
  }),
});

interface ItemSource {
  itemId: string;
  version: number;
  source: string;
  versions: ItemVersion[];
}

const ItemSourceRef = builder.objectRef<ItemSource>('ItemSource').implement({
  description: 'The YAML of an item as it stands (the newest published version, or the standard bank’s).',
  fields: (t) => ({
    itemId: t.exposeID('itemId'),
    version: t.exposeInt('version'),
    source: t.exposeString('source'),
    versions: t.field({ type: [ItemVersionRef], resolve: (source) => source.versions }),
  }),
});

interface Disagreement {
  id: string;
  line: number | null;
  answer: string;
  expected: boolean;
  got: boolean;
  score: number;
  why: string | null;
  reason: string;
  grade: ExplainedGrade;
}

const RuleDisagreementRef = builder.objectRef<Disagreement>('RuleDisagreement').implement({
  description: 'A labelled answer the rubric grades the other way, with why the rubric decided as it did.',
  fields: (t) => ({
    id: t.exposeID('id'),
    line: t.exposeInt('line', { nullable: true, description: 'Its line in the labelled file.' }),
    answer: t.exposeString('answer'),
    expected: t.exposeBoolean('expected', { description: 'The label: pass or not.' }),
    got: t.exposeBoolean('got', { description: 'The rubric’s verdict.' }),
    score: t.exposeFloat('score'),
    why: t.exposeString('why', {
      nullable: true,
      description: 'The marker’s reason, when the file gives one.',
    }),
    reason: t.exposeString('reason', { description: 'The rubric’s reason in one line.' }),
    grade: t.field({ type: ExplainedGradeRef, resolve: (disagreement) => disagreement.grade }),
  }),
});

interface ConfusionRow {
  label: string;
  rubricPass: number;
  rubricFail: number;
}

const ConfusionRowRef = builder.objectRef<ConfusionRow>('RuleConfusionRow').implement({
  fields: (t) => ({
    label: t.exposeString('label', { description: 'The human label: pass or fail.' }),
    rubricPass: t.exposeInt('rubricPass'),
    rubricFail: t.exposeInt('rubricFail'),
  }),
});

const RuleTestReportRef = builder.objectRef<RuleTestReport>('RuleTestReport').implement({
  description:
    'The rubric against labelled answers (`testRules` of @kefu/scoring): agreement, kappa, confusion.',
  fields: (t) => ({
    total: t.exposeInt('total'),
    agreements: t.exposeInt('agreements'),
    accuracy: t.float({
      nullable: true,
      resolve: (report) => (Number.isFinite(report.accuracy) ? report.accuracy : null),
    }),
    kappa: t.float({
      nullable: true,
      description:
        'Cohen’s kappa between the labels and the rubric (null when undefined, e.g. every label the same).',
      resolve: (report) => (Number.isFinite(report.kappa) ? report.kappa : null),
    }),
    confusion: t.field({
      type: [ConfusionRowRef],
      description: 'One row per label (pass, then fail), counting the rubric’s verdicts.',
      resolve: (report) =>
        report.confusion.labels.map((label, index) => ({
          label,
          rubricPass: report.confusion.counts[index]?.[0] ?? 0,
          rubricFail: report.confusion.counts[index]?.[1] ?? 0,
        })),
    }),
    disagreements: t.field({
      type: [RuleDisagreementRef],
      resolve: (report) =>
        report.disagreements.map((entry) => ({
          id: entry.id,
          line: entry.line ?? null,
          answer: entry.answer,
          expected: entry.expected,
          got: entry.got,
          score: entry.score,
          why: entry.why ?? null,
          reason: entry.reason,
          grade: explainGrade(
            { script: entry.grade, score: entry.grade.score, passed: entry.grade.passed },
            { itemId: entry.item, itemType: 'script', score: entry.grade.score, passed: entry.grade.passed },
          ),
        })),
    }),
    unknownItems: t.stringList({
      description: 'Ids of labelled answers naming another item (not counted).',
      resolve: (report) => report.unknownItems.map((entry) => entry.id),
    }),
  }),
});

/** Parses an item's YAML; the located issues when it is not a valid item. */
function parseSource(source: string): { item: Item } | { issues: LocatedIssue[] } {
  try {
    return { item: parseItemSource(source, 'item.yaml') };
  } catch (error) {
    if (error instanceof YamlValidationError) return { issues: error.located };
    throw error;
  }
}

/** BAD_USER_INPUT listing the YAML problems with their lines and columns. */
function invalidSource(issues: readonly LocatedIssue[]): GraphQLError {
  return new GraphQLError(
    `Invalid item YAML: ${issues.map((issue) => `${issue.line}:${issue.column} ${issue.path ? `${issue.path}: ` : ''}${issue.message}`).join('; ')}`,
    {
      extensions: {
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'input.source', message: 'is not a valid item' }],
        issues: issues.map(({ line, column, path, message }) => ({ line, column, path, message })),
      },
    },
  );
}

builder.queryField('itemSource', (t) =>
  t.field({
    type: ItemSourceRef,
    nullable: true,
    description: 'The YAML of an item to edit, with its published versions (trainers only).',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, context) => {
      requireTrainer(requireActor(context), 'read item sources');
      const itemId = String(id);
      const versions = await createTrainingStore(context.runtime.store).itemVersions(itemId);
      const newest = versions[0];
      if (newest) return { itemId, version: newest.version, source: newest.source, versions };
      const source = itemSourceOf(loadStandardBank(), itemId);
      return source === undefined ? null : { itemId, version: 1, source, versions };
    },
  }),
);

builder.queryField('validateItemSource', (t) =>
  t.field({
    type: ItemValidationRef,
    description:
      'Validates an item’s YAML as the bank loader does (a script rubric compiled, its model answer checked) and lists every problem at its line and column; nothing is saved (trainers only).',
    args: { source: t.arg.string({ required: true }) },
    resolve: (_root, { source }, context) => {
      requireTrainer(requireActor(context), 'validate items');
      const parsed = parseSource(source);
      if ('issues' in parsed) return { valid: false, itemId: null, itemType: null, issues: parsed.issues };
      return { valid: true, itemId: parsed.item.id, itemType: parsed.item.type, issues: [] };
    },
  }),
);

builder.queryField('ruleTest', (t) =>
  t.field({
    type: RuleTestReportRef,
    description:
      'Grades labelled answers (JSONL lines `{"id","item","answer","pass"}`, optional `why`) with the script item in `source` and compares with the labels: accuracy, Cohen’s kappa, the confusion matrix and each disagreement with its explanation. Nothing is saved (trainers only). A malformed line or item: BAD_USER_INPUT naming it.',
    args: {
      source: t.arg.string({
        required: true,
        description: 'The item’s YAML (as edited, not yet published).',
      }),
      labelled: t.arg.string({ required: true }),
    },
    resolve: (_root, { source, labelled }, context) => {
      requireTrainer(requireActor(context), 'run rule tests');
      const parsed = parseSource(source);
      if ('issues' in parsed) throw invalidSource(parsed.issues);
      if (parsed.item.type !== 'script') {
        throw invalidInput([
          { field: 'source', message: `rule tests grade script items, not ${parsed.item.type} items` },
        ]);
      }
      let answers: ReturnType<typeof parseLabelledAnswers>;
      try {
        answers = parseLabelledAnswers(labelled, 'labelled');
      } catch (error) {
        if (error instanceof InvalidJsonl) {
          throw invalidInput(
            error.errors.map((line) => ({ field: `labelled.${line.line}`, message: line.message })),
          );
        }
        throw error;
      }
      const rubrics = new Map<string, CompiledRubric>([
        [parsed.item.id, (parsed.item as CompiledScriptItem).compiled],
      ]);
      return testRules(answers, rubrics);
    },
  }),
);

const PublishItemVersionInput = builder.inputType('PublishItemVersionInput', {
  fields: (t) => ({
    itemId: t.id({ required: true }),
    source: t.string({ required: true, description: 'The item’s YAML; its `id` must be `itemId`.' }),
    note: t.string({ description: 'What changed.' }),
  }),
});

interface Publication {
  itemVersion: ItemVersion;
  quizVersions: QuizVersion[];
}

const PublicationRef = builder.objectRef<Publication>('ItemPublication').implement({
  fields: (t) => ({
    itemVersion: t.field({ type: ItemVersionRef, resolve: (publication) => publication.itemVersion }),
    quizVersions: t.field({ type: [QuizVersionRef], resolve: (publication) => publication.quizVersions }),
  }),
});

builder.mutationField('publishItemVersion', (t) =>
  t.field({
    type: PublicationRef,
    description:
      'Publishes a new version of an item of the standard bank from its YAML, and a new version of every quiz using it; attempts already made keep the versions they were graded with (trainers only; refused before anything is written). Invalid YAML: BAD_USER_INPUT with every issue’s line and column, nothing saved.',
    args: { input: t.arg({ type: PublishItemVersionInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const actor = requireActor(context);
      requireTrainer(actor, 'publish items');
      const itemId = String(input.itemId);
      const bank = await currentQuizBank(context);
      if (!bank.item(itemId))
        throw invalidInput([{ field: 'input.itemId', message: `no item "${itemId}" in the bank` }]);
      const parsed = parseSource(input.source);
      if ('issues' in parsed) throw invalidSource(parsed.issues);
      if (parsed.item.id !== itemId) {
        throw invalidInput([
          { field: 'input.source', message: `the YAML is item "${parsed.item.id}", not "${itemId}"` },
        ]);
      }
      return mapErrors(
        () =>
          createTrainingStore(context.runtime.store).publishItemVersion({
            itemId,
            source: input.source,
            item: parsed.item,
            publishedBy: actor.userId,
            at: context.now().toISOString(),
            ...(input.note ? { note: input.note } : {}),
            quizzes: bank.quizzesWith(itemId).map((quiz) => ({
              quizId: quiz.id,
              itemIds: quiz.items.map((reference) => reference.id),
            })),
          }),
        'input',
      );
    },
  }),
);

import { randomUUID } from 'node:crypto';
import {
  type Database,
  isNonBlank,
  isoInstant,
  migrateOnce,
  nonBlankText,
  parsePayload,
  toIso,
} from '@kefu/runtime';
import { type Kysely, type Selectable, sql } from 'kysely';
import { z } from 'zod';
import { AttemptFinished, AttemptNotFound } from './training-errors.js';
import {
  type TrainingAssignmentsTable,
  type TrainingAttemptsTable,
  type TrainingItemVersionsTable,
  type TrainingResponsesTable,
  type TrainingTables,
  trainingTables,
} from './training-schema.js';

/** One trainee's run through one quiz. Scores are fractions 0..1. */
export interface TrainingAttempt {
  id: string;
  quizId: string;
  quizTitle: string | null;
  trainee: string;
  status: 'in-progress' | 'finished';
  /** The quiz score after penalties, 0..1; null until finished. */
  score: number | null;
  passMark: number | null;
  passed: boolean | null;
  startedAt: string;
  finishedAt: string | null;
  /** The quiz version the attempt was graded against (null: written before quizzes were versioned). */
  quizVersion: number | null;
  /** The assignment the attempt answers, if any. */
  assignmentId: string | null;
}

/** One try at one item, with the grader's explanation. */
export interface TrainingResponse {
  attemptId: string;
  itemId: string;
  itemType: string;
  /** 1 for the first try, 2 for the first retry … */
  tryNumber: number;
  /** What the trainee answered (text, chosen keys, an order, pairs …). */
  answer: unknown;
  /** The grader's score before penalties, 0..1. */
  rawScore: number;
  /** The fraction deducted for earlier tries, 0..1. */
  penalty: number;
  /** `max(0, rawScore - penalty)`. */
  score: number;
  passed: boolean;
  /** The grader's full explanation (hits with spans, misses, violations …) as it returned it. */
  grade: unknown;
  /** The feedback shown to the trainee. */
  feedback: string;
  answeredAt: string;
  /** The item version the try was graded with (null: written before items were versioned). */
  itemVersion: number | null;
  /** The trainee's certainty with the try (1 low … 3 high), when the quiz asked for one. */
  certainty: number | null;
}

export interface TrainingAttemptWithResponses extends TrainingAttempt {
  /** Every try, ordered by item order of answering then try number. */
  responses: TrainingResponse[];
}

export interface SkillEstimate {
  trainee: string;
  skill: string;
  /** The ability estimate on the scale its writer uses (Elo-like by default). */
  rating: number;
  /** Standard error of the rating, when the estimator gives one. */
  uncertainty: number | null;
  /** How many graded responses the estimate rests on. */
  evidence: number;
  updatedAt: string;
}

export interface TraineeSummary {
  trainee: string;
  attempts: number;
  finished: number;
  passed: number;
  /** Mean score of finished attempts, 0..1; null when none is finished. */
  meanScore: number | null;
  bestScore: number | null;
  lastAttemptAt: string;
}

export interface ItemSummary {
  itemId: string;
  itemType: string;
  /** Attempts that answered the item (their last try counts). */
  responses: number;
  /** Mean final score, 0..1 (the item's facility). */
  meanScore: number;
  /** Share of final tries that passed. */
  passRate: number;
  /** Share of first tries that passed. */
  firstTryPassRate: number;
  meanTries: number;
}

export interface StartAttemptInput {
  quizId: string;
  trainee: string;
  /** ISO time the attempt started. */
  at: string;
  quizTitle?: string;
  passMark?: number;
  /** Use this id instead of a generated one. */
  id?: string;
  /** The quiz version the attempt is graded against. */
  quizVersion?: number;
  /** The assignment the attempt answers. */
  assignmentId?: string;
}

export interface RecordResponseInput {
  attemptId: string;
  itemId: string;
  itemType: string;
  tryNumber: number;
  answer: unknown;
  rawScore: number;
  penalty?: number;
  passed: boolean;
  grade: unknown;
  feedback?: string;
  at: string;
  /** The item version the try was graded with. */
  itemVersion?: number;
  /** The trainee's certainty, 1, 2 or 3. */
  certainty?: number;
}

export interface FinishAttemptInput {
  attemptId: string;
  at: string;
  /** The quiz score, 0..1. */
  score: number;
  passed: boolean;
}

export interface ListAttemptsOptions {
  trainee?: string;
  quizId?: string;
  /** Default 100. */
  limit?: number;
  offset?: number;
}

export interface SummaryOptions {
  trainee?: string;
  quizId?: string;
}

export interface SaveSkillEstimateInput {
  trainee: string;
  skill: string;
  rating: number;
  uncertainty?: number | null;
  evidence?: number;
  at: string;
}

/** A quiz a trainer assigned to one trainee or to a whole team. */
export interface QuizAssignment {
  id: string;
  quizId: string;
  trainee: string | null;
  team: string | null;
  assignedBy: string;
  assignedAt: string;
  dueAt: string | null;
}

export interface AssignQuizInput {
  quizId: string;
  /** Assign to one trainee, to a team, or both (at least one). */
  trainee?: string;
  team?: string;
  assignedBy: string;
  at: string;
  dueAt?: string;
  id?: string;
}

/** A published version of an item (the standard bank's own text is version 1). */
export interface ItemVersion {
  itemId: string;
  version: number;
  /** The YAML the trainer published. */
  source: string;
  /** The parsed, validated item. */
  item: unknown;
  publishedBy: string;
  publishedAt: string;
  note: string | null;
}

/** A quiz version: the version of each of its items. Version 1 is the standard bank's. */
export interface QuizVersion {
  quizId: string;
  version: number;
  items: Array<{ id: string; version: number }>;
  publishedAt: string | null;
}

export interface PublishItemVersionInput {
  itemId: string;
  source: string;
  item: unknown;
  publishedBy: string;
  at: string;
  note?: string;
  /** The quizzes that use the item, each with its item ids in order: each gets a new version. */
  quizzes?: ReadonlyArray<{ quizId: string; itemIds: readonly string[] }>;
}

/**
 * Reads and writes training data: quiz attempts, each try's grade with its explanation, and skill
 * estimates. Every write validates its input first (`InvalidPayload`, nothing written).
 */
export interface TrainingStore {
  startAttempt(input: StartAttemptInput): Promise<TrainingAttempt>;
  /** Records one try; throws `AttemptNotFound`, `AttemptFinished` or `InvalidPayload`. */
  recordResponse(input: RecordResponseInput): Promise<TrainingResponse>;
  /** Closes the attempt with its score; throws `AttemptNotFound` or `AttemptFinished`. */
  finishAttempt(input: FinishAttemptInput): Promise<TrainingAttempt>;
  /** The attempt with every try; throws `AttemptNotFound`. */
  getAttempt(id: string): Promise<TrainingAttemptWithResponses>;
  /** Newest first. */
  listAttempts(options?: ListAttemptsOptions): Promise<TrainingAttempt[]>;
  /** One row per trainee, by name. */
  traineeSummaries(options?: SummaryOptions): Promise<TraineeSummary[]>;
  /** One row per item, by id; counts each attempt's last try at the item. */
  itemSummaries(options?: SummaryOptions): Promise<ItemSummary[]>;
  /** Inserts or replaces the estimate of (trainee, skill). */
  saveSkillEstimate(input: SaveSkillEstimateInput): Promise<SkillEstimate>;
  /** Ordered by trainee then skill. */
  skillEstimates(options?: { trainee?: string }): Promise<SkillEstimate[]>;
  /** Assigns a quiz to a trainee or a team; throws `InvalidPayload` (nothing written). */
  assignQuiz(input: AssignQuizInput): Promise<QuizAssignment>;
  /**
   * Assignments, newest first: with `trainee` and/or `team`, those made to that trainee or to that team;
   * without, every one.
   */
  listAssignments(options?: { trainee?: string; team?: string }): Promise<QuizAssignment[]>;
  getAssignment(id: string): Promise<QuizAssignment | undefined>;
  /**
   * Publishes the next version of an item (the bank's own is 1, so the first published is 2) and a new version
   * of every quiz listed in `quizzes`, in one transaction.
   */
  publishItemVersion(
    input: PublishItemVersionInput,
  ): Promise<{ itemVersion: ItemVersion; quizVersions: QuizVersion[] }>;
  /** Every published version of the item, newest first. */
  itemVersions(itemId: string): Promise<ItemVersion[]>;
  /** The newest published version of every item that has one. */
  latestItemVersions(): Promise<ItemVersion[]>;
  /** The newest version of the quiz, or undefined while only the bank's version 1 exists. */
  latestQuizVersion(quizId: string): Promise<QuizVersion | undefined>;
}

function toAttempt(row: Selectable<TrainingAttemptsTable>): TrainingAttempt {
  return {
    id: row.id,
    quizId: row.quiz_id,
    quizTitle: row.quiz_title,
    trainee: row.trainee,
    status: row.status === 'finished' ? 'finished' : 'in-progress',
    score: row.score === null ? null : Number(row.score),
    passMark: row.pass_mark === null ? null : Number(row.pass_mark),
    passed: row.passed,
    startedAt: toIso(row.started_at) as string,
    finishedAt: toIso(row.finished_at),
    quizVersion:
      row.quiz_version === null || row.quiz_version === undefined ? null : Number(row.quiz_version),
    assignmentId: row.assignment_id ?? null,
  };
}

function toAssignment(row: Selectable<TrainingAssignmentsTable>): QuizAssignment {
  return {
    id: row.id,
    quizId: row.quiz_id,
    trainee: row.trainee,
    team: row.team,
    assignedBy: row.assigned_by,
    assignedAt: toIso(row.assigned_at) as string,
    dueAt: toIso(row.due_at),
  };
}

function toItemVersion(row: Selectable<TrainingItemVersionsTable>): ItemVersion {
  return {
    itemId: row.item_id,
    version: Number(row.version),
    source: row.source,
    item: row.item,
    publishedBy: row.published_by,
    publishedAt: toIso(row.published_at) as string,
    note: row.note,
  };
}

function toResponse(row: Selectable<TrainingResponsesTable>): TrainingResponse {
  return {
    attemptId: row.attempt_id,
    itemId: row.item_id,
    itemType: row.item_type,
    tryNumber: row.try_number,
    answer: row.answer,
    rawScore: Number(row.raw_score),
    penalty: Number(row.penalty),
    score: Number(row.score),
    passed: row.passed,
    grade: row.grade,
    feedback: row.feedback,
    answeredAt: toIso(row.answered_at) as string,
    itemVersion:
      row.item_version === null || row.item_version === undefined ? null : Number(row.item_version),
    certainty: row.certainty === null || row.certainty === undefined ? null : Number(row.certainty),
  };
}

const fractionMessage = 'must be a number from 0 to 1';
const atLeastOne = 'must be an integer of at least 1';
const isBoolean = 'must be a boolean';

const fraction = z.number({ error: fractionMessage }).min(0, fractionMessage).max(1, fractionMessage);
const version = z
  .number({ error: atLeastOne })
  .refine((value) => Number.isInteger(value) && value >= 1, atLeastOne);

const startAttemptSchema = z.object({
  quizId: nonBlankText,
  trainee: nonBlankText,
  at: isoInstant,
  passMark: fraction.nullish(),
});
const recordResponseSchema = z.object({
  attemptId: nonBlankText,
  itemId: nonBlankText,
  itemType: nonBlankText,
  at: isoInstant,
  rawScore: fraction,
  penalty: fraction.nullish(),
  tryNumber: version,
  passed: z.boolean({ error: isBoolean }),
  certainty: z.union([z.literal(1), z.literal(2), z.literal(3)], { error: 'must be 1, 2 or 3' }).optional(),
  itemVersion: version.optional(),
});
const finishAttemptSchema = z.object({
  attemptId: nonBlankText,
  at: isoInstant,
  score: fraction,
  passed: z.boolean({ error: isBoolean }),
});
const skillEstimateSchema = z.object({
  trainee: nonBlankText,
  skill: nonBlankText,
  at: isoInstant,
  rating: z.number({ error: 'must be a finite number' }),
});
const assignQuizSchema = z
  .object({
    quizId: nonBlankText,
    assignedBy: nonBlankText,
    at: isoInstant,
    dueAt: isoInstant.optional(),
    trainee: z.string({ error: 'must be a string' }).optional(),
    team: z.string({ error: 'must be a string' }).optional(),
  })
  // runs beside the fields' own checks, so it sees the raw input
  .refine((input) => isNonBlank(input.trainee) || isNonBlank(input.team), {
    path: ['trainee'],
    message: 'name a trainee or a team',
    when: () => true,
  });
const publishItemVersionSchema = z.object({
  itemId: nonBlankText,
  source: nonBlankText,
  publishedBy: nonBlankText,
  at: isoInstant,
  item: z.custom<object>((value) => value !== null && typeof value === 'object', 'must be the parsed item'),
});

/**
 * Applies the training tables (`trainingTables`) to the database unless this process has already done so for
 * this handle (a failure is not remembered: the next call tries again). Anything that reads the training tables
 * with SQL of its own awaits this first.
 */
export function migrateTrainingStore(db: Kysely<Database>): Promise<void> {
  return migrateOnce(db, trainingTables).then(() => undefined);
}

/**
 * Creates the training store over an open store's database (`openStore(...).db`); its tables are applied before
 * its first operation.
 */
export function createTrainingStore(store: { db: Kysely<Database> }): TrainingStore {
  // The training tables come from migration 0100_training; widen the schema type to include them.
  const db = store.db as unknown as Kysely<Database & TrainingTables>;
  const ready = migrateTrainingStore(store.db);

  async function loadAttempt(id: string): Promise<Selectable<TrainingAttemptsTable>> {
    const row = await db.selectFrom('training_attempts').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AttemptNotFound(id);
    return row;
  }

  return {
    async startAttempt(input) {
      await ready;
      parsePayload(startAttemptSchema, input);
      const row = await db
        .insertInto('training_attempts')
        .values({
          id: input.id ?? randomUUID(),
          quiz_id: input.quizId,
          quiz_title: input.quizTitle ?? null,
          trainee: input.trainee,
          status: 'in-progress',
          score: null,
          pass_mark: input.passMark ?? null,
          passed: null,
          started_at: input.at,
          finished_at: null,
          quiz_version: input.quizVersion ?? null,
          assignment_id: input.assignmentId ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toAttempt(row);
    },

    async recordResponse(input) {
      await ready;
      parsePayload(recordResponseSchema, input);
      const attempt = await loadAttempt(input.attemptId);
      if (attempt.status === 'finished') throw new AttemptFinished(input.attemptId);
      const penalty = input.penalty ?? 0;
      const row = await db
        .insertInto('training_responses')
        .values({
          attempt_id: input.attemptId,
          item_id: input.itemId,
          item_type: input.itemType,
          try_number: input.tryNumber,
          answer: JSON.stringify(input.answer ?? null),
          raw_score: input.rawScore,
          penalty,
          score: Math.max(0, input.rawScore - penalty),
          passed: input.passed,
          grade: JSON.stringify(input.grade ?? null),
          feedback: input.feedback ?? '',
          answered_at: input.at,
          item_version: input.itemVersion ?? null,
          certainty: input.certainty ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toResponse(row);
    },

    async finishAttempt(input) {
      await ready;
      parsePayload(finishAttemptSchema, input);
      await loadAttempt(input.attemptId);
      const row = await db
        .updateTable('training_attempts')
        .set({ status: 'finished', score: input.score, passed: input.passed, finished_at: input.at })
        .where('id', '=', input.attemptId)
        .where('status', '!=', 'finished')
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new AttemptFinished(input.attemptId);
      return toAttempt(row);
    },

    async getAttempt(id) {
      await ready;
      const attempt = toAttempt(await loadAttempt(id));
      const rows = await db
        .selectFrom('training_responses')
        .selectAll()
        .where('attempt_id', '=', id)
        .orderBy('answered_at')
        .orderBy('item_id')
        .orderBy('try_number')
        .execute();
      return { ...attempt, responses: rows.map(toResponse) };
    },

    async listAttempts(options = {}) {
      await ready;
      let query = db.selectFrom('training_attempts').selectAll();
      if (options.trainee !== undefined) query = query.where('trainee', '=', options.trainee);
      if (options.quizId !== undefined) query = query.where('quiz_id', '=', options.quizId);
      const rows = await query
        .orderBy('started_at', 'desc')
        .orderBy('id')
        .limit(options.limit ?? 100)
        .offset(options.offset ?? 0)
        .execute();
      return rows.map(toAttempt);
    },

    async traineeSummaries(options = {}) {
      await ready;
      let query = db
        .selectFrom('training_attempts')
        .select([
          'trainee',
          sql<string>`count(*)`.as('attempts'),
          sql<string>`count(*) filter (where status = 'finished')`.as('finished'),
          sql<string>`count(*) filter (where passed)`.as('passed'),
          sql<number | null>`avg(score) filter (where status = 'finished')`.as('mean_score'),
          sql<number | null>`max(score)`.as('best_score'),
          sql<Date>`max(started_at)`.as('last_attempt_at'),
        ])
        .groupBy('trainee')
        .orderBy('trainee');
      if (options.trainee !== undefined) query = query.where('trainee', '=', options.trainee);
      if (options.quizId !== undefined) query = query.where('quiz_id', '=', options.quizId);
      const rows = await query.execute();
      return rows.map((row) => ({
        trainee: row.trainee,
        attempts: Number(row.attempts),
        finished: Number(row.finished),
        passed: Number(row.passed),
        meanScore: row.mean_score === null ? null : Number(row.mean_score),
        bestScore: row.best_score === null ? null : Number(row.best_score),
        lastAttemptAt: toIso(row.last_attempt_at) as string,
      }));
    },

    async itemSummaries(options = {}) {
      await ready;
      let tries = db
        .selectFrom('training_responses as r')
        .innerJoin('training_attempts as a', 'a.id', 'r.attempt_id')
        .select([
          'r.attempt_id',
          'r.item_id',
          'r.item_type',
          sql<number>`max(r.try_number)`.as('tries'),
          sql<number>`(array_agg(r.score order by r.try_number desc))[1]`.as('final_score'),
          sql<boolean>`(array_agg(r.passed order by r.try_number desc))[1]`.as('final_passed'),
          sql<boolean>`bool_or(r.passed and r.try_number = 1)`.as('first_passed'),
        ])
        .groupBy(['r.attempt_id', 'r.item_id', 'r.item_type']);
      if (options.trainee !== undefined) tries = tries.where('a.trainee', '=', options.trainee);
      if (options.quizId !== undefined) tries = tries.where('a.quiz_id', '=', options.quizId);
      const rows = await db
        .selectFrom(tries.as('t'))
        .select([
          't.item_id',
          sql<string>`min(t.item_type)`.as('item_type'),
          sql<string>`count(*)`.as('responses'),
          sql<number>`avg(t.final_score)`.as('mean_score'),
          sql<number>`avg(case when t.final_passed then 1.0 else 0.0 end)`.as('pass_rate'),
          sql<number>`avg(case when t.first_passed then 1.0 else 0.0 end)`.as('first_try_pass_rate'),
          sql<number>`avg(t.tries)`.as('mean_tries'),
        ])
        .groupBy('t.item_id')
        .orderBy('t.item_id')
        .execute();
      return rows.map((row) => ({
        itemId: row.item_id,
        itemType: row.item_type,
        responses: Number(row.responses),
        meanScore: Number(row.mean_score),
        passRate: Number(row.pass_rate),
        firstTryPassRate: Number(row.first_try_pass_rate),
        meanTries: Number(row.mean_tries),
      }));
    },

    async saveSkillEstimate(input) {
      await ready;
      parsePayload(skillEstimateSchema, input);
      const values = {
        trainee: input.trainee,
        skill: input.skill,
        rating: input.rating,
        uncertainty: input.uncertainty ?? null,
        evidence: input.evidence ?? 0,
        updated_at: input.at,
      };
      const row = await db
        .insertInto('training_skill_estimates')
        .values(values)
        .onConflict((conflict) =>
          conflict.columns(['trainee', 'skill']).doUpdateSet({
            rating: values.rating,
            uncertainty: values.uncertainty,
            evidence: values.evidence,
            updated_at: values.updated_at,
          }),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      return {
        trainee: row.trainee,
        skill: row.skill,
        rating: Number(row.rating),
        uncertainty: row.uncertainty === null ? null : Number(row.uncertainty),
        evidence: Number(row.evidence),
        updatedAt: toIso(row.updated_at) as string,
      };
    },

    async skillEstimates(options = {}) {
      await ready;
      let query = db.selectFrom('training_skill_estimates').selectAll();
      if (options.trainee !== undefined) query = query.where('trainee', '=', options.trainee);
      const rows = await query.orderBy('trainee').orderBy('skill').execute();
      return rows.map((row) => ({
        trainee: row.trainee,
        skill: row.skill,
        rating: Number(row.rating),
        uncertainty: row.uncertainty === null ? null : Number(row.uncertainty),
        evidence: Number(row.evidence),
        updatedAt: toIso(row.updated_at) as string,
      }));
    },

    async assignQuiz(input) {
      await ready;
      parsePayload(assignQuizSchema, input);
      const row = await db
        .insertInto('training_assignments')
        .values({
          id: input.id ?? randomUUID(),
          quiz_id: input.quizId,
          trainee: input.trainee?.trim() || null,
          team: input.team?.trim() || null,
          assigned_by: input.assignedBy,
          assigned_at: input.at,
          due_at: input.dueAt ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toAssignment(row);
    },

    async listAssignments(options = {}) {
      await ready;
      let query = db.selectFrom('training_assignments').selectAll();
      const { trainee, team } = options;
      if (trainee !== undefined || team !== undefined) {
        query = query.where((where) =>
          where.or([
            ...(trainee !== undefined ? [where('trainee', '=', trainee)] : []),
            ...(team !== undefined
              ? [where.and([where('team', '=', team), where('trainee', 'is', null)])]
              : []),
          ]),
        );
      }
      const rows = await query.orderBy('assigned_at', 'desc').orderBy('id').execute();
      return rows.map(toAssignment);
    },

    async getAssignment(id) {
      await ready;
      const row = await db
        .selectFrom('training_assignments')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toAssignment(row) : undefined;
    },

    async publishItemVersion(input) {
      await ready;
      parsePayload(publishItemVersionSchema, input);
      return db.transaction().execute(async (transaction) => {
        const latest = await transaction
          .selectFrom('training_item_versions')
          .select(sql<number | null>`max(version)`.as('version'))
          .where('item_id', '=', input.itemId)
          .executeTakeFirst();
        const version = Number(latest?.version ?? 1) + 1;
        const row = await transaction
          .insertInto('training_item_versions')
          .values({
            item_id: input.itemId,
            version,
            source: input.source,
            item: JSON.stringify(input.item),
            published_by: input.publishedBy,
            published_at: input.at,
            note: input.note ?? null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const quizVersions: QuizVersion[] = [];
        for (const quiz of input.quizzes ?? []) {
          const versions = await transaction
            .selectFrom('training_item_versions')
            .select(['item_id', sql<number>`max(version)`.as('version')])
            .where('item_id', 'in', quiz.itemIds.length > 0 ? [...quiz.itemIds] : [''])
            .groupBy('item_id')
            .execute();
          const byItem = new Map(versions.map((entry) => [entry.item_id, Number(entry.version)]));
          const previous = await transaction
            .selectFrom('training_quiz_versions')
            .select(sql<number | null>`max(version)`.as('version'))
            .where('quiz_id', '=', quiz.quizId)
            .executeTakeFirst();
          const items = quiz.itemIds.map((id) => ({ id, version: byItem.get(id) ?? 1 }));
          const quizVersion = Number(previous?.version ?? 1) + 1;
          await transaction
            .insertInto('training_quiz_versions')
            .values({
              quiz_id: quiz.quizId,
              version: quizVersion,
              items: JSON.stringify(items),
              published_at: input.at,
            })
            .execute();
          quizVersions.push({ quizId: quiz.quizId, version: quizVersion, items, publishedAt: input.at });
        }
        return { itemVersion: toItemVersion(row), quizVersions };
      });
    },

    async itemVersions(itemId) {
      await ready;
      const rows = await db
        .selectFrom('training_item_versions')
        .selectAll()
        .where('item_id', '=', itemId)
        .orderBy('version', 'desc')
        .execute();
      return rows.map(toItemVersion);
    },

    async latestItemVersions() {
      await ready;
      const rows = await db
        .selectFrom('training_item_versions as v')
        .selectAll('v')
        .where(({ eb, selectFrom }) =>
          eb(
            'v.version',
            '=',
            selectFrom('training_item_versions as w')
              .select(sql<number>`max(w.version)`.as('version'))
              .whereRef('w.item_id', '=', 'v.item_id'),
          ),
        )
        .orderBy('v.item_id')
        .execute();
      return rows.map(toItemVersion);
    },

    async latestQuizVersion(quizId) {
      await ready;
      const row = await db
        .selectFrom('training_quiz_versions')
        .selectAll()
        .where('quiz_id', '=', quizId)
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (!row) return undefined;
      return {
        quizId: row.quiz_id,
        version: Number(row.version),
        items: row.items,
        publishedAt: toIso(row.published_at),
      };
    },
  };
}

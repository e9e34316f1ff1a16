import { randomUUID } from 'node:crypto';
import {
  type Database,
  InvalidPayload,
  isNonBlank,
  isoInstant,
  migrateOnce,
  nonBlankText,
  parsePayload,
  toIso,
} from '@kefu/runtime';
import {
  type AutoFailReason,
  type CalibrationReport,
  type CertificationDecision,
  type CriterionRating,
  calibrateReviewers,
  certifyAbility,
  InvalidScorecard,
  mean,
  type ReviewScore,
  type Scorecard,
  type SectionResult,
  scoreReview,
  standardDeviation,
} from '@kefu/scoring';
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import { z } from 'zod';
import { ReviewConflict, ReviewRecordNotFound } from './review-errors.js';
import {
  type ReviewsCalibrationSessionsTable,
  type ReviewsCoachingNotesTable,
  type ReviewsItemsTable,
  type ReviewsQueueTable,
  type ReviewsTable,
  type ReviewTables,
  reviewTables,
} from './review-schema.js';
import { type SampledComplaint, weekOf } from './sample-for-review.js';

export type ReviewKind = 'review' | 'calibration' | 'agreed';

export interface QueueEntry {
  complaintId: string;
  agent: string;
  week: string;
  reason: SampledComplaint['reason'];
  status: 'open' | 'reviewed';
  reviewId: string | null;
  enqueuedAt: string;
}

/** A rating the script grader suggested before the reviewer rated the criterion. */
export interface RatingSuggestion {
  criterionId: string;
  rating: CriterionRating;
  evidence: string;
}

export interface ReviewItem {
  criterionId: string;
  rating: CriterionRating;
  comment: string | null;
  suggestedRating: CriterionRating | null;
  suggestionEvidence: string | null;
  /** `confirmed` (the reviewer kept the grader's rating) or `overridden`; null when nothing was suggested. */
  decision: 'confirmed' | 'overridden' | null;
}

export interface StoredReview {
  id: string;
  kind: ReviewKind;
  sessionId: string | null;
  scorecardId: string;
  scorecardVersion: number;
  reviewer: string;
  agent: string;
  complaintId: string;
  /** 0..1; 0 when a critical criterion failed. */
  score: number;
  /** 0..1 before any critical failure. */
  weightedScore: number;
  passed: boolean;
  criticalFailures: AutoFailReason[];
  sections: SectionResult[];
  items: ReviewItem[];
  reviewedAt: string;
}

export interface RecordReviewInput {
  /** The scorecard version the reviewer used (the review records its id and version). */
  scorecard: Scorecard;
  reviewer: string;
  agent: string;
  complaintId: string;
  /** criterion id → rating ("yes", "no", "na" or points). */
  ratings: Record<string, CriterionRating>;
  comments?: Record<string, string>;
  /** What the grader suggested; each is recorded with the reviewer's decision. */
  suggestions?: readonly RatingSuggestion[];
  at: string;
  id?: string;
}

export interface CalibrationSession {
  id: string;
  title: string;
  scorecardId: string;
  scorecardVersion: number;
  complaintIds: string[];
  reviewers: string[];
  status: 'open' | 'closed';
  createdBy: string;
  createdAt: string;
  closedBy: string | null;
  closedAt: string | null;
}

export interface CreateSessionInput {
  title: string;
  scorecard: Scorecard;
  complaintIds: readonly string[];
  reviewers: readonly string[];
  createdBy: string;
  at: string;
  id?: string;
}

/** Who has scored what in a session, without the scores (what may be shown while it is open). */
export interface SessionProgress {
  reviewer: string;
  complaintIds: string[];
}

export interface AgreedScoreInput {
  complaintId: string;
  agent: string;
  ratings: Record<string, CriterionRating>;
  comments?: Record<string, string>;
}

export interface CloseSessionInput {
  sessionId: string;
  scorecard: Scorecard;
  closedBy: string;
  /** The score the reviewers agreed on, for every complaint of the session. */
  agreed: readonly AgreedScoreInput[];
  at: string;
}

export interface CoachingNote {
  id: string;
  reviewId: string;
  agent: string;
  author: string;
  text: string;
  createdAt: string;
  acknowledgedAt: string | null;
  acknowledgement: string | null;
}

export interface QualityWeek {
  week: string;
  reviews: number;
  meanScore: number;
  passRate: number;
}

export interface AgentQuality {
  agent: string;
  /** QA reviews and agreed calibration scores (blind calibration scores are not counted). */
  reviews: number;
  meanScore: number | null;
  /** One row per week with reviews, oldest first. */
  trend: QualityWeek[];
  /** Null with fewer than two reviews: no standard error to bound the mean with. */
  certification: CertificationDecision | null;
}

export interface ListReviewsOptions {
  agent?: string;
  reviewer?: string;
  complaintId?: string;
  sessionId?: string;
  kinds?: readonly ReviewKind[];
  limit?: number;
}

/**
 * Reads and writes QA reviews: the review queue, scored reviews with each criterion's rating, comment and the
 * grader's suggestion, calibration sessions and coaching notes. Every write validates its input first
 * (`InvalidPayload`, nothing written); `ReviewRecordNotFound` and `ReviewConflict` are the other refusals.
 */
export interface ReviewStore {
  /** Adds sampled complaints to the queue; one already queued stays as it is. Returns how many were added. */
  enqueue(entries: readonly SampledComplaint[], at: string): Promise<number>;
  /** Oldest week first, then agent. */
  queue(options?: { status?: 'open' | 'reviewed'; agent?: string; limit?: number }): Promise<QueueEntry[]>;
  /** Scores and stores a QA review (`kind: review`) and marks the complaint reviewed in the queue. */
  recordReview(input: RecordReviewInput): Promise<StoredReview>;
  getReview(id: string): Promise<StoredReview>;
  /** Newest first. */
  listReviews(options?: ListReviewsOptions): Promise<StoredReview[]>;
  createSession(input: CreateSessionInput): Promise<CalibrationSession>;
  getSession(id: string): Promise<CalibrationSession>;
  /** Newest first; `reviewer` limits to the sessions they take part in or created. */
  listSessions(options?: { reviewer?: string }): Promise<CalibrationSession[]>;
  /** A reviewer's blind score of one complaint of an open session (once per complaint). */
  recordCalibrationScore(input: RecordReviewInput & { sessionId: string }): Promise<StoredReview>;
  progress(sessionId: string): Promise<SessionProgress[]>;
  /** Closes an open session with the agreed scores (stored as `kind: agreed` reviews) and returns its report. */
  closeSession(input: CloseSessionInput): Promise<CalibrationReport>;
  /** The kappas, leans and disagreements of a session's blind scores. */
  calibrationReport(sessionId: string, scorecard: Scorecard): Promise<CalibrationReport>;
  addCoachingNote(input: {
    reviewId: string;
    author: string;
    text: string;
    at: string;
    id?: string;
  }): Promise<CoachingNote>;
  /** Only the note's agent may acknowledge it, once. */
  acknowledgeCoaching(input: {
    noteId: string;
    agent: string;
    comment?: string;
    at: string;
  }): Promise<CoachingNote>;
  /** Newest first. */
  coachingNotes(options?: { agent?: string; reviewId?: string }): Promise<CoachingNote[]>;
  getCoachingNote(id: string): Promise<CoachingNote>;
  /** The agent's weekly quality trend and certification against `cutScore` (default: 0.8). */
  agentQuality(agent: string, options?: { cutScore?: number; z?: number }): Promise<AgentQuality>;
}

function ratingToText(rating: CriterionRating): string {
  return String(rating);
}

function ratingFromText(text: string): CriterionRating {
  return /^\d+$/.test(text) ? Number(text) : (text as CriterionRating);
}

const shortText = 'must be text of at most 2000 characters';

/** Ids without repeats, at least `least` of them; every problem is reported on the list itself. */
const distinctIds = (least: number, message: string) =>
  z
    .array(z.unknown(), { error: message })
    .refine((ids) => ids.every(isNonBlank) && new Set(ids).size >= least, message)
    .transform((ids) => [...new Set(ids as string[])]);

const enqueueSchema = z.object({
  at: isoInstant,
  entries: z.array(
    z.object(
      {
        complaintId: nonBlankText,
        agent: nonBlankText,
        reason: z.enum(['sample', 'breached', 'unsatisfied'], {
          error: 'must be sample, breached or unsatisfied',
        }),
      },
      { error: 'must be a sampled complaint' },
    ),
    { error: 'must be a list of sampled complaints' },
  ),
});
const reviewSchema = z.object({
  reviewer: nonBlankText,
  agent: nonBlankText,
  complaintId: nonBlankText,
  at: isoInstant,
  ratings: z.record(z.string(), z.unknown(), { error: 'must be an object of criterion id → rating' }),
  comments: z
    .record(z.string(), z.string({ error: shortText }).max(2000, shortText), {
      error: 'must be an object of criterion id → comment',
    })
    .nullish(),
});
const sessionSchema = z.object({
  title: nonBlankText,
  createdBy: nonBlankText,
  at: isoInstant,
  complaintIds: distinctIds(1, 'needs at least 1 complaint id'),
  reviewers: distinctIds(2, 'needs at least 2 different reviewers'),
});
const closeSchema = z.object({ closedBy: nonBlankText, at: isoInstant });
const coachingNoteSchema = z.object({
  reviewId: nonBlankText,
  author: nonBlankText,
  text: nonBlankText.refine((value) => value.length <= 4000, 'must be at most 4000 characters'),
  at: isoInstant,
});
const acknowledgementSchema = z.object({
  noteId: nonBlankText,
  agent: nonBlankText,
  at: isoInstant,
  comment: z.string({ error: shortText }).max(2000, shortText).optional(),
});

/** Scores the ratings with the scorecard, turning the scorer's refusal into `InvalidPayload`. */
function score(input: RecordReviewInput): ReviewScore {
  try {
    return scoreReview(input.scorecard, {
      scorecardId: input.scorecard.id,
      scorecardVersion: input.scorecard.version,
      interactionId: input.complaintId,
      reviewerId: input.reviewer,
      ratings: input.ratings,
      ...(input.comments ? { comments: input.comments } : {}),
    });
  } catch (error) {
    if (error instanceof InvalidScorecard) {
      throw new InvalidPayload(
        'input',
        error.issues.map((issue) => ({ path: issue.path, message: issue.message })),
      );
    }
    throw error;
  }
}

/** Applies the review tables (`reviewTables`) once per database handle. */
export function migrateReviewStore(db: Kysely<Database>): Promise<void> {
  return migrateOnce(db, reviewTables).then(() => undefined);
}

type ReviewDb = Kysely<Database & ReviewTables>;

function toQueueEntry(row: Selectable<ReviewsQueueTable>): QueueEntry {
  return {
    complaintId: row.complaint_id,
    agent: row.agent,
    week: row.week,
    reason: row.reason as QueueEntry['reason'],
    status: row.status === 'reviewed' ? 'reviewed' : 'open',
    reviewId: row.review_id,
    enqueuedAt: toIso(row.enqueued_at) as string,
  };
}

function toSession(row: Selectable<ReviewsCalibrationSessionsTable>): CalibrationSession {
  return {
    id: row.id,
    title: row.title,
    scorecardId: row.scorecard_id,
    scorecardVersion: row.scorecard_version,
    complaintIds: row.complaint_ids,
    reviewers: row.reviewers,
    status: row.status === 'closed' ? 'closed' : 'open',
    createdBy: row.created_by,
    createdAt: toIso(row.created_at) as string,
    closedBy: row.closed_by,
    closedAt: toIso(row.closed_at),
  };
}

function toNote(row: Selectable<ReviewsCoachingNotesTable>): CoachingNote {
  return {
    id: row.id,
    reviewId: row.review_id,
    agent: row.agent,
    author: row.author,
    text: row.text,
    createdAt: toIso(row.created_at) as string,
    acknowledgedAt: toIso(row.acknowledged_at),
    acknowledgement: row.acknowledgement,
  };
}

function toReview(row: Selectable<ReviewsTable>, items: Selectable<ReviewsItemsTable>[]): StoredReview {
  return {
    id: row.id,
    kind: row.kind as ReviewKind,
    sessionId: row.session_id,
    scorecardId: row.scorecard_id,
    scorecardVersion: row.scorecard_version,
    reviewer: row.reviewer,
    agent: row.agent,
    complaintId: row.complaint_id,
    score: Number(row.score),
    weightedScore: Number(row.weighted_score),
    passed: row.passed,
    criticalFailures: row.critical_failures as AutoFailReason[],
    sections: row.sections as SectionResult[],
    items: items.map((item) => ({
      criterionId: item.criterion_id,
      rating: ratingFromText(item.rating),
      comment: item.comment,
      suggestedRating: item.suggested_rating === null ? null : ratingFromText(item.suggested_rating),
      suggestionEvidence: item.suggestion_evidence,
      decision: item.decision as ReviewItem['decision'],
    })),
    reviewedAt: toIso(row.reviewed_at) as string,
  };
}

/** Creates the review store over an open store's database; its tables are applied before its first operation. */
export function createReviewStore(store: { db: Kysely<Database> }): ReviewStore {
  const db = store.db as unknown as ReviewDb;
  const ready = migrateReviewStore(store.db);

  function validateReview(input: RecordReviewInput): void {
    parsePayload(reviewSchema, input);
  }

  async function insertReview(
    trx: Transaction<Database & ReviewTables>,
    input: RecordReviewInput,
    kind: ReviewKind,
    sessionId: string | null,
    scored: ReviewScore,
  ): Promise<StoredReview> {
    const id = input.id ?? randomUUID();
    const row = await trx
      .insertInto('reviews')
      .values({
        id,
        kind,
        session_id: sessionId,
        scorecard_id: input.scorecard.id,
        scorecard_version: input.scorecard.version,
        reviewer: input.reviewer,
        agent: input.agent,
        complaint_id: input.complaintId,
        score: scored.score,
        weighted_score: scored.weightedScore,
        passed: scored.passed,
        critical_failures: JSON.stringify(scored.autoFailReasons),
        sections: JSON.stringify(scored.sections),
        reviewed_at: input.at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const suggestions = new Map(
      (input.suggestions ?? []).map((suggestion) => [suggestion.criterionId, suggestion]),
    );
    const items = scored.sections.flatMap((section) =>
      section.criteria.map((criterion) => {
        const suggestion = suggestions.get(criterion.criterionId);
        return {
          review_id: id,
          criterion_id: criterion.criterionId,
          rating: ratingToText(criterion.rating),
          comment: input.comments?.[criterion.criterionId]?.trim() || null,
          suggested_rating: suggestion ? ratingToText(suggestion.rating) : null,
          suggestion_evidence: suggestion?.evidence ?? null,
          decision: suggestion
            ? ratingToText(suggestion.rating) === ratingToText(criterion.rating)
              ? 'confirmed'
              : 'overridden'
            : null,
        };
      }),
    );
    const itemRows = items.length
      ? await trx.insertInto('reviews_items').values(items).returningAll().execute()
      : [];
    return toReview(row, itemRows);
  }

  async function loadReviews(rows: Selectable<ReviewsTable>[]): Promise<StoredReview[]> {
    if (rows.length === 0) return [];
    const items = await db
      .selectFrom('reviews_items')
      .selectAll()
      .where(
        'review_id',
        'in',
        rows.map((row) => row.id),
      )
      .execute();
    const byReview = new Map<string, Selectable<ReviewsItemsTable>[]>();
    for (const item of items) {
      const list = byReview.get(item.review_id) ?? [];
      list.push(item);
      byReview.set(item.review_id, list);
    }
    return rows.map((row) => toReview(row, byReview.get(row.id) ?? []));
  }

  async function loadSession(id: string): Promise<CalibrationSession> {
    const row = await db
      .selectFrom('reviews_calibration_sessions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new ReviewRecordNotFound('calibration session', id);
    return toSession(row);
  }

  async function sessionScores(sessionId: string): Promise<StoredReview[]> {
    const rows = await db
      .selectFrom('reviews')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where('kind', '=', 'calibration')
      .orderBy('reviewed_at')
      .orderBy('id')
      .execute();
    return loadReviews(rows);
  }

  function report(scorecard: Scorecard, scores: StoredReview[]): CalibrationReport {
    return calibrateReviewers(
      scorecard,
      scores.map((review) => ({
        scorecardId: review.scorecardId,
        scorecardVersion: review.scorecardVersion,
        interactionId: review.complaintId,
        reviewerId: review.reviewer,
        ratings: Object.fromEntries(review.items.map((item) => [item.criterionId, item.rating])),
      })),
    );
  }

  async function loadNote(id: string): Promise<Selectable<ReviewsCoachingNotesTable>> {
    const row = await db
      .selectFrom('reviews_coaching_notes')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new ReviewRecordNotFound('coaching note', id);
    return row;
  }

  return {
    async enqueue(entries, at) {
      await ready;
      parsePayload(enqueueSchema, { entries, at });
      if (entries.length === 0) return 0;
      // A complaint reviewed before it was sampled enters the queue as reviewed.
      const reviewed = await db
        .selectFrom('reviews')
        .select(['complaint_id', 'id'])
        .where('kind', '=', 'review')
        .where(
          'complaint_id',
          'in',
          entries.map((entry) => entry.complaintId),
        )
        .orderBy('reviewed_at')
        .execute();
      const reviewOf = new Map(reviewed.map((row) => [row.complaint_id, row.id]));
      const added = await db
        .insertInto('reviews_queue')
        .values(
          entries.map((entry) => ({
            complaint_id: entry.complaintId,
            agent: entry.agent,
            week: entry.week,
            reason: entry.reason,
            status: reviewOf.has(entry.complaintId) ? 'reviewed' : 'open',
            review_id: reviewOf.get(entry.complaintId) ?? null,
            enqueued_at: at,
          })),
        )
        .onConflict((conflict) => conflict.column('complaint_id').doNothing())
        .returning('complaint_id')
        .execute();
      return added.length;
    },

    async queue(options = {}) {
      await ready;
      let query = db.selectFrom('reviews_queue').selectAll();
      if (options.status) query = query.where('status', '=', options.status);
      if (options.agent) query = query.where('agent', '=', options.agent);
      const rows = await query
        .orderBy('week')
        .orderBy('agent')
        .orderBy('complaint_id')
        .limit(options.limit ?? 200)
        .execute();
      return rows.map(toQueueEntry);
    },

    async recordReview(input) {
      await ready;
      validateReview(input);
      const scored = score(input);
      return db.transaction().execute(async (trx) => {
        const review = await insertReview(trx, input, 'review', null, scored);
        await trx
          .updateTable('reviews_queue')
          .set({ status: 'reviewed', review_id: review.id })
          .where('complaint_id', '=', input.complaintId)
          .execute();
        return review;
      });
    },

    async getReview(id) {
      await ready;
      const row = await db.selectFrom('reviews').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw new ReviewRecordNotFound('review', id);
      return (await loadReviews([row]))[0] as StoredReview;
    },

    async listReviews(options = {}) {
      await ready;
      let query = db.selectFrom('reviews').selectAll();
      if (options.agent !== undefined) query = query.where('agent', '=', options.agent);
      if (options.reviewer !== undefined) query = query.where('reviewer', '=', options.reviewer);
      if (options.complaintId !== undefined) query = query.where('complaint_id', '=', options.complaintId);
      if (options.sessionId !== undefined) query = query.where('session_id', '=', options.sessionId);
      if (options.kinds !== undefined) query = query.where('kind', 'in', [...options.kinds]);
      const rows = await query
        .orderBy('reviewed_at', 'desc')
        .orderBy('id')
        .limit(options.limit ?? 100)
        .execute();
      return loadReviews(rows);
    },

    async createSession(input) {
      await ready;
      const { complaintIds, reviewers } = parsePayload(sessionSchema, input);
      const row = await db
        .insertInto('reviews_calibration_sessions')
        .values({
          id: input.id ?? randomUUID(),
          title: input.title.trim(),
          scorecard_id: input.scorecard.id,
          scorecard_version: input.scorecard.version,
          complaint_ids: JSON.stringify(complaintIds),
          reviewers: JSON.stringify(reviewers),
          status: 'open',
          created_by: input.createdBy,
          created_at: input.at,
          closed_by: null,
          closed_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toSession(row);
    },

    async getSession(id) {
      await ready;
      return loadSession(id);
    },

    async listSessions(options = {}) {
      await ready;
      let query = db.selectFrom('reviews_calibration_sessions').selectAll();
      if (options.reviewer !== undefined) {
        const reviewer = options.reviewer;
        query = query.where((eb) =>
          eb.or([
            eb('created_by', '=', reviewer),
            sql<boolean>`reviewers @> ${JSON.stringify([reviewer])}::jsonb`,
          ]),
        );
      }
      const rows = await query.orderBy('created_at', 'desc').orderBy('id').execute();
      return rows.map(toSession);
    },

    async recordCalibrationScore(input) {
      await ready;
      validateReview(input);
      const session = await loadSession(input.sessionId);
      if (session.status !== 'open')
        throw new ReviewConflict(`Calibration session "${session.id}" is closed`, { sessionId: session.id });
      if (!session.reviewers.includes(input.reviewer))
        throw new ReviewConflict(
          `"${input.reviewer}" is not a reviewer of calibration session "${session.id}"`,
          {
            sessionId: session.id,
          },
        );
      if (!session.complaintIds.includes(input.complaintId))
        throw new ReviewConflict(
          `Complaint "${input.complaintId}" is not part of calibration session "${session.id}"`,
          {
            sessionId: session.id,
          },
        );
      if (input.scorecard.id !== session.scorecardId || input.scorecard.version !== session.scorecardVersion)
        throw new ReviewConflict(
          `Calibration session "${session.id}" uses "${session.scorecardId}" v${session.scorecardVersion}`,
          { sessionId: session.id },
        );
      const scored = score(input);
      const existing = await db
        .selectFrom('reviews')
        .select('id')
        .where('session_id', '=', session.id)
        .where('kind', '=', 'calibration')
        .where('reviewer', '=', input.reviewer)
        .where('complaint_id', '=', input.complaintId)
        .executeTakeFirst();
      if (existing)
        throw new ReviewConflict(
          `"${input.reviewer}" has already scored "${input.complaintId}" in this session`,
          {
            sessionId: session.id,
          },
        );
      return db.transaction().execute((trx) => insertReview(trx, input, 'calibration', session.id, scored));
    },

    async progress(sessionId) {
      await ready;
      const session = await loadSession(sessionId);
      const rows = await db
        .selectFrom('reviews')
        .select(['reviewer', 'complaint_id'])
        .where('session_id', '=', sessionId)
        .where('kind', '=', 'calibration')
        .execute();
      return session.reviewers.map((reviewer) => ({
        reviewer,
        complaintIds: session.complaintIds.filter((complaintId) =>
          rows.some((row) => row.reviewer === reviewer && row.complaint_id === complaintId),
        ),
      }));
    },

    async closeSession(input) {
      await ready;
      parsePayload(closeSchema, input);
      const session = await loadSession(input.sessionId);
      if (session.status !== 'open')
        throw new ReviewConflict(`Calibration session "${session.id}" is already closed`, {
          sessionId: session.id,
        });
      const agreedIds = new Set(input.agreed.map((agreed) => agreed.complaintId));
      const missing = session.complaintIds.filter((complaintId) => !agreedIds.has(complaintId));
      const extra = [...agreedIds].filter((complaintId) => !session.complaintIds.includes(complaintId));
      if (missing.length || extra.length || agreedIds.size !== input.agreed.length) {
        throw new InvalidPayload('input', [
          {
            path: 'agreed',
            message: `needs one agreed score for each complaint of the session (${session.complaintIds.join(', ')})`,
          },
        ]);
      }
      const scores = await sessionScores(session.id);
      const unscored = session.reviewers.filter(
        (reviewer) => !scores.some((review) => review.reviewer === reviewer),
      );
      if (scores.length === 0 || unscored.length === session.reviewers.length)
        throw new ReviewConflict(`Nobody has scored calibration session "${session.id}" yet`, {
          sessionId: session.id,
        });
      const agreedInputs = input.agreed.map((agreed) => ({
        scorecard: input.scorecard,
        reviewer: input.closedBy,
        agent: agreed.agent,
        complaintId: agreed.complaintId,
        ratings: agreed.ratings,
        ...(agreed.comments ? { comments: agreed.comments } : {}),
        at: input.at,
      }));
      for (const agreed of agreedInputs) validateReview(agreed);
      const scored = agreedInputs.map((agreed) => score(agreed));
      const calibration = report(input.scorecard, scores);
      await db.transaction().execute(async (trx) => {
        for (const [index, agreed] of agreedInputs.entries())
          await insertReview(trx, agreed, 'agreed', session.id, scored[index] as ReviewScore);
        const closed = await trx
          .updateTable('reviews_calibration_sessions')
          .set({ status: 'closed', closed_by: input.closedBy, closed_at: input.at })
          .where('id', '=', session.id)
          .where('status', '=', 'open')
          .returning('id')
          .executeTakeFirst();
        if (!closed)
          throw new ReviewConflict(`Calibration session "${session.id}" is already closed`, {
            sessionId: session.id,
          });
      });
      return calibration;
    },

    async calibrationReport(sessionId, scorecard) {
      await ready;
      await loadSession(sessionId);
      return report(scorecard, await sessionScores(sessionId));
    },

    async addCoachingNote(input) {
      await ready;
      parsePayload(coachingNoteSchema, input);
      const review = await db
        .selectFrom('reviews')
        .select(['id', 'agent', 'kind'])
        .where('id', '=', input.reviewId)
        .executeTakeFirst();
      if (!review) throw new ReviewRecordNotFound('review', input.reviewId);
      if (review.kind === 'calibration')
        throw new ReviewConflict(
          'Coaching follows a QA review or an agreed score, not a blind calibration score',
          {
            reviewId: review.id,
          },
        );
      const row = await db
        .insertInto('reviews_coaching_notes')
        .values({
          id: input.id ?? randomUUID(),
          review_id: review.id,
          agent: review.agent,
          author: input.author,
          text: input.text.trim(),
          created_at: input.at,
          acknowledged_at: null,
          acknowledgement: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toNote(row);
    },

    async acknowledgeCoaching(input) {
      await ready;
      parsePayload(acknowledgementSchema, input);
      const note = await loadNote(input.noteId);
      if (note.agent !== input.agent)
        throw new ReviewConflict(`Coaching note "${note.id}" is for another agent`, { noteId: note.id });
      const row = await db
        .updateTable('reviews_coaching_notes')
        .set({ acknowledged_at: input.at, acknowledgement: input.comment?.trim() || null })
        .where('id', '=', note.id)
        .where('acknowledged_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      if (!row)
        throw new ReviewConflict(`Coaching note "${note.id}" is already acknowledged`, { noteId: note.id });
      return toNote(row);
    },

    async coachingNotes(options = {}) {
      await ready;
      let query = db.selectFrom('reviews_coaching_notes').selectAll();
      if (options.agent !== undefined) query = query.where('agent', '=', options.agent);
      if (options.reviewId !== undefined) query = query.where('review_id', '=', options.reviewId);
      const rows = await query.orderBy('created_at', 'desc').orderBy('id').execute();
      return rows.map(toNote);
    },

    async getCoachingNote(id) {
      await ready;
      return toNote(await loadNote(id));
    },

    async agentQuality(agent, options = {}) {
      await ready;
      const rows = await db
        .selectFrom('reviews')
        .select(['score', 'passed', 'reviewed_at'])
        .where('agent', '=', agent)
        .where('kind', 'in', ['review', 'agreed'])
        .orderBy('reviewed_at')
        .execute();
      const scores = rows.map((row) => Number(row.score));
      const weeks = new Map<string, { scores: number[]; passed: number }>();
      for (const row of rows) {
        const week = weekOf(toIso(row.reviewed_at) as string);
        const entry = weeks.get(week) ?? { scores: [], passed: 0 };
        entry.scores.push(Number(row.score));
        if (row.passed) entry.passed++;
        weeks.set(week, entry);
      }
      const cutScore = options.cutScore ?? 0.8;
      return {
        agent,
        reviews: rows.length,
        meanScore: scores.length ? mean(scores) : null,
        trend: [...weeks.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([week, entry]) => ({
            week,
            reviews: entry.scores.length,
            meanScore: mean(entry.scores),
            passRate: entry.passed / entry.scores.length,
          })),
        certification:
          scores.length < 2
            ? null
            : certifyAbility({
                ability: mean(scores),
                standardError: standardDeviation(scores, 'sample') / Math.sqrt(scores.length),
                cutScore,
                ...(options.z === undefined ? {} : { z: options.z }),
              }),
      };
    },
  };
}

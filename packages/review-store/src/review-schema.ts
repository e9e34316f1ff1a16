import type { Migration } from '@kefu/runtime';
import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

/** A complaint waiting for (or given) a QA review: one row per complaint. */
export interface ReviewsQueueTable {
  complaint_id: string;
  agent: string;
  /** The Monday (UTC, `YYYY-MM-DD`) of the week the complaint was opened. */
  week: string;
  /** `sample`, `breached` or `unsatisfied`. */
  reason: string;
  /** `open` until reviewed, then `reviewed`. */
  status: string;
  review_id: string | null;
  enqueued_at: Timestamp;
}

/** One reviewer's scored review of one complaint with one scorecard version. */
export interface ReviewsTable {
  id: string;
  /** `review` (a QA review), `calibration` (a blind calibration score) or `agreed` (a session's agreed score). */
  kind: string;
  session_id: string | null;
  scorecard_id: string;
  scorecard_version: number;
  reviewer: string;
  agent: string;
  complaint_id: string;
  score: number;
  weighted_score: number;
  passed: boolean;
  /** The critical criteria rated "no" (`AutoFailReason[]`). */
  critical_failures: Json;
  /** The scored sections as `scoreReview` returned them. */
  sections: Json;
  reviewed_at: Timestamp;
}

/** One criterion of one review: the rating, the comment and what the grader had suggested. */
export interface ReviewsItemsTable {
  review_id: string;
  criterion_id: string;
  rating: string;
  comment: string | null;
  suggested_rating: string | null;
  suggestion_evidence: string | null;
  /** `confirmed` or `overridden` when the grader suggested a rating; null otherwise. */
  decision: string | null;
}

export interface ReviewsCalibrationSessionsTable {
  id: string;
  title: string;
  scorecard_id: string;
  scorecard_version: number;
  complaint_ids: Json<string[]>;
  reviewers: Json<string[]>;
  /** `open` while reviewers score blind, `closed` once the agreed scores are in. */
  status: string;
  created_by: string;
  created_at: Timestamp;
  closed_by: string | null;
  closed_at: Timestamp | null;
}

export interface ReviewsCoachingNotesTable {
  id: string;
  review_id: string;
  agent: string;
  author: string;
  text: string;
  created_at: Timestamp;
  acknowledged_at: Timestamp | null;
  acknowledgement: string | null;
}

/** The review tables (migration `reviews_0001_tables`); use as `Kysely<Database & ReviewTables>`. */
export interface ReviewTables {
  reviews_queue: ReviewsQueueTable;
  reviews: ReviewsTable;
  reviews_items: ReviewsItemsTable;
  reviews_calibration_sessions: ReviewsCalibrationSessionsTable;
  reviews_coaching_notes: ReviewsCoachingNotesTable;
}

/** The SQL of migration `reviews_0001_tables`: the same on PGlite and PostgreSQL. */
export const reviewMigrationSql = `
  create table reviews_queue (
    complaint_id text primary key,
    agent text not null,
    week text not null,
    reason text not null,
    status text not null,
    review_id text,
    enqueued_at timestamptz not null
  );
  create index reviews_queue_status on reviews_queue (status, week, agent);
  create table reviews_calibration_sessions (
    id text primary key,
    title text not null,
    scorecard_id text not null,
    scorecard_version integer not null,
    complaint_ids jsonb not null,
    reviewers jsonb not null,
    status text not null,
    created_by text not null,
    created_at timestamptz not null,
    closed_by text,
    closed_at timestamptz
  );
  create table reviews (
    id text primary key,
    kind text not null,
    session_id text references reviews_calibration_sessions (id),
    scorecard_id text not null,
    scorecard_version integer not null,
    reviewer text not null,
    agent text not null,
    complaint_id text not null,
    score double precision not null,
    weighted_score double precision not null,
    passed boolean not null,
    critical_failures jsonb not null,
    sections jsonb not null,
    reviewed_at timestamptz not null
  );
  create index reviews_agent on reviews (agent, reviewed_at);
  create index reviews_complaint on reviews (complaint_id);
  create unique index reviews_session_score on reviews (session_id, kind, reviewer, complaint_id)
    where session_id is not null;
  create table reviews_items (
    review_id text not null references reviews (id),
    criterion_id text not null,
    rating text not null,
    comment text,
    suggested_rating text,
    suggestion_evidence text,
    decision text,
    primary key (review_id, criterion_id)
  );
  create table reviews_coaching_notes (
    id text primary key,
    review_id text not null references reviews (id),
    agent text not null,
    author text not null,
    text text not null,
    created_at timestamptz not null,
    acknowledged_at timestamptz,
    acknowledgement text
  );
  create index reviews_coaching_agent on reviews_coaching_notes (agent, created_at desc);
`;

/** The review store's tables, for `migrate(db, reviewTables)` (`createReviewStore` applies them itself). */
export const reviewTables: readonly Migration[] = [{ id: 'reviews_0001_tables', up: reviewMigrationSql }];

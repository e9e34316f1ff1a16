import type { Migration } from '@kefu/runtime';
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

/** One trainee's run through one quiz. */
export interface TrainingAttemptsTable {
  id: string;
  quiz_id: string;
  quiz_title: string | null;
  trainee: string;
  /** `in-progress` until finished, then `finished`. */
  status: string;
  /** 0..1 after penalties; null until finished. */
  score: number | null;
  pass_mark: number | null;
  passed: boolean | null;
  started_at: Timestamp;
  finished_at: Timestamp | null;
}

/** One try at one item within an attempt, with the grader's explanation. */
export interface TrainingResponsesTable {
  attempt_id: string;
  item_id: string;
  item_type: string;
  try_number: number;
  answer: Json;
  raw_score: number;
  penalty: number;
  score: number;
  passed: boolean;
  grade: Json;
  feedback: string;
  answered_at: Timestamp;
}

/** The current ability estimate of one trainee in one skill. */
export interface TrainingSkillEstimatesTable {
  trainee: string;
  skill: string;
  rating: number;
  uncertainty: number | null;
  evidence: Generated<number>;
  updated_at: Timestamp;
}

/** The training tables (migration `0100_training`); use as `Kysely<Database & TrainingTables>`. */
export interface TrainingTables {
  training_attempts: TrainingAttemptsTable;
  training_responses: TrainingResponsesTable;
  training_skill_estimates: TrainingSkillEstimatesTable;
}

/** The SQL of migration `0100_training`: the same on PGlite and PostgreSQL. */
export const trainingMigrationSql = `
  create table training_attempts (
    id text primary key,
    quiz_id text not null,
    quiz_title text,
    trainee text not null,
    status text not null,
    score double precision,
    pass_mark double precision,
    passed boolean,
    started_at timestamptz not null,
    finished_at timestamptz
  );
  create index training_attempts_trainee on training_attempts (trainee, started_at desc);
  create index training_attempts_quiz on training_attempts (quiz_id, started_at desc);
  create table training_responses (
    attempt_id text not null references training_attempts (id),
    item_id text not null,
    item_type text not null,
    try_number integer not null,
    answer jsonb not null,
    raw_score double precision not null,
    penalty double precision not null default 0,
    score double precision not null,
    passed boolean not null,
    grade jsonb not null,
    feedback text not null default '',
    answered_at timestamptz not null,
    primary key (attempt_id, item_id, try_number)
  );
  create index training_responses_item on training_responses (item_id);
  create table training_skill_estimates (
    trainee text not null,
    skill text not null,
    rating double precision not null,
    uncertainty double precision,
    evidence integer not null default 0,
    updated_at timestamptz not null,
    primary key (trainee, skill)
  );
`;

/** The training store's tables, for `migrate(db, trainingTables)` (`createTrainingStore` applies them itself). */
export const trainingTables: readonly Migration[] = [{ id: '0100_training', up: trainingMigrationSql }];

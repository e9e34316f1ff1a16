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
  /** The quiz version the attempt was graded against (migration `trainer_0001_quiz_taking`). */
  quiz_version: ColumnType<number | null, number | null | undefined, number | null>;
  /** The assignment the attempt answers, if any. */
  assignment_id: ColumnType<string | null, string | null | undefined, string | null>;
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
  /** The item version the try was graded with (migration `trainer_0001_quiz_taking`). */
  item_version: ColumnType<number | null, number | null | undefined, number | null>;
  /** The trainee's certainty (1–3) with the try, when the quiz asks for one. */
  certainty: ColumnType<number | null, number | null | undefined, number | null>;
}

/** A quiz a trainer assigned to one trainee or to a whole team. */
export interface TrainingAssignmentsTable {
  id: string;
  quiz_id: string;
  trainee: string | null;
  team: string | null;
  assigned_by: string;
  assigned_at: Timestamp;
  due_at: Timestamp | null;
}

/** A published version of an item: its YAML as the trainer wrote it and the parsed item. */
export interface TrainingItemVersionsTable {
  item_id: string;
  version: number;
  source: string;
  item: Json;
  published_by: string;
  published_at: Timestamp;
  note: string | null;
}

/** A version of a quiz: which version of each item it is made of. */
export interface TrainingQuizVersionsTable {
  quiz_id: string;
  version: number;
  /** `[{ id, version }]` in quiz order. */
  items: Json<Array<{ id: string; version: number }>>;
  published_at: Timestamp;
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
  training_assignments: TrainingAssignmentsTable;
  training_item_versions: TrainingItemVersionsTable;
  training_quiz_versions: TrainingQuizVersionsTable;
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

/**
 * The SQL of migration `trainer_0001_quiz_taking`: quiz assignments, versioned items and quizzes, and on every
 * attempt and try the version it was graded with (and the try's certainty).
 */
export const quizTakingMigrationSql = `
  create table training_assignments (
    id text primary key,
    quiz_id text not null,
    trainee text,
    team text,
    assigned_by text not null,
    assigned_at timestamptz not null,
    due_at timestamptz,
    check (trainee is not null or team is not null)
  );
  create index training_assignments_trainee on training_assignments (trainee);
  create index training_assignments_team on training_assignments (team);
  create table training_item_versions (
    item_id text not null,
    version integer not null,
    source text not null,
    item jsonb not null,
    published_by text not null,
    published_at timestamptz not null,
    note text,
    primary key (item_id, version)
  );
  create table training_quiz_versions (
    quiz_id text not null,
    version integer not null,
    items jsonb not null,
    published_at timestamptz not null,
    primary key (quiz_id, version)
  );
  alter table training_attempts add column quiz_version integer;
  alter table training_attempts add column assignment_id text;
  alter table training_responses add column item_version integer;
  alter table training_responses add column certainty integer;
`;

/** The training store's tables, for `migrate(db, trainingTables)` (`createTrainingStore` applies them itself). */
export const trainingTables: readonly Migration[] = [
  { id: '0100_training', up: trainingMigrationSql },
  { id: 'trainer_0001_quiz_taking', up: quizTakingMigrationSql },
];

import type { ColumnType, Generated } from 'kysely';

export type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

/**
 * One row per workflow: the engine's columns. Read-model columns are added by the definitions' `tables`; a
 * package of definitions may type them by augmenting this interface
 * (`declare module '@kefu/runtime' { interface WorkflowsTable { … } }`).
 */
export interface WorkflowsTable {
  id: string;
  kind: string;
  machine_id: string;
  machine_version: number;
  state: string;
  snapshot: Json;
  version: number;
  last_hash: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WorkflowEventsTable {
  workflow_id: string;
  seq: number;
  type: string;
  event: Json;
  from_state: string | null;
  to_state: string;
  at: Timestamp;
  actor_id: string | null;
  actor_role: string | null;
  idempotency_key: string | null;
  previous_hash: string | null;
  hash: string;
  recorded_at: Generated<Timestamp>;
}

/** One row per deadline in a workflow's `context.deadlines`; kept after firing as the record of what happened. */
export interface TimersTable {
  id: string;
  workflow_id: string;
  name: string;
  event: string;
  due_at: Timestamp;
  created_at: Timestamp;
  fired_at: Timestamp | null;
  /** `fired` (the machine took it), `ignored` (the machine refused it: stale) or `failed` (cannot restore). */
  outcome: string | null;
  reason: string | null;
  late_by_ms: ColumnType<number | string | null, number | null, number | null>;
  fired_seq: number | null;
}

/** What a transition announced, written in its transaction and delivered after commit (at least once). */
export interface OutboxTable {
  id: Generated<ColumnType<string, never, never>>;
  workflow_id: string;
  seq: number;
  topic: string;
  payload: Json;
  created_at: Generated<Timestamp>;
  claimed_until: Timestamp | null;
  attempts: Generated<number>;
  delivered_at: Timestamp | null;
  last_error: string | null;
}

export interface SchemaMigrationsTable {
  id: string;
  applied_at: Generated<Timestamp>;
}

export interface Database {
  workflows: WorkflowsTable;
  workflow_events: WorkflowEventsTable;
  timers: TimersTable;
  outbox: OutboxTable;
  kefu_migrations: SchemaMigrationsTable;
}

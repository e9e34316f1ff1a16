import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface WorkflowsTable {
  id: string;
  kind: string;
  machine_id: string;
  machine_version: number;
  state: string;
  status: string;
  snapshot: Json;
  version: number;
  priority: string | null;
  team: string | null;
  assignee: string | null;
  customer_grade: string | null;
  category: string | null;
  opened_at: Timestamp | null;
  closed_at: Timestamp | null;
  breached: boolean;
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

export interface SchemaMigrationsTable {
  id: string;
  applied_at: Generated<Timestamp>;
}

export interface Database {
  workflows: WorkflowsTable;
  workflow_events: WorkflowEventsTable;
  kefu_migrations: SchemaMigrationsTable;
}

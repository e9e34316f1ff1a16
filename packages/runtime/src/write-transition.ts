import { type Kysely, sql } from 'kysely';
import type { Database } from './database-schema.js';
import type { ColumnValue } from './workflow-rows.js';

/** A deadline as machines keep it in `context.deadlines`. */
export interface DeadlineData {
  dueAt: string;
  event: string;
}

/** Timer rows to write for one transition: deadlines added or changed, and names removed. */
export interface TimerChanges {
  set: Array<{ id: string; name: string; event: string; due_at: string }>;
  removed: string[];
}

/** Deadlines in a context (entries without `dueAt` and `event` are not deadlines and are skipped). */
export function deadlinesOf(context: unknown): Record<string, DeadlineData> {
  const raw = (context as { deadlines?: unknown } | undefined)?.deadlines;
  if (raw === null || typeof raw !== 'object') return {};
  const found: Record<string, DeadlineData> = {};
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    const deadline = value as Partial<DeadlineData> | null;
    if (deadline && typeof deadline.dueAt === 'string' && typeof deadline.event === 'string') {
      found[name] = { dueAt: deadline.dueAt, event: deadline.event };
    }
  }
  return found;
}

/** What the timers table must do so it matches `after`'s deadlines, given it matched `before`'s. */
export function diffDeadlines(
  before: Record<string, DeadlineData>,
  after: Record<string, DeadlineData>,
  newId: () => string,
): TimerChanges {
  const set: TimerChanges['set'] = [];
  for (const [name, deadline] of Object.entries(after)) {
    const previous = before[name];
    if (
      previous &&
      Date.parse(previous.dueAt) === Date.parse(deadline.dueAt) &&
      previous.event === deadline.event
    ) {
      continue;
    }
    set.push({ id: newId(), name, event: deadline.event, due_at: new Date(deadline.dueAt).toISOString() });
  }
  const removed = Object.keys(before).filter((name) => !(name in after));
  return { set, removed };
}

export interface OutboxMessage {
  topic: string;
  payload: unknown;
}

export interface TransitionWrite {
  workflowId: string;
  kind: string;
  machineId: string;
  machineVersion: number;
  /** The version the row must have now (`undefined` when the workflow is created by this write). */
  expectedVersion: number | undefined;
  seq: number;
  state: string;
  fromState: string | null;
  /** The snapshot as stored (personal data already encrypted), serialized. */
  snapshot: string;
  /** The definition's read-model columns with their new values. */
  columns: ColumnValue[];
  /** The event as stored, serialized. */
  event: string;
  eventType: string;
  at: string;
  actor: { userId: string; role: string };
  idempotencyKey: string | null;
  previousHash: string | null;
  hash: string;
  timers: TimerChanges;
  outbox: OutboxMessage[];
}

/**
 * Writes one transition in ONE statement: the versioned update (or the insert of a new workflow), the log
 * entry, the timer rows and the outbox rows. Returns false when the version check failed (or the workflow
 * already existed), in which case nothing was written.
 */
export async function writeTransition(executor: Kysely<Database>, write: TransitionWrite): Promise<boolean> {
  // Column names and types come from the definitions, checked when the runtime was created.
  const value = (column: ColumnValue) => sql`${column.value}::${sql.raw(column.type)}`;
  const target =
    write.expectedVersion === undefined
      ? sql`insert into workflows (${sql.join(
          [
            ...['id', 'kind', 'machine_id', 'machine_version', 'state', 'snapshot', 'version', 'last_hash'],
            ...['created_at', 'updated_at', ...write.columns.map((column) => column.column)],
          ].map((name) => sql.ref(name)),
        )})
          values (${sql.join([
            sql`${write.workflowId}`,
            sql`${write.kind}`,
            sql`${write.machineId}`,
            sql`${write.machineVersion}`,
            sql`${write.state}`,
            sql`${write.snapshot}::jsonb`,
            sql`${write.seq}`,
            sql`${write.hash}`,
            sql`${write.at}::timestamptz`,
            sql`${write.at}::timestamptz`,
            ...write.columns.map(value),
          ])})
          on conflict (id) do nothing
          returning id`
      : sql`update workflows set ${sql.join([
          sql`machine_version = ${write.machineVersion}`,
          sql`state = ${write.state}`,
          sql`snapshot = ${write.snapshot}::jsonb`,
          sql`version = ${write.seq}`,
          sql`last_hash = ${write.hash}`,
          sql`updated_at = ${write.at}::timestamptz`,
          ...write.columns.map((column) => sql`${sql.ref(column.column)} = ${value(column)}`),
        ])}
          where id = ${write.workflowId} and version = ${write.expectedVersion}
          returning id`;
  const result = await sql<{ written: number }>`
    with target as (${target}),
    appended as (
      insert into workflow_events (workflow_id, seq, type, event, from_state, to_state, at, actor_id, actor_role,
        idempotency_key, previous_hash, hash)
      select id, ${write.seq}::int, ${write.eventType}::text, ${write.event}::jsonb, ${write.fromState}::text,
        ${write.state}::text, ${write.at}::timestamptz, ${write.actor.userId}::text, ${write.actor.role}::text,
        ${write.idempotencyKey}::text, ${write.previousHash}::text, ${write.hash}::text
      from target
      returning seq
    ),
    removed_timers as (
      delete from timers
      where workflow_id in (select id from target) and fired_at is null
        and name in (select jsonb_array_elements_text(${JSON.stringify(write.timers.removed)}::jsonb))
      returning id
    ),
    set_timers as (
      insert into timers (id, workflow_id, name, event, due_at, created_at)
      select t.id, target.id, t.name, t.event, t.due_at, ${write.at}::timestamptz
      from target cross join jsonb_to_recordset(${JSON.stringify(write.timers.set)}::jsonb)
        as t(id text, name text, event text, due_at timestamptz)
      on conflict (workflow_id, name) where fired_at is null do update
        set id = excluded.id, event = excluded.event, due_at = excluded.due_at, created_at = excluded.created_at
      returning id
    ),
    queued as (
      insert into outbox (workflow_id, seq, topic, payload)
      select target.id, ${write.seq}::int, o.topic, o.payload
      from target cross join jsonb_to_recordset(${JSON.stringify(write.outbox)}::jsonb) as o(topic text, payload jsonb)
      returning id
    )
    select (select count(*) from appended)::int as written`.execute(executor);
  return Number(result.rows[0]?.written ?? 0) === 1;
}

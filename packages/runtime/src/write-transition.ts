import { type CompiledQuery, type Kysely, type Selectable, sql } from 'kysely';
import type { Database, WorkflowEventsTable } from './database-schema.js';
import type { ProjectionCte } from './projection.js';
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

/** What the write checks besides the version, and how its outbox rows are queued. */
export interface WriteGuard {
  /**
   * The row's `xmin` when this process last wrote it (a cached row): the update also requires that nobody has
   * rewritten the row since, even without changing its version (a re-encryption, a repair).
   */
  rowXmin?: string | undefined;
  /**
   * Insert the outbox rows claimed by this process for a while (`claimed_until`), to be delivered from memory;
   * otherwise they wait, unclaimed, for the next claim.
   */
  leaseOutbox?: boolean;
}

/** How the transition's statement is sent. */
export interface WriteOptions {
  /**
   * As a named prepared statement (PostgreSQL through `pg` only): one name per distinct statement text, so the
   * database parses and plans each statement shape once per connection instead of on every write, and the
   * connection sends only the parameters from then on.
   */
  prepared?: boolean;
}

/** Distinct statement texts get a name each, up to this many per process; beyond it they are sent unnamed. */
const maxStatementNames = 512;
const statementNames = new Map<string, string>();

/**
 * The compiled statement as a named one: `pg`'s `Client.query` takes a `{ name, text }` config wherever it takes
 * a text, and Kysely's PostgreSQL driver hands the compiled `sql` to it as it is. The same text always gets the
 * same name, so each connection prepares it once (pg keeps the names it has prepared per connection).
 */
function named<R>(compiled: CompiledQuery<R>): CompiledQuery<R> {
  const text = compiled.sql;
  let name = statementNames.get(text);
  if (name === undefined) {
    if (statementNames.size >= maxStatementNames) return compiled;
    name = `kefu_transition_${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  const config = { name, text, toString: () => text };
  return { ...compiled, sql: config as unknown as string };
}

/** How long outbox rows stay claimed by the process that wrote or claimed them before anyone may claim them. */
export const outboxLeaseSeconds = 30;

export interface WriteOutcome {
  /** False when the version (or `xmin`) check failed, the workflow already existed, or the key was used. */
  written: boolean;
  /** `xmin` of the row as written (the guard of the next write from a cached row). */
  rowXmin: string | undefined;
  /** The log entry that already carries the write's idempotency key (then nothing was written). */
  duplicate: Selectable<WorkflowEventsTable> | undefined;
  /** The outbox rows written, in the order of `write.outbox`. */
  outboxIds: string[];
}

/**
 * Writes one transition in ONE statement: the versioned update (or the insert of a new workflow), the log
 * entry, the timer rows (only when deadlines changed) and the outbox rows. With an idempotency key the update
 * happens only if no log entry of the workflow carries the key yet; that entry comes back as `duplicate`.
 * When nothing was written, nothing was changed.
 *
 * `options.prepared` sends it as a named prepared statement (PostgreSQL only; see `WriteOptions`).
 *
 * `projections` (see `Projection`) join the same statement after the engine's CTEs (`target`, `appended`,
 * `removed_timers`, `set_timers`, `queued`): no transaction is opened for them, and on `executor` being a
 * caller's transaction the statement simply runs in it. Each must be guarded on `target`.
 */
export async function writeTransition(
  executor: Kysely<Database>,
  write: TransitionWrite,
  guard: WriteGuard = {},
  projections: readonly ProjectionCte[] = [],
  options: WriteOptions = {},
): Promise<WriteOutcome> {
  // Column names and types come from the definitions, checked when the runtime was created.
  const value = (column: ColumnValue) => sql`${column.value}::${sql.raw(column.type)}`;
  const key = write.idempotencyKey;
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
          returning id, xmin::text as row_xmin`
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
          ${guard.rowXmin === undefined ? sql`` : sql`and xmin = ${guard.rowXmin}::xid`}
          ${
            key === null
              ? sql``
              : sql`and not exists (select 1 from workflow_events
                  where workflow_id = ${write.workflowId} and idempotency_key = ${key}::text)`
          }
          returning id, xmin::text as row_xmin`;
  const { removed, set } = write.timers;
  // Most transitions leave the deadlines alone: then the statement carries no timer parts at all.
  const timerParts = [
    ...(removed.length === 0
      ? []
      : [
          sql`removed_timers as (
            delete from timers
            where workflow_id in (select id from target) and fired_at is null
              and name in (select jsonb_array_elements_text(${JSON.stringify(removed)}::jsonb))
            returning id
          )`,
        ]),
    ...(set.length === 0
      ? []
      : [
          sql`set_timers as (
            insert into timers (id, workflow_id, name, event, due_at, created_at)
            select t.id, target.id, t.name, t.event, t.due_at, ${write.at}::timestamptz
            from target cross join jsonb_to_recordset(${JSON.stringify(set)}::jsonb)
              as t(id text, name text, event text, due_at timestamptz)
            on conflict (workflow_id, name) where fired_at is null do update
              set id = excluded.id, event = excluded.event, due_at = excluded.due_at, created_at = excluded.created_at
            returning id
          )`,
        ]),
  ];
  const claimedUntil = guard.leaseOutbox
    ? sql`now() + ${`${outboxLeaseSeconds} seconds`}::interval`
    : sql`null::timestamptz`;
  const statement = sql<{
    written: number;
    row_xmin: string | null;
    outbox_ids: string[] | null;
    duplicate: Selectable<WorkflowEventsTable> | null;
  }>`
    with target as (${target}),
    appended as (
      insert into workflow_events (workflow_id, seq, type, event, from_state, to_state, at, actor_id, actor_role,
        idempotency_key, previous_hash, hash)
      select id, ${write.seq}::int, ${write.eventType}::text, ${write.event}::jsonb, ${write.fromState}::text,
        ${write.state}::text, ${write.at}::timestamptz, ${write.actor.userId}::text, ${write.actor.role}::text,
        ${key}::text, ${write.previousHash}::text, ${write.hash}::text
      from target
      returning seq
    ),
    ${sql.join([...timerParts, sql``], sql`,`)}
    queued as (
      insert into outbox (workflow_id, seq, topic, payload, claimed_until)
      select target.id, ${write.seq}::int, o.topic, o.payload, ${claimedUntil}
      from target cross join jsonb_to_recordset(${JSON.stringify(write.outbox)}::jsonb) as o(topic text, payload jsonb)
      returning id
    )
    ${
      projections.length === 0
        ? sql``
        : sql.join(
            projections.map((part) => sql`, ${sql.id(part.name)} as (${part.query})`),
            sql``,
          )
    }
    select (select count(*) from appended)::int as written, (select row_xmin from target) as row_xmin,
      (select jsonb_agg(id::text order by id) from queued) as outbox_ids,
      ${
        key === null
          ? sql`null::jsonb`
          : sql`(select to_jsonb(e) from workflow_events e
              where e.workflow_id = ${write.workflowId} and e.idempotency_key = ${key}::text)`
      } as duplicate`;
  const result = options.prepared
    ? await executor.executeQuery(named(statement.compile(executor)))
    : await statement.execute(executor);
  const row = result.rows[0];
  const written = Number(row?.written ?? 0) === 1;
  return {
    written,
    rowXmin: row?.row_xmin ?? undefined,
    duplicate: written ? undefined : (row?.duplicate ?? undefined),
    outboxIds: row?.outbox_ids ?? [],
  };
}

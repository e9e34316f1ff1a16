import { CompiledQuery, type Kysely, type Selectable } from 'kysely';
import type { Database, WorkflowEventsTable } from './database-schema.js';
import type { ProjectionCte } from './projection.js';
import { type StatementPart, transitionStatement } from './transition-statement.js';
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
   * As a named prepared statement (PostgreSQL through `pg` only): one name per statement shape (its text is built
   * once, see `transitionStatement`), so the database parses and plans each shape once per connection instead of
   * on every write, and the connection sends only the parameters from then on.
   */
  prepared?: boolean;
}

export { outboxLeaseSeconds } from './transition-statement.js';

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
  const parts: StatementPart[] = projections.map((part) => {
    if ('text' in part) return part;
    // A Kysely fragment: compiled on each write, its `$n` numbered within the part as a text part's are.
    const compiled = part.query.compile(executor);
    return { name: part.name, text: compiled.sql, values: compiled.parameters };
  });
  const statement = transitionStatement(write, guard, parts);
  const name = options.prepared ? statement.name : undefined;
  // pg's `Client.query` takes a `{ name, text }` config wherever it takes a text, and Kysely's PostgreSQL driver
  // hands the compiled `sql` to it as it is: so the statement goes out named.
  const compiled = CompiledQuery.raw(statement.text, statement.values) as CompiledQuery<{
    written: number;
    row_xmin: string | null;
    outbox_ids: string[] | null;
    duplicate: Selectable<WorkflowEventsTable> | null;
  }>;
  const config =
    name === undefined ? undefined : { name, text: statement.text, toString: () => statement.text };
  const result = await executor.executeQuery(
    config === undefined ? compiled : { ...compiled, sql: config as unknown as string },
  );
  const row = result.rows[0];
  const written = Number(row?.written ?? 0) === 1;
  return {
    written,
    rowXmin: row?.row_xmin ?? undefined,
    duplicate: written ? undefined : (row?.duplicate ?? undefined),
    outboxIds: row?.outbox_ids ?? [],
  };
}

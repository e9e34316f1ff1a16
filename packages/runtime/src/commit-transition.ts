import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database, WorkflowEventsTable, WorkflowsTable } from './database-schema.js';
import { canonicalJson } from './event-hash.js';
import { parsePayload } from './parse-payload.js';
import { projectionCtes } from './projection.js';
import { IdempotencyKeyConflict, KefuError, VersionConflict, WorkflowNotFound } from './runtime-errors.js';
import {
  checkSize,
  type PlannedTransition,
  planEvent,
  planStart,
  type SendResult,
  type TransitionContext,
} from './transition.js';
import { createWorkflowCache } from './workflow-cache.js';
import type { WorkflowDefinition } from './workflow-definition.js';
import type { EventActor } from './workflow-rows.js';
import {
  type OutboxMessage,
  type WriteGuard,
  type WriteOutcome,
  writeTransition,
} from './write-transition.js';

export interface CommitOptions extends TransitionContext {
  db: Kysely<Database>;
  definition(kind: string): WorkflowDefinition;
  maxAttempts: number;
  maxPayloadBytes: number;
  onConflict?: ((workflowId: string, attempt: number, cause: ConflictCause) => void) | undefined;
  /** Rows of recently used workflows kept in process (0: none; every send reads its row). */
  cacheSize: number;
  /**
   * Outbox rows written outside a transaction are inserted claimed by this process and handed here, to be
   * delivered from memory. Without it they wait for a claim.
   */
  onOutboxLeased?: ((rows: LeasedOutboxRow[]) => void) | undefined;
  /** Send each transition's statement as a named prepared statement (PostgreSQL through `pg` only). */
  preparedStatements?: boolean | undefined;
}

/** An outbox row this process wrote and holds claimed: its id and what it carries. */
export interface LeasedOutboxRow extends OutboxMessage {
  id: string;
}

/**
 * Why a write is tried again: `version`, the row had moved on (its version or `xmin` check failed); `aborted`,
 * PostgreSQL aborted the statement to break a deadlock or as a serialization failure.
 */
export type ConflictCause = 'version' | 'aborted';

function sqlStateOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}

function isUniqueViolation(error: unknown): boolean {
  return sqlStateOf(error) === '23505';
}

/**
 * PostgreSQL aborted the statement to break a deadlock (`40P01`) or a serialization failure (`40001`): nothing
 * of it was written, and PostgreSQL's advice is to run it again. A single-statement write is retried; a write
 * inside a caller's transaction is not (the transaction is the caller's to retry).
 */
function isTransient(error: unknown): boolean {
  const state = sqlStateOf(error);
  return state === '40P01' || state === '40001';
}

export async function loadRow(executor: Kysely<Database>, workflowId: string) {
  const row = await executor
    .selectFrom('workflows')
    .selectAll()
    .where('id', '=', workflowId)
    .executeTakeFirst();
  if (!row) throw new WorkflowNotFound(workflowId);
  return row;
}

/**
 * Commits transitions: plans them (`transition`), writes each in one statement (`write-transition`) and retries a
 * lost optimistic version race. Delivery after commit is the caller's.
 */
export function createCommitter(options: CommitOptions) {
  const { db, rows } = options;
  const cache = createWorkflowCache(options.cacheSize);

  const duplicateOf = (
    row: Selectable<WorkflowsTable>,
    entry: Selectable<WorkflowEventsTable>,
  ): SendResult => ({
    workflow: rows.toRecord(row),
    entry: rows.toEntry(entry, row.kind),
    emitted: [],
    duplicate: true,
  });

  /** The workflow row and, in the same round trip, the log entry an idempotency key already names. */
  async function loadForSend(
    executor: Kysely<Database>,
    workflowId: string,
    key: string | undefined,
    lock: boolean,
  ) {
    const { rows: found } = await sql<
      Selectable<WorkflowsTable> & { duplicate: Selectable<WorkflowEventsTable> | null }
    >`
      select w.*, to_jsonb(e) as duplicate from workflows w
      left join workflow_events e on e.workflow_id = w.id and e.idempotency_key = ${key ?? null}::text
      where w.id = ${workflowId} ${lock ? sql`for update of w` : sql``}`.execute(executor);
    if (!found[0]) throw new WorkflowNotFound(workflowId);
    const { duplicate, ...row } = found[0];
    return { row, duplicate: duplicate ? duplicateOf(row, duplicate) : undefined };
  }

  async function duplicateResult(executor: Kysely<Database>, workflowId: string, key: string) {
    const entry = await executor
      .selectFrom('workflow_events')
      .selectAll()
      .where('workflow_id', '=', workflowId)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
    return entry ? duplicateOf(await loadRow(executor, workflowId), entry) : undefined;
  }

  /**
   * A repeated idempotency key must name the same request: the same event type, sender and fields (only `at`
   * may differ: a retry is stamped anew). Another request under a used key is refused with
   * `IdempotencyKeyConflict`, never answered with the first request's result.
   */
  function sameRequest(duplicate: SendResult, rawEvent: unknown, key: string): SendResult {
    const first = duplicate.entry.event;
    const type = String((rawEvent as { type?: unknown } | null)?.type);
    let again: Record<string, unknown> | undefined;
    try {
      again = parsePayload(options.definition(duplicate.workflow.kind).event, rawEvent, 'event') as Record<
        string,
        unknown
      >;
    } catch {
      again = undefined;
    }
    const withoutTime = ({ at: _at, ...rest }: Record<string, unknown>) => canonicalJson(rest);
    // Facts the definition added to the first request (`prepareEvent`) are not part of what the caller sent.
    const prepared = options.definition(duplicate.workflow.kind).prepareEvent?.fields ?? [];
    const sent = (event: Record<string, unknown>, retry: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries(event).filter(([field]) => !prepared.includes(field) || field in retry),
      );
    if (!again || typeof again !== 'object' || withoutTime(sent(first, again)) !== withoutTime(again)) {
      throw new IdempotencyKeyConflict(duplicate.workflow.id, key, String(first.type), type);
    }
    return duplicate;
  }

  async function existing(workflowId: string): Promise<SendResult | undefined> {
    const row = await db.selectFrom('workflows').selectAll().where('id', '=', workflowId).executeTakeFirst();
    if (!row) return undefined;
    const first = await db
      .selectFrom('workflow_events')
      .selectAll()
      .where('workflow_id', '=', workflowId)
      .where('seq', '=', 1)
      .executeTakeFirstOrThrow();
    return duplicateOf(row, first);
  }

  /** The row as `planned` leaves it (what a read right after the write would return), for the cache. */
  function rowAfter(planned: PlannedTransition): Selectable<WorkflowsTable> {
    const { write, result } = planned;
    // Built property by property: a spread of an object made from entries costs tens of µs on every send.
    const row: Record<string, unknown> = {};
    for (const column of write.columns) row[column.column] = column.value;
    // Columns the database generates keep the value the row had (a send carries it in its read model).
    const columns = options.definition(write.kind).columns ?? {};
    for (const field in columns) {
      const { column, generated } = columns[field]!;
      if (generated) row[column] = result.workflow.readModel[field] ?? null;
    }
    row.id = write.workflowId;
    row.kind = write.kind;
    row.machine_id = write.machineId;
    row.machine_version = write.machineVersion;
    row.state = write.state;
    row.snapshot = planned.sealedSnapshot;
    row.version = write.seq;
    row.last_hash = write.hash;
    row.created_at = result.workflow.createdAt;
    row.updated_at = write.at;
    return row as unknown as Selectable<WorkflowsTable>;
  }

  /**
   * The transition's own statement, on `executor` (the database, or a caller's transaction): ONE statement
   * (`write-transition`) that also carries the definition's projections (`Projection.ctes`), so no transaction
   * is opened for them. Whatever must commit together with a transition belongs in that statement.
   */
  async function writeOwnStatements(
    executor: Kysely<Database>,
    planned: PlannedTransition,
    guard: WriteGuard,
  ): Promise<WriteOutcome> {
    const { projections } = options.definition(planned.write.kind);
    return writeTransition(executor, planned.write, guard, projectionCtes(projections, planned.result), {
      prepared: options.preparedStatements === true,
    });
  }

  /**
   * Once a write has committed: remember the row for the next send and hand its claimed outbox rows to delivery.
   * A write inside a caller's transaction (which may yet roll back) is forgotten instead.
   */
  function committed(planned: PlannedTransition, outcome: WriteOutcome, inTransaction: boolean) {
    const { workflowId } = planned.write;
    // After an insert, the values the database generated (a gapless number, say) are known only to the row.
    const generatedUnknown =
      planned.write.expectedVersion === undefined &&
      Object.values(options.definition(planned.write.kind).columns ?? {}).some((column) => column.generated);
    if (inTransaction || outcome.rowXmin === undefined || generatedUnknown) cache.delete(workflowId);
    else cache.set(workflowId, { row: rowAfter(planned), rowXmin: outcome.rowXmin });
    if (!inTransaction && outcome.outboxIds.length > 0) {
      options.onOutboxLeased?.(
        planned.write.outbox.map((message, index) => ({ id: outcome.outboxIds[index]!, ...message })),
      );
    }
    return planned.result;
  }

  /** A write done and what to do once its transaction has committed. */
  interface Written {
    result: SendResult;
    afterCommit(): SendResult;
  }
  const written = (planned: PlannedTransition, outcome: WriteOutcome, inTransaction: boolean): Written => ({
    result: planned.result,
    afterCommit: () => committed(planned, outcome, inTransaction),
  });
  const alreadyDone = (result: SendResult): Written => ({ result, afterCommit: () => result });

  /**
   * One attempt. `cached`: plan on the row this process last wrote (no read) and write guarded by its `xmin`;
   * otherwise load the row (locking it when `lock`), then plan and write. Undefined when the write lost a race.
   */
  async function attempt(
    executor: Kysely<Database>,
    workflowId: string,
    rawEvent: unknown,
    key: string | undefined,
    mode: 'cached' | 'read' | 'lock',
    inTransaction: boolean,
  ): Promise<Written | undefined> {
    const cached = mode === 'cached' ? cache.get(workflowId) : undefined;
    let row: Selectable<WorkflowsTable>;
    if (cached) {
      row = cached.row;
    } else {
      const loaded = await loadForSend(executor, workflowId, key, mode === 'lock');
      if (loaded.duplicate && key) return alreadyDone(sameRequest(loaded.duplicate, rawEvent, key));
      row = loaded.row;
    }
    const planned = planEvent(options, options.definition(row.kind), row, rawEvent, key);
    const outcome = await writeOwnStatements(executor, planned, {
      rowXmin: cached?.rowXmin,
      leaseOutbox: !inTransaction && options.onOutboxLeased !== undefined,
    });
    if (outcome.written) return written(planned, outcome, inTransaction);
    cache.delete(workflowId);
    if (outcome.duplicate && key) {
      const current = await loadRow(executor, workflowId);
      return alreadyDone(sameRequest(duplicateOf(current, outcome.duplicate), rawEvent, key));
    }
    return undefined;
  }

  return {
    /** Starts a workflow; with an `id` that exists already, returns its first entry as a duplicate. */
    async start(kind: string, rawInput: unknown, id: string | undefined): Promise<SendResult> {
      const definition = options.definition(kind);
      checkSize(rawInput, options.maxPayloadBytes, 'input');
      const input = parsePayload(definition.input, rawInput, 'input') as { at: string; by: EventActor };
      if (id) {
        const found = await existing(id);
        if (found) return found;
      }
      const workflowId = id ?? options.newId();
      const planned = planStart(options, definition, workflowId, input);
      for (let count = 1; ; count++) {
        try {
          const outcome = await writeOwnStatements(db, planned, {
            leaseOutbox: options.onOutboxLeased !== undefined,
          });
          if (outcome.written) return committed(planned, outcome, false);
          break;
        } catch (error) {
          if (!isTransient(error) || count >= options.maxAttempts) throw error;
          options.onConflict?.(workflowId, count, 'aborted');
        }
      }
      const found = await existing(workflowId);
      if (found) return found;
      throw new KefuError('WRITE_FAILED', `Workflow "${workflowId}" could not be created`);
    },

    /**
     * One send, on `executor` (the database, or the scheduler's transaction when `inTransaction`). The first
     * attempt plans on the cached row when there is one (no read), else reads the row; after a lost race it
     * reads again, and from then on locks the row (`FOR UPDATE`), so writers racing for one workflow queue in
     * the database instead of retrying in a loop. A refusal planned on a cached row is checked on a fresh read.
     */
    async send(
      executor: Kysely<Database>,
      workflowId: string,
      rawEvent: unknown,
      key: string | undefined,
      inTransaction = false,
    ): Promise<SendResult> {
      checkSize(rawEvent, options.maxPayloadBytes, 'event');
      let mode: 'cached' | 'read' | 'lock' = 'cached';
      for (let count = 1; count <= options.maxAttempts; count++) {
        let done: Written | undefined;
        const usedCache: boolean = mode === 'cached' && cache.get(workflowId) !== undefined;
        try {
          // In its own transaction the locked attempt's row and outbox are handed on after the commit only.
          done =
            mode === 'lock' && !inTransaction
              ? await executor
                  .transaction()
                  .execute((trx) => attempt(trx, workflowId, rawEvent, key, 'lock', false))
              : await attempt(executor, workflowId, rawEvent, key, mode, inTransaction);
        } catch (error) {
          if (usedCache && error instanceof KefuError) {
            // Refused on what this process last wrote: the row may have moved on since; ask it again.
            cache.delete(workflowId);
            mode = 'read';
            count--;
            continue;
          }
          if (!inTransaction && isTransient(error) && count < options.maxAttempts) {
            // Aborted by the database with nothing written: plan again on a fresh, locked read.
            cache.delete(workflowId);
            options.onConflict?.(workflowId, count, 'aborted');
            mode = 'lock';
            continue;
          }
          if (key && !inTransaction && isUniqueViolation(error)) {
            const duplicate = await duplicateResult(executor, workflowId, key);
            if (duplicate) return sameRequest(duplicate, rawEvent, key);
          }
          throw error;
        }
        if (done) return done.afterCommit();
        options.onConflict?.(workflowId, count, 'version');
        mode = usedCache ? 'read' : 'lock';
      }
      throw new VersionConflict(workflowId, options.maxAttempts);
    },
  };
}

export type Committer = ReturnType<typeof createCommitter>;

import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database, WorkflowEventsTable, WorkflowsTable } from './database-schema.js';
import { canonicalJson } from './event-hash.js';
import { IdempotencyKeyConflict, KefuError, VersionConflict, WorkflowNotFound } from './runtime-errors.js';
import {
  checkSize,
  parse,
  planEvent,
  planStart,
  type SendResult,
  type TransitionContext,
} from './transition.js';
import type { WorkflowDefinition } from './workflow-definition.js';
import type { EventActor } from './workflow-rows.js';
import { writeTransition } from './write-transition.js';

export interface CommitOptions extends TransitionContext {
  db: Kysely<Database>;
  definition(kind: string): WorkflowDefinition;
  maxAttempts: number;
  maxPayloadBytes: number;
  onConflict?: ((workflowId: string, attempt: number) => void) | undefined;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
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
      again = parse(options.definition(duplicate.workflow.kind).event, rawEvent, 'event') as Record<
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

  /** One attempt: load (locking the row when `lock`), plan, write. Undefined when the version check failed. */
  async function attempt(
    executor: Kysely<Database>,
    workflowId: string,
    rawEvent: unknown,
    key: string | undefined,
    lock: boolean,
  ) {
    const { row, duplicate } = await loadForSend(executor, workflowId, key, lock);
    if (duplicate && key) return sameRequest(duplicate, rawEvent, key);
    const planned = planEvent(options, options.definition(row.kind), row, rawEvent, key);
    return (await writeTransition(executor, planned.write)) ? planned.result : undefined;
  }

  return {
    /** Starts a workflow; with an `id` that exists already, returns its first entry as a duplicate. */
    async start(kind: string, rawInput: unknown, id: string | undefined): Promise<SendResult> {
      const definition = options.definition(kind);
      checkSize(rawInput, options.maxPayloadBytes, 'input');
      const input = parse(definition.input, rawInput, 'input') as { at: string; by: EventActor };
      if (id) {
        const found = await existing(id);
        if (found) return found;
      }
      const workflowId = id ?? options.newId();
      const planned = planStart(options, definition, workflowId, input);
      if (await writeTransition(db, planned.write)) return planned.result;
      const found = await existing(workflowId);
      if (found) return found;
      throw new KefuError('WRITE_FAILED', `Workflow "${workflowId}" could not be created`);
    },

    /**
     * One send, on `executor` (the database, or the scheduler's transaction when `inTransaction`). The first
     * attempt is optimistic; after a lost version race the retry locks the row (`FOR UPDATE`), so writers racing
     * for one workflow queue in the database instead of retrying in a loop.
     */
    async send(
      executor: Kysely<Database>,
      workflowId: string,
      rawEvent: unknown,
      key: string | undefined,
      inTransaction = false,
    ): Promise<SendResult> {
      checkSize(rawEvent, options.maxPayloadBytes, 'event');
      for (let count = 1; count <= options.maxAttempts; count++) {
        const lock = count > 1;
        let result: SendResult | undefined;
        try {
          result =
            lock && !inTransaction
              ? await executor.transaction().execute((trx) => attempt(trx, workflowId, rawEvent, key, true))
              : await attempt(executor, workflowId, rawEvent, key, lock);
        } catch (error) {
          if (key && !inTransaction && isUniqueViolation(error)) {
            const duplicate = await duplicateResult(executor, workflowId, key);
            if (duplicate) return sameRequest(duplicate, rawEvent, key);
          }
          throw error;
        }
        if (result) return result;
        options.onConflict?.(workflowId, count);
      }
      throw new VersionConflict(workflowId, options.maxAttempts);
    },
  };
}

export type Committer = ReturnType<typeof createCommitter>;

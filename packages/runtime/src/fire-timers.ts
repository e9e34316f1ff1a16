import { type Kysely, type Selectable, sql } from 'kysely';
import { DataKeyError } from './data-cipher.js';
import type { Database, TimersTable } from './database-schema.js';
import {
  EventNotAccepted,
  InvalidPayload,
  PayloadTooLarge,
  SnapshotNotRestorable,
  UnknownEventType,
  UnknownWorkflowKind,
  WorkflowNotFound,
} from './runtime-errors.js';
import type { SendResult } from './transition.js';
import { type TimerRecord, toTimer } from './workflow-rows.js';

/** What the scheduler did with one due timer. */
export interface TimerFiring {
  timer: TimerRecord;
  outcome: 'fired' | 'ignored' | 'failed';
  lateByMs: number;
  reason?: string;
}

/** Why the runtime refuses an event before anything is written: the timer is stale and is ignored. */
const refusals = [EventNotAccepted, InvalidPayload, UnknownEventType, PayloadTooLarge];
/** Failures that belong to one workflow and will not heal by retrying. */
const workflowFailures = [SnapshotNotRestorable, WorkflowNotFound, UnknownWorkflowKind, DataKeyError];

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Sends a timer's event to its workflow inside the firing's transaction `trx`, with idempotency key `key`. */
type TimerSend = (
  trx: Kysely<Database>,
  workflowId: string,
  event: unknown,
  key: string,
) => Promise<SendResult>;

/** A firing to report, or a timer left due for a later run (its transaction rolled back). */
type Handled = { firing: TimerFiring; result: SendResult | undefined } | { retry: string };

class RetryLater extends Error {
  constructor(readonly timerId: string) {
    super(`timer ${timerId} is left due`);
  }
}

/**
 * Fires up to `limit` timers due at `now`, each in its own transaction: claims the earliest due timer together
 * with its workflow's row (`FOR UPDATE SKIP LOCKED`), sends its deadline event through `send` in a savepoint and
 * marks it fired, ignored (stale) or failed, then commits.
 *
 * One timer per transaction keeps the scheduler's lock order that of every other writer: the workflow's row, its
 * timers, then the rows projections share (counters, rollups), each statement taking those in key order. A
 * transaction firing several timers would hold the shared rows of the first while asking for those of the next,
 * and deadlock with a client writing the same rows in the other order. A client sending to the workflow meanwhile
 * waits for the one commit; a timer whose workflow is being written right now is left to the next run.
 *
 * `concurrency` transactions run at once (default 1), each on its own connection: since each holds one workflow
 * and takes the shared rows in key order, they queue on those rows rather than deadlock, and the claim's
 * `SKIP LOCKED` gives each another workflow. A workflow's timers still fire one at a time, earliest first.
 *
 * A timer that fails for a reason other than its workflow is rolled back and stays due for the next run. Returns
 * the firings with the committed results in due order, for the caller to deliver.
 */
export async function fireTimers(
  db: Kysely<Database>,
  send: TimerSend,
  now: Date,
  limit: number,
  concurrency = 1,
): Promise<Array<{ firing: TimerFiring; result: SendResult | undefined }>> {
  const firings: Array<{ firing: TimerFiring; result: SendResult | undefined }> = [];
  /** Timers this call left due: not claimed again by it. */
  const leftDue: string[] = [];
  /** Claims begun: with those in flight, never more than `limit`. */
  let claims = 0;
  /** The first firing that failed: the other workers finish the timer they hold and claim no more. */
  let failure: { error: unknown } | undefined;
  async function worker() {
    while (claims < limit && !failure) {
      claims++;
      let handled: Awaited<ReturnType<typeof fireOne>>;
      try {
        handled = await fireOne(db, send, now, leftDue);
      } catch (error) {
        failure ??= { error };
        return;
      }
      if (handled === undefined) {
        // Nothing this worker can claim: none due, or only timers of workflows the other workers hold, which they
        // claim themselves once their own commit frees the workflow.
        claims--;
        return;
      }
      if ('retry' in handled) leftDue.push(handled.retry);
      else firings.push(handled);
    }
  }
  // Every worker ends before this returns, even when one failed: no firing outlives the call.
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, limit)) }, worker));
  if (failure) throw failure.error;
  return firings.sort(
    (a, b) =>
      Date.parse(a.firing.timer.dueAt) - Date.parse(b.firing.timer.dueAt) ||
      (a.firing.timer.id < b.firing.timer.id ? -1 : a.firing.timer.id > b.firing.timer.id ? 1 : 0),
  );
}

async function fireOne(
  db: Kysely<Database>,
  send: TimerSend,
  now: Date,
  leftDue: readonly string[],
): Promise<Handled | undefined> {
  const nowIso = now.toISOString();
  try {
    return await db.transaction().execute(async (trx) => {
      const claimed = await sql<Selectable<TimersTable>>`
        update timers set fired_at = ${nowIso}::timestamptz
        where id = (
          select t.id from timers t join workflows w on w.id = t.workflow_id
          where t.fired_at is null and t.due_at <= ${nowIso}::timestamptz
            and t.id not in (select jsonb_array_elements_text(${JSON.stringify(leftDue)}::jsonb))
          order by t.due_at, t.id limit 1
          for update of w, t skip locked
        )
        returning *`.execute(trx);
      const row = claimed.rows[0];
      if (row === undefined) return undefined;
      const timer = toTimer(row);
      const lateByMs = Math.max(0, now.getTime() - Date.parse(timer.dueAt));
      const event = {
        type: timer.event,
        deadline: timer.name,
        dueAt: timer.dueAt,
        timerId: timer.id,
        lateBy: lateByMs,
        at: nowIso,
        by: { userId: 'scheduler', role: 'system' },
      };
      let outcome: TimerFiring['outcome'] = 'fired';
      let reason: string | undefined;
      let result: SendResult | undefined;
      // The send in a savepoint: a refused or failed event must not undo the timer's claim and mark.
      await sql`savepoint kefu_timer`.execute(trx);
      try {
        result = await send(trx, timer.workflowId, event, `timer:${timer.id}`);
        await sql`release savepoint kefu_timer`.execute(trx);
      } catch (error) {
        await sql`rollback to savepoint kefu_timer`.execute(trx);
        if (refusals.some((type) => error instanceof type)) outcome = 'ignored';
        else if (workflowFailures.some((type) => error instanceof type)) outcome = 'failed';
        else {
          // Not the workflow's fault (a lost race, the database): roll the claim back, so it stays due.
          console.error(`kefu: timer ${timer.id} will be retried:`, messageOf(error));
          throw new RetryLater(timer.id);
        }
        reason = messageOf(error).slice(0, 1000);
      }
      const firedSeq = result?.entry.seq ?? null;
      await trx
        .updateTable('timers')
        .set({ outcome, reason: reason ?? null, late_by_ms: lateByMs, fired_seq: firedSeq })
        .where('id', '=', timer.id)
        .execute();
      return {
        firing: {
          timer: { ...timer, firedAt: nowIso, outcome, reason: reason ?? null, lateByMs, firedSeq },
          outcome,
          lateByMs,
          ...(reason ? { reason } : {}),
        },
        result,
      };
    });
  } catch (error) {
    if (error instanceof RetryLater) return { retry: error.timerId };
    throw error;
  }
}

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

/**
 * Claims up to `limit` timers due at `now` together with their workflows' rows (`FOR UPDATE SKIP LOCKED`: a
 * writer sending to one of those workflows waits for the batch instead of locking the row first and then
 * waiting on the timer row it changes, which would deadlock with this transaction's send to that workflow;
 * timers of a workflow being written are left to the next run), sends each its deadline event through
 * `send` in its own savepoint, and marks it fired, ignored (stale) or failed, all in one transaction. A timer
 * that fails for a reason other than its workflow stays due for the next run. Returns the firings with the
 * committed results, for the caller to deliver.
 */
export async function fireTimers(
  db: Kysely<Database>,
  send: (trx: Kysely<Database>, workflowId: string, event: unknown, key: string) => Promise<SendResult>,
  now: Date,
  limit: number,
): Promise<Array<{ firing: TimerFiring; result: SendResult | undefined }>> {
  const nowIso = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const claimed = await sql<Selectable<TimersTable>>`
      update timers set fired_at = ${nowIso}::timestamptz
      where id in (
        select t.id from timers t join workflows w on w.id = t.workflow_id
        where t.fired_at is null and t.due_at <= ${nowIso}::timestamptz
        order by t.due_at, t.id limit ${limit}
        for update of w, t skip locked
      )
      returning *`.execute(trx);
    const timers = claimed.rows.map(toTimer).sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
    const firings: Array<{ firing: TimerFiring; result: SendResult | undefined }> = [];
    for (const timer of timers) {
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
      // Each timer in its own savepoint: one failing statement must not undo the others in the batch.
      await sql`savepoint kefu_timer`.execute(trx);
      try {
        result = await send(trx, timer.workflowId, event, `timer:${timer.id}`);
        await sql`release savepoint kefu_timer`.execute(trx);
      } catch (error) {
        await sql`rollback to savepoint kefu_timer`.execute(trx);
        if (refusals.some((type) => error instanceof type)) outcome = 'ignored';
        else if (workflowFailures.some((type) => error instanceof type)) outcome = 'failed';
        else {
          // Not the workflow's fault (a lost race, the database): leave the timer due for the next run.
          await trx.updateTable('timers').set({ fired_at: null }).where('id', '=', timer.id).execute();
          console.error(`kefu: timer ${timer.id} will be retried:`, messageOf(error));
          continue;
        }
        reason = messageOf(error).slice(0, 1000);
      }
      const firedSeq = result?.entry.seq ?? null;
      await trx
        .updateTable('timers')
        .set({ outcome, reason: reason ?? null, late_by_ms: lateByMs, fired_seq: firedSeq })
        .where('id', '=', timer.id)
        .execute();
      firings.push({
        firing: {
          timer: { ...timer, firedAt: nowIso, outcome, reason: reason ?? null, lateByMs, firedSeq },
          outcome,
          lateByMs,
          ...(reason ? { reason } : {}),
        },
        result,
      });
    }
    return firings;
  });
}

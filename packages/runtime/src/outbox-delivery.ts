import { type Kysely, sql } from 'kysely';
import { type DataCipher, isCiphertext } from './data-cipher.js';
import type { Database } from './database-schema.js';
import { type RuntimePubSub, type WorkflowEmittedPayload, workflowTopics } from './runtime-pub-sub.js';

/** Called for each delivered outbox row (topic and payload as published); a throw leaves the row for a retry. */
export type OutboxListener = (topic: string, payload: unknown) => Promise<void>;

export interface OutboxDeliveryOptions {
  db: Kysely<Database>;
  cipher: DataCipher;
  pubSub: RuntimePubSub;
  /** Called for each emitted event after it is published (reactions); a throw leaves the row for a retry. */
  onEmitted?: (payload: WorkflowEmittedPayload) => Promise<void>;
  /** Awaited for every row after it is published and its reactions ran; a throw leaves the row for a retry. */
  delivered?: ReadonlySet<OutboxListener>;
  /** Called when delivering a row fails (default: logged to stderr without payloads); rows are retried. */
  onError?: ((error: unknown) => void) | undefined;
  /**
   * How long delivered rows may wait to be deleted together, in ms (default 0: each batch is deleted before its run
   * ends). Rows wait at most this long, or until a batch's worth (100) has been delivered, or until `idle()`; they
   * stay claimed meanwhile, so nobody delivers them again unless this process dies first (at least once).
   */
  deleteDelayMs?: number;
}

const batchSize = 100;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface OutboxRow {
  id: string;
  topic: string;
  payload: unknown;
}

/**
 * Delivers the outbox at least once: publishes each row (decrypting what was emitted), hands emitted events to
 * `onEmitted`, and deletes the rows delivered, ONE statement per batch (or, with `deleteDelayMs`, for all the rows
 * delivered within that interval). Rows this process wrote outside a
 * transaction come in already claimed (`enqueue`) and are delivered from memory; the rest (written in a
 * caller's transaction, left by a crash, or failed) are claimed from the table when a run asks for it. One run
 * at a time per instance; a caller waits for a run that began after its commit.
 */
export function createOutboxDelivery(options: OutboxDeliveryOptions) {
  const { db, cipher, pubSub } = options;
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  /** Rows written and claimed by this process, waiting for the next run. */
  const written: OutboxRow[] = [];
  let claimWanted = false;
  /** Rows delivered and not yet deleted, the timer that deletes them, and the deletes under way. */
  const deliveredIds: string[] = [];
  let deleteTimer: ReturnType<typeof setTimeout> | undefined;
  const deleting = new Set<Promise<void>>();
  const deleteDelayMs = options.deleteDelayMs ?? 0;

  function report(error: unknown) {
    if (options.onError) options.onError(error);
    else console.error('kefu: outbox delivery failed:', messageOf(error));
  }

  /** Publishes rows in id order and has those delivered deleted (`deleteDelivered`); returns how many were delivered. */
  async function deliverRows(rows: OutboxRow[]): Promise<number> {
    rows.sort((a, b) => Number(a.id) - Number(b.id));
    const delivered: string[] = [];
    for (const row of rows) {
      try {
        const sealed = row.payload as { event?: unknown };
        const payload = isCiphertext(sealed.event)
          ? { ...sealed, event: cipher.decrypt(sealed.event) }
          : sealed;
        await pubSub.publish(row.topic, payload);
        if (row.topic === workflowTopics.emitted)
          await options.onEmitted?.(payload as WorkflowEmittedPayload);
        for (const listener of options.delivered ?? []) await listener(row.topic, payload);
        delivered.push(String(row.id));
      } catch (error) {
        report(error);
        await sql`update outbox set last_error = ${messageOf(error).slice(0, 500)},
          claimed_until = now() + interval '5 seconds' where id = ${String(row.id)}::bigint`.execute(db);
        // Claimed again from the table once its 5 seconds are over (the scheduler's polling asks for claims).
      }
    }
    deliveredIds.push(...delivered);
    if (deleteDelayMs <= 0 || deliveredIds.length >= batchSize) await deleteDelivered();
    else deleteTimer ??= setTimeout(() => void deleteDelivered(), deleteDelayMs).unref();
    return delivered.length;
  }

  /**
   * Deletes the rows delivered so far, in ONE statement. A delivered row is deleted: the outbox holds only what is
   * still to deliver (the event log keeps the history), so it stays small, and deleting writes no new row version
   * as marking it would. The delete commits without waiting for the disk (synchronous_commit off for that
   * transaction only): losing it in a database crash only means delivering again, which at-least-once allows. A
   * failed delete is reported, not retried: its rows stay claimed and are delivered again once the claim ends.
   */
  function deleteDelivered(): Promise<void> {
    clearTimeout(deleteTimer);
    deleteTimer = undefined;
    if (deliveredIds.length === 0) return Promise.resolve();
    const ids = JSON.stringify(deliveredIds.splice(0));
    const done = sql`with relaxed as (select set_config('synchronous_commit', 'off', true) as setting)
      delete from outbox
      where exists (select 1 from relaxed) and id in (select jsonb_array_elements_text(${ids}::jsonb)::bigint)`
      .execute(db)
      .then(() => undefined, report)
      .finally(() => deleting.delete(done));
    deleting.add(done);
    return done;
  }

  /** Claims up to a batch of pending rows from the table and delivers them. */
  async function claimBatch(): Promise<{ claimed: number; delivered: number }> {
    const claimed = await sql<OutboxRow>`
      with relaxed as (select set_config('synchronous_commit', 'off', true) as setting)
      update outbox set claimed_until = now() + interval '30 seconds', attempts = attempts + 1
      where exists (select 1 from relaxed) and id in (
        select id from outbox
        where delivered_at is null and (claimed_until is null or claimed_until < now())
        order by id limit ${batchSize}
        for update skip locked
      )
      returning id, topic, payload`.execute(db);
    if (claimed.rows.length === 0) return { claimed: 0, delivered: 0 };
    return { claimed: claimed.rows.length, delivered: await deliverRows(claimed.rows) };
  }

  async function deliverUntilEmpty() {
    for (;;) {
      if (written.length > 0) {
        await deliverRows(written.splice(0, batchSize));
      } else if (claimWanted) {
        claimWanted = false;
        // A short batch means nothing was left when it was claimed; rows committed since then have asked for a run.
        while ((await claimBatch()).claimed === batchSize) {
          // keep going while batches come back full
        }
      } else {
        return;
      }
    }
  }

  const delivery = {
    /** Rows this process wrote claimed (`leaseOutbox`): delivered by the next run, from memory. */
    enqueue(rows: OutboxRow[]): void {
      written.push(...rows);
    },

    /**
     * Asks for a run (which also claims pending rows from the table when `claim`); resolves when a run that
     * began after this call has finished.
     */
    request({ claim = true }: { claim?: boolean } = {}): Promise<void> {
      if (claim) claimWanted = true;
      if (!running) {
        running = deliverUntilEmpty()
          .catch(report)
          .finally(() => {
            running = undefined;
          });
        return running;
      }
      queued ??= running.then(() => {
        queued = undefined;
        return delivery.request({ claim: false });
      });
      return queued;
    },

    /** Delivers every pending row and waits for runs under way; returns how many rows this call delivered. */
    async deliverAll(): Promise<number> {
      let handled = 0;
      for (let batch = await claimBatch(); batch.claimed > 0; batch = await claimBatch()) {
        handled += batch.delivered;
      }
      // Deliveries already under way (and what their reactions started) finish before this returns.
      await delivery.idle();
      return handled;
    },

    /** Resolves when no run is in flight, nothing written waits for one, and every delivered row is deleted. */
    async idle(): Promise<void> {
      for (;;) {
        if (running || queued || written.length > 0) {
          await (queued ?? running ?? delivery.request({ claim: false }));
        } else if (deliveredIds.length > 0 || deleting.size > 0) {
          void deleteDelivered(); // joins `deleting`
          await Promise.all(deleting);
        } else {
          return;
        }
      }
    },
  };
  return delivery;
}

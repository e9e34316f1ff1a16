import { sql } from 'kysely';
import type { Store } from './open-store.js';

export interface StoreStatus {
  engine: Store['engine'];
  /** Round trip of the status query, in milliseconds. */
  latencyMs: number;
  /** Timers not fired yet, and how many of those are due at `now`. */
  pendingTimers: number;
  overdueTimers: number;
  /** Outbox rows not delivered yet. */
  undeliveredOutbox: number;
}

/** One query for `/health`: is the database answering, and how far behind are timers and the outbox? */
export async function storeStatus(store: Store, now: Date = new Date()): Promise<StoreStatus> {
  const began = performance.now();
  const { rows } = await sql<{ pending: number; overdue: number; outbox: number }>`
    select (select count(*) from timers where fired_at is null)::int as pending,
      (select count(*) from timers where fired_at is null and due_at <= ${now.toISOString()}::timestamptz)::int as overdue,
      (select count(*) from outbox where delivered_at is null)::int as outbox`.execute(store.db);
  return {
    engine: store.engine,
    latencyMs: Math.round((performance.now() - began) * 100) / 100,
    pendingTimers: rows[0]!.pending,
    overdueTimers: rows[0]!.overdue,
    undeliveredOutbox: rows[0]!.outbox,
  };
}

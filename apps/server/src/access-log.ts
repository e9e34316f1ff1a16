import type { Database } from '@kefu/runtime';
import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import type { RequestActor } from './context.js';

export interface AccessLogEntry {
  workflowId: string;
  /** The personal-data field read, e.g. `customer.phone`. */
  field: string;
}

export interface AccessLogTable {
  id: import('kysely').Generated<string>;
  at: Date | string;
  user_id: string;
  role: string;
  workflow_id: string;
  field: string;
  operation: string | null;
}

export type ServerDatabase = Database & { access_log: AccessLogTable };

/** Records who read which personal data, when. One request's reads in one tick are written by one INSERT. */
export interface AccessLog {
  record(entry: AccessLogEntry): Promise<void>;
}

/**
 * An access log for one request (or one subscription): each unmasked read of personal data is written to
 * `access_log` before the value is returned (a failed write fails the field, so nothing is read unrecorded).
 * Every read is its own row: two reads of one field are two rows, and so is each event of a subscription.
 */
export function createAccessLog(
  db: Kysely<Database>,
  actor: RequestActor | null,
  now: () => Date,
  operation: () => string | null,
): AccessLog {
  const loader = new DataLoader<AccessLogEntry, void, string>(
    async (entries) => {
      if (!actor) throw new Error('Anonymous requests read no personal data');
      const at = now().toISOString();
      await (db as unknown as Kysely<ServerDatabase>)
        .insertInto('access_log')
        .values(
          entries.map((entry) => ({
            at,
            user_id: actor.userId,
            role: actor.role,
            workflow_id: entry.workflowId,
            field: entry.field,
            operation: operation(),
          })),
        )
        .execute();
      return entries.map(() => undefined);
    },
    // No cache: every read is logged, once per read — a subscription's context lives for the whole stream, and
    // each event it delivers is a read of its own.
    { cache: false },
  );
  return { record: (entry) => loader.load(entry) };
}

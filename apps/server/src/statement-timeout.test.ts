import { openStore, type Store } from '@kefu/runtime';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withStatementTimeout } from './statement-timeout.js';

const databaseUrl = process.env.KEFU_TEST_DATABASE_URL;

// PGlite runs in one WASM thread and cannot cancel a running statement: the timeout is PostgreSQL's.
describe.skipIf(!databaseUrl)(
  'withStatementTimeout on PostgreSQL (skipped without KEFU_TEST_DATABASE_URL)',
  () => {
    let store: Store;
    beforeAll(async () => {
      store = await openStore({ databaseUrl });
    });
    afterAll(async () => {
      await store.close();
    });

    it('cancels a statement that outlives the limit with QUERY_TIMEOUT naming the limit', async () => {
      const error = await withStatementTimeout(store.db, 50, (db) =>
        sql`select pg_sleep(30)`.execute(db),
      ).catch((caught: unknown) => caught);
      expect(error).toMatchObject({
        message: expect.stringMatching(/limit of 50 ms/),
        extensions: { code: 'QUERY_TIMEOUT', limitMs: 50 },
      });
    });

    it('applies the limit to its own transaction only', async () => {
      const inside = await withStatementTimeout(store.db, 1234, (db) =>
        sql<{ value: string }>`select current_setting('statement_timeout') as value`.execute(db),
      );
      expect(inside.rows[0]!.value).toBe('1234ms');
      const outside = await sql<{
        value: string;
      }>`select current_setting('statement_timeout') as value`.execute(store.db);
      expect(outside.rows[0]!.value).not.toBe('1234ms');
    });
  },
);

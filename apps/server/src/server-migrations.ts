import type { Database, Migration } from '@kefu/runtime';
import { type Kysely, sql } from 'kysely';

/**
 * The API's own tables, kept beside the runtime's (ids prefixed `server_`, recorded in the same
 * `kefu_migrations` table). The runtime's migrations run first, in `openStore`.
 */
export const serverMigrations: readonly Migration[] = [
  {
    id: 'server_0001_access_log',
    up: `
      create table if not exists access_log (
        id bigserial primary key,
        at timestamptz not null,
        user_id text not null,
        role text not null,
        workflow_id text not null,
        field text not null,
        operation text
      );
      create index if not exists access_log_workflow on access_log (workflow_id, at);
      create index if not exists access_log_user on access_log (user_id, at);
    `,
  },
];

/** Applies the API's migrations not yet applied; returns their ids. Safe to call on every start. */
export async function migrateServer(db: Kysely<Database>): Promise<string[]> {
  await sql`create table if not exists kefu_migrations (id text primary key, applied_at timestamptz not null default now())`.execute(
    db,
  );
  const applied = new Set(
    (await db.selectFrom('kefu_migrations').select('id').execute()).map((row) => row.id),
  );
  const done: string[] = [];
  for (const migration of serverMigrations) {
    if (applied.has(migration.id)) continue;
    await db.transaction().execute(async (trx) => {
      await sql.raw(migration.up).execute(trx);
      await trx
        .insertInto('kefu_migrations')
        .values({ id: migration.id })
        .onConflict((c) => c.doNothing())
        .execute();
    });
    done.push(migration.id);
  }
  return done;
}

import { type Kysely, sql } from 'kysely';
import type { Database } from './database-schema.js';

export interface Migration {
  id: string;
  up: string;
}

/** Schema migrations, applied in order, each once, each in its own transaction. Same SQL on PGlite and PostgreSQL. */
export const migrations: readonly Migration[] = [
  {
    id: '0001_workflows',
    up: `
      create table workflows (
        id text primary key,
        kind text not null,
        machine_id text not null,
        machine_version integer not null,
        state text not null,
        status text not null,
        snapshot jsonb not null,
        version integer not null,
        priority text,
        team text,
        assignee text,
        customer_grade text,
        category text,
        opened_at timestamptz,
        closed_at timestamptz,
        breached boolean not null default false,
        last_hash text,
        created_at timestamptz not null,
        updated_at timestamptz not null
      );
      create index workflows_kind_state on workflows (kind, state);
      create index workflows_kind_opened on workflows (kind, opened_at desc, id);
      create table workflow_events (
        workflow_id text not null references workflows (id),
        seq integer not null,
        type text not null,
        event jsonb not null,
        from_state text,
        to_state text not null,
        at timestamptz not null,
        actor_id text,
        actor_role text,
        idempotency_key text,
        previous_hash text,
        hash text not null,
        recorded_at timestamptz not null default now(),
        primary key (workflow_id, seq),
        unique (workflow_id, idempotency_key)
      );
    `,
  },
];

/** Applies the migrations not yet applied; returns the ids it applied. Safe to run on every start. */
export async function migrate(db: Kysely<Database>): Promise<string[]> {
  await sql`create table if not exists kefu_migrations (id text primary key, applied_at timestamptz not null default now())`.execute(
    db,
  );
  const applied = new Set(
    (await db.selectFrom('kefu_migrations').select('id').execute()).map((row) => row.id),
  );
  const done: string[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.id)) continue;
    await db.transaction().execute(async (trx) => {
      await sql.raw(migration.up).execute(trx);
      await trx.insertInto('kefu_migrations').values({ id: migration.id }).execute();
    });
    done.push(migration.id);
  }
  return done;
}

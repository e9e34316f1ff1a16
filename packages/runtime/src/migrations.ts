import { type Kysely, sql } from 'kysely';
import type { Database } from './database-schema.js';

export interface Migration {
  /** Unique across every list applied to one database (recorded in `kefu_migrations`). */
  id: string;
  up: string;
}

/**
 * The engine's schema migrations, applied in order, each once. Same SQL on PGlite
 * and PostgreSQL. Read-model columns are not here: each workflow definition brings its own (`tables`).
 */
export const migrations: readonly Migration[] = [
  {
    id: '0001_workflows',
    up: `
      create table if not exists workflows (
        id text primary key,
        kind text not null,
        machine_id text not null,
        machine_version integer not null,
        state text not null,
        snapshot jsonb not null,
        version integer not null,
        last_hash text,
        created_at timestamptz not null,
        updated_at timestamptz not null
      );
      create table if not exists workflow_events (
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
  {
    id: '0002_timers_outbox',
    up: `
      create table if not exists timers (
        id text primary key,
        workflow_id text not null references workflows (id),
        name text not null,
        event text not null,
        due_at timestamptz not null,
        created_at timestamptz not null,
        fired_at timestamptz,
        outcome text,
        reason text,
        late_by_ms bigint,
        fired_seq integer
      );
      create unique index if not exists timers_pending_name on timers (workflow_id, name) where fired_at is null;
      create index if not exists timers_due on timers (due_at) where fired_at is null;
      create table if not exists outbox (
        id bigserial primary key,
        workflow_id text not null,
        seq integer not null,
        topic text not null,
        payload jsonb not null,
        created_at timestamptz not null default now(),
        claimed_until timestamptz,
        attempts integer not null default 0,
        delivered_at timestamptz,
        last_error text
      );
      create index if not exists outbox_pending on outbox (id) where delivered_at is null;
      create index if not exists workflows_kind_created on workflows (kind, created_at desc, id);
    `,
  },
];

/**
 * The ids recorded in `kefu_migrations`, in one query; undefined when the table does not exist yet (a new database).
 */
export async function appliedMigrationIds(db: Kysely<Database>): Promise<Set<string> | undefined> {
  try {
    return new Set((await db.selectFrom('kefu_migrations').select('id').execute()).map((row) => row.id));
  } catch (error) {
    if ((error as { code?: unknown }).code === '42P01') return undefined; // undefined_table
    throw error;
  }
}

/**
 * The engine's migrations and then `more` that the database has not applied yet, in the order `migrate` would apply
 * them (all of them on a new database). One query.
 */
export async function pendingMigrations(
  db: Kysely<Database>,
  more: readonly Migration[] = [],
): Promise<Migration[]> {
  return pendingAfter(await appliedMigrationIds(db), more);
}

/** The engine's migrations and then `more` whose ids are not in `applied` (all of them when it is undefined). */
export function pendingAfter(
  applied: ReadonlySet<string> | undefined,
  more: readonly Migration[],
): Migration[] {
  return [...migrations, ...more].filter((migration) => !applied?.has(migration.id));
}

/**
 * Applies the engine's migrations and then `more` (a definition's or a package's tables), those not yet applied;
 * returns the ids it applied. Safe to run on every start, and from several instances at once: one transaction
 * holding an advisory lock applies them, the others then find them applied. A database already up to date costs
 * one query (the applied ids), with no transaction and no lock.
 */
export async function migrate(db: Kysely<Database>, more: readonly Migration[] = []): Promise<string[]> {
  // Rows appear in kefu_migrations only when the transaction that applied them commits: all there means done.
  if ((await pendingMigrations(db, more)).length === 0) return [];
  return db.transaction().execute(async (trx) => {
    // Any constant identifies kefu's migration lock; released at commit.
    await sql`select pg_advisory_xact_lock(4242170001)`.execute(trx);
    await sql`create table if not exists kefu_migrations (id text primary key, applied_at timestamptz not null default now())`.execute(
      trx,
    );
    const applied = new Set(
      (await trx.selectFrom('kefu_migrations').select('id').execute()).map((row) => row.id),
    );
    const done: string[] = [];
    for (const migration of [...migrations, ...more]) {
      if (applied.has(migration.id)) continue;
      applied.add(migration.id);
      await sql.raw(migration.up).execute(trx);
      await trx.insertInto('kefu_migrations').values({ id: migration.id }).execute();
      done.push(migration.id);
    }
    return done;
  });
}

const appliedOnce = new WeakMap<Kysely<Database>, Map<readonly Migration[], Promise<string[]>>>();

/**
 * `migrate(db, tables)` once per database handle and list, for a store that applies its own tables before its first
 * operation: later calls share the first call's result (the ids it applied). A failure is not kept: the next call
 * tries again.
 */
export function migrateOnce(db: Kysely<Database>, tables: readonly Migration[]): Promise<string[]> {
  const lists = appliedOnce.get(db) ?? new Map<readonly Migration[], Promise<string[]>>();
  appliedOnce.set(db, lists);
  let done = lists.get(tables);
  if (!done) {
    done = migrate(db, tables);
    done.catch(() => lists.delete(tables));
    lists.set(tables, done);
  }
  return done;
}

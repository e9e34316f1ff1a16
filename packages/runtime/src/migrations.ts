import { type Kysely, sql } from 'kysely';
import type { Database } from './database-schema.js';
import { trainingMigrationSql } from './training/training-schema.js';

/**
 * The rank the complaint lists sort priority by (urgent 3, high 2, normal 1, else 0). Migration
 * `0003_dashboard_indexes` indexes exactly this expression, so a query must use this text to be served by it.
 */
export const priorityRankSql =
  "case priority when 'urgent' then 3 when 'high' then 2 when 'normal' then 1 else 0 end";

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
  {
    id: '0002_timers_outbox',
    up: `
      create table timers (
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
      create unique index timers_pending_name on timers (workflow_id, name) where fired_at is null;
      create index timers_due on timers (due_at) where fired_at is null;
      create table outbox (
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
      create index outbox_pending on outbox (id) where delivered_at is null;
      create index workflows_kind_status on workflows (kind, status);
      create index workflows_kind_team_status on workflows (kind, team, status);
      create index workflows_kind_assignee_status on workflows (kind, assignee, status);
      create index workflows_kind_priority_status on workflows (kind, priority, status);
      create index workflows_kind_category_opened on workflows (kind, category, opened_at desc);
      create index workflows_kind_grade on workflows (kind, customer_grade);
      create index workflows_breached on workflows (kind, opened_at desc) where breached;
      create index workflows_kind_created on workflows (kind, created_at desc, id);
    `,
  },
  { id: '0100_training', up: trainingMigrationSql },
  {
    // The complaint lists order by `<column> <direction> nulls last, id` (priority by its rank); an index serves a
    // page only when it holds exactly that order, nulls placement included, so each sort column gets one per
    // direction and the queue is read from the index instead of sorting every matching row.
    id: '0003_dashboard_indexes',
    up: `
      drop index if exists workflows_kind_opened;
      drop index if exists workflows_kind_state;
      drop index if exists workflows_kind_grade;
      ${[
        ['opened', 'opened_at'],
        ['updated', 'updated_at'],
        ['state', 'state'],
        ['team', 'team'],
        ['assignee', 'assignee'],
        ['grade', 'customer_grade'],
        ['category', 'category'],
      ]
        .map(
          ([name, column]) => `
      create index workflows_kind_${name}_asc on workflows (kind, ${column} asc nulls last, id);
      create index workflows_kind_${name}_desc on workflows (kind, ${column} desc nulls last, id);`,
        )
        .join('')}
      create index workflows_kind_priority_rank_asc on workflows (kind, (${priorityRankSql}) asc, id);
      create index workflows_kind_priority_rank_desc on workflows (kind, (${priorityRankSql}) desc, id);
    `,
  },
];

/**
 * Applies the migrations not yet applied; returns the ids it applied. Safe to run on every start, and from
 * several instances at once: one transaction holding an advisory lock applies them, the others then find them
 * applied.
 */
export async function migrate(db: Kysely<Database>): Promise<string[]> {
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
    for (const migration of migrations) {
      if (applied.has(migration.id)) continue;
      await sql.raw(migration.up).execute(trx);
      await trx.insertInto('kefu_migrations').values({ id: migration.id }).execute();
      done.push(migration.id);
    }
    return done;
  });
}

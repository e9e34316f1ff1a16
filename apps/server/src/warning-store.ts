import type { CustomerWarning } from '@kefu/early-warning';
import type { Database, Migration } from '@kefu/runtime';
import { type Kysely, sql } from 'kysely';

/** The warnings table (ids prefixed `warnings_`, recorded in `kefu_migrations`; applied with `kefuMigrations`). */
export const warningMigrations: readonly Migration[] = [
  {
    id: 'warnings_0001_customer_warnings',
    up: `
      create table if not exists customer_warnings (
        id text primary key,
        customer_id text not null,
        rule text not null,
        severity text not null,
        message text not null,
        evidence jsonb not null,
        raised_at timestamptz not null,
        acknowledged_at timestamptz,
        acknowledged_by text,
        acknowledged_role text,
        acknowledgement_note text
      );
      create index if not exists customer_warnings_customer on customer_warnings (customer_id, raised_at desc);
      create index if not exists customer_warnings_open on customer_warnings (raised_at desc) where acknowledged_at is null;
    `,
  },
];

/** A stored warning: the rule's warning and, once acknowledged, who did it, when and with what note. */
export interface StoredWarning extends CustomerWarning {
  acknowledgement: { at: string; userId: string; role: string; note: string } | null;
}

interface WarningRow {
  id: string;
  customer_id: string;
  rule: string;
  severity: string;
  message: string;
  evidence: unknown;
  raised_at: Date | string;
  acknowledged_at: Date | string | null;
  acknowledged_by: string | null;
  acknowledged_role: string | null;
  acknowledgement_note: string | null;
}

function toWarning(row: WarningRow): StoredWarning {
  return {
    id: row.id,
    customerId: row.customer_id,
    rule: row.rule as CustomerWarning['rule'],
    severity: row.severity as CustomerWarning['severity'],
    message: row.message,
    evidence: (typeof row.evidence === 'string'
      ? JSON.parse(row.evidence)
      : row.evidence) as CustomerWarning['evidence'],
    at: new Date(row.raised_at).toISOString(),
    acknowledgement:
      row.acknowledged_at === null
        ? null
        : {
            at: new Date(row.acknowledged_at).toISOString(),
            userId: row.acknowledged_by ?? '',
            role: row.acknowledged_role ?? '',
            note: row.acknowledgement_note ?? '',
          },
  };
}

/** Stores warnings; one already stored (same id) is kept as it is. Returns the ones new to the table. */
export async function saveWarnings(
  db: Kysely<Database>,
  warnings: readonly CustomerWarning[],
): Promise<StoredWarning[]> {
  const saved: StoredWarning[] = [];
  for (const warning of warnings) {
    const { rows } = await sql<WarningRow>`
      insert into customer_warnings (id, customer_id, rule, severity, message, evidence, raised_at)
      values (${warning.id}, ${warning.customerId}, ${warning.rule}, ${warning.severity}, ${warning.message},
        ${JSON.stringify(warning.evidence)}::jsonb, ${warning.at}::timestamptz)
      on conflict (id) do nothing
      returning *`.execute(db);
    if (rows[0]) saved.push(toWarning(rows[0]));
  }
  return saved;
}

export interface ListWarningsOptions {
  customerId?: string | null;
  acknowledged?: boolean | null;
  limit: number;
  offset: number;
}

/** Stored warnings, newest first. */
export async function listWarnings(
  db: Kysely<Database>,
  options: ListWarningsOptions,
): Promise<StoredWarning[]> {
  const { rows } = await sql<WarningRow>`
    select * from customer_warnings
    where (${options.customerId ?? null}::text is null or customer_id = ${options.customerId ?? null})
      and (${options.acknowledged ?? null}::boolean is null
        or (acknowledged_at is not null) = ${options.acknowledged ?? null}::boolean)
    order by raised_at desc, id
    limit ${options.limit} offset ${options.offset}`.execute(db);
  return rows.map(toWarning);
}

/** Acknowledges a warning with a note; undefined when there is no such warning or it was acknowledged already. */
export async function acknowledgeWarning(
  db: Kysely<Database>,
  id: string,
  by: { userId: string; role: string },
  at: string,
  note: string,
): Promise<StoredWarning | undefined> {
  const { rows } = await sql<WarningRow>`
    update customer_warnings
    set acknowledged_at = ${at}::timestamptz, acknowledged_by = ${by.userId}, acknowledged_role = ${by.role},
      acknowledgement_note = ${note}
    where id = ${id} and acknowledged_at is null
    returning *`.execute(db);
  return rows[0] ? toWarning(rows[0]) : undefined;
}

/** One warning by id. */
export async function findWarning(db: Kysely<Database>, id: string): Promise<StoredWarning | undefined> {
  const { rows } = await sql<WarningRow>`select * from customer_warnings where id = ${id}`.execute(db);
  return rows[0] ? toWarning(rows[0]) : undefined;
}

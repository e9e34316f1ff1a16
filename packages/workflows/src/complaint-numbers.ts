import type { Migration, ReadModelColumn, Store } from '@kefu/runtime';
import { sql } from 'kysely';

/**
 * Short numbers a person can say on the phone (`KF-2026-000123`), one per complaint, allocated by the database
 * in the transaction that inserts the complaint: a counter row per year, locked by the insert, so numbers are
 * gapless and unique across every server instance (a rolled-back insert rolls the counter back with it). The
 * year is the complaint's opening year in China Standard Time. Complaints stored before this migration are
 * numbered in the order they were opened.
 */
export const complaintNumberTables: readonly Migration[] = [
  {
    id: 'complaints_0001_numbers',
    up: `
      create table if not exists complaint_number_counters (
        year integer primary key,
        last_number integer not null
      );
      alter table workflows add column if not exists number text;
      create unique index if not exists workflows_number on workflows (number) where number is not null;
      with numbered as (
        select id,
          extract(year from (coalesce(opened_at, created_at) at time zone 'Asia/Shanghai'))::integer as year,
          row_number() over (
            partition by extract(year from (coalesce(opened_at, created_at) at time zone 'Asia/Shanghai'))
            order by coalesce(opened_at, created_at), id
          ) as n
        from workflows where kind = 'complaint' and number is null
      )
      update workflows set number = 'KF-' || numbered.year || '-' || lpad(numbered.n::text, 6, '0')
        from numbered where workflows.id = numbered.id;
      insert into complaint_number_counters (year, last_number)
        select split_part(number, '-', 2)::integer, max(split_part(number, '-', 3)::integer)
        from workflows where kind = 'complaint' and number is not null group by 1
        on conflict (year) do update set last_number = excluded.last_number;
      create or replace function kefu_complaint_number() returns trigger language plpgsql as $$
      declare
        number_year integer;
        next_number integer;
      begin
        if tg_op = 'UPDATE' then
          -- A number, once given, stays: projections write the column without knowing it.
          new.number := old.number;
          return new;
        end if;
        if new.kind <> 'complaint' then
          return new;
        end if;
        number_year := extract(year from (coalesce(new.opened_at, now()) at time zone 'Asia/Shanghai'))::integer;
        insert into complaint_number_counters as counters (year, last_number) values (number_year, 1)
          on conflict (year) do update set last_number = counters.last_number + 1
          returning last_number into next_number;
        new.number := 'KF-' || number_year || '-' || lpad(next_number::text, 6, '0');
        return new;
      end
      $$;
      drop trigger if exists workflows_complaint_number on workflows;
      create trigger workflows_complaint_number before insert or update of number on workflows
        for each row execute function kefu_complaint_number();
    `,
  },
];

declare module '@kefu/runtime' {
  interface ReadModel {
    /** A complaint's short number (`KF-2026-000123`); absent on other kinds. */
    number?: string | null;
  }
  interface WorkflowsTable {
    number: string | null;
  }
}

/** Where a complaint's number is kept (`WorkflowRecord.readModel.number`; written by the database, never projected). */
export const complaintNumberColumn: ReadModelColumn = { column: 'number', type: 'text', generated: true };

/** The shape of a complaint number: `KF-`, the year, six digits or more. */
export const complaintNumberPattern = /^KF-\d{4}-\d{6,}$/;

/** The id of the complaint with this number (`KF-2026-000123`, any case), or undefined. */
export async function complaintIdByNumber(store: Store, number: string): Promise<string | undefined> {
  const normalised = number.trim().toUpperCase();
  if (!complaintNumberPattern.test(normalised)) return undefined;
  const row = await sql<{
    id: string;
  }>`select id from workflows where kind = 'complaint' and number = ${normalised}`.execute(store.db);
  return row.rows[0]?.id;
}

import type { Migration, ReadModelColumn } from '@kefu/runtime';

declare module '@kefu/runtime' {
  interface ReadModel {
    /** The customer record a complaint belongs to (complaints only). */
    customerId?: string | null;
    /** An open complaint of the same customer and category, opened in the 24 hours before this one. */
    possibleDuplicateOf?: string | null;
  }
  interface WorkflowsTable {
    customer_id: string | null;
    possible_duplicate_of: string | null;
  }
}

/** How far back an open complaint of the same customer and category makes a new one a possible duplicate. */
export const duplicateWindowHours = 24;

/**
 * Possible duplicates, flagged by the database as a complaint is inserted: the earliest complaint of the same
 * customer and category, opened in the 24 hours before and not closed, is kept in `possible_duplicate_of`. The
 * trigger runs after the one that numbers the complaint, which holds the year's counter row: concurrent inserts
 * are taken one at a time, and each sees the complaints committed before it (four calls from one phone in three
 * seconds flag the last three).
 */
export const complaintDuplicateTables: readonly Migration[] = [
  {
    id: 'complaints_0002_possible_duplicates',
    up: `
      alter table workflows
        add column if not exists customer_id text,
        add column if not exists possible_duplicate_of text;
      create index if not exists workflows_customer_category_opened
        on workflows (customer_id, category, opened_at) where kind = 'complaint' and customer_id is not null;
      create or replace function kefu_complaint_possible_duplicate() returns trigger language plpgsql as $$
      begin
        if new.kind <> 'complaint' or new.customer_id is null or new.opened_at is null then
          return new;
        end if;
        select id into new.possible_duplicate_of from workflows
          where kind = 'complaint' and customer_id = new.customer_id and category is not distinct from new.category
            and opened_at > new.opened_at - interval '${duplicateWindowHours} hours' and opened_at <= new.opened_at
            and status <> 'closed' and id <> new.id
          order by opened_at, id
          limit 1;
        return new;
      end
      $$;
      drop trigger if exists workflows_complaint_possible_duplicate on workflows;
      create trigger workflows_complaint_possible_duplicate before insert on workflows
        for each row execute function kefu_complaint_possible_duplicate();
    `,
  },
];

/** The columns: the customer is projected from the complaint; the possible duplicate is the database's. */
export const complaintDuplicateColumns: Readonly<
  Record<'customerId' | 'possibleDuplicateOf', ReadModelColumn>
> = {
  customerId: { column: 'customer_id', type: 'text' },
  possibleDuplicateOf: { column: 'possible_duplicate_of', type: 'text', generated: true },
};

import type { Database, WorkflowsTable } from '@kefu/runtime';
import { type Kysely, type Selectable, sql } from 'kysely';

/** The kind and assignee of one workflow (no snapshot read), or undefined for an unknown id. */
export function workflowAssignee(
  db: Kysely<Database>,
  workflowId: string,
): Promise<{ kind: string; assignee: string | null } | undefined> {
  return db
    .selectFrom('workflows')
    .select(['kind', 'assignee'])
    .where('id', '=', workflowId)
    .executeTakeFirst();
}

/** A page of revisits in the given states, optionally one assignee's, by scheduled time. */
export function revisitQueuePage(
  db: Kysely<Database>,
  query: { states: readonly string[]; assignee: string | null; limit: number; offset: number },
): Promise<Selectable<WorkflowsTable>[]> {
  return db
    .selectFrom('workflows')
    .selectAll()
    .where('kind', '=', 'revisit')
    .where('status', 'in', [...query.states])
    .$if(query.assignee !== null, (page) => page.where('assignee', '=', query.assignee!))
    .orderBy('revisit_scheduled_at')
    .orderBy('id')
    .limit(query.limit)
    .offset(query.offset)
    .execute();
}

/** Every revisit of one customer, newest trigger first: its id, state and due time. */
export async function revisitsOfCustomerRows(
  db: Kysely<Database>,
  customerId: string,
): Promise<Array<{ revisitId: string; state: string; dueAt: string }>> {
  const { rows } = await sql<{ id: string; status: string; due: Date | string }>`
    select id, status, revisit_due_at as due from workflows
    where kind = 'revisit' and revisit_customer_id = ${customerId}
    order by revisit_trigger_at desc`.execute(db);
  return rows.map((row) => ({
    revisitId: row.id,
    state: row.status,
    dueAt: new Date(row.due).toISOString(),
  }));
}

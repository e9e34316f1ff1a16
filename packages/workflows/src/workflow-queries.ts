import type { Database, WorkflowsTable } from '@kefu/runtime';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { ReadModelDatabase } from './complaint-facts.js';
import type { ComplaintVisibility } from './complaint-queries.js';

/**
 * What visibility depends on, for one workflow: its own team, assignee and opener, and for an escalation its
 * own team (`context.team`) and those of the complaint it is about (the `team` column of an escalation holds
 * the department it was handed to, which grants nothing).
 */
export interface VisibilityRow {
  kind: string;
  team: string | null;
  /** An escalation's own team (`context.team`: its opener's, given at the start). */
  escalation_team: string | null;
  assignee: string | null;
  opened_by: string | null;
  complaint_team: string | null;
  complaint_assignee: string | null;
  complaint_opened_by: string | null;
}

/** The visibility columns of one workflow (no snapshot decryption); undefined for an unknown id. */
export async function visibilityOf(
  db: Kysely<Database>,
  workflowId: string,
): Promise<VisibilityRow | undefined> {
  const { rows } = await sql<VisibilityRow>`
    select w.kind, w.team, w.assignee, w.snapshot->'context'->'openedBy'->>'userId' as opened_by,
      case when w.kind = 'escalation' then w.snapshot->'context'->>'team' end as escalation_team,
      c.team as complaint_team, c.assignee as complaint_assignee,
      c.snapshot->'context'->'openedBy'->>'userId' as complaint_opened_by
    from workflows w
    left join workflows c
      on w.kind = 'escalation' and c.kind = 'complaint' and c.id = w.snapshot->'context'->>'complaintId'
    where w.id = ${workflowId}`.execute(db);
  return rows[0];
}

/**
 * One page of the escalations a caller may see, newest first: every one, or those they opened, of their team,
 * or about a complaint of their team, assigned to or opened by them. Rows with sealed snapshots.
 */
export async function listEscalationRows(
  db: Kysely<Database>,
  visibility: ComplaintVisibility,
  options: { state: string | null; limit: number; offset: number },
): Promise<Array<Selectable<WorkflowsTable>>> {
  const team = visibility.team ?? null;
  const { rows } = await sql<Selectable<WorkflowsTable>>`
    select w.* from workflows w
    left join workflows c
      on c.kind = 'complaint' and c.id = w.snapshot->'context'->>'complaintId'
    where w.kind = 'escalation'
      ${options.state ? sql`and w.state = ${options.state}` : sql``}
      ${
        visibility.all
          ? sql``
          : sql`and (w.snapshot->'context'->'openedBy'->>'userId' = ${visibility.userId}
              or w.snapshot->'context'->>'team' = ${team}::text
              or c.team = ${team}::text
              or c.assignee = ${visibility.userId}
              or c.snapshot->'context'->'openedBy'->>'userId' = ${visibility.userId})`
      }
    order by w.created_at desc, w.id
    limit ${options.limit} offset ${options.offset}`.execute(db);
  return rows;
}

export interface ApproachingDeadline {
  id: string;
  kind: string;
  name: string;
  due_at: Date;
}

/** Deadlines of open workflows due within `withinMs` after `now`, from the pending timers, soonest first. */
export async function approachingDeadlines(
  db: Kysely<Database>,
  now: Date,
  withinMs: number,
): Promise<ApproachingDeadline[]> {
  const { rows } = await sql<ApproachingDeadline>`
    select w.id, w.kind, d.key as name, (d.value->>'dueAt')::timestamptz as due_at
    from workflows w, jsonb_each(coalesce(w.snapshot->'context'->'deadlines', '{}'::jsonb)) d
    where w.closed_at is null
      and (d.value->>'dueAt')::timestamptz > ${now.toISOString()}
      and (d.value->>'dueAt')::timestamptz <= ${new Date(now.getTime() + withinMs).toISOString()}
    order by 4`.execute(db);
  return rows;
}

export interface AgentWorkload {
  userId: string;
  team: string | null;
  openComplaints: number;
  breachedComplaints: number;
}

/**
 * Workload of many agents in one statement, from the read-model columns (index `workflows_kind_assignee_status`):
 * their most frequent team, open and breached open complaints.
 */
export async function agentWorkloads(
  db: Kysely<Database>,
  userIds: readonly string[],
): Promise<AgentWorkload[]> {
  const rows =
    userIds.length === 0
      ? []
      : await db
          .selectFrom('workflows')
          .where('kind', '=', 'complaint')
          .where('assignee', 'in', [...userIds])
          .select([
            'assignee',
            sql<string | null>`mode() within group (order by team)`.as('team'),
            sql<string>`count(*) filter (where closed_at is null)`.as('open'),
            sql<string>`count(*) filter (where closed_at is null and breached)`.as('breached'),
          ])
          .groupBy('assignee')
          .execute();
  const byId = new Map(rows.map((row) => [row.assignee, row]));
  return userIds.map((userId) => {
    const row = byId.get(userId);
    return {
      userId,
      team: row?.team ?? null,
      openComplaints: Number(row?.open ?? 0),
      breachedComplaints: Number(row?.breached ?? 0),
    };
  });
}

export interface RecentComplaint {
  id: string;
  category: string | null;
  openedAt: string | null;
}

/** The latest complaints a caller may see (by opening), from the facts: no snapshot is read. */
export async function latestComplaints(
  db: Kysely<Database>,
  visibility: ComplaintVisibility,
  limit: number,
): Promise<RecentComplaint[]> {
  let query = (db as unknown as Kysely<ReadModelDatabase>)
    .selectFrom('complaint_facts')
    .select(['id', 'category', 'opened_at']);
  if (!visibility.all) {
    const team = visibility.team;
    query = query.where((eb) =>
      eb.or([
        ...(team ? [eb('team', '=', team)] : []),
        eb('assignee', '=', visibility.userId),
        eb('opened_by', '=', visibility.userId),
      ]),
    );
  }
  const rows = await query.orderBy('opened_at', 'desc').orderBy('id').limit(limit).execute();
  return rows.map((row) => ({
    id: row.id,
    category: row.category,
    openedAt: row.opened_at ? new Date(row.opened_at).toISOString() : null,
  }));
}

import type { Database, WorkflowsTable } from '@kefu/runtime';
import { type Kysely, type Selectable, sql } from 'kysely';

/** A team's complaints still open (not in `closedStates`), oldest first: the follow-ups a shift hands over. */
export function openComplaintsOfTeam(
  db: Kysely<Database>,
  team: string,
  closedStates: readonly string[],
  limit = 500,
): Promise<Selectable<WorkflowsTable>[]> {
  return db
    .selectFrom('workflows')
    .selectAll()
    .where('kind', '=', 'complaint')
    .where('team', '=', team)
    .where('state', 'not in', [...closedStates])
    .orderBy('created_at')
    .limit(limit)
    .execute();
}

/** A team's escalations waiting for someone (not acknowledged, or unanswered at the top), oldest first. */
export function waitingEscalationsOfTeam(
  db: Kysely<Database>,
  team: string,
  limit = 500,
): Promise<Selectable<WorkflowsTable>[]> {
  return db
    .selectFrom('workflows')
    .selectAll()
    .where('kind', '=', 'escalation')
    .where('state', 'in', ['awaitingAcknowledgement', 'unanswered'])
    .where(sql<string>`snapshot->'context'->>'team'`, '=', team)
    .orderBy('created_at')
    .limit(limit)
    .execute();
}

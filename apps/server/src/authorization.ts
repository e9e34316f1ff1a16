import type { WorkflowRecord } from '@kefu/runtime';
import { GraphQLError } from 'graphql';
import { sql } from 'kysely';
import type { KefuContext, RequestActor, Role } from './context.js';

/** Roles that handle complaints and may read them (trainers may not). */
export const complaintRoles: readonly Role[] = ['agent', 'supervisor', 'manager', 'director'];
/** Roles that see every team's work; the others see their own team's and what they opened or are assigned. */
export const allTeamRoles: readonly Role[] = ['manager', 'director'];
/** Roles that see customers' names and phone numbers unmasked (they call customers back); each read is logged. */
export const personalDataRoles: readonly Role[] = ['agent', 'supervisor', 'manager'];

function openedBy(record: WorkflowRecord): string | undefined {
  const opener = record.context.openedBy as { userId?: unknown } | undefined;
  return typeof opener?.userId === 'string' ? opener.userId : undefined;
}

/** Whether `actor` may read this workflow: all teams for managers and directors; own team, own assignments and own openings otherwise. */
export function canSeeWorkflow(actor: RequestActor | null, record: WorkflowRecord): boolean {
  if (!actor || !complaintRoles.includes(actor.role)) return false;
  if (allTeamRoles.includes(actor.role)) return true;
  const team = record.readModel.team;
  return (
    (team !== null && team !== undefined && team === actor.team) ||
    record.readModel.assignee === actor.userId ||
    openedBy(record) === actor.userId
  );
}

/** Type-level `authScopes` for workflow object types (Complaint, Escalation, Crisis …): row-level visibility. */
export function workflowAuthScopes(record: WorkflowRecord, context: KefuContext): boolean {
  return canSeeWorkflow(context.actor, record);
}

/** The teams an actor's queries are limited to: undefined for all teams. */
export function visibleTeams(
  actor: RequestActor,
): { all: true } | { all: false; team: string | null; userId: string } {
  if (allTeamRoles.includes(actor.role)) return { all: true };
  return { all: false, team: actor.team ?? null, userId: actor.userId };
}

/** Throws FORBIDDEN when a non-manager asks for another team's data by name. */
export function assertTeamsAllowed(actor: RequestActor, teams: readonly string[] | null | undefined): void {
  if (!teams || teams.length === 0 || allTeamRoles.includes(actor.role)) return;
  const others = teams.filter((team) => team !== actor.team);
  if (others.length > 0) {
    throw new GraphQLError(
      `Not allowed: a ${actor.role} sees only team ${actor.team ? `"${actor.team}"` : '(none in the token)'}, not ${others.map((team) => `"${team}"`).join(', ')}`,
      { extensions: { code: 'FORBIDDEN', role: actor.role } },
    );
  }
}

export function requireActor(context: KefuContext): RequestActor {
  if (!context.actor) throw new GraphQLError('Sign in first', { extensions: { code: 'UNAUTHENTICATED' } });
  return context.actor;
}

/**
 * Refuses (FORBIDDEN, nothing sent) an action on a workflow the caller may not see: an agent of one team may
 * not act on another team's complaint even when their role may send the event. An unknown id passes, so the
 * runtime reports WORKFLOW_NOT_FOUND.
 */
export async function assertCanActOn(context: KefuContext, workflowId: string): Promise<void> {
  const actor = requireActor(context);
  // Managers and directors may act on every team's work: no read needed (the send itself reports an unknown id).
  if (allTeamRoles.includes(actor.role)) return;
  // Only the columns visibility depends on: no snapshot decryption on the write path.
  const row = await context.runtime.store.db
    .selectFrom('workflows')
    .select([
      'kind',
      'team',
      'assignee',
      sql<string | null>`snapshot->'context'->'openedBy'->>'userId'`.as('opened_by'),
    ])
    .where('id', '=', workflowId)
    .executeTakeFirst();
  if (!row) return;
  const visible =
    complaintRoles.includes(actor.role) &&
    ((row.team !== null && row.team === actor.team) ||
      row.assignee === actor.userId ||
      row.opened_by === actor.userId);
  if (!visible) {
    throw new GraphQLError(
      `Not allowed: a ${actor.role} of team ${actor.team ? `"${actor.team}"` : '(none)'} may not act on ${row.kind} "${workflowId}" of team ${row.team ? `"${row.team}"` : '(none)'}`,
      { extensions: { code: 'FORBIDDEN', role: actor.role } },
    );
  }
}

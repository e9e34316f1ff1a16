import type { WorkflowRecord } from '@kefu/runtime';
import { type ComplaintVisibility, type VisibilityRow, visibilityOf } from '@kefu/workflows';
import { GraphQLError } from 'graphql';
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

export { type VisibilityRow, visibilityOf } from '@kefu/workflows';

function ownsOrShares(
  actor: RequestActor,
  team: string | null | undefined,
  assignee: string | null | undefined,
  opener: string | null | undefined,
): boolean {
  return (
    (team !== null && team !== undefined && team === actor.team) ||
    (assignee !== null && assignee !== undefined && assignee === actor.userId) ||
    (opener !== null && opener !== undefined && opener === actor.userId)
  );
}

/**
 * Whether `actor` may see (and so act on) a workflow, by kind: complaints by team, assignment or opening;
 * escalations by their own team (the opener's), their complaint's, or by opening them; crises are company-wide for every complaint role;
 * managers and directors see everything; trainers nothing.
 */
export function visibleTo(actor: RequestActor | null, row: VisibilityRow): boolean {
  if (!actor || !complaintRoles.includes(actor.role)) return false;
  if (allTeamRoles.includes(actor.role)) return true;
  switch (row.kind) {
    case 'complaint':
      return ownsOrShares(actor, row.team, row.assignee, row.opened_by);
    case 'escalation':
      return (
        ownsOrShares(actor, row.escalation_team, null, row.opened_by) ||
        ownsOrShares(actor, row.complaint_team, row.complaint_assignee, row.complaint_opened_by)
      );
    case 'crisis':
      return true;
    default:
      return false;
  }
}

/** Whether `actor` may read this complaint: all teams for managers and directors; own team, own assignments and own openings otherwise. */
export function canSeeWorkflow(actor: RequestActor | null, record: WorkflowRecord): boolean {
  if (!actor || !complaintRoles.includes(actor.role)) return false;
  if (allTeamRoles.includes(actor.role)) return true;
  if (record.kind === 'crisis') return true;
  if (record.kind !== 'complaint') return false;
  return ownsOrShares(actor, record.readModel.team, record.readModel.assignee, openedBy(record));
}

/** Like `canSeeWorkflow` for any kind: an escalation's visibility needs its complaint's row. */
export async function canSee(context: KefuContext, record: WorkflowRecord): Promise<boolean> {
  const actor = context.actor;
  if (record.kind !== 'escalation' || !actor || allTeamRoles.includes(actor.role)) {
    return canSeeWorkflow(actor, record);
  }
  if (!complaintRoles.includes(actor.role)) return false;
  const team = record.context.team as string | undefined;
  if (ownsOrShares(actor, team, null, openedBy(record))) return true;
  const row = await visibilityOf(context.runtime.store.db, record.id);
  return row !== undefined && visibleTo(actor, row);
}

/** Type-level `authScopes` for workflow object types (Complaint, Escalation, Crisis …): row-level visibility. */
export function workflowAuthScopes(record: WorkflowRecord, context: KefuContext): Promise<boolean> {
  return canSee(context, record);
}

/** The teams an actor's queries are limited to: undefined for all teams. */
export function visibleTeams(
  actor: RequestActor,
): { all: true } | { all: false; team: string | null; userId: string } {
  if (allTeamRoles.includes(actor.role)) return { all: true };
  return { all: false, team: actor.team ?? null, userId: actor.userId };
}

/** Whose complaints `actor` sees, as the read-model queries of `@kefu/workflows` take it. */
export function complaintVisibility(actor: RequestActor): ComplaintVisibility {
  return allTeamRoles.includes(actor.role)
    ? { all: true, userId: actor.userId }
    : { all: false, team: actor.team ?? null, userId: actor.userId };
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

export function requireActor(context: Pick<KefuContext, 'actor'>): RequestActor {
  if (!context.actor) throw new GraphQLError('Sign in first', { extensions: { code: 'UNAUTHENTICATED' } });
  return context.actor;
}

/**
 * Refuses (FORBIDDEN, nothing sent) an action on a workflow the caller may not see: an agent of one team may
 * not act on another team's complaint, or on an escalation about it, even when their role may send the event;
 * a trainer acts on no workflow. An unknown id passes, so the runtime reports WORKFLOW_NOT_FOUND.
 */
export async function assertCanActOn(
  context: Pick<KefuContext, 'runtime' | 'actor'>,
  workflowId: string,
): Promise<void> {
  const actor = requireActor(context);
  // Managers and directors may act on every team's work: no read needed (the send itself reports an unknown id).
  if (allTeamRoles.includes(actor.role)) return;
  if (!complaintRoles.includes(actor.role)) {
    throw new GraphQLError(`Not allowed: a ${actor.role} may not act on workflows`, {
      extensions: { code: 'FORBIDDEN', role: actor.role },
    });
  }
  // Only the columns visibility depends on: no snapshot decryption on the write path.
  const row = await visibilityOf(context.runtime.store.db, workflowId);
  if (!row || visibleTo(actor, row)) return;
  const team = row.kind === 'escalation' ? (row.escalation_team ?? row.complaint_team) : row.team;
  throw new GraphQLError(
    `Not allowed: a ${actor.role} of team ${actor.team ? `"${actor.team}"` : '(none)'} may not act on ${row.kind} "${workflowId}" of team ${team ? `"${team}"` : '(none)'}`,
    { extensions: { code: 'FORBIDDEN', role: actor.role } },
  );
}

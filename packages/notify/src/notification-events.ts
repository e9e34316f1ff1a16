import type { NotificationEvent } from './notification-types.js';

/** What a workflow did, as the outbox hands it over: an emitted event, or a start, with the workflow's context. */
export interface WorkflowFact {
  workflowId: string;
  kind: string;
  seq: number;
  event: { type: string; [field: string]: unknown };
  /** The workflow's context after the transition (team, ladder, policy …), when the caller has it. */
  context?: Record<string, unknown> | undefined;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;

function facts(entries: Record<string, unknown>): Record<string, string> {
  const found: Record<string, string> = {};
  for (const [key, value] of Object.entries(entries)) {
    const shown = text(value);
    if (shown !== undefined) found[key] = shown;
  }
  return found;
}

/** The ladder role of a level (by name) in an escalation's policy, from its context. */
function roleOfLevel(context: Record<string, unknown> | undefined, level: unknown): string | undefined {
  const levels = (context?.policy as { levels?: Array<{ name: string; role: string }> } | undefined)?.levels;
  return levels?.find((candidate) => candidate.name === level)?.role;
}

function currentLevel(context: Record<string, unknown> | undefined) {
  const levels = (context?.policy as { levels?: Array<{ name: string; role: string }> } | undefined)?.levels;
  const index = typeof context?.levelIndex === 'number' ? context.levelIndex : undefined;
  return index === undefined ? undefined : levels?.[index];
}

/**
 * The notification events one workflow fact stands for, in the rules' vocabulary (none for facts no rule can
 * name). Pure: ids derive from the workflow id, log sequence and type, so a repeated delivery gives the same ids.
 */
export function notificationEventsOf(fact: WorkflowFact): NotificationEvent[] {
  const { event, context, workflowId } = fact;
  const at = text(event.at) ?? new Date(0).toISOString();
  const team = text(context?.team) ?? text(event.team);
  const base = (type: NotificationEvent['type']) => ({
    id: `${workflowId}:${fact.seq}:${type}`,
    type,
    at,
    team,
    workflowId,
  });
  switch (event.type) {
    case 'complaint.deadlineBreached': {
      const callback = event.deadline === 'revisit';
      return [
        {
          ...base(callback ? 'callback.due' : 'deadline.breached'),
          complaintId: text(event.complaintId) ?? workflowId,
          facts: facts({ deadline: event.deadline, dueAt: event.dueAt, summary: context?.summary }),
        },
      ];
    }
    case 'escalation.started': {
      const level = currentLevel(context);
      return [
        {
          ...base('escalation.raised'),
          role: level?.role,
          escalationId: text(context?.escalationId) ?? workflowId,
          complaintId: text(context?.complaintId),
          facts: facts({
            level: level?.name,
            reason: context?.reason,
            priority: context?.priority,
            summary: context?.summary,
          }),
        },
      ];
    }
    case 'escalation.levelChanged':
      return [
        {
          ...base('escalation.raised'),
          role: roleOfLevel(context, event.to) ?? text(event.to),
          escalationId: text(event.escalationId) ?? workflowId,
          complaintId: text(event.complaintId),
          facts: facts({ level: event.to, from: event.from, cause: event.cause, summary: context?.summary }),
        },
      ];
    case 'escalation.unanswered':
      return [
        {
          ...base('escalation.unacknowledged'),
          role: roleOfLevel(context, event.level) ?? text(event.level),
          escalationId: text(event.escalationId) ?? workflowId,
          complaintId: text(event.complaintId),
          facts: facts({ level: event.level, rounds: event.rounds, summary: context?.summary }),
        },
      ];
    case 'crisis.levelChanged':
      return [
        {
          ...base('crisis.levelChanged'),
          crisisId: text(event.crisisId) ?? workflowId,
          facts: facts({
            from: event.from,
            to: event.to,
            colour: event.colour,
            reason: event.reason,
            title: context?.title,
          }),
        },
      ];
    case 'crisis.statementPublished':
      return [
        {
          ...base('statement.published'),
          crisisId: text(event.crisisId) ?? workflowId,
          statementId: text(event.statementId),
          text: text(event.text),
          facts: facts({ title: context?.title }),
        },
      ];
    case 'crisis.statementOverdue':
    case 'crisis.surgeRequested':
      return [
        {
          ...base('warning.raised'),
          crisisId: text(event.crisisId) ?? workflowId,
          facts: facts({
            warning: event.type === 'crisis.statementOverdue' ? 'statementOverdue' : 'surgeRequested',
            dueAt: event.dueAt,
            target: event.target,
            title: context?.title,
          }),
        },
      ];
    default:
      return [];
  }
}

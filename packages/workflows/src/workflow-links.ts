import type { EmittedEvent, Reaction, WorkflowCommand } from '@kefu/runtime';

/** Who sends the events one workflow's reaction sends to another. */
export const reactionActor = { userId: 'reactions', role: 'system' } as const;

const priorities = new Set(['normal', 'high', 'urgent']);

/** The escalation a complaint's emission starts, and the link written onto the complaint's timeline. */
function escalateComplaint(
  emitted: EmittedEvent,
  source: Parameters<Reaction>[1],
  reason: string,
  by: unknown,
  summary: string,
  discriminator: string,
): WorkflowCommand[] {
  const complaintId = String(emitted.complaintId ?? source.workflow.id);
  // Derived from the source entry, so a repeated delivery finds the escalation already started.
  const escalationId = `escalation:${complaintId}:${source.entry.seq}:${discriminator}`;
  const priority = String(source.workflow.context.priority ?? 'normal');
  // The escalation belongs to the complaint's team: its roster says who is on duty on the ladder.
  const team = source.workflow.context.team;
  return [
    {
      start: 'escalation',
      id: escalationId,
      input: {
        at: emitted.at,
        by,
        reason,
        complaintId,
        summary,
        priority: priorities.has(priority) ? priority : 'normal',
        ...(typeof team === 'string' && team ? { team } : {}),
        ...(typeof emitted.note === 'string' && emitted.note ? { note: emitted.note } : {}),
      },
    },
    {
      send: complaintId,
      idempotencyKey: `link:${escalationId}`,
      event: {
        type: 'complaint.linked',
        at: emitted.at,
        by: reactionActor,
        link: { kind: 'escalation', id: escalationId, reason },
      },
    },
  ];
}

/** A missed complaint deadline starts an escalation linked to the complaint. */
export const escalateMissedDeadline: Reaction = (emitted, source) =>
  escalateComplaint(
    emitted,
    source,
    'deadlineMissed',
    reactionActor,
    `The ${String(emitted.deadline)} deadline (due ${String(emitted.dueAt)}) was missed`,
    String(emitted.deadline),
  );

/** A complaint asking for escalation (agent request, serious category, grade A, repeat contacts, unsatisfied revisit). */
export const escalateRequest: Reaction = (emitted, source) =>
  escalateComplaint(
    emitted,
    source,
    String(emitted.reason),
    emitted.by ?? reactionActor,
    `Escalation requested: ${String(emitted.reason)}`,
    String(emitted.reason),
  );

/** The director at the top of the ladder raised a crisis: start it, linked to the escalation's complaint. */
export const raiseCrisisFromEscalation: Reaction = (emitted, source) => {
  const escalationId = String(emitted.escalationId ?? source.workflow.id);
  const crisisId = `crisis:${escalationId}:${source.entry.seq}`;
  const complaintId = typeof emitted.complaintId === 'string' ? emitted.complaintId : undefined;
  const commands: WorkflowCommand[] = [
    {
      start: 'crisis',
      id: crisisId,
      input: {
        at: emitted.at,
        by: emitted.by,
        title: emitted.title,
        level: emitted.level,
        reason: emitted.reason,
        complaintIds: complaintId ? [complaintId] : [],
        source: { kind: 'escalation', id: escalationId },
      },
    },
  ];
  if (complaintId) {
    commands.push({
      send: complaintId,
      idempotencyKey: `link:${crisisId}`,
      event: {
        type: 'complaint.linked',
        at: emitted.at,
        by: reactionActor,
        link: { kind: 'crisis', id: crisisId, reason: String(emitted.reason) },
      },
    });
  }
  return commands;
};

/** A complaint linked to a running crisis shows the link on its own timeline. */
export const linkComplaintToCrisis: Reaction = (emitted) => {
  const crisisId = String(emitted.crisisId);
  return [
    {
      send: String(emitted.complaintId),
      idempotencyKey: `link:${crisisId}`,
      event: {
        type: 'complaint.linked',
        at: emitted.at,
        by: reactionActor,
        link: { kind: 'crisis', id: crisisId },
      },
    },
  ];
};

/** A resolved crisis tells every linked complaint once (one message, one revisit time), in bulk. */
export const announceCrisisResolution: Reaction = (emitted, source) => {
  const crisisId = String(emitted.crisisId ?? source.workflow.id);
  const complaintIds = Array.isArray(emitted.complaintIds) ? emitted.complaintIds.map(String) : [];
  return complaintIds.map((complaintId) => ({
    send: complaintId,
    idempotencyKey: `crisis-resolved:${crisisId}:${source.entry.seq}`,
    event: {
      type: 'complaint.crisisResolved',
      at: emitted.at,
      by: reactionActor,
      crisisId,
      message: emitted.message,
      revisitBy: emitted.revisitBy,
    },
  }));
};

/** The reactions that link complaints, escalations and crises: pass them to `createRuntime({ reactions })`. */
export const defaultReactions: Record<string, Reaction> = {
  'complaint.deadlineBreached': escalateMissedDeadline,
  'complaint.escalationRequested': escalateRequest,
  'escalation.crisisRequested': raiseCrisisFromEscalation,
  'crisis.complaintLinked': linkComplaintToCrisis,
  'crisis.resolved': announceCrisisResolution,
};

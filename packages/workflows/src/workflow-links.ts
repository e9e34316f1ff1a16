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

/**
 * The director at the top of the ladder raised a crisis: start it with the escalation's complaint, and link the
 * complaint at once. The crisis's own `crisis.raised` asks for the same link under the same key (`linkRaisedCrisis`),
 * which then changes nothing.
 */
export const raiseCrisisFromEscalation: Reaction = (emitted, source) => {
  const escalationId = String(emitted.escalationId ?? source.workflow.id);
  const crisisId = `crisis:${escalationId}:${source.entry.seq}`;
  const complaintId = typeof emitted.complaintId === 'string' ? emitted.complaintId : undefined;
  const complaintIds = complaintId ? [complaintId] : [];
  return [
    {
      start: 'crisis',
      id: crisisId,
      input: {
        at: emitted.at,
        by: emitted.by,
        title: emitted.title,
        level: emitted.level,
        reason: emitted.reason,
        complaintIds,
        source: { kind: 'escalation', id: escalationId },
      },
    },
    ...crisisLinks(crisisId, complaintIds, String(emitted.at), String(emitted.reason)),
  ];
};

/** The `complaint.linked` each complaint of a crisis gets, keyed by the crisis so it is written once. */
function crisisLinks(
  crisisId: string,
  complaintIds: readonly string[],
  at: string,
  reason: string,
): WorkflowCommand[] {
  return complaintIds.map((complaintId) => ({
    send: complaintId,
    idempotencyKey: `link:${crisisId}`,
    event: {
      type: 'complaint.linked',
      at,
      by: reactionActor,
      link: { kind: 'crisis', id: crisisId, ...(reason ? { reason } : {}) },
    },
  }));
}

/**
 * A crisis started, whatever raised it (an escalation, a surge, a person): each complaint it starts with shows the
 * link on its own timeline, as one linked later does.
 */
export const linkRaisedCrisis: Reaction = (emitted, source) =>
  crisisLinks(
    String(emitted.crisisId ?? source.workflow.id),
    Array.isArray(emitted.complaintIds) ? emitted.complaintIds.map(String) : [],
    String(emitted.at),
    typeof emitted.reason === 'string' ? emitted.reason : '',
  );

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

const revisitChannels: Record<string, string> = {
  phone: 'phone',
  email: 'email',
  sms: 'app',
  visit: 'phone',
};

/**
 * An unsatisfied or neutral revisit answer opens what the revisit policy says (seed 002: an unsatisfied revisit
 * reopens or starts improvement work): a complaint, or improvement work as an escalation for an unsatisfied
 * revisit. The id comes from the revisit, so a repeated delivery finds it already started.
 */
export const followUpRevisit: Reaction = (emitted, source) => {
  const revisitId = String(emitted.revisitId ?? source.workflow.id);
  const team = typeof emitted.team === 'string' ? { team: emitted.team } : {};
  if (emitted.kind === 'complaint') {
    return [
      {
        start: 'complaint',
        id: `complaint:${revisitId}`,
        input: {
          at: emitted.at,
          by: emitted.by ?? reactionActor,
          // No personal data travels with a revisit: the complaint names the customer by id.
          customer: {
            name: `customer ${String(emitted.customerId)}`,
            grade: emitted.grade,
            member: emitted.member,
          },
          channel: revisitChannels[String(emitted.method)] ?? 'phone',
          category: 'revisit',
          summary: emitted.summary,
          customerId: String(emitted.customerId),
          ...team,
        },
      },
    ];
  }
  return [
    {
      start: 'escalation',
      id: `escalation:${revisitId}:improvement`,
      input: {
        at: emitted.at,
        by: emitted.by ?? reactionActor,
        reason: 'unsatisfiedRevisit',
        summary: `Improvement work: ${String(emitted.summary)}`.slice(0, 4000),
        priority: 'normal',
        ...team,
      },
    },
  ];
};

/** The reactions that link complaints, escalations and crises: pass them to `createRuntime({ reactions })`. */
export const defaultReactions: Record<string, Reaction> = {
  'complaint.deadlineBreached': escalateMissedDeadline,
  'complaint.escalationRequested': escalateRequest,
  'escalation.crisisRequested': raiseCrisisFromEscalation,
  'crisis.raised': linkRaisedCrisis,
  'crisis.complaintLinked': linkComplaintToCrisis,
  'crisis.resolved': announceCrisisResolution,
  'revisit.followUpRequested': followUpRevisit,
};

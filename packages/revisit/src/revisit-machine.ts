import { durationToMilliseconds, isQuietTime, moveOutOfQuietHours } from '@kefu/sla';
import { and, assertEvent, assign, emit, setup } from 'xstate';
import { revisitTimes } from './plan-revisits.js';
import { restHoursFor } from './rest-hours.js';
import { defaultRevisitPolicy, type RevisitPolicy } from './revisit-policy.js';
import type {
  RevisitContext,
  RevisitDeadline,
  RevisitEmitted,
  RevisitEvent,
  RevisitInput,
} from './revisit-types.js';

/** Bumped whenever a change would make old snapshots restore wrongly; the runtime stores it beside each one. */
export const revisitMachineVersion = 1;

/** The deadline at the end of the window, and the one at which an unreachable customer is called again. */
export const windowDeadline = 'window';
export const retryDeadline = 'retry';

type MachineInput = Omit<RevisitInput, 'policy'> & { revisitId: string; policy?: RevisitPolicy | undefined };

/** Roles who lead the programme: they assign, summarise, close, and may call any customer. */
export const revisitLeadRoles = ['supervisor', 'manager', 'director'] as const;
const leads = new Set<string>(revisitLeadRoles);

/** Which roles may send each revisit event (`system` for the scheduler). */
export const revisitEventRoles: Record<RevisitEvent['type'], readonly string[]> = {
  'revisit.assign': revisitLeadRoles,
  'revisit.unreachable': ['agent', ...revisitLeadRoles],
  'revisit.record': ['agent', ...revisitLeadRoles],
  'revisit.summarise': revisitLeadRoles,
  'revisit.close': revisitLeadRoles,
  'revisit.deadlineReached': ['system'],
};

function deadline(dueAt: string, startedAt: string): RevisitDeadline {
  return { dueAt, event: 'revisit.deadlineReached', startedAt };
}

/** When an unreachable customer may be called again after a call at `at`, or undefined when no retry is left. */
function nextAttemptAt(context: RevisitContext, at: string): string | undefined {
  const { policy } = context;
  const calls = context.attempts.length + 1;
  if (calls >= policy.retry.maxAttempts) return undefined;
  const next = moveOutOfQuietHours(
    restHoursFor(policy, context.timeZone),
    Date.parse(at) + durationToMilliseconds(policy.retry.after),
    'later',
  );
  return Date.parse(next) < Date.parse(context.dueAt) ? next : undefined;
}

function isCurrent(context: RevisitContext, event: RevisitEvent, name: string): boolean {
  if (event.type !== 'revisit.deadlineReached' || event.deadline !== name) return false;
  const current = context.deadlines[name];
  return current !== undefined && Date.parse(current.dueAt) === Date.parse(event.dueAt);
}

/** Record the form; an answer the policy follows up also requests its complaint or improvement work. */
const recordTransitions = [
  {
    guard: and(['isAssigneeOrLead', 'isCallTime', 'needsFollowUp']),
    target: 'recorded',
    actions: ['saveRecord', 'announceRecorded', 'requestFollowUp'],
  },
  {
    guard: and(['isAssigneeOrLead', 'isCallTime']),
    target: 'recorded',
    actions: ['saveRecord', 'announceRecorded'],
  },
] as const;

export const revisitMachine = setup({
  types: {
    context: {} as RevisitContext,
    events: {} as RevisitEvent,
    input: {} as MachineInput,
    emitted: {} as RevisitEmitted,
  },
  guards: {
    isLead: ({ event }) => leads.has(event.by.role),
    isAssigneeOrLead: ({ context, event }) =>
      leads.has(event.by.role) || (context.assignee !== undefined && event.by.userId === context.assignee),
    /** 一个防止: no call in the customer's rest hours, and none before the next call is due. */
    isCallTime: ({ context, event }) =>
      !isQuietTime(restHoursFor(context.policy, context.timeZone), event.at) &&
      Date.parse(event.at) >= Date.parse(context.scheduledAt),
    /** An unsatisfied or neutral answer the policy follows up (a complaint or improvement work). */
    needsFollowUp: ({ context, event }) => {
      assertEvent(event, 'revisit.record');
      const { satisfaction } = event.record;
      return satisfaction !== 'satisfied' && context.policy.followUp[satisfaction] !== 'none';
    },
    canRetry: ({ context, event }) => nextAttemptAt(context, event.at) !== undefined,
    isRetryDue: ({ context, event }) => isCurrent(context, event, retryDeadline),
    isWindowClosed: ({ context, event }) => isCurrent(context, event, windowDeadline),
  },
  actions: {
    saveAssignee: assign(({ event }) => {
      assertEvent(event, 'revisit.assign');
      return { assignee: event.assignee };
    }),
    announceAssigned: emit(({ context, event }) => ({
      type: 'revisit.assigned' as const,
      revisitId: context.revisitId,
      customerId: context.customerId,
      assignee: context.assignee!,
      at: event.at,
    })),
    saveUnreachableAttempt: assign(({ context, event }) => {
      assertEvent(event, 'revisit.unreachable');
      const next = nextAttemptAt(context, event.at);
      const { [retryDeadline]: _cleared, ...deadlines } = context.deadlines;
      return {
        attempts: [
          ...context.attempts,
          {
            number: context.attempts.length + 1,
            at: event.at,
            by: event.by,
            method: event.method,
            outcome: 'unreachable' as const,
            note: event.note,
          },
        ],
        scheduledAt: next ?? context.scheduledAt,
        deadlines: next ? { ...deadlines, [retryDeadline]: deadline(next, event.at) } : deadlines,
      };
    }),
    announceAttemptFailed: emit(({ context, event }) => ({
      type: 'revisit.attemptFailed' as const,
      revisitId: context.revisitId,
      customerId: context.customerId,
      attempt: context.attempts.length,
      nextAttemptAt: context.deadlines[retryDeadline]?.dueAt,
      at: event.at,
    })),
    clearRetry: assign(({ context }) => {
      const { [retryDeadline]: _cleared, ...deadlines } = context.deadlines;
      return { deadlines };
    }),
    announceRetryDue: emit(({ context, event }) => ({
      type: 'revisit.retryDue' as const,
      revisitId: context.revisitId,
      customerId: context.customerId,
      attempt: context.attempts.length + 1,
      at: event.at,
    })),
    saveRecord: assign(({ context, event }) => {
      assertEvent(event, 'revisit.record');
      const { satisfaction } = event.record;
      return {
        attempts: [
          ...context.attempts,
          {
            number: context.attempts.length + 1,
            at: event.at,
            by: event.by,
            method: event.record.method,
            outcome: 'reached' as const,
          },
        ],
        record: { ...event.record, at: event.at, by: event.by },
        followUp: satisfaction === 'satisfied' ? 'none' : context.policy.followUp[satisfaction],
        deadlines: {},
      };
    }),
    announceRecorded: emit(({ context, event }) => ({
      type: 'revisit.recorded' as const,
      revisitId: context.revisitId,
      customerId: context.customerId,
      satisfaction: context.record!.satisfaction,
      attempts: context.attempts.length,
      followUp: context.followUp ?? 'none',
      at: event.at,
    })),
    requestFollowUp: emit(({ context, event }) => {
      const record = context.record!;
      const kind = context.followUp === 'complaint' ? 'complaint' : 'improvement';
      const parts = [
        `Revisit ${context.revisitId}: the customer is ${record.satisfaction}`,
        record.unsatisfiedWith ? `with ${record.unsatisfiedWith}` : undefined,
        `Company: ${record.opinionOfCompany}`,
        `Service: ${record.opinionOfService}`,
        record.suggestions ? `Suggestions: ${record.suggestions}` : undefined,
      ];
      return {
        type: 'revisit.followUpRequested' as const,
        revisitId: context.revisitId,
        customerId: context.customerId,
        kind,
        satisfaction: record.satisfaction,
        grade: context.grade,
        member: context.member,
        method: record.method,
        team: context.team,
        summary: parts.filter(Boolean).join('. ').slice(0, 4000),
        by: event.by,
        at: event.at,
      };
    }),
    saveSummary: assign(({ event }) => {
      assertEvent(event, 'revisit.summarise');
      return { summary: { text: event.summary, at: event.at, by: event.by } };
    }),
    saveClosed: assign(({ event }) => ({ closedAt: event.at, deadlines: {} })),
    announceClosed: emit(({ context, event }) => ({
      type: 'revisit.closed' as const,
      revisitId: context.revisitId,
      customerId: context.customerId,
      satisfaction: context.record?.satisfaction,
      at: event.at,
    })),
    missWindow: assign(({ event }) => ({
      closedAt: event.at,
      missedBecause: 'windowClosed' as const,
      deadlines: {},
    })),
    missAttempts: assign(({ context, event }) => {
      assertEvent(event, 'revisit.unreachable');
      return {
        attempts: [
          ...context.attempts,
          {
            number: context.attempts.length + 1,
            at: event.at,
            by: event.by,
            method: event.method,
            outcome: 'unreachable' as const,
            note: event.note,
          },
        ],
        closedAt: event.at,
        missedBecause: 'attemptsExhausted' as const,
        deadlines: {},
      };
    }),
    announceMissed: emit(({ context, event }) => ({
      type: 'revisit.missed' as const,
      revisitId: context.revisitId,
      customerId: context.customerId,
      because: context.missedBecause ?? 'windowClosed',
      attempts: context.attempts.length,
      at: event.at,
    })),
  },
}).createMachine({
  id: 'revisit',
  context: ({ input }) => {
    const policy = input.policy ?? defaultRevisitPolicy;
    const timeZone = input.timeZone ?? policy.restHours.timeZone;
    const { scheduledAt, dueAt } = revisitTimes(policy, timeZone, input.triggerAt);
    return {
      revisitId: input.revisitId,
      customerId: input.customerId,
      class: input.class,
      grade: input.grade,
      tier: input.tier,
      member: input.member,
      timeZone,
      reason: input.reason,
      rule: input.rule,
      complaintId: input.complaintId,
      team: input.team,
      policy,
      openedAt: input.at,
      triggerAt: new Date(input.triggerAt).toISOString(),
      scheduledAt,
      dueAt,
      assignee: undefined,
      attempts: [],
      record: undefined,
      followUp: undefined,
      summary: undefined,
      closedAt: undefined,
      missedBecause: undefined,
      deadlines: { [windowDeadline]: deadline(dueAt, input.at) },
    };
  },
  initial: 'planned',
  states: {
    planned: {
      description: 'Generated by the plan; nobody holds it yet.',
      on: {
        'revisit.assign': {
          guard: 'isLead',
          target: 'assigned',
          actions: ['saveAssignee', 'announceAssigned'],
        },
        'revisit.deadlineReached': {
          guard: 'isWindowClosed',
          target: 'missed',
          actions: ['missWindow', 'announceMissed'],
        },
      },
    },
    assigned: {
      description: 'An agent holds it and may call now (outside the rest hours).',
      on: {
        'revisit.assign': { guard: 'isLead', actions: ['saveAssignee', 'announceAssigned'] },
        'revisit.unreachable': [
          {
            guard: and(['isAssigneeOrLead', 'isCallTime', 'canRetry']),
            target: 'attempted',
            actions: ['saveUnreachableAttempt', 'announceAttemptFailed'],
          },
          {
            guard: and(['isAssigneeOrLead', 'isCallTime']),
            target: 'missed',
            actions: ['missAttempts', 'announceMissed'],
          },
        ],
        'revisit.record': recordTransitions,
        'revisit.deadlineReached': {
          guard: 'isWindowClosed',
          target: 'missed',
          actions: ['missWindow', 'announceMissed'],
        },
      },
    },
    attempted: {
      description:
        'The customer was unreachable; the next call waits for the retry time, outside rest hours.',
      on: {
        'revisit.assign': { guard: 'isLead', actions: ['saveAssignee', 'announceAssigned'] },
        'revisit.record': recordTransitions,
        'revisit.deadlineReached': [
          { guard: 'isRetryDue', target: 'assigned', actions: ['clearRetry', 'announceRetryDue'] },
          { guard: 'isWindowClosed', target: 'missed', actions: ['missWindow', 'announceMissed'] },
        ],
      },
    },
    recorded: {
      description: 'The record form is filled; an unsatisfied or neutral answer has opened its follow-up.',
      on: {
        'revisit.summarise': { guard: 'isLead', target: 'summarised', actions: ['saveSummary'] },
        'revisit.close': { guard: 'isLead', target: 'closed', actions: ['saveClosed', 'announceClosed'] },
      },
    },
    summarised: {
      description: 'Analysed and summarised by a lead (回访总结).',
      on: {
        'revisit.close': { guard: 'isLead', target: 'closed', actions: ['saveClosed', 'announceClosed'] },
      },
    },
    closed: { type: 'final', description: 'Archived.' },
    missed: { type: 'final', description: 'The window closed, or the attempts ran out, without a record.' },
  },
});

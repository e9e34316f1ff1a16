import { computeDeadline } from '@kefu/sla';
import { and, assertEvent, assign, emit, setup } from 'xstate';
import {
  applyBranches,
  defaultEscalationPolicy,
  nextLevel,
  previousLevel,
  roleRank,
  startLevel,
} from './escalation-ladder.js';
import type {
  EscalationContext,
  EscalationEmitted,
  EscalationEvent,
  EscalationInput,
  EscalationPolicy,
  LadderStep,
} from './escalation-types.js';

/** Bumped whenever a change would make old snapshots restore wrongly; the runtime stores it beside each one. */
export const escalationMachineVersion = 1;

/** The deadline that runs while a level has not acknowledged. */
export const acknowledgeDeadline = 'acknowledge';

type MachineInput = EscalationInput & { escalationId: string; policy?: EscalationPolicy };

interface Situation {
  onDuty: string[] | undefined;
  workingHours: boolean;
}

/** Who is on duty and whether it is working hours: from the event when it says so, else as last known. */
function situationOf(context: EscalationContext, event: EscalationEvent): Situation {
  return {
    onDuty: ('onDuty' in event ? event.onDuty : undefined) ?? context.onDuty,
    workingHours: ('workingHours' in event ? event.workingHours : undefined) ?? context.workingHours,
  };
}

/** The context after the escalation lands on level `index`: a new step and a fresh acknowledge deadline. */
function landOn(
  context: EscalationContext,
  event: EscalationEvent,
  index: number,
  cause: LadderStep['cause'],
  skipped: string[],
  round = context.round,
): Partial<EscalationContext> {
  const situation = situationOf(context, event);
  const level = context.policy.levels[index]!;
  const { acknowledgeWithin } = applyBranches(level, { priority: context.priority, ...situation });
  return {
    ...situation,
    levelIndex: index,
    round,
    acknowledgedBy: undefined,
    acknowledgedAt: undefined,
    steps: [...context.steps, { level: level.name, round, at: event.at, cause, by: event.by, skipped }],
    deadlines: {
      ...context.deadlines,
      [acknowledgeDeadline]: {
        dueAt: computeDeadline(event.at, acknowledgeWithin),
        event: 'escalation.deadlineReached',
        startedAt: event.at,
      },
    },
  };
}

function withoutDeadline(context: EscalationContext, name: string) {
  const { [name]: _cleared, ...deadlines } = context.deadlines;
  return deadlines;
}

function currentRank(context: EscalationContext): number {
  return roleRank(context.policy.levels[context.levelIndex]!.role);
}

export const escalationMachine = setup({
  types: {
    context: {} as EscalationContext,
    events: {} as EscalationEvent,
    input: {} as MachineInput,
    emitted: {} as EscalationEmitted,
  },
  guards: {
    isCurrentDeadline: ({ context, event }) => {
      assertEvent(event, 'escalation.deadlineReached');
      const current = context.deadlines[event.deadline];
      return current !== undefined && Date.parse(current.dueAt) === Date.parse(event.dueAt);
    },
    hasHigherLevel: ({ context, event }) =>
      nextLevel(context.policy, context.levelIndex, situationOf(context, event).onDuty) !== undefined,
    hasRoundsLeft: ({ context }) => context.round < context.policy.repeat,
    isOnLadder: ({ event }) => roleRank(event.by.role) >= 0 || event.by.role === 'system',
    holdsCurrentLevel: ({ context, event }) =>
      roleRank(event.by.role) >= currentRank(context) ||
      (context.department !== undefined && roleRank(event.by.role) >= 0),
    isSupervisorOrAbove: ({ event }) => roleRank(event.by.role) >= roleRank('supervisor'),
    hasLowerLevel: ({ context, event }) =>
      roleRank(event.by.role) >= currentRank(context) &&
      previousLevel(context.policy, context.levelIndex, situationOf(context, event).onDuty) !== undefined,
    isDirectorAtTop: ({ context, event }) =>
      event.by.role === 'director' && context.levelIndex === context.policy.levels.length - 1,
  },
  actions: {
    climb: assign(({ context, event }) => {
      const next = nextLevel(context.policy, context.levelIndex, situationOf(context, event).onDuty)!;
      const cause = event.type === 'escalation.deadlineReached' ? 'timeout' : 'escalate';
      return landOn(context, event, next.index, cause, next.skipped);
    }),
    restartLadder: assign(({ context, event }) => {
      const start = startLevel(context.policy, context.reason, situationOf(context, event).onDuty);
      return landOn(context, event, start.index, 'repeat', start.skipped, context.round + 1);
    }),
    descend: assign(({ context, event }) => {
      const previous = previousLevel(context.policy, context.levelIndex, situationOf(context, event).onDuty)!;
      return {
        ...landOn(context, event, previous.index, 'deescalate', previous.skipped),
        department: undefined,
      };
    }),
    handOverToDepartment: assign(({ context, event }) => {
      assertEvent(event, 'escalation.handOver');
      return { ...landOn(context, event, context.levelIndex, 'handOver', []), department: event.department };
    }),
    announceLevelChanged: emit(({ context, event }) => {
      const step = context.steps.at(-1)!;
      const from = context.steps.at(-2)?.level ?? step.level;
      const level = context.policy.levels[context.levelIndex]!;
      return {
        type: 'escalation.levelChanged' as const,
        escalationId: context.escalationId,
        complaintId: context.complaintId,
        from,
        to: step.level,
        round: context.round,
        cause: step.cause,
        notify: context.department
          ? [context.department]
          : applyBranches(level, { priority: context.priority, workingHours: context.workingHours }).notify,
        skipped: step.skipped,
        at: event.at,
      };
    }),
    saveAcknowledgement: assign(({ context, event }) => ({
      acknowledgedBy: event.by,
      acknowledgedAt: event.at,
      deadlines: withoutDeadline(context, acknowledgeDeadline),
    })),
    announceAcknowledged: emit(({ context, event }) => ({
      type: 'escalation.acknowledged' as const,
      escalationId: context.escalationId,
      complaintId: context.complaintId,
      level: context.policy.levels[context.levelIndex]!.name,
      by: event.by,
      at: event.at,
    })),
    leaveUnanswered: assign(({ context }) => ({ deadlines: withoutDeadline(context, acknowledgeDeadline) })),
    announceUnanswered: emit(({ context, event }) => ({
      type: 'escalation.unanswered' as const,
      escalationId: context.escalationId,
      complaintId: context.complaintId,
      level: context.policy.levels[context.levelIndex]!.name,
      rounds: context.round,
      at: event.at,
    })),
    saveResolution: assign(({ event }) => {
      assertEvent(event, 'escalation.resolve');
      return { resolution: event.resolution, closedAt: event.at, deadlines: {} };
    }),
    announceResolved: emit(({ context, event }) => ({
      type: 'escalation.resolved' as const,
      escalationId: context.escalationId,
      complaintId: context.complaintId,
      resolution: context.resolution ?? '',
      by: event.by,
      at: event.at,
    })),
    saveCrisis: assign(({ event }) => {
      assertEvent(event, 'escalation.raiseCrisis');
      return {
        crisis: { level: event.level, reason: event.reason, title: event.title, at: event.at, by: event.by },
        closedAt: event.at,
        deadlines: {},
      };
    }),
    announceCrisisRequested: emit(({ context, event }) => ({
      type: 'escalation.crisisRequested' as const,
      escalationId: context.escalationId,
      complaintId: context.complaintId,
      level: context.crisis!.level,
      reason: context.crisis!.reason,
      title:
        context.crisis!.title ??
        `Escalation ${context.escalationId}: ${context.summary ?? context.reason}`.slice(0, 200),
      by: event.by,
      at: event.at,
    })),
  },
}).createMachine({
  id: 'escalation',
  context: ({ input }) => {
    const policy = input.policy ?? defaultEscalationPolicy;
    const reason = input.reason;
    const start = startLevel(policy, reason, input.onDuty);
    const base: EscalationContext = {
      escalationId: input.escalationId,
      complaintId: input.complaintId,
      team: input.team,
      reason,
      note: input.note,
      summary: input.summary,
      priority: input.priority ?? 'normal',
      policy,
      levelIndex: start.index,
      startIndex: start.index,
      round: 1,
      onDuty: input.onDuty,
      workingHours: input.workingHours ?? true,
      department: undefined,
      openedAt: input.at,
      openedBy: input.by,
      acknowledgedBy: undefined,
      acknowledgedAt: undefined,
      steps: [],
      deadlines: {},
      resolution: undefined,
      closedAt: undefined,
      crisis: undefined,
    };
    const opening: EscalationEvent = { type: 'escalation.escalate', reason, at: input.at, by: input.by };
    return { ...base, ...landOn(base, opening, start.index, 'start', start.skipped) };
  },
  initial: 'awaitingAcknowledgement',
  states: {
    awaitingAcknowledgement: {
      description: 'The current level has been notified and has not acknowledged yet; its timeout runs.',
      on: {
        'escalation.acknowledge': {
          guard: 'holdsCurrentLevel',
          target: 'acknowledged',
          actions: ['saveAcknowledgement', 'announceAcknowledged'],
        },
        'escalation.escalate': {
          guard: and(['isOnLadder', 'hasHigherLevel']),
          target: 'awaitingAcknowledgement',
          reenter: true,
          actions: ['climb', 'announceLevelChanged'],
        },
        'escalation.handOver': {
          guard: 'isSupervisorOrAbove',
          target: 'awaitingAcknowledgement',
          reenter: true,
          actions: ['handOverToDepartment', 'announceLevelChanged'],
        },
        'escalation.deescalate': {
          guard: and(['isSupervisorOrAbove', 'hasLowerLevel']),
          target: 'awaitingAcknowledgement',
          reenter: true,
          actions: ['descend', 'announceLevelChanged'],
        },
        'escalation.resolve': {
          guard: 'holdsCurrentLevel',
          target: 'resolved',
          actions: ['saveResolution', 'announceResolved'],
        },
        'escalation.raiseCrisis': {
          guard: 'isDirectorAtTop',
          target: 'crisisRaised',
          actions: ['saveCrisis', 'announceCrisisRequested'],
        },
        'escalation.deadlineReached': [
          {
            guard: and(['isCurrentDeadline', 'hasHigherLevel']),
            target: 'awaitingAcknowledgement',
            reenter: true,
            actions: ['climb', 'announceLevelChanged'],
          },
          {
            guard: and(['isCurrentDeadline', 'hasRoundsLeft']),
            target: 'awaitingAcknowledgement',
            reenter: true,
            actions: ['restartLadder', 'announceLevelChanged'],
          },
          {
            guard: 'isCurrentDeadline',
            target: 'unanswered',
            actions: ['leaveUnanswered', 'announceUnanswered'],
          },
        ],
      },
    },
    acknowledged: {
      description: 'Someone at the current level (or the department) owns it and works on it.',
      on: {
        'escalation.escalate': {
          guard: and(['isOnLadder', 'hasHigherLevel']),
          target: 'awaitingAcknowledgement',
          actions: ['climb', 'announceLevelChanged'],
        },
        'escalation.handOver': {
          guard: 'isSupervisorOrAbove',
          target: 'awaitingAcknowledgement',
          actions: ['handOverToDepartment', 'announceLevelChanged'],
        },
        'escalation.deescalate': {
          guard: and(['isSupervisorOrAbove', 'hasLowerLevel']),
          target: 'awaitingAcknowledgement',
          actions: ['descend', 'announceLevelChanged'],
        },
        'escalation.resolve': {
          guard: 'holdsCurrentLevel',
          target: 'resolved',
          actions: ['saveResolution', 'announceResolved'],
        },
        'escalation.raiseCrisis': {
          guard: 'isDirectorAtTop',
          target: 'crisisRaised',
          actions: ['saveCrisis', 'announceCrisisRequested'],
        },
      },
    },
    unanswered: {
      description: 'The ladder ran its rounds and nobody acknowledged; the top level still holds it.',
      on: {
        'escalation.acknowledge': {
          guard: 'holdsCurrentLevel',
          target: 'acknowledged',
          actions: ['saveAcknowledgement', 'announceAcknowledged'],
        },
        'escalation.resolve': {
          guard: 'holdsCurrentLevel',
          target: 'resolved',
          actions: ['saveResolution', 'announceResolved'],
        },
        'escalation.raiseCrisis': {
          guard: 'isDirectorAtTop',
          target: 'crisisRaised',
          actions: ['saveCrisis', 'announceCrisisRequested'],
        },
      },
    },
    resolved: { type: 'final' },
    crisisRaised: { type: 'final', description: 'The director turned it into a crisis.' },
  },
});

import { computeDeadline } from '@kefu/sla';
import { and, assertEvent, assign, emit, setup } from 'xstate';
import { defaultCrisisPolicy, levelRank, missingActions } from './crisis-policy.js';
import {
  type CrisisContext,
  type CrisisEmitted,
  type CrisisEvent,
  type CrisisInput,
  type CrisisLevel,
  type CrisisPolicy,
  crisisLevelColours,
  type Deadline,
} from './crisis-types.js';

/** Bumped whenever a change would make old snapshots restore wrongly; the runtime stores it beside each one. */
export const crisisMachineVersion = 1;

/** The deadline for the next statement (the update cadence of the current level). */
export const statementDeadline = 'statement';
/** The end of the recovery period. */
export const recoveryDeadline = 'recovery';
/** Follow-up deadlines are named `followUp:<id>`. */
export const followUpDeadlinePrefix = 'followUp:';

type MachineInput = CrisisInput & { crisisId: string; policy?: CrisisPolicy };

function deadline(at: string, dueAt: string): Deadline {
  return { dueAt, event: 'crisis.deadlineReached', startedAt: at };
}

function nextStatementDue(policy: CrisisPolicy, level: CrisisLevel, at: string): string {
  return computeDeadline(at, policy.levels[level].updateEvery);
}

function without(deadlines: Record<string, Deadline>, name: string): Record<string, Deadline> {
  const { [name]: _cleared, ...rest } = deadlines;
  return rest;
}

const statementEvents = [
  'crisis.draftStatement',
  'crisis.approveStatement',
  'crisis.publishStatement',
] as const;
const followUpEvents = ['crisis.addFollowUp', 'crisis.completeFollowUp'] as const;

/** The statement a statement event names (`undefined` for a new draft). */
function statementOf(context: CrisisContext, event: CrisisEvent) {
  assertEvent(event, [...statementEvents]);
  return context.statements.find((statement) => statement.id === event.statementId);
}

/** The follow-up action a follow-up event names (`undefined` for a new one). */
function followUpOf(context: CrisisContext, event: CrisisEvent) {
  assertEvent(event, [...followUpEvents]);
  return context.followUps.find((followUp) => followUp.id === event.followUpId);
}

/** Statements are drafted, approved and published while responding, monitoring and recovering. */
const statementTransitions = {
  'crisis.draftStatement': { guard: and(['isStaff', 'isDraftable']), actions: 'draft' },
  'crisis.approveStatement': { guard: 'canApprove', actions: 'approve' },
  'crisis.publishStatement': { guard: 'canPublish', actions: ['publish', 'announcePublished'] },
} as const;

const isLeadRole = (role: string) => role === 'manager' || role === 'director';

export const crisisMachine = setup({
  types: {
    context: {} as CrisisContext,
    events: {} as CrisisEvent,
    input: {} as MachineInput,
    emitted: {} as CrisisEmitted,
  },
  guards: {
    isLead: ({ context, event }) => isLeadRole(event.by.role) || event.by.userId === context.roles.commander,
    isStaff: ({ event }) => event.by.role !== 'system' && event.by.role !== 'trainer',
    isSupervisorOrAboveOrSystem: ({ event }) =>
      ['supervisor', 'manager', 'director', 'system'].includes(event.by.role),
    isHigherLevel: ({ context, event }) => {
      assertEvent(event, 'crisis.raiseLevel');
      return levelRank(event.level) > levelRank(context.level);
    },
    isLowerLevel: ({ context, event }) => {
      assertEvent(event, 'crisis.lowerLevel');
      return levelRank(event.level) < levelRank(context.level);
    },
    levelActionsDone: ({ context }) => missingActions(context).length === 0,
    isDraftable: ({ context, event }) => statementOf(context, event)?.status !== 'published',
    canApprove: ({ context, event }) =>
      statementOf(context, event)?.status === 'draft' &&
      (event.by.userId === context.roles.commander || event.by.userId === context.roles.spokesperson),
    canPublish: ({ context, event }) =>
      statementOf(context, event)?.status === 'approved' &&
      (event.by.userId === context.roles.commander ||
        event.by.userId === context.roles.spokesperson ||
        ['supervisor', 'manager', 'director'].includes(event.by.role)),
    isNewComplaint: ({ context, event }) => {
      assertEvent(event, 'crisis.linkComplaint');
      return !context.complaintIds.includes(event.complaintId);
    },
    isNewFollowUp: ({ context, event }) => {
      assertEvent(event, 'crisis.addFollowUp');
      return followUpOf(context, event) === undefined && Date.parse(event.dueAt) > Date.parse(event.at);
    },
    hasFollowUps: ({ context }) => context.followUps.some((followUp) => followUp.doneAt === undefined),
    isOpenFollowUp: ({ context, event }) => {
      const followUp = followUpOf(context, event);
      return followUp !== undefined && followUp.doneAt === undefined;
    },
    isLastOpenFollowUp: ({ context, event }) =>
      context.followUps.filter((followUp) => followUp.doneAt === undefined).length === 1 &&
      followUpOf(context, event) !== undefined &&
      followUpOf(context, event)!.doneAt === undefined,
    isCurrentDeadline: ({ context, event }) => {
      assertEvent(event, 'crisis.deadlineReached');
      const current = context.deadlines[event.deadline];
      return current !== undefined && Date.parse(current.dueAt) === Date.parse(event.dueAt);
    },
    isStatementDeadline: ({ event }) => {
      assertEvent(event, 'crisis.deadlineReached');
      return event.deadline === statementDeadline;
    },
    isRecoveryDeadline: ({ event }) => {
      assertEvent(event, 'crisis.deadlineReached');
      return event.deadline === recoveryDeadline;
    },
    isFollowUpDeadline: ({ event }) => {
      assertEvent(event, 'crisis.deadlineReached');
      return event.deadline.startsWith(followUpDeadlinePrefix);
    },
  },
  actions: {
    changeLevel: assign(({ context, event }) => {
      assertEvent(event, ['crisis.raiseLevel', 'crisis.lowerLevel']);
      const due = nextStatementDue(context.policy, event.level, event.at);
      const current = context.deadlines[statementDeadline];
      const sooner =
        current && Date.parse(current.dueAt) <= Date.parse(due) ? current : deadline(event.at, due);
      return {
        level: event.level,
        levels: [
          ...context.levels,
          { from: context.level, to: event.level, reason: event.reason, at: event.at, by: event.by },
        ],
        deadlines: { ...context.deadlines, [statementDeadline]: sooner },
      };
    }),
    announceRaised: emit(({ context }) => ({
      type: 'crisis.raised' as const,
      crisisId: context.crisisId,
      title: context.title,
      level: context.level,
      reason: context.levels[0]?.reason ?? '',
      complaintIds: context.complaintIds,
      source: context.source,
      by: context.openedBy,
      at: context.openedAt,
    })),
    announceLevelChanged: emit(({ context, event }) => {
      const change = context.levels.at(-1)!;
      return {
        type: 'crisis.levelChanged' as const,
        crisisId: context.crisisId,
        from: change.from ?? change.to,
        to: change.to,
        colour: crisisLevelColours[change.to],
        reason: change.reason,
        by: event.by,
        at: event.at,
      };
    }),
    savePlan: assign(({ event }) => {
      assertEvent(event, 'crisis.activatePlan');
      return { plan: { name: event.plan, at: event.at, by: event.by } };
    }),
    saveRole: assign(({ context, event }) => {
      assertEvent(event, 'crisis.assignRole');
      return { roles: { ...context.roles, [event.role]: event.userId } };
    }),
    saveSurge: assign(({ event }) => {
      assertEvent(event, 'crisis.requestSurge');
      return { surge: { target: event.target, note: event.note, at: event.at, by: event.by } };
    }),
    announceSurge: emit(({ context, event }) => ({
      type: 'crisis.surgeRequested' as const,
      crisisId: context.crisisId,
      target: context.surge?.target ?? 0,
      at: event.at,
    })),
    draft: assign(({ context, event }) => {
      assertEvent(event, 'crisis.draftStatement');
      const drafted = {
        id: event.statementId,
        text: event.text,
        status: 'draft' as const,
        draftedBy: event.by,
        draftedAt: event.at,
        approvedBy: undefined,
        publishedAt: undefined,
        channels: [],
      };
      const others = context.statements.filter((statement) => statement.id !== event.statementId);
      return { statements: [...others, drafted] };
    }),
    approve: assign(({ context, event }) => {
      assertEvent(event, 'crisis.approveStatement');
      return {
        statements: context.statements.map((statement) =>
          statement.id === event.statementId
            ? { ...statement, status: 'approved' as const, approvedBy: event.by }
            : statement,
        ),
      };
    }),
    publish: assign(({ context, event }) => {
      assertEvent(event, 'crisis.publishStatement');
      return {
        statements: context.statements.map((statement) =>
          statement.id === event.statementId
            ? {
                ...statement,
                status: 'published' as const,
                publishedAt: event.at,
                channels: [...context.policy.channels],
              }
            : statement,
        ),
        // The cadence restarts from this statement while a statement is due (not after the resolution).
        deadlines: context.deadlines[statementDeadline]
          ? {
              ...context.deadlines,
              [statementDeadline]: deadline(
                event.at,
                nextStatementDue(context.policy, context.level, event.at),
              ),
            }
          : context.deadlines,
      };
    }),
    announcePublished: emit(({ context, event }) => {
      const statement = statementOf(context, event)!;
      return {
        type: 'crisis.statementPublished' as const,
        crisisId: context.crisisId,
        statementId: statement.id,
        text: statement.text,
        channels: statement.channels,
        at: event.at,
      };
    }),
    recordMissedUpdate: assign(({ context, event }) => {
      assertEvent(event, 'crisis.deadlineReached');
      return {
        missedUpdates: [...context.missedUpdates, { dueAt: event.dueAt, at: event.at }],
        deadlines: {
          ...context.deadlines,
          [statementDeadline]: deadline(event.at, nextStatementDue(context.policy, context.level, event.at)),
        },
      };
    }),
    announceStatementOverdue: emit(({ context, event }) => {
      assertEvent(event, 'crisis.deadlineReached');
      return {
        type: 'crisis.statementOverdue' as const,
        crisisId: context.crisisId,
        dueAt: event.dueAt,
        at: event.at,
      };
    }),
    linkComplaint: assign(({ context, event }) => {
      assertEvent(event, 'crisis.linkComplaint');
      return { complaintIds: [...context.complaintIds, event.complaintId] };
    }),
    announceComplaintLinked: emit(({ context, event }) => ({
      type: 'crisis.complaintLinked' as const,
      crisisId: context.crisisId,
      complaintId: context.complaintIds.at(-1)!,
      at: event.at,
      by: event.by,
    })),
    saveResolution: assign(({ context, event }) => {
      assertEvent(event, 'crisis.resolve');
      return {
        resolution: {
          message: event.message,
          at: event.at,
          by: event.by,
          revisitBy: computeDeadline(event.at, context.policy.revisitWithin),
        },
        deadlines: {
          ...without(context.deadlines, statementDeadline),
          [recoveryDeadline]: deadline(event.at, computeDeadline(event.at, context.policy.recoveryPeriod)),
        },
      };
    }),
    announceResolved: emit(({ context, event }) => ({
      type: 'crisis.resolved' as const,
      crisisId: context.crisisId,
      complaintIds: context.complaintIds,
      message: context.resolution!.message,
      revisitBy: context.resolution!.revisitBy,
      at: event.at,
      by: event.by,
    })),
    endRecovery: assign(({ context }) => ({ deadlines: without(context.deadlines, recoveryDeadline) })),
    addFollowUp: assign(({ context, event }) => {
      assertEvent(event, 'crisis.addFollowUp');
      return {
        followUps: [
          ...context.followUps,
          {
            id: event.followUpId,
            action: event.action,
            owner: event.owner,
            dueAt: event.dueAt,
            doneAt: undefined,
            overdue: false,
          },
        ],
        deadlines: {
          ...context.deadlines,
          [`${followUpDeadlinePrefix}${event.followUpId}`]: deadline(event.at, event.dueAt),
        },
      };
    }),
    saveReview: assign(({ event }) => {
      assertEvent(event, 'crisis.finishReview');
      return { reviewSummary: event.summary };
    }),
    completeFollowUp: assign(({ context, event }) => {
      const followUp = followUpOf(context, event);
      if (!followUp) return {};
      return {
        followUps: context.followUps.map((item) =>
          item.id === followUp.id ? { ...item, doneAt: event.at } : item,
        ),
        deadlines: without(context.deadlines, `${followUpDeadlinePrefix}${followUp.id}`),
      };
    }),
    markFollowUpOverdue: assign(({ context, event }) => {
      assertEvent(event, 'crisis.deadlineReached');
      const id = event.deadline.slice(followUpDeadlinePrefix.length);
      return {
        followUps: context.followUps.map((item) => (item.id === id ? { ...item, overdue: true } : item)),
        deadlines: without(context.deadlines, event.deadline),
      };
    }),
    announceFollowUpOverdue: emit(({ context, event }) => {
      assertEvent(event, 'crisis.deadlineReached');
      const id = event.deadline.slice(followUpDeadlinePrefix.length);
      return {
        type: 'crisis.followUpOverdue' as const,
        crisisId: context.crisisId,
        followUpId: id,
        owner: context.followUps.find((item) => item.id === id)?.owner ?? '',
        at: event.at,
      };
    }),
    close: assign(({ event }) => ({ closedAt: event.at, deadlines: {} })),
    announceClosed: emit(({ context, event }) => ({
      type: 'crisis.closed' as const,
      crisisId: context.crisisId,
      at: event.at,
    })),
  },
}).createMachine({
  id: 'crisis',
  context: ({ input }) => {
    const policy = input.policy ?? defaultCrisisPolicy;
    return {
      crisisId: input.crisisId,
      title: input.title,
      category: input.category,
      source: input.source ?? { kind: 'manual' },
      policy,
      level: input.level,
      levels: [{ from: undefined, to: input.level, reason: input.reason, at: input.at, by: input.by }],
      plan: undefined,
      roles: {},
      surge: undefined,
      statements: [],
      missedUpdates: [],
      complaintIds: [...new Set(input.complaintIds ?? [])],
      openedAt: input.at,
      openedBy: input.by,
      resolution: undefined,
      followUps: [],
      reviewSummary: undefined,
      closedAt: undefined,
      deadlines: {
        [statementDeadline]: deadline(input.at, nextStatementDue(policy, input.level, input.at)),
      },
    };
  },
  entry: 'announceRaised',
  initial: 'responding',
  states: {
    responding: {
      description: 'The emergency response for the current level: its required actions must be taken.',
      on: {
        ...statementTransitions,
        'crisis.raiseLevel': {
          guard: and(['isLead', 'isHigherLevel']),
          actions: ['changeLevel', 'announceLevelChanged'],
        },
        'crisis.lowerLevel': {
          guard: and(['isLead', 'isLowerLevel']),
          actions: ['changeLevel', 'announceLevelChanged'],
        },
        'crisis.activatePlan': { guard: 'isLead', actions: 'savePlan' },
        'crisis.assignRole': { guard: 'isLead', actions: 'saveRole' },
        'crisis.requestSurge': { guard: 'isLead', actions: ['saveSurge', 'announceSurge'] },
        'crisis.linkComplaint': {
          guard: and(['isSupervisorOrAboveOrSystem', 'isNewComplaint']),
          actions: ['linkComplaint', 'announceComplaintLinked'],
        },
        'crisis.monitor': { guard: and(['isLead', 'levelActionsDone']), target: 'monitoring' },
        'crisis.deadlineReached': {
          guard: and(['isCurrentDeadline', 'isStatementDeadline']),
          actions: ['recordMissedUpdate', 'announceStatementOverdue'],
        },
      },
    },
    monitoring: {
      description: 'The response is in place; its effect is watched. Raising the level responds again.',
      on: {
        ...statementTransitions,
        'crisis.raiseLevel': {
          guard: and(['isLead', 'isHigherLevel']),
          target: 'responding',
          actions: ['changeLevel', 'announceLevelChanged'],
        },
        'crisis.lowerLevel': {
          guard: and(['isLead', 'isLowerLevel']),
          actions: ['changeLevel', 'announceLevelChanged'],
        },
        'crisis.assignRole': { guard: 'isLead', actions: 'saveRole' },
        'crisis.linkComplaint': {
          guard: and(['isSupervisorOrAboveOrSystem', 'isNewComplaint']),
          actions: ['linkComplaint', 'announceComplaintLinked'],
        },
        'crisis.resolve': {
          guard: 'isLead',
          target: 'recovering',
          actions: ['saveResolution', 'announceResolved'],
        },
        'crisis.deadlineReached': {
          guard: and(['isCurrentDeadline', 'isStatementDeadline']),
          actions: ['recordMissedUpdate', 'announceStatementOverdue'],
        },
      },
    },
    recovering: {
      description:
        '恢复期 (7 days by default): affected customers are looked after; each linked complaint got the resolution message and a revisit deadline. Ends when the recovery deadline passes or a lead starts the review.',
      on: {
        ...statementTransitions,
        'crisis.startReview': { guard: 'isLead', target: 'reviewing', actions: 'endRecovery' },
        'crisis.deadlineReached': {
          guard: and(['isCurrentDeadline', 'isRecoveryDeadline']),
          target: 'reviewing',
          actions: 'endRecovery',
        },
      },
    },
    reviewing: {
      description: 'The review: what happened, and follow-up actions each with an owner and a due date.',
      on: {
        'crisis.addFollowUp': { guard: and(['isLead', 'isNewFollowUp']), actions: 'addFollowUp' },
        'crisis.finishReview': [
          { guard: and(['isLead', 'hasFollowUps']), target: 'followingUp', actions: 'saveReview' },
          { guard: 'isLead', target: 'closed', actions: ['saveReview', 'close', 'announceClosed'] },
        ],
        'crisis.deadlineReached': {
          guard: and(['isCurrentDeadline', 'isFollowUpDeadline']),
          actions: ['markFollowUpOverdue', 'announceFollowUpOverdue'],
        },
      },
    },
    followingUp: {
      description: 'Follow-up actions are carried out; the crisis closes when the last one is done.',
      on: {
        'crisis.completeFollowUp': [
          {
            guard: and(['isStaff', 'isLastOpenFollowUp']),
            target: 'closed',
            actions: ['completeFollowUp', 'close', 'announceClosed'],
          },
          { guard: and(['isStaff', 'isOpenFollowUp']), actions: 'completeFollowUp' },
        ],
        'crisis.deadlineReached': {
          guard: and(['isCurrentDeadline', 'isFollowUpDeadline']),
          actions: ['markFollowUpOverdue', 'announceFollowUpOverdue'],
        },
      },
    },
    closed: { type: 'final' },
  },
});

import { and, assertEvent, assign, emit, enqueueActions, setup } from 'xstate';
import {
  agreedRevisitAt,
  isQuietTime,
  pauseClocks,
  pauseRefusalOf,
  resumeClocks,
  revisitClock,
  runningPausableClocks,
  settle,
  stopClocks,
  withClockUntil,
  withStepClock,
} from './complaint-clocks.js';
import { mayRoleSend } from './complaint-event-roles.js';
import { type ComplaintPolicies, isSeriousCategory, selectComplaintPolicy } from './complaint-policy.js';
import type {
  ComplaintContext,
  ComplaintEmitted,
  ComplaintEvent,
  ComplaintInput,
  ContactLevel,
  EscalationReason,
  Priority,
} from './complaint-types.js';

/** Bumped whenever a change would make old snapshots restore wrongly; the runtime stores it beside each one. */
export const complaintMachineVersion = 2;

/**
 * What the machine starts from: the complaint's input, its id, and optionally the deployment's policies
 * (`standard` and/or `priority`; the built-in ones otherwise). The chosen policy is kept in the context.
 */
export type ComplaintMachineInput = ComplaintInput & {
  complaintId: string;
  policies?: Partial<ComplaintPolicies> | undefined;
};

const priorityRank: Record<Priority, number> = { normal: 0, high: 1, urgent: 2 };
const higher = (a: Priority, b: Priority): Priority => (priorityRank[a] >= priorityRank[b] ? a : b);

/** first (1 contact), second (2), many (3 or more), counting the contact that opened the complaint. */
export function contactLevelOf(contactCount: number): ContactLevel {
  return contactCount <= 1 ? 'first' : contactCount === 2 ? 'second' : 'many';
}

const contactPriority: Record<ContactLevel, Priority> = { first: 'normal', second: 'high', many: 'urgent' };

/** Handlers every open (non-final) state has: withdraw, merge, contacts, promises, pauses, links, timers. */
const openStateHandlers = {
  'complaint.withdraw': { guard: 'senderMayAct', target: '#complaint.withdrawn', actions: 'saveWithdrawal' },
  'complaint.merge': { guard: 'senderMayAct', target: '#complaint.merged', actions: 'saveMerge' },
  'complaint.contact': { guard: 'senderMayAct', actions: ['countContact', 'announceRepeatContacts'] },
  'complaint.promiseCallBack': { guard: 'senderMayAct', actions: 'savePromise' },
  'complaint.callBack': { guard: and(['senderMayAct', 'isOpenPromise']), actions: 'keepPromise' },
  'complaint.followUp': { guard: 'senderMayAct', actions: 'saveFollowUp' },
  'complaint.requestEscalation': { guard: 'senderMayAct', actions: 'announceEscalationRequest' },
  'complaint.assign': { guard: 'senderMayAct', actions: 'saveAssignee' },
  'complaint.pause': {
    guard: and(['senderMayAct', 'hasRunningStepClock', 'isPauseAllowed']),
    actions: 'pauseStepClocks',
  },
  'complaint.resume': { guard: and(['senderMayAct', 'isPaused']), actions: 'resumeStepClocks' },
  'complaint.linked': { guard: 'senderMayAct', actions: 'saveLink' },
  'complaint.crisisResolved': { guard: 'senderMayAct', actions: 'saveCrisisMessage' },
  'complaint.deadlineReached': {
    guard: and(['senderMayAct', 'isCurrentDeadline']),
    actions: ['recordBreach', 'announceBreach'],
  },
} as const;

export const complaintMachine = setup({
  types: {
    context: {} as ComplaintContext,
    events: {} as ComplaintEvent,
    input: {} as ComplaintMachineInput,
    emitted: {} as ComplaintEmitted,
  },
  guards: {
    senderMayAct: ({ event }) => mayRoleSend(event.type, event.by.role),
    isCurrentDeadline: ({ context, event }) => {
      assertEvent(event, 'complaint.deadlineReached');
      const current = context.deadlines[event.deadline];
      return current !== undefined && Date.parse(current.dueAt) === Date.parse(event.dueAt);
    },
    isSeriousAnalysis: ({ context, event }) => {
      assertEvent(event, 'complaint.analyse');
      return event.analysis.severity === 'serious' || context.serious;
    },
    isApproved: ({ event }) => {
      assertEvent(event, 'complaint.decide');
      return event.decision.approved;
    },
    isOutsideQuietHours: ({ context, event }) => !isQuietTime(context.quietHours, event.at),
    isSatisfied: ({ event }) => {
      assertEvent(event, 'complaint.recordRevisit');
      return event.revisitRecord.satisfaction === 'satisfied';
    },
    isOpenPromise: ({ context, event }) => {
      assertEvent(event, 'complaint.callBack');
      return context.callBacks.some(
        (promise) => promise.id === event.promiseId && promise.keptAt === undefined,
      );
    },
    hasRunningStepClock: ({ context }) => runningPausableClocks(context.clocks).length > 0,
    /** The policy lets this sender pause every running step clock for this reason (record and decide: never, by default). */
    isPauseAllowed: ({ context, event }) => {
      assertEvent(event, 'complaint.pause');
      return pauseRefusalOf(context, event.by, event.reason) === undefined;
    },
    isPaused: ({ context }) => context.paused !== undefined,
  },
  actions: {
    startRecordClock: assign(({ context }) =>
      settle({ ...context, clocks: withStepClock(context, 'record', context.openedAt) }),
    ),
    saveReport: assign(({ context, event }) => {
      assertEvent(event, 'complaint.record');
      const { report, at } = event;
      const clocks = stopClocks(context.clocks, at, ['record']);
      return settle({
        ...context,
        report,
        recordedAt: at,
        clocks: withStepClock({ ...context, clocks }, 'analyse', at),
      });
    }),
    announceRecorded: emit(({ context, event }) => ({
      type: 'complaint.recorded' as const,
      complaintId: context.complaintId,
      at: event.at,
    })),
    announceEscalationOnRecord: enqueueActions(({ context, event, enqueue }) => {
      const reasons: EscalationReason[] = [];
      if (context.serious) reasons.push('seriousCategory');
      if (context.customer.grade === 'A') reasons.push('gradeA');
      for (const reason of reasons) {
        enqueue.emit({
          type: 'complaint.escalationRequested',
          complaintId: context.complaintId,
          reason,
          at: event.at,
          by: event.by,
        });
      }
    }),
    saveAssignee: assign(({ context, event }) => {
      assertEvent(event, 'complaint.assign');
      const { assignee, team } = event;
      return { assignee, team: team ?? context.team };
    }),
    startAnalysing: assign(({ context, event }) => {
      assertEvent(event, 'complaint.startAnalysis');
      const { assignee } = event;
      return { assignee: assignee ?? context.assignee ?? event.by.userId };
    }),
    saveAnalysis: assign(({ context, event }) => {
      assertEvent(event, 'complaint.analyse');
      const { analysis, at, by } = event;
      const clocks = stopClocks(context.clocks, at, ['analyse']);
      return settle({
        ...context,
        analysis: { at, by, value: analysis },
        serious: context.serious || analysis.severity === 'serious',
        clocks: withStepClock({ ...context, clocks }, 'decide', at),
      });
    }),
    saveUpwardReport: assign(({ event }) => {
      assertEvent(event, 'complaint.acknowledgeReport');
      const { note, at, by } = event;
      return { reportedUpward: { at, by, value: { note } } };
    }),
    saveApprovedDecision: assign(({ context, event }) => {
      assertEvent(event, 'complaint.decide');
      const { decision, at, by } = event;
      const clocks = stopClocks(context.clocks, at, ['decide']);
      return settle({
        ...context,
        decisions: [...context.decisions, { at, by, value: decision }],
        clocks: withStepClock({ ...context, clocks }, 'handle', at),
      });
    }),
    saveReturnedDecision: assign(({ context, event }) => {
      assertEvent(event, 'complaint.decide');
      const { decision, at, by } = event;
      const clocks = stopClocks(context.clocks, at, ['decide']);
      return settle({
        ...context,
        decisions: [...context.decisions, { at, by, value: decision }],
        clocks: withStepClock({ ...context, clocks }, 'analyse', at),
      });
    }),
    saveTemporarySolution: assign(({ event }) => {
      assertEvent(event, 'complaint.applyTemporarySolution');
      const { handlingForm, at, by } = event;
      return { temporarySolution: { at, by, value: handlingForm } };
    }),
    saveFormalSolution: assign(({ context, event }) => {
      assertEvent(event, 'complaint.applyFormalSolution');
      const { handlingForm, at, by } = event;
      return settle({
        ...context,
        formalSolution: { at, by, value: handlingForm },
        clocks: stopClocks(context.clocks, at, ['handle']),
      });
    }),
    restartHandling: assign(({ context, event }) =>
      settle({ ...context, clocks: withStepClock(context, 'handle', event.at) }),
    ),
    saveFollowUp: assign(({ context, event }) => {
      assertEvent(event, 'complaint.followUp');
      const { followUp, at, by } = event;
      const clocks = followUp.customerContacted
        ? stopClocks(context.clocks, at, ['crisisRevisit'])
        : context.clocks;
      return settle({ ...context, followUps: [...context.followUps, { at, by, value: followUp }], clocks });
    }),
    saveSummaryReport: assign(({ context, event }) => {
      assertEvent(event, 'complaint.resolve');
      const { summaryReport, at, by } = event;
      const { clocks } = revisitClock(context, at);
      return settle({ ...context, summaryReport: { at, by, value: summaryReport }, clocks });
    }),
    rescheduleRevisit: assign(({ context, event }) => {
      assertEvent(event, 'complaint.rescheduleRevisit');
      const { revisitAt, at } = event;
      const dueAt = agreedRevisitAt(context.quietHours, revisitAt);
      return settle({ ...context, clocks: withClockUntil(context.clocks, 'revisit', at, dueAt) });
    }),
    saveRevisit: assign(({ context, event }) => {
      assertEvent(event, 'complaint.recordRevisit');
      const { revisitRecord, at, by } = event;
      return settle({
        ...context,
        revisits: [...context.revisits, { at, by, value: revisitRecord }],
        clocks: stopClocks(context.clocks, at, ['revisit']),
      });
    }),
    announceRevisitUnsatisfied: emit(({ context, event }) => {
      assertEvent(event, 'complaint.recordRevisit');
      const { revisitRecord, at, by } = event;
      return {
        type: 'complaint.revisitUnsatisfied' as const,
        complaintId: context.complaintId,
        at,
        by,
        satisfaction: revisitRecord.satisfaction,
        ...(revisitRecord.unsatisfiedWith ? { unsatisfiedWith: revisitRecord.unsatisfiedWith } : {}),
      };
    }),
    announceUnsatisfiedEscalation: emit(({ context, event }) => ({
      type: 'complaint.escalationRequested' as const,
      complaintId: context.complaintId,
      reason: 'unsatisfiedRevisit' as const,
      at: event.at,
      by: event.by,
    })),
    countReopen: assign(({ context, event }) =>
      settle({
        ...context,
        reopenCount: context.reopenCount + 1,
        clocks: withStepClock(context, 'handle', event.at),
      }),
    ),
    saveImprovementPlan: assign(({ event }) => {
      assertEvent(event, 'complaint.startImprovement');
      const { plan, owner, at, by } = event;
      return { improvement: { at, by, value: { plan, owner } } };
    }),
    saveImprovementMeasures: assign(({ context, event }) => {
      assertEvent(event, 'complaint.completeImprovement');
      const { measures } = event;
      const improvement = context.improvement!;
      return { improvement: { ...improvement, value: { ...improvement.value, measures } } };
    }),
    saveWithdrawal: assign(({ event }) => {
      assertEvent(event, 'complaint.withdraw');
      const { reason, at, by } = event;
      return { withdrawal: { at, by, value: { reason } } };
    }),
    saveMerge: assign(({ event }) => {
      assertEvent(event, 'complaint.merge');
      const { intoComplaintId, reason, at, by } = event;
      return { mergedInto: { at, by, value: { intoComplaintId, reason } } };
    }),
    countContact: assign(({ context, event }) => {
      assertEvent(event, 'complaint.contact');
      const { channel, note, at, by } = event;
      const contacts = [...context.contacts, { at, by, channel, note }];
      const contactLevel = contactLevelOf((context.priorContacts ?? 0) + contacts.length + 1);
      return { contacts, contactLevel, priority: higher(context.priority, contactPriority[contactLevel]) };
    }),
    announceRepeatContacts: enqueueActions(({ context, event, enqueue }) => {
      // Runs after countContact: the opening contact plus each recorded one. Escalate once, on reaching 'many'.
      const count = context.contacts.length + 1;
      if (count !== 3) return;
      enqueue.emit({
        type: 'complaint.escalationRequested',
        complaintId: context.complaintId,
        reason: 'repeatContacts',
        at: event.at,
        by: event.by,
        note: `${count} contacts on this complaint`,
      });
    }),
    savePromise: assign(({ context, event }) => {
      assertEvent(event, 'complaint.promiseCallBack');
      const { callBackBy, note, at, by } = event;
      const id = `cb${context.callBacks.length + 1}`;
      return settle({
        ...context,
        callBacks: [...context.callBacks, { id, callBackBy, note, promisedAt: at, promisedBy: by }],
        clocks: withClockUntil(context.clocks, `callBack.${id}`, at, callBackBy),
      });
    }),
    keepPromise: assign(({ context, event }) => {
      assertEvent(event, 'complaint.callBack');
      const { promiseId, reached, at } = event;
      return settle({
        ...context,
        callBacks: context.callBacks.map((promise) =>
          promise.id === promiseId ? { ...promise, keptAt: at, reached } : promise,
        ),
        clocks: stopClocks(context.clocks, at, [`callBack.${promiseId}`]),
      });
    }),
    announceEscalationRequest: emit(({ context, event }) => {
      assertEvent(event, 'complaint.requestEscalation');
      const { note, at, by } = event;
      return {
        type: 'complaint.escalationRequested' as const,
        complaintId: context.complaintId,
        reason: 'agentRequest' as const,
        at,
        by,
        note,
      };
    }),
    pauseStepClocks: assign(({ context, event }) => {
      assertEvent(event, 'complaint.pause');
      const { reason, at, by } = event;
      const names = runningPausableClocks(context.clocks);
      return settle({
        ...context,
        clocks: pauseClocks(context.clocks, names, at, reason, by.userId),
        paused: { reason, at, by, clocks: names, ...(event.note ? { note: event.note } : {}) },
      });
    }),
    resumeStepClocks: assign(({ context, event }) =>
      settle({
        ...context,
        clocks: resumeClocks(context.clocks, context.paused?.clocks ?? [], event.at),
        paused: undefined,
      }),
    ),
    saveLink: assign(({ context, event }) => {
      assertEvent(event, 'complaint.linked');
      const { link, at } = event;
      return { links: [...context.links, { ...link, at }] };
    }),
    saveCrisisMessage: assign(({ context, event }) => {
      assertEvent(event, 'complaint.crisisResolved');
      const { crisisId, message, revisitBy, at } = event;
      const dueAt = agreedRevisitAt(context.quietHours, revisitBy);
      return settle({
        ...context,
        customerMessages: [...context.customerMessages, { crisisId, message, at }],
        clocks: withClockUntil(context.clocks, 'crisisRevisit', at, dueAt),
      });
    }),
    recordBreach: assign(({ context, event }) => {
      assertEvent(event, 'complaint.deadlineReached');
      const { deadline, dueAt, at } = event;
      const clock = context.clocks[deadline];
      return settle({
        ...context,
        clocks: clock ? { ...context.clocks, [deadline]: { ...clock, breachedAt: at } } : context.clocks,
        breaches: [...context.breaches, { deadline, dueAt, at }],
      });
    }),
    announceBreach: emit(({ context, event }) => {
      assertEvent(event, 'complaint.deadlineReached');
      const { deadline, dueAt, at } = event;
      return {
        type: 'complaint.deadlineBreached' as const,
        complaintId: context.complaintId,
        deadline,
        dueAt,
        at,
      };
    }),
    finish: assign(({ context, event }) =>
      settle({
        ...context,
        closedAt: event.at,
        clocks: stopClocks(context.clocks, event.at),
        paused: undefined,
      }),
    ),
    announceClosed: emit(({ context, event }) => ({
      type: 'complaint.closed' as const,
      complaintId: context.complaintId,
      at: event.at,
      by: event.by,
      outcome: context.mergedInto
        ? ('merged' as const)
        : context.withdrawal
          ? ('withdrawn' as const)
          : context.improvement
            ? ('improved' as const)
            : ('satisfied' as const),
    })),
  },
}).createMachine({
  id: 'complaint',
  context: ({ input }) => {
    const grade = input.customer.grade ?? 'C';
    const serious = isSeriousCategory(input.category);
    const policy = selectComplaintPolicy(grade, input.category, input.policies);
    const openingLevel = contactLevelOf((input.priorContacts ?? 0) + 1);
    return {
      complaintId: input.complaintId,
      ...(input.customerId === undefined ? {} : { customerId: input.customerId }),
      ...(input.priorContacts ? { priorContacts: input.priorContacts } : {}),
      customer: { ...input.customer, grade },
      channel: input.channel,
      category: input.category,
      summary: input.summary,
      team: input.team,
      assignee: undefined,
      openedAt: input.at,
      openedBy: input.by,
      closedAt: undefined,
      priority: higher(grade === 'A' || serious ? 'high' : 'normal', contactPriority[openingLevel]),
      policy: policy.name,
      slaPolicy: policy,
      serious,
      quietHours: policy.quietHours,
      report: undefined,
      recordedAt: undefined,
      analysis: undefined,
      reportedUpward: undefined,
      decisions: [],
      temporarySolution: undefined,
      formalSolution: undefined,
      followUps: [],
      summaryReport: undefined,
      revisits: [],
      improvement: undefined,
      reopenCount: 0,
      contacts: [],
      contactLevel: openingLevel,
      callBacks: [],
      links: [],
      customerMessages: [],
      withdrawal: undefined,
      mergedInto: undefined,
      clocks: {},
      paused: undefined,
      deadlines: {},
      breaches: [],
    };
  },
  initial: 'received',
  entry: 'startRecordClock',
  states: {
    received: {
      description:
        'Seed 001 step 1: the complaint is received and the abnormal situation collected. The record clock runs (default policies: 10 minutes, 5 for priority; wall-clock time; cannot be paused).',
      on: {
        ...openStateHandlers,
        'complaint.record': {
          guard: 'senderMayAct',
          target: 'recorded',
          actions: ['saveReport', 'announceRecorded', 'announceEscalationOnRecord'],
        },
      },
    },
    recorded: {
      description:
        'Seed 001 step 2 done: the complaint report is recorded. The analyse clock runs from here (第一时间; default policies: 2 hours, 30 minutes for priority; wall-clock time).',
      on: {
        ...openStateHandlers,
        'complaint.startAnalysis': { guard: 'senderMayAct', target: 'analysing', actions: 'startAnalysing' },
      },
    },
    analysing: {
      description:
        'Seed 001 step 3 / 003 §4.2: classify, analyse the cause, report, propose a handling plan. The analyse clock keeps running; a serious analysis is reported upward.',
      on: {
        ...openStateHandlers,
        'complaint.analyse': [
          {
            guard: and(['senderMayAct', 'isSeriousAnalysis']),
            target: 'reportedUpward',
            actions: 'saveAnalysis',
          },
          { guard: 'senderMayAct', target: 'awaitingDecision', actions: 'saveAnalysis' },
        ],
      },
    },
    reportedUpward: {
      description:
        'Seed 001 control point: a serious complaint is reported upward (若有重大客诉状况上报); the decide clock runs.',
      on: {
        ...openStateHandlers,
        'complaint.acknowledgeReport': {
          guard: 'senderMayAct',
          target: 'awaitingDecision',
          actions: 'saveUpwardReport',
        },
      },
    },
    awaitingDecision: {
      description:
        'Seed 001 step 4: the marketing director decides the handling plan (第一时间; default policies: 2 hours, 30 minutes for priority; wall-clock time; cannot be paused). Not approved goes back to analysing.',
      on: {
        ...openStateHandlers,
        'complaint.decide': [
          { guard: and(['senderMayAct', 'isApproved']), target: 'handling', actions: 'saveApprovedDecision' },
          { guard: 'senderMayAct', target: 'analysing', actions: 'saveReturnedDecision' },
        ],
      },
    },
    handling: {
      description:
        'Seed 001 step 5 / 003 §4.2: a temporary solution for urgent cases, then the formal one. The handle clock runs (default policies: 16 working hours, 8 for priority).',
      initial: 'awaitingSolution',
      on: {
        ...openStateHandlers,
        'complaint.applyFormalSolution': {
          guard: 'senderMayAct',
          target: 'followingUp',
          actions: 'saveFormalSolution',
        },
      },
      states: {
        awaitingSolution: {
          on: {
            'complaint.applyTemporarySolution': {
              guard: 'senderMayAct',
              target: 'temporarySolution',
              actions: 'saveTemporarySolution',
            },
          },
        },
        temporarySolution: {},
      },
    },
    followingUp: {
      description: 'Seed 001 step 6: continuous follow-up by the supervisor; adjust the solution if needed.',
      on: {
        ...openStateHandlers,
        'complaint.adjustSolution': { guard: 'senderMayAct', target: 'handling', actions: 'restartHandling' },
        'complaint.resolve': { guard: 'senderMayAct', target: 'resolved', actions: 'saveSummaryReport' },
      },
    },
    resolved: {
      description:
        'Seed 001 step 7: summary report written; the revisit is due within 3 days (1 for priority), never in quiet hours (seed 002).',
      on: {
        ...openStateHandlers,
        'complaint.startRevisit': { guard: and(['senderMayAct', 'isOutsideQuietHours']), target: 'revisit' },
        'complaint.rescheduleRevisit': { guard: 'senderMayAct', actions: 'rescheduleRevisit' },
      },
    },
    revisit: {
      description: 'Seed 002: the revisit call, recorded on the revisit record form.',
      on: {
        ...openStateHandlers,
        'complaint.recordRevisit': [
          { guard: and(['senderMayAct', 'isSatisfied']), target: 'closed', actions: 'saveRevisit' },
          {
            guard: 'senderMayAct',
            target: 'unsatisfied',
            actions: ['saveRevisit', 'announceRevisitUnsatisfied', 'announceUnsatisfiedEscalation'],
          },
        ],
        'complaint.rescheduleRevisit': {
          guard: 'senderMayAct',
          target: 'resolved',
          actions: 'rescheduleRevisit',
        },
      },
    },
    unsatisfied: {
      description:
        'Domain: an unsatisfied revisit is not a closed complaint — reopen it or start improvement work.',
      on: {
        ...openStateHandlers,
        'complaint.reopen': { guard: 'senderMayAct', target: 'handling', actions: 'countReopen' },
        'complaint.startImprovement': {
          guard: 'senderMayAct',
          target: 'improving',
          actions: 'saveImprovementPlan',
        },
      },
    },
    improving: {
      description: 'Seed 003 §4.3: improvement measures so the problem does not recur.',
      on: {
        ...openStateHandlers,
        'complaint.completeImprovement': {
          guard: 'senderMayAct',
          target: 'closed',
          actions: 'saveImprovementMeasures',
        },
      },
    },
    closed: {
      type: 'final',
      entry: ['finish', 'announceClosed'],
      description: 'Archived (seed 002: 建立投诉归档).',
    },
    withdrawn: {
      type: 'final',
      entry: ['finish', 'announceClosed'],
      description: 'The customer withdrew the complaint.',
    },
    merged: {
      type: 'final',
      entry: ['finish', 'announceClosed'],
      description: 'Merged into another complaint.',
    },
  },
});

import { computeDeadline } from '@kefu/sla';
import { assign, emit, setup } from 'xstate';
import { defaultComplaintPolicy } from './complaint-policy.js';
import type {
  ComplaintContext,
  ComplaintEmitted,
  ComplaintEvent,
  ComplaintInput,
} from './complaint-types.js';

/** Bumped whenever a change would make old snapshots restore wrongly; the runtime stores it beside each one. */
export const complaintMachineVersion = 1;

type MachineInput = ComplaintInput & { complaintId: string };

export const complaintMachine = setup({
  types: {
    context: {} as ComplaintContext,
    events: {} as ComplaintEvent,
    input: {} as MachineInput,
    emitted: {} as ComplaintEmitted,
  },
  guards: {
    isSupervisorOrManager: ({ event }) => event.by.role === 'supervisor' || event.by.role === 'manager',
    isCurrentDeadline: ({ context, event }) =>
      event.type === 'complaint.deadlineReached' &&
      context.deadlines[event.deadline]?.dueAt !== undefined &&
      Date.parse(context.deadlines[event.deadline]!.dueAt) === Date.parse(event.dueAt),
  },
  actions: {
    startRecordDeadline: assign({
      deadlines: ({ context }) => ({
        ...context.deadlines,
        record: {
          dueAt: computeDeadline(context.openedAt, defaultComplaintPolicy.record),
          event: 'complaint.deadlineReached',
          startedAt: context.openedAt,
        },
      }),
    }),
    saveReport: assign(({ context, event }) => {
      if (event.type !== 'complaint.record') return {};
      const { record: _done, ...deadlines } = context.deadlines;
      return { report: event.report, recordedAt: event.at, deadlines };
    }),
    announceRecorded: emit(({ context, event }) => ({
      type: 'complaint.recorded' as const,
      complaintId: context.complaintId,
      at: event.at,
    })),
    recordBreach: assign(({ context, event }) => {
      if (event.type !== 'complaint.deadlineReached') return {};
      const { [event.deadline]: _breached, ...deadlines } = context.deadlines;
      return {
        deadlines,
        breaches: [...context.breaches, { deadline: event.deadline, dueAt: event.dueAt, at: event.at }],
      };
    }),
    announceBreach: emit(({ context, event }) => ({
      type: 'complaint.deadlineBreached' as const,
      complaintId: context.complaintId,
      deadline: event.type === 'complaint.deadlineReached' ? event.deadline : '',
      dueAt: event.type === 'complaint.deadlineReached' ? event.dueAt : '',
      at: event.at,
    })),
  },
}).createMachine({
  id: 'complaint',
  context: ({ input }) => ({
    complaintId: input.complaintId,
    customer: { grade: 'C', ...input.customer },
    channel: input.channel,
    category: input.category,
    summary: input.summary,
    team: input.team,
    openedAt: input.at,
    openedBy: input.by,
    priority: input.customer.grade === 'A' ? 'high' : 'normal',
    report: undefined,
    recordedAt: undefined,
    deadlines: {},
    breaches: [],
  }),
  initial: 'received',
  entry: 'startRecordDeadline',
  states: {
    received: {
      on: {
        'complaint.record': {
          guard: 'isSupervisorOrManager',
          target: 'recorded',
          actions: ['saveReport', 'announceRecorded'],
        },
        'complaint.deadlineReached': {
          guard: 'isCurrentDeadline',
          actions: ['recordBreach', 'announceBreach'],
        },
      },
    },
    recorded: {},
  },
});

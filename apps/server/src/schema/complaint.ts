import type { ComplaintContext } from '@kefu/complaint';
import type { WorkflowRecord } from '@kefu/runtime';
import { builder } from '../builder.js';
import { mapErrors } from '../graphql-errors.js';
import { withoutNulls } from '../without-nulls.js';
import { ActorRef, DeadlineRef, deadlinesOf, TimelineEntryRef } from './workflow.js';

const CustomerGrade = builder.enumType('CustomerGrade', {
  description: 'Customer grade A/B/C (seed 001 §4): A customers get tighter time limits.',
  values: ['A', 'B', 'C'] as const,
});

const Channel = builder.enumType('Channel', {
  values: ['phone', 'chat', 'video', 'email', 'social', 'app'] as const,
});

const CustomerRef = builder.objectRef<ComplaintContext['customer']>('Customer');
CustomerRef.implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    phone: t.exposeString('phone', { nullable: true }),
    grade: t.field({ type: CustomerGrade, resolve: (customer) => customer.grade }),
  }),
});

const ComplaintReportRef = builder.objectRef<NonNullable<ComplaintContext['report']>>('ComplaintReport');
ComplaintReportRef.implement({
  description: '客诉状况报告表: the complaint report written when the complaint is recorded.',
  fields: (t) => ({
    facts: t.exposeString('facts'),
    customerRequest: t.exposeString('customerRequest', { nullable: true }),
  }),
});

const BreachRef = builder.objectRef<ComplaintContext['breaches'][number]>('Breach');
BreachRef.implement({
  fields: (t) => ({
    deadline: t.exposeString('deadline'),
    dueAt: t.field({ type: 'DateTime', resolve: (breach) => breach.dueAt }),
    at: t.field({ type: 'DateTime', resolve: (breach) => breach.at }),
  }),
});

const context = (record: WorkflowRecord) => record.context as unknown as ComplaintContext;

export const ComplaintRef = builder.objectRef<WorkflowRecord>('Complaint');
ComplaintRef.implement({
  description: 'A customer complaint and where it stands in the handling procedure (客诉办理).',
  fields: (t) => ({
    id: t.exposeID('id'),
    state: t.exposeString('state', { description: 'The machine state, e.g. `received`, `recorded`.' }),
    version: t.exposeInt('version', { description: 'Events applied so far, including the opening.' }),
    priority: t.string({ resolve: (record) => context(record).priority }),
    category: t.string({ resolve: (record) => context(record).category }),
    channel: t.field({ type: Channel, resolve: (record) => context(record).channel }),
    summary: t.string({ resolve: (record) => context(record).summary }),
    team: t.string({ nullable: true, resolve: (record) => context(record).team ?? null }),
    customer: t.field({ type: CustomerRef, resolve: (record) => context(record).customer }),
    openedAt: t.field({ type: 'DateTime', resolve: (record) => context(record).openedAt }),
    openedBy: t.field({ type: ActorRef, resolve: (record) => context(record).openedBy }),
    report: t.field({
      type: ComplaintReportRef,
      nullable: true,
      resolve: (record) => context(record).report ?? null,
    }),
    deadlines: t.field({ type: [DeadlineRef], resolve: (record) => deadlinesOf(record.context) }),
    breaches: t.field({ type: [BreachRef], resolve: (record) => context(record).breaches }),
    history: t.field({
      type: [TimelineEntryRef],
      description: 'Every event applied to this complaint, oldest first.',
      resolve: (record, _args, { runtime }) => runtime.history(record.id),
    }),
    updatedAt: t.field({ type: 'DateTime', resolve: (record) => record.updatedAt }),
  }),
});

const CustomerInput = builder.inputType('CustomerInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    phone: t.string(),
    grade: t.field({ type: CustomerGrade, defaultValue: 'C' }),
  }),
});

const OpenComplaintInput = builder.inputType('OpenComplaintInput', {
  fields: (t) => ({
    customer: t.field({ type: CustomerInput, required: true }),
    channel: t.field({ type: Channel, required: true }),
    category: t.string({ required: true, description: 'e.g. product-quality, after-sales, logistics' }),
    summary: t.string({ required: true, description: 'What the customer says happened.' }),
    team: t.string(),
  }),
});

const ComplaintReportInput = builder.inputType('ComplaintReportInput', {
  fields: (t) => ({
    facts: t.string({ required: true }),
    customerRequest: t.string(),
  }),
});

const RecordComplaintInput = builder.inputType('RecordComplaintInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    report: t.field({ type: ComplaintReportInput, required: true }),
    idempotencyKey: t.string({
      description: 'Repeat a request with the same key to get the first result back.',
    }),
  }),
});

builder.queryFields((t) => ({
  complaint: t.field({
    type: ComplaintRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, { runtime }) => {
      const record = await runtime.find(String(id));
      return record?.kind === 'complaint' ? record : null;
    },
  }),
  complaints: t.field({
    type: [ComplaintRef],
    description: 'Complaints, newest first.',
    args: {
      state: t.arg.string(),
      limit: t.arg.int({ defaultValue: 50 }),
      offset: t.arg.int({ defaultValue: 0 }),
    },
    resolve: (_root, args, { runtime }) =>
      runtime.list({
        kind: 'complaint',
        ...(args.state ? { state: args.state } : {}),
        limit: Math.max(1, Math.min(args.limit ?? 50, 500)),
        offset: Math.max(0, args.offset ?? 0),
      }),
  }),
}));

builder.mutationFields((t) => ({
  openComplaint: t.field({
    type: ComplaintRef,
    description:
      'Step 1 of the procedure: a complaint is received (受理). Starts the 10-minute record clock.',
    args: { input: t.arg({ type: OpenComplaintInput, required: true }) },
    resolve: (_root, { input }, { runtime, actor, now }) =>
      mapErrors(async () => {
        const { workflow } = await runtime.start('complaint', {
          ...withoutNulls(input),
          at: now().toISOString(),
          by: actor,
        });
        return workflow;
      }),
  }),
  recordComplaint: t.field({
    type: ComplaintRef,
    description:
      'Step 2: a supervisor or manager records the complaint report (within 10 minutes of receipt).',
    args: { input: t.arg({ type: RecordComplaintInput, required: true }) },
    resolve: (_root, { input }, { runtime, actor, now }) =>
      mapErrors(async () => {
        const { workflow } = await runtime.send(
          String(input.id),
          {
            type: 'complaint.record',
            at: now().toISOString(),
            by: actor,
            report: withoutNulls(input.report),
          },
          input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : {},
        );
        return workflow;
      }),
  }),
}));

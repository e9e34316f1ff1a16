import {
  applyBranches,
  crisisLevelSchema,
  type EscalationContext,
  escalationPrioritySchema,
  escalationReasonSchema,
} from '@kefu/escalation';
import type { WorkflowRecord } from '@kefu/runtime';
import { listEscalationRows } from '@kefu/workflows';
import {
  assertCanActOn,
  complaintVisibility,
  requireActor,
  visibilityOf,
  workflowAuthScopes,
} from '../authorization.js';
import { builder } from '../builder.js';
import type { KefuContext, RequestActor } from '../context.js';
import { findWorkflow } from '../find-workflow.js';
import { mapErrors } from '../graphql-errors.js';
import { sendWorkflowEvent } from '../send-workflow-event.js';
import { withoutNulls } from '../without-nulls.js';
import { workflowRecordFromRow } from '../workflow-rows.js';
import { zodEnumType } from '../zod-input-type.js';
import { ActorRef, DeadlineRef, deadlinesOf, historyOf, TimelineEntryRef } from './workflow.js';

const EscalationReason = zodEnumType(
  'EscalationReason',
  escalationReasonSchema,
  'Why an escalation starts or climbs (seed 004 §3).',
);

const EscalationPriority = zodEnumType('EscalationPriority', escalationPrioritySchema);

export const CrisisLevel = zodEnumType(
  'CrisisLevel',
  crisisLevelSchema,
  'Warning level: IV blue (least severe), III yellow, II orange, I red (most severe).',
);

type Policy = EscalationContext['policy'];
type Level = Policy['levels'][number];

const DurationRef = builder.objectRef<Level['acknowledgeWithin']>('Duration');
DurationRef.implement({
  fields: (t) => ({
    days: t.float({ nullable: true, resolve: (duration) => duration.days ?? null }),
    hours: t.float({ nullable: true, resolve: (duration) => duration.hours ?? null }),
    minutes: t.float({ nullable: true, resolve: (duration) => duration.minutes ?? null }),
    seconds: t.float({ nullable: true, resolve: (duration) => duration.seconds ?? null }),
  }),
});

const LadderBranchRef = builder.objectRef<Level['branches'][number]>('LadderBranch');
LadderBranchRef.implement({
  description: 'A variant of a level that applies when its condition matches (first match wins).',
  fields: (t) => ({
    priorities: t.stringList({ nullable: true, resolve: (branch) => branch.when.priority ?? null }),
    workingHours: t.boolean({ nullable: true, resolve: (branch) => branch.when.workingHours ?? null }),
    acknowledgeWithin: t.field({
      type: DurationRef,
      nullable: true,
      resolve: (branch) => branch.acknowledgeWithin ?? null,
    }),
    notify: t.stringList({ nullable: true, resolve: (branch) => branch.notify ?? null }),
  }),
});

const LadderLevelRef = builder.objectRef<Level>('LadderLevel');
LadderLevelRef.implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    role: t.exposeString('role'),
    notify: t.exposeStringList('notify'),
    acknowledgeWithin: t.field({ type: DurationRef, resolve: (level) => level.acknowledgeWithin }),
    branches: t.field({ type: [LadderBranchRef], resolve: (level) => level.branches }),
  }),
});

const EscalationPolicyRef = builder.objectRef<Policy>('EscalationPolicy');
EscalationPolicyRef.implement({
  description: 'The ladder as data, in the version this escalation started with.',
  fields: (t) => ({
    id: t.exposeString('id'),
    version: t.exposeInt('version'),
    repeat: t.exposeInt('repeat', { description: 'How many times the whole ladder runs.' }),
    levels: t.field({ type: [LadderLevelRef], resolve: (policy) => policy.levels }),
  }),
});

const LadderStepRef = builder.objectRef<EscalationContext['steps'][number]>('LadderStep');
LadderStepRef.implement({
  description: 'A level the escalation reached: when, by whom, why, and which unstaffed levels it skipped.',
  fields: (t) => ({
    level: t.exposeString('level'),
    round: t.exposeInt('round'),
    at: t.field({ type: 'DateTime', resolve: (step) => step.at }),
    cause: t.exposeString('cause', {
      description: 'start, timeout, escalate, deescalate, handOver or repeat.',
    }),
    by: t.field({ type: ActorRef, resolve: (step) => step.by }),
    skipped: t.exposeStringList('skipped'),
  }),
});

const CrisisRequestRef =
  builder.objectRef<NonNullable<EscalationContext['crisis']>>('EscalationCrisisRequest');
CrisisRequestRef.implement({
  fields: (t) => ({
    level: t.field({ type: CrisisLevel, resolve: (crisis) => crisis.level }),
    reason: t.exposeString('reason'),
    at: t.field({ type: 'DateTime', resolve: (crisis) => crisis.at }),
    by: t.field({ type: ActorRef, resolve: (crisis) => crisis.by }),
  }),
});

const context = (record: WorkflowRecord) => record.context as unknown as EscalationContext;
const currentLevel = (record: WorkflowRecord) => {
  const escalation = context(record);
  return escalation.policy.levels[escalation.levelIndex]!;
};

export const EscalationRef = builder.objectRef<WorkflowRecord>('Escalation');
EscalationRef.implement({
  // Row-level: an escalation belongs to the team of the complaint it is about (see authorization.ts).
  authScopes: workflowAuthScopes,
  description:
    'An escalation (问题升级) climbing its ladder: agent → supervisor → manager/department → director.',
  fields: (t) => ({
    id: t.exposeID('id'),
    state: t.exposeString('state', {
      description: 'awaitingAcknowledgement, acknowledged, unanswered, resolved or crisisRaised.',
    }),
    version: t.exposeInt('version'),
    reason: t.field({ type: EscalationReason, resolve: (record) => context(record).reason }),
    note: t.string({ nullable: true, resolve: (record) => context(record).note ?? null }),
    summary: t.string({ nullable: true, resolve: (record) => context(record).summary ?? null }),
    priority: t.field({ type: EscalationPriority, resolve: (record) => context(record).priority }),
    complaintId: t.id({ nullable: true, resolve: (record) => context(record).complaintId ?? null }),
    team: t.string({
      nullable: true,
      description:
        'The team it belongs to: its complaint’s, or its opener’s (agents and supervisors of that team see and act on it).',
      resolve: (record) => context(record).team ?? null,
    }),
    level: t.string({
      description: 'The level that holds it now.',
      resolve: (record) => currentLevel(record).name,
    }),
    levelRole: t.string({ resolve: (record) => currentLevel(record).role }),
    notified: t.stringList({
      description: 'Who the current level notifies (after branches on priority and working hours).',
      resolve: (record) => {
        const escalation = context(record);
        if (escalation.department) return [escalation.department];
        return applyBranches(currentLevel(record), escalation).notify;
      },
    }),
    round: t.int({ resolve: (record) => context(record).round }),
    department: t.string({ nullable: true, resolve: (record) => context(record).department ?? null }),
    policy: t.field({ type: EscalationPolicyRef, resolve: (record) => context(record).policy }),
    steps: t.field({ type: [LadderStepRef], resolve: (record) => context(record).steps }),
    acknowledgedBy: t.field({
      type: ActorRef,
      nullable: true,
      resolve: (record) => context(record).acknowledgedBy ?? null,
    }),
    acknowledgedAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (record) => context(record).acknowledgedAt ?? null,
    }),
    resolution: t.string({ nullable: true, resolve: (record) => context(record).resolution ?? null }),
    crisisRequest: t.field({
      type: CrisisRequestRef,
      nullable: true,
      resolve: (record) => context(record).crisis ?? null,
    }),
    openedAt: t.field({ type: 'DateTime', resolve: (record) => context(record).openedAt }),
    openedBy: t.field({ type: ActorRef, resolve: (record) => context(record).openedBy }),
    closedAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (record) => context(record).closedAt ?? null,
    }),
    deadlines: t.field({ type: [DeadlineRef], resolve: (record) => deadlinesOf(record.context) }),
    availableActions: t.stringList({
      description: 'Events the caller’s role may send now (e.g. `escalation.acknowledge`).',
      resolve: (record, _args, { runtime, actor }) =>
        actor ? runtime.availableActions(record.id, actor.role) : [],
    }),
    history: t.field({
      type: [TimelineEntryRef],
      description:
        'Every event applied to this escalation, oldest first (personal data in payloads masked as on `Customer`).',
      resolve: (record, _args, kefu) => historyOf(kefu, record),
    }),
    updatedAt: t.field({ type: 'DateTime', resolve: (record) => record.updatedAt }),
  }),
});

const StartEscalationInput = builder.inputType('StartEscalationInput', {
  fields: (t) => ({
    reason: t.field({ type: EscalationReason, required: true }),
    complaintId: t.id({
      description: 'The complaint this escalation is about; its timeline shows the link.',
    }),
    summary: t.string(),
    note: t.string(),
    priority: t.field({ type: EscalationPriority, defaultValue: 'normal' }),
    onDuty: t.stringList({
      description:
        'Names of the levels somebody is on duty for; omitted = from the team’s roster (every level without one).',
    }),
    workingHours: t.boolean({
      description:
        'Whether it is working hours now (ladder branches may use it); omitted = from the team’s roster.',
    }),
  }),
});

const EscalateInput = builder.inputType('EscalateInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    reason: t.field({ type: EscalationReason, required: true }),
    note: t.string(),
    onDuty: t.stringList(),
    workingHours: t.boolean(),
    idempotencyKey: t.string(),
  }),
});

const AcknowledgeEscalationInput = builder.inputType('AcknowledgeEscalationInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    note: t.string(),
    idempotencyKey: t.string(),
  }),
});

const HandOverEscalationInput = builder.inputType('HandOverEscalationInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    department: t.string({
      required: true,
      description: 'e.g. product, technical, sales, logistics, quality.',
    }),
    note: t.string(),
    onDuty: t.stringList(),
    workingHours: t.boolean(),
    idempotencyKey: t.string(),
  }),
});

const DeescalateInput = builder.inputType('DeescalateInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    reason: t.string({ required: true }),
    onDuty: t.stringList(),
    workingHours: t.boolean(),
    idempotencyKey: t.string(),
  }),
});

const ResolveEscalationInput = builder.inputType('ResolveEscalationInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    resolution: t.string({ required: true }),
    idempotencyKey: t.string(),
  }),
});

const RaiseCrisisFromEscalationInput = builder.inputType('RaiseCrisisFromEscalationInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    level: t.field({ type: CrisisLevel, required: true }),
    reason: t.string({ required: true }),
    title: t.string(),
    idempotencyKey: t.string(),
  }),
});

builder.queryFields((t) => ({
  escalation: t.field({
    type: EscalationRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { runtime }) => findWorkflow(runtime, 'escalation', id),
  }),
  escalations: t.field({
    type: [EscalationRef],
    description:
      'Escalations the caller may see, newest first: managers and directors all; agents and supervisors those about their team’s (or their own) complaints and those they opened.',
    args: {
      state: t.arg.string(),
      limit: t.arg.int({ defaultValue: 50 }),
      offset: t.arg.int({ defaultValue: 0 }),
    },
    authScopes: { readsComplaints: true },
    resolve: (_root, args, kefu) =>
      listEscalations(kefu, requireActor(kefu), {
        state: args.state ?? null,
        limit: Math.max(1, Math.min(args.limit ?? 50, 500)),
        offset: Math.max(0, args.offset ?? 0),
      }),
  }),
}));

builder.mutationField('startEscalation', (t) =>
  t.field({
    type: EscalationRef,
    description:
      'Starts an escalation on the current policy; the level the reason starts at is notified. Complaint-handling roles only, about a complaint they may act on.',
    authScopes: { readsComplaints: true },
    args: { input: t.arg({ type: StartEscalationInput, required: true }) },
    resolve: (_root, { input }, kefu) =>
      mapErrors(async () => {
        const actor = requireActor(kefu);
        let team = actor.team ?? undefined;
        if (input.complaintId) {
          await assertCanActOn(kefu, String(input.complaintId));
          // It belongs to the complaint's team, whoever starts it.
          const complaint = await visibilityOf(kefu.runtime.store.db, String(input.complaintId));
          if (complaint?.kind === 'complaint' && complaint.team) team = complaint.team;
        }
        const { workflow } = await kefu.runtime.start('escalation', {
          ...withoutNulls(input),
          ...(team ? { team } : {}),
          ...(input.complaintId ? { complaintId: String(input.complaintId) } : {}),
          at: kefu.now().toISOString(),
          by: requireActor(kefu),
        });
        return workflow;
      }),
  }),
);

builder.mutationField('escalate', (t) =>
  t.field({
    type: EscalationRef,
    authScopes: { readsComplaints: true },
    description: 'Climbs to the next level somebody is on duty for.',
    args: { input: t.arg({ type: EscalateInput, required: true }) },
    resolve: (_root, { input }, kefu) =>
      sendWorkflowEvent(kefu, input, 'escalation.escalate', {
        reason: input.reason,
        note: input.note,
        onDuty: input.onDuty,
        workingHours: input.workingHours,
      }),
  }),
);

builder.mutationField('acknowledgeEscalation', (t) =>
  t.field({
    type: EscalationRef,
    authScopes: { readsComplaints: true },
    description: 'The current level (or the department) takes it; its acknowledge timeout stops.',
    args: { input: t.arg({ type: AcknowledgeEscalationInput, required: true }) },
    resolve: (_root, { input }, kefu) =>
      sendWorkflowEvent(kefu, input, 'escalation.acknowledge', { note: input.note }),
  }),
);

builder.mutationField('handOverEscalation', (t) =>
  t.field({
    type: EscalationRef,
    authScopes: { readsComplaints: true },
    description: 'Hands it to another department, which must acknowledge within the level’s timeout.',
    args: { input: t.arg({ type: HandOverEscalationInput, required: true }) },
    resolve: (_root, { input }, kefu) =>
      sendWorkflowEvent(kefu, input, 'escalation.handOver', {
        department: input.department,
        note: input.note,
        onDuty: input.onDuty,
        workingHours: input.workingHours,
      }),
  }),
);

builder.mutationField('deescalate', (t) =>
  t.field({
    type: EscalationRef,
    authScopes: { readsComplaints: true },
    description: 'Returns it to the level below, with a reason.',
    args: { input: t.arg({ type: DeescalateInput, required: true }) },
    resolve: (_root, { input }, kefu) =>
      sendWorkflowEvent(kefu, input, 'escalation.deescalate', {
        reason: input.reason,
        onDuty: input.onDuty,
        workingHours: input.workingHours,
      }),
  }),
);

builder.mutationField('resolveEscalation', (t) =>
  t.field({
    type: EscalationRef,
    authScopes: { readsComplaints: true },
    args: { input: t.arg({ type: ResolveEscalationInput, required: true }) },
    resolve: (_root, { input }, kefu) =>
      sendWorkflowEvent(kefu, input, 'escalation.resolve', { resolution: input.resolution }),
  }),
);

builder.mutationField('raiseCrisisFromEscalation', (t) =>
  t.field({
    type: EscalationRef,
    authScopes: { readsComplaints: true },
    description:
      'The director at the top of the ladder raises a crisis linked to the escalation’s complaint.',
    args: { input: t.arg({ type: RaiseCrisisFromEscalationInput, required: true }) },
    resolve: (_root, { input }, kefu) =>
      sendWorkflowEvent(kefu, input, 'escalation.raiseCrisis', {
        level: input.level,
        reason: input.reason,
        title: input.title,
      }),
  }),
);

/** One page of the escalations `actor` may see (team rules as `visibleTo` in authorization.ts), newest first. */
async function listEscalations(
  kefu: KefuContext,
  actor: RequestActor,
  options: { state: string | null; limit: number; offset: number },
): Promise<WorkflowRecord[]> {
  const rows = await listEscalationRows(kefu.runtime.store.db, complaintVisibility(actor), options);
  return rows.map((row) => workflowRecordFromRow(kefu.runtime, row));
}

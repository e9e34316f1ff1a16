import {
  type CrisisBlockingReason,
  type CrisisContext,
  crisisActionSchema,
  crisisBlockingReason,
  crisisLevelColours,
  crisisRoleSchema,
  crisisSourceSchema,
  detectSurge,
  missingActions,
} from '@kefu/crisis';
import type { WorkflowRecord } from '@kefu/runtime';
import { latestComplaints } from '@kefu/workflows';
import { assertCanActOn, complaintVisibility, requireActor } from '../authorization.js';
import { builder } from '../builder.js';
import { findWorkflow } from '../find-workflow.js';
import { mapErrors } from '../graphql-errors.js';
import { sendWorkflowEvent } from '../send-workflow-event.js';
import { withoutNulls } from '../without-nulls.js';
import { zodEnumType } from '../zod-input-type.js';
import { CrisisLevel } from './escalation.js';
import { ActorRef, DeadlineRef, deadlinesOf, historyOf, TimelineEntryRef } from './workflow.js';

const CrisisAction = zodEnumType(
  'CrisisAction',
  crisisActionSchema,
  'An action a warning level requires before the crisis can move on to monitoring.',
);

const CrisisRole = zodEnumType('CrisisRole', crisisRoleSchema);

const CrisisSourceKind = zodEnumType('CrisisSourceKind', crisisSourceSchema.shape.kind);

const LevelChangeRef = builder.objectRef<CrisisContext['levels'][number]>('CrisisLevelHistoryEntry');
LevelChangeRef.implement({
  fields: (t) => ({
    from: t.field({ type: CrisisLevel, nullable: true, resolve: (change) => change.from ?? null }),
    to: t.field({ type: CrisisLevel, resolve: (change) => change.to }),
    reason: t.exposeString('reason'),
    at: t.field({ type: 'DateTime', resolve: (change) => change.at }),
    by: t.field({ type: ActorRef, resolve: (change) => change.by }),
  }),
});

const CrisisPlanRef = builder.objectRef<NonNullable<CrisisContext['plan']>>('CrisisPlan');
CrisisPlanRef.implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    at: t.field({ type: 'DateTime', resolve: (plan) => plan.at }),
    by: t.field({ type: ActorRef, resolve: (plan) => plan.by }),
  }),
});

const CrisisRolesRef = builder.objectRef<CrisisContext['roles']>('CrisisRoles');
CrisisRolesRef.implement({
  description: 'The crisis team: user ids of the commander, spokesperson and scribe.',
  fields: (t) => ({
    commander: t.string({ nullable: true, resolve: (roles) => roles.commander ?? null }),
    spokesperson: t.string({ nullable: true, resolve: (roles) => roles.spokesperson ?? null }),
    scribe: t.string({ nullable: true, resolve: (roles) => roles.scribe ?? null }),
  }),
});

const CrisisSurgeRef = builder.objectRef<NonNullable<CrisisContext['surge']>>('CrisisSurge');
CrisisSurgeRef.implement({
  fields: (t) => ({
    target: t.exposeInt('target', { description: 'Agents requested.' }),
    note: t.string({ nullable: true, resolve: (surge) => surge.note ?? null }),
    at: t.field({ type: 'DateTime', resolve: (surge) => surge.at }),
    by: t.field({ type: ActorRef, resolve: (surge) => surge.by }),
  }),
});

const StatementRef = builder.objectRef<CrisisContext['statements'][number]>('CrisisStatement');
StatementRef.implement({
  description:
    'A statement: drafted → approved (commander or spokesperson) → published, the same on every channel.',
  fields: (t) => ({
    id: t.exposeID('id'),
    text: t.exposeString('text'),
    status: t.exposeString('status', { description: 'draft, approved or published.' }),
    draftedBy: t.field({ type: ActorRef, resolve: (statement) => statement.draftedBy }),
    draftedAt: t.field({ type: 'DateTime', resolve: (statement) => statement.draftedAt }),
    approvedBy: t.field({
      type: ActorRef,
      nullable: true,
      resolve: (statement) => statement.approvedBy ?? null,
    }),
    publishedAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (statement) => statement.publishedAt ?? null,
    }),
    channels: t.exposeStringList('channels'),
  }),
});

const MissedUpdateRef = builder.objectRef<CrisisContext['missedUpdates'][number]>('CrisisMissedUpdate');
MissedUpdateRef.implement({
  fields: (t) => ({
    dueAt: t.field({ type: 'DateTime', resolve: (missed) => missed.dueAt }),
    at: t.field({ type: 'DateTime', resolve: (missed) => missed.at }),
  }),
});

const ResolutionRef = builder.objectRef<NonNullable<CrisisContext['resolution']>>('CrisisResolution');
ResolutionRef.implement({
  fields: (t) => ({
    message: t.exposeString('message', { description: 'The one message every linked complaint received.' }),
    at: t.field({ type: 'DateTime', resolve: (resolution) => resolution.at }),
    by: t.field({ type: ActorRef, resolve: (resolution) => resolution.by }),
    revisitBy: t.field({ type: 'DateTime', resolve: (resolution) => resolution.revisitBy }),
  }),
});

const FollowUpRef = builder.objectRef<CrisisContext['followUps'][number]>('CrisisFollowUp');
FollowUpRef.implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    action: t.exposeString('action'),
    owner: t.exposeString('owner'),
    dueAt: t.field({ type: 'DateTime', resolve: (followUp) => followUp.dueAt }),
    doneAt: t.field({ type: 'DateTime', nullable: true, resolve: (followUp) => followUp.doneAt ?? null }),
    overdue: t.exposeBoolean('overdue'),
  }),
});

const CrisisSourceRef = builder.objectRef<CrisisContext['source']>('CrisisSource');
CrisisSourceRef.implement({
  fields: (t) => ({
    kind: t.field({ type: CrisisSourceKind, resolve: (source) => source.kind }),
    id: t.id({ nullable: true, resolve: (source) => source.id ?? null }),
  }),
});

const context = (record: WorkflowRecord) => record.context as unknown as CrisisContext;

interface BlockedCrisisActionView {
  event: string;
  reason: CrisisBlockingReason['code'];
  message: string;
}

const BlockedCrisisActionRef = builder.objectRef<BlockedCrisisActionView>('BlockedCrisisAction');
BlockedCrisisActionRef.implement({
  description: 'An event the caller’s role may send in this state that cannot succeed now, and why.',
  fields: (t) => ({
    event: t.exposeString('event'),
    reason: t.exposeString('reason', {
      description: '`noDraftStatement`, `noApprovedStatement` or `levelActionsMissing`.',
    }),
    message: t.exposeString('message', { description: 'The reason in English words.' }),
  }),
});

export const CrisisRef = builder.objectRef<WorkflowRecord>('Crisis');
CrisisRef.implement({
  authScopes: { readsComplaints: true },
  description:
    'A crisis (突发情况与危机处理, seed 003 §9): warning level, required actions, one voice, recovery, review.',
  fields: (t) => ({
    id: t.exposeID('id'),
    state: t.exposeString('state', {
      description: 'responding, monitoring, recovering, reviewing, followingUp or closed.',
    }),
    version: t.exposeInt('version'),
    title: t.string({ resolve: (record) => context(record).title }),
    category: t.string({ nullable: true, resolve: (record) => context(record).category ?? null }),
    level: t.field({ type: CrisisLevel, resolve: (record) => context(record).level }),
    colour: t.string({ resolve: (record) => crisisLevelColours[context(record).level] }),
    levelHistory: t.field({ type: [LevelChangeRef], resolve: (record) => context(record).levels }),
    missingActions: t.field({
      type: [CrisisAction],
      description: 'What the current level still requires before the crisis can move on.',
      resolve: (record) => missingActions(context(record)),
    }),
    plan: t.field({ type: CrisisPlanRef, nullable: true, resolve: (record) => context(record).plan ?? null }),
    roles: t.field({ type: CrisisRolesRef, resolve: (record) => context(record).roles }),
    surge: t.field({
      type: CrisisSurgeRef,
      nullable: true,
      resolve: (record) => context(record).surge ?? null,
    }),
    statements: t.field({ type: [StatementRef], resolve: (record) => context(record).statements }),
    missedUpdates: t.field({ type: [MissedUpdateRef], resolve: (record) => context(record).missedUpdates }),
    complaintIds: t.idList({ resolve: (record) => context(record).complaintIds }),
    source: t.field({ type: CrisisSourceRef, resolve: (record) => context(record).source }),
    resolution: t.field({
      type: ResolutionRef,
      nullable: true,
      resolve: (record) => context(record).resolution ?? null,
    }),
    followUps: t.field({ type: [FollowUpRef], resolve: (record) => context(record).followUps }),
    reviewSummary: t.string({ nullable: true, resolve: (record) => context(record).reviewSummary ?? null }),
    openedAt: t.field({ type: 'DateTime', resolve: (record) => context(record).openedAt }),
    openedBy: t.field({ type: ActorRef, resolve: (record) => context(record).openedBy }),
    closedAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (record) => context(record).closedAt ?? null,
    }),
    deadlines: t.field({ type: [DeadlineRef], resolve: (record) => deadlinesOf(record.context) }),
    availableActions: t.stringList({
      description:
        'Events the caller’s role may send now (e.g. `crisis.publishStatement`), less those that cannot succeed now (no statement to approve or publish, the level’s actions missing).',
      resolve: async (record, _args, { runtime, actor }) =>
        actor
          ? (await runtime.availableActions(record.id, actor.role)).filter(
              (event) => crisisBlockingReason(context(record), event) === undefined,
            )
          : [],
    }),
    blockedActions: t.field({
      type: [BlockedCrisisActionRef],
      description:
        'Events the caller’s role may send in this state that cannot succeed now, each with the reason.',
      resolve: async (record, _args, { runtime, actor }) => {
        if (!actor) return [];
        const blocked: BlockedCrisisActionView[] = [];
        for (const event of await runtime.availableActions(record.id, actor.role)) {
          const reason = crisisBlockingReason(context(record), event);
          if (reason) blocked.push({ event, reason: reason.code, message: reason.message });
        }
        return blocked;
      },
    }),
    history: t.field({
      type: [TimelineEntryRef],
      description: 'Every event applied to this crisis, oldest first.',
      resolve: (record, _args, kefu) => historyOf(kefu, record),
    }),
    updatedAt: t.field({ type: 'DateTime', resolve: (record) => record.updatedAt }),
  }),
});

interface SurgeProposalView {
  category: string;
  level: 'IV' | 'III' | 'II' | 'I';
  count: number;
  evidence: string[];
  from: string;
  to: string;
}

const SurgeProposalRef = builder.objectRef<SurgeProposalView>('SurgeProposal');
SurgeProposalRef.implement({
  description: 'N complaints of one category within the window: a crisis the surge detector proposes.',
  fields: (t) => ({
    category: t.exposeString('category'),
    level: t.field({ type: CrisisLevel, resolve: (proposal) => proposal.level }),
    count: t.exposeInt('count'),
    evidence: t.idList({
      description: 'The complaints, oldest first.',
      resolve: (proposal) => proposal.evidence,
    }),
    from: t.field({ type: 'DateTime', resolve: (proposal) => proposal.from }),
    to: t.field({ type: 'DateTime', resolve: (proposal) => proposal.to }),
  }),
});

const RaiseCrisisInput = builder.inputType('RaiseCrisisInput', {
  fields: (t) => ({
    title: t.string({ required: true }),
    level: t.field({ type: CrisisLevel, required: true }),
    reason: t.string({ required: true }),
    category: t.string(),
    complaintIds: t.idList({ description: 'Complaints linked from the start.' }),
  }),
});

const CrisisLevelChangeInput = builder.inputType('CrisisLevelChangeInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    level: t.field({ type: CrisisLevel, required: true }),
    reason: t.string({ required: true }),
    idempotencyKey: t.string(),
  }),
});

const ActivateCrisisPlanInput = builder.inputType('ActivateCrisisPlanInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    plan: t.string({ required: true, description: 'The emergency plan started (应急预案).' }),
    idempotencyKey: t.string(),
  }),
});

const AssignCrisisRoleInput = builder.inputType('AssignCrisisRoleInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    role: t.field({ type: CrisisRole, required: true }),
    userId: t.string({ required: true }),
    idempotencyKey: t.string(),
  }),
});

const RequestCrisisSurgeInput = builder.inputType('RequestCrisisSurgeInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    target: t.int({ required: true, description: 'How many agents the surge adds.' }),
    note: t.string(),
    idempotencyKey: t.string(),
  }),
});

const DraftCrisisStatementInput = builder.inputType('DraftCrisisStatementInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    statementId: t.string({ required: true }),
    text: t.string({ required: true }),
    idempotencyKey: t.string(),
  }),
});

const CrisisStatementInput = builder.inputType('CrisisStatementInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    statementId: t.string({ required: true }),
    idempotencyKey: t.string(),
  }),
});

const LinkComplaintToCrisisInput = builder.inputType('LinkComplaintToCrisisInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    complaintId: t.id({ required: true }),
    idempotencyKey: t.string(),
  }),
});

const MonitorCrisisInput = builder.inputType('MonitorCrisisInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    note: t.string(),
    idempotencyKey: t.string(),
  }),
});

const ResolveCrisisInput = builder.inputType('ResolveCrisisInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    message: t.string({ required: true, description: 'Sent once to every linked complaint.' }),
    idempotencyKey: t.string(),
  }),
});

const CrisisIdInput = builder.inputType('CrisisIdInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    idempotencyKey: t.string(),
  }),
});

const AddCrisisFollowUpInput = builder.inputType('AddCrisisFollowUpInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    followUpId: t.string({ required: true }),
    action: t.string({ required: true }),
    owner: t.string({ required: true }),
    dueAt: t.field({ type: 'DateTime', required: true }),
    idempotencyKey: t.string(),
  }),
});

const FinishCrisisReviewInput = builder.inputType('FinishCrisisReviewInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    summary: t.string({ required: true }),
    idempotencyKey: t.string(),
  }),
});

const CompleteCrisisFollowUpInput = builder.inputType('CompleteCrisisFollowUpInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    followUpId: t.string({ required: true }),
    idempotencyKey: t.string(),
  }),
});

builder.queryFields((t) => ({
  crisis: t.field({
    type: CrisisRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { runtime }) => findWorkflow(runtime, 'crisis', id),
  }),
  crises: t.field({
    type: [CrisisRef],
    description: 'Crises, newest first.',
    args: {
      state: t.arg.string(),
      limit: t.arg.int({ defaultValue: 50 }),
      offset: t.arg.int({ defaultValue: 0 }),
    },
    resolve: (_root, args, { runtime }) =>
      runtime.list({
        kind: 'crisis',
        ...(args.state ? { state: args.state } : {}),
        limit: Math.max(1, Math.min(args.limit ?? 50, 500)),
        offset: Math.max(0, args.offset ?? 0),
      }),
  }),
  surgeProposals: t.field({
    type: [SurgeProposalRef],
    authScopes: { readsDashboards: true },
    description:
      'The surge detector over the latest 500 complaints the caller may see (supervisors: their team’s): `atLeast` complaints of one category within the last ' +
      '`windowMinutes` propose a crisis (IV at atLeast, III at 2×, II at 4×, I at 8×).',
    args: {
      windowMinutes: t.arg.int({ defaultValue: 60 }),
      atLeast: t.arg.int({ defaultValue: 5 }),
    },
    resolve: (_root, args, kefu) =>
      mapErrors(async () => {
        const { runtime, now } = kefu;
        const atLeast = Math.max(1, args.atLeast ?? 5);
        const complaints = await latestComplaints(
          runtime.store.db,
          complaintVisibility(requireActor(kefu)),
          500,
        );
        return detectSurge(
          complaints.map((complaint) => ({
            id: complaint.id,
            category: complaint.category ?? 'unknown',
            openedAt: String(complaint.openedAt),
          })),
          now().toISOString(),
          {
            window: { minutes: Math.max(1, args.windowMinutes ?? 60) },
            levels: [
              { atLeast, level: 'IV' },
              { atLeast: atLeast * 2, level: 'III' },
              { atLeast: atLeast * 4, level: 'II' },
              { atLeast: atLeast * 8, level: 'I' },
            ],
          },
        );
      }),
  }),
}));

builder.mutationField('raiseCrisis', (t) =>
  t.field({
    type: CrisisRef,
    description:
      'Raises a crisis at a warning level; the first statement is due by the level’s cadence. Managers and directors only (checked before anything is written).',
    authScopes: { seesAllTeams: true },
    args: { input: t.arg({ type: RaiseCrisisInput, required: true }) },
    resolve: (_root, { input }, kefu) =>
      mapErrors(async () => {
        const { workflow } = await kefu.runtime.start('crisis', {
          ...withoutNulls(input),
          complaintIds: (input.complaintIds ?? []).map(String),
          source: { kind: 'manual' },
          at: kefu.now().toISOString(),
          by: requireActor(kefu),
        });
        return workflow;
      }),
  }),
);

builder.mutationField('raiseCrisisLevel', (t) =>
  t.field({
    type: CrisisRef,
    authScopes: { readsComplaints: true },
    args: { input: t.arg({ type: CrisisLevelChangeInput, required: true }) },
    resolve: (_root, { input }, kefu) =>
      sendWorkflowEvent(kefu, input, 'crisis.raiseLevel', { level: input.level, reason: input.reason }),
  }),
);

builder.mutationField('lowerCrisisLevel', (t) =>
  t.field({
    type: CrisisRef,
    authScopes: { readsComplaints: true },
    args: { input: t.arg({ type: CrisisLevelChangeInput, required: true }) },
    resolve: (_root, { input }, kefu) =>
      sendWorkflowEvent(kefu, input, 'crisis.lowerLevel', { level: input.level, reason: input.reason }),
  }),
);

builder.mutationField('activateCrisisPlan', (t) =>
  t.field({
    type: CrisisRef,
    authScopes: { readsComplaints: true },
    args: { input: t.arg({ type: ActivateCrisisPlanInput, required: true }) },
    resolve: (_root, { input }, kefu) =>
      sendWorkflowEvent(kefu, input, 'crisis.activatePlan', { plan: input.plan }),
  }),
);

builder.mutationField('assignCrisisRole', (t) =>
  t.field({
    type: CrisisRef,
    authScopes: { readsComplaints: true },
    args: { input: t.arg({ type: AssignCrisisRoleInput, required: true }) },
    resolve: (_root, { input }, kefu) =>
      sendWorkflowEvent(kefu, input, 'crisis.assignRole', { role: input.role, userId: input.userId }),
  }),
);

builder.mutationField('requestCrisisSurge', (t) =>
  t.field({
    type: CrisisRef,
    authScopes: { readsComplaints: true },
    args: { input: t.arg({ type: RequestCrisisSurgeInput, required: true }) },
    resolve: (_root, { input }, kefu) =>
      sendWorkflowEvent(kefu, input, 'crisis.requestSurge', { target: input.target, note: input.note }),
  }),
);

builder.mutationField('draftCrisisStatement', (t) =>
  t.field({
    type: CrisisRef,
    authScopes: { readsComplaints: true },
    description: 'Drafts (or re-drafts, dropping any approval) a statement.',
    args: { input: t.arg({ type: DraftCrisisStatementInput, required: true }) },
    resolve: (_root, { input }, kefu) =>
      sendWorkflowEvent(kefu, input, 'crisis.draftStatement', {
        statementId: input.statementId,
        text: input.text,
      }),
  }),
);

builder.mutationField('approveCrisisStatement', (t) =>
  t.field({
    type: CrisisRef,
    authScopes: { readsComplaints: true },
    description: 'Only the commander or the spokesperson approves a statement.',
    args: { input: t.arg({ type: CrisisStatementInput, required: true }) },
    resolve: (_root, { input }, kefu) =>
      sendWorkflowEvent(kefu, input, 'crisis.approveStatement', { statementId: input.statementId }),
  }),
);

builder.mutationField('publishCrisisStatement', (t) =>
  t.field({
    type: CrisisRef,
    authScopes: { readsComplaints: true },
    description: 'Publishes an approved statement, the same text on every channel (统一口径).',
    args: { input: t.arg({ type: CrisisStatementInput, required: true }) },
    resolve: (_root, { input }, kefu) =>
      sendWorkflowEvent(kefu, input, 'crisis.publishStatement', { statementId: input.statementId }),
  }),
);

builder.mutationField('linkComplaintToCrisis', (t) =>
  t.field({
    type: CrisisRef,
    authScopes: { readsComplaints: true },
    description: 'Links a complaint; the complaint’s timeline shows the link.',
    args: { input: t.arg({ type: LinkComplaintToCrisisInput, required: true }) },
    resolve: (_root, { input }, kefu) =>
      mapErrors(async () => {
        await assertCanActOn(kefu, String(input.complaintId));
        return sendWorkflowEvent(kefu, input, 'crisis.linkComplaint', {
          complaintId: String(input.complaintId),
        });
      }),
  }),
);

builder.mutationField('monitorCrisis', (t) =>
  t.field({
    type: CrisisRef,
    authScopes: { readsComplaints: true },
    description: 'Moves on to monitoring once the level’s required actions are taken.',
    args: { input: t.arg({ type: MonitorCrisisInput, required: true }) },
    resolve: (_root, { input }, kefu) =>
      sendWorkflowEvent(kefu, input, 'crisis.monitor', { note: input.note }),
  }),
);

builder.mutationField('resolveCrisis', (t) =>
  t.field({
    type: CrisisRef,
    authScopes: { readsComplaints: true },
    description:
      'Resolves the crisis: every linked complaint gets the message and a revisit; recovery starts.',
    args: { input: t.arg({ type: ResolveCrisisInput, required: true }) },
    resolve: (_root, { input }, kefu) =>
      sendWorkflowEvent(kefu, input, 'crisis.resolve', { message: input.message }),
  }),
);

builder.mutationField('startCrisisReview', (t) =>
  t.field({
    type: CrisisRef,
    authScopes: { readsComplaints: true },
    args: { input: t.arg({ type: CrisisIdInput, required: true }) },
    resolve: (_root, { input }, kefu) => sendWorkflowEvent(kefu, input, 'crisis.startReview'),
  }),
);

builder.mutationField('addCrisisFollowUp', (t) =>
  t.field({
    type: CrisisRef,
    authScopes: { readsComplaints: true },
    args: { input: t.arg({ type: AddCrisisFollowUpInput, required: true }) },
    resolve: (_root, { input }, kefu) =>
      sendWorkflowEvent(kefu, input, 'crisis.addFollowUp', {
        followUpId: input.followUpId,
        action: input.action,
        owner: input.owner,
        dueAt: input.dueAt,
      }),
  }),
);

builder.mutationField('finishCrisisReview', (t) =>
  t.field({
    type: CrisisRef,
    authScopes: { readsComplaints: true },
    args: { input: t.arg({ type: FinishCrisisReviewInput, required: true }) },
    resolve: (_root, { input }, kefu) =>
      sendWorkflowEvent(kefu, input, 'crisis.finishReview', { summary: input.summary }),
  }),
);

builder.mutationField('completeCrisisFollowUp', (t) =>
  t.field({
    type: CrisisRef,
    authScopes: { readsComplaints: true },
    args: { input: t.arg({ type: CompleteCrisisFollowUpInput, required: true }) },
    resolve: (_root, { input }, kefu) =>
      sendWorkflowEvent(kefu, input, 'crisis.completeFollowUp', { followUpId: input.followUpId }),
  }),
);

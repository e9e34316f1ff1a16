import {
  defaultRevisitPolicy,
  listProfiles,
  planRevisits,
  type RevisitContext,
  type RevisitCoverage,
  type RevisitSummaryReport,
  type RevisitWork,
  renderRevisitSummaryHtml,
} from '@kefu/revisit';
import type { WorkflowRecord } from '@kefu/runtime';
import {
  revisitCoverageOf,
  revisitQueuePage,
  revisitSummaryOf,
  runRevisitPlan,
  workflowAssignee,
} from '@kefu/workflows';
import { GraphQLError } from 'graphql';
import { requireActor } from '../authorization.js';
import { builder } from '../builder.js';
import type { KefuContext, RequestActor } from '../context.js';
import { findWorkflow } from '../find-workflow.js';
import { mapErrors } from '../graphql-errors.js';
import { withoutNulls } from '../without-nulls.js';
import { ActorRef, DeadlineRef, deadlinesOf } from './workflow.js';

/** Roles that lead the revisit programme: they see every revisit, plan, assign, summarise and close. */
const leadRoles = new Set(['supervisor', 'manager', 'director']);
const isLead = (actor: RequestActor | null) => actor !== null && leadRoles.has(actor.role);

/** A lead sees every revisit; an agent the revisits assigned to them; nobody else any. */
function canSeeRevisit(actor: RequestActor | null, record: WorkflowRecord): boolean {
  if (!actor) return false;
  return isLead(actor) || (actor.role === 'agent' && record.readModel.assignee === actor.userId);
}

function forbidden(actor: RequestActor, what: string): GraphQLError {
  return new GraphQLError(`Not allowed: a ${actor.role} may not ${what}`, {
    extensions: { code: 'FORBIDDEN', role: actor.role },
  });
}

/** Refuses (FORBIDDEN, nothing written) before any effect when the caller may not lead the programme. */
function requireLead(kefu: KefuContext, what: string): RequestActor {
  const actor = requireActor(kefu);
  if (!isLead(actor)) throw forbidden(actor, what);
  return actor;
}

/** Refuses an action on a revisit the caller may not see (an agent acts only on their own assigned revisits). */
async function assertCanActOnRevisit(kefu: KefuContext, id: string): Promise<void> {
  const actor = requireActor(kefu);
  if (isLead(actor)) return;
  const row = await workflowAssignee(kefu.runtime.store.db, id);
  if (row && (row.kind !== 'revisit' || actor.role !== 'agent' || row.assignee !== actor.userId)) {
    throw forbidden(actor, `act on revisit "${id}" (agents act on the revisits assigned to them)`);
  }
}

function sendRevisitEvent(
  kefu: KefuContext,
  input: { id: string | number; idempotencyKey?: string | null },
  type: string,
  fields: Record<string, unknown> = {},
) {
  return mapErrors(async () => {
    const id = String(input.id);
    await assertCanActOnRevisit(kefu, id);
    const { workflow } = await kefu.runtime.send(
      id,
      { ...withoutNulls(fields), type, at: kefu.now().toISOString(), by: requireActor(kefu) },
      input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : {},
    );
    return workflow;
  });
}

const Satisfaction = builder.enumType('RevisitSatisfaction', {
  values: ['satisfied', 'neutral', 'unsatisfied'] as const,
});
const RevisitMethod = builder.enumType('RevisitContactMethod', {
  values: ['phone', 'email', 'sms', 'visit'] as const,
});

const context = (record: WorkflowRecord) => record.context as unknown as RevisitContext;

const RevisitAttemptRef = builder.objectRef<RevisitContext['attempts'][number]>('RevisitAttempt');
RevisitAttemptRef.implement({
  description: 'One call or visit: reached (and recorded) or unreachable.',
  fields: (t) => ({
    number: t.exposeInt('number'),
    at: t.field({ type: 'DateTime', resolve: (attempt) => attempt.at }),
    by: t.field({ type: ActorRef, resolve: (attempt) => attempt.by }),
    method: t.field({ type: RevisitMethod, resolve: (attempt) => attempt.method }),
    outcome: t.exposeString('outcome', { description: 'reached or unreachable.' }),
    note: t.string({ nullable: true, resolve: (attempt) => attempt.note ?? null }),
  }),
});

const RevisitRecordRef = builder.objectRef<NonNullable<RevisitContext['record']>>('RevisitForm');
RevisitRecordRef.implement({
  description: '回访记录表 (seed 002): the customer’s opinions, suggestions and satisfaction.',
  fields: (t) => ({
    method: t.field({ type: RevisitMethod, resolve: (record) => record.method }),
    opinionOfCompany: t.exposeString('opinionOfCompany'),
    opinionOfService: t.exposeString('opinionOfService'),
    suggestions: t.string({ nullable: true, resolve: (record) => record.suggestions ?? null }),
    satisfaction: t.field({ type: Satisfaction, resolve: (record) => record.satisfaction }),
    unsatisfiedWith: t.string({ nullable: true, resolve: (record) => record.unsatisfiedWith ?? null }),
    at: t.field({ type: 'DateTime', resolve: (record) => record.at }),
    by: t.field({ type: ActorRef, resolve: (record) => record.by }),
  }),
});

export const RevisitRef = builder.objectRef<WorkflowRecord>('Revisit');
RevisitRef.implement({
  authScopes: (record, kefu) => canSeeRevisit(kefu.actor, record),
  description:
    'A revisit (回访) of one customer: planned → assigned → attempted → recorded → summarised → closed, or missed.',
  fields: (t) => ({
    id: t.exposeID('id'),
    state: t.exposeString('state'),
    version: t.exposeInt('version'),
    customerId: t.string({ resolve: (record) => context(record).customerId }),
    customerClass: t.string({ resolve: (record) => context(record).class }),
    grade: t.string({ resolve: (record) => context(record).grade }),
    tier: t.string({ resolve: (record) => context(record).tier }),
    member: t.boolean({ resolve: (record) => context(record).member }),
    timeZone: t.string({ resolve: (record) => context(record).timeZone }),
    reason: t.string({
      description: 'periodic, overdue, afterComplaint, holiday or promotion.',
      resolve: (record) => context(record).reason,
    }),
    rule: t.string({ nullable: true, resolve: (record) => context(record).rule ?? null }),
    triggerAt: t.field({ type: 'DateTime', resolve: (record) => context(record).triggerAt }),
    scheduledAt: t.field({
      type: 'DateTime',
      description: 'The next moment a call may be made (outside the customer’s rest hours).',
      resolve: (record) => context(record).scheduledAt,
    }),
    dueAt: t.field({
      type: 'DateTime',
      description: 'The end of the window.',
      resolve: (record) => context(record).dueAt,
    }),
    assignee: t.string({ nullable: true, resolve: (record) => context(record).assignee ?? null }),
    attemptCount: t.int({ resolve: (record) => context(record).attempts.length }),
    attempts: t.field({ type: [RevisitAttemptRef], resolve: (record) => context(record).attempts }),
    record: t.field({
      type: RevisitRecordRef,
      nullable: true,
      resolve: (record) => context(record).record ?? null,
    }),
    followUp: t.string({
      nullable: true,
      description: 'What the answer opened: complaint, improvement or none.',
      resolve: (record) => context(record).followUp ?? null,
    }),
    summary: t.string({ nullable: true, resolve: (record) => context(record).summary?.text ?? null }),
    missedBecause: t.string({ nullable: true, resolve: (record) => context(record).missedBecause ?? null }),
    closedAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (record) => context(record).closedAt ?? null,
    }),
    deadlines: t.field({ type: [DeadlineRef], resolve: (record) => deadlinesOf(record.context) }),
    availableActions: t.stringList({
      resolve: (record, _args, { runtime, actor }) =>
        actor ? runtime.availableActions(record.id, actor.role) : [],
    }),
  }),
});

const RevisitWorkRef = builder.objectRef<RevisitWork>('RevisitPlanItem');
RevisitWorkRef.implement({
  description: 'A revisit the plan asks for in a period (not started yet until the plan runs).',
  fields: (t) => ({
    revisitId: t.exposeID('revisitId'),
    customerId: t.exposeString('customerId'),
    customerClass: t.string({ resolve: (work) => work.class }),
    grade: t.exposeString('grade'),
    tier: t.exposeString('tier'),
    rule: t.exposeString('rule'),
    reason: t.exposeString('reason'),
    triggerAt: t.field({ type: 'DateTime', resolve: (work) => work.triggerAt }),
    scheduledAt: t.field({ type: 'DateTime', resolve: (work) => work.scheduledAt }),
    dueAt: t.field({ type: 'DateTime', resolve: (work) => work.dueAt }),
  }),
});

const RevisitPlanRunRef = builder.objectRef<{ planned: number; created: string[] }>('RevisitPlanRun');
RevisitPlanRunRef.implement({
  fields: (t) => ({
    planned: t.exposeInt('planned', { description: 'Revisits the plan asks for in the period.' }),
    created: t.exposeStringList('created', {
      description: 'Ids started by this run (none on a second run).',
    }),
  }),
});

export const RevisitCoverageRef = builder.objectRef<RevisitCoverage>('RevisitCoverage');
RevisitCoverageRef.implement({
  description: 'The share of member customers revisited in a period (seed 002: the target is 100%).',
  fields: (t) => ({
    from: t.field({ type: 'DateTime', resolve: (coverage) => coverage.from }),
    to: t.field({ type: 'DateTime', resolve: (coverage) => coverage.to }),
    members: t.exposeInt('members'),
    revisited: t.exposeInt('revisited'),
    share: t.exposeFloat('share'),
    target: t.exposeFloat('target'),
    met: t.exposeBoolean('met'),
    notRevisited: t.exposeStringList('notRevisited'),
  }),
});

const RevisitSummaryRef = builder.objectRef<RevisitSummaryReport>('RevisitSummaryReport');
RevisitSummaryRef.implement({
  description: '回访总结报告: results, analysis and follow-ups of the revisits triggered in a period.',
  fields: (t) => ({
    from: t.field({ type: 'DateTime', resolve: (report) => report.from }),
    to: t.field({ type: 'DateTime', resolve: (report) => report.to }),
    generatedAt: t.field({ type: 'DateTime', resolve: (report) => report.generatedAt }),
    results: t.field({ type: 'JSON', resolve: (report) => report.results }),
    byGrade: t.field({ type: 'JSON', resolve: (report) => report.byGrade }),
    byClass: t.field({ type: 'JSON', resolve: (report) => report.byClass }),
    coverage: t.field({
      type: RevisitCoverageRef,
      nullable: true,
      resolve: (report) => report.coverage ?? null,
    }),
    analysis: t.exposeStringList('analysis'),
    followUps: t.field({ type: 'JSON', resolve: (report) => report.followUps }),
    suggestions: t.field({ type: 'JSON', resolve: (report) => report.suggestions }),
    html: t.string({
      description: 'The report as a standalone HTML page (also at GET /reports/revisit-summary?from=&to=).',
      resolve: (report) => renderRevisitSummaryHtml(report),
    }),
  }),
});

function period(args: { from: string; to: string }) {
  const from = Date.parse(args.from);
  const to = Date.parse(args.to);
  if (Number.isNaN(from) || Number.isNaN(to) || to <= from)
    throw new GraphQLError('Invalid period: from must be before to', {
      extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'to', message: 'must be after from' }] },
    });
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

/** The revisit summary report of a period for `actor` (a lead), as data; the HTTP download uses it too. */
export function summaryReportFor(kefu: KefuContext, args: { from: string; to: string }) {
  const range = period(args);
  return revisitSummaryOf(kefu.runtime, kefu.customers, { ...range, at: kefu.now().toISOString() });
}

builder.queryFields((t) => ({
  revisit: t.field({
    type: RevisitRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { runtime }) => findWorkflow(runtime, 'revisit', id),
  }),
  revisitQueue: t.field({
    type: [RevisitRef],
    description:
      'Revisits to make, by their next call time: leads see every revisit (optionally one assignee’s); agents the ones assigned to them.',
    args: {
      states: t.arg.stringList({ description: 'Default: planned, assigned, attempted.' }),
      assignee: t.arg.string(),
      limit: t.arg.int({ defaultValue: 50 }),
      offset: t.arg.int({ defaultValue: 0 }),
    },
    resolve: async (_root, args, kefu) => {
      const actor = requireActor(kefu);
      if (!isLead(actor) && actor.role !== 'agent') throw forbidden(actor, 'read revisits');
      const assignee = isLead(actor) ? (args.assignee ?? null) : actor.userId;
      const states = args.states?.length ? args.states : ['planned', 'assigned', 'attempted'];
      const rows = await revisitQueuePage(kefu.runtime.store.db, {
        states,
        assignee,
        limit: Math.max(1, Math.min(args.limit ?? 50, 500)),
        offset: Math.max(0, args.offset ?? 0),
      });
      return rows.map((row) => kefu.runtime.recordFromRow(row));
    },
  }),
  revisitPlan: t.field({
    type: [RevisitWorkRef],
    description: 'The revisits the plan asks for in a period, from the customer profiles (leads only).',
    args: {
      from: t.arg({ type: 'DateTime', required: true }),
      to: t.arg({ type: 'DateTime', required: true }),
      limit: t.arg.int({ defaultValue: 200 }),
    },
    resolve: async (_root, args, kefu) => {
      requireLead(kefu, 'read the revisit plan');
      const range = period(args);
      const work = planRevisits({
        customers: await listProfiles(kefu.customers),
        ...range,
        policy: defaultRevisitPolicy,
      });
      return work.slice(0, Math.max(1, Math.min(args.limit ?? 200, 5000)));
    },
  }),
  revisitCoverage: t.field({
    type: RevisitCoverageRef,
    description: 'Member customers revisited in a period against the 100% target (leads only).',
    args: {
      from: t.arg({ type: 'DateTime', required: true }),
      to: t.arg({ type: 'DateTime', required: true }),
    },
    resolve: (_root, args, kefu) => {
      requireLead(kefu, 'read revisit coverage');
      return revisitCoverageOf(kefu.runtime, kefu.customers, period(args));
    },
  }),
  revisitSummaryReport: t.field({
    type: RevisitSummaryRef,
    description: 'The revisit summary report of a period (leads only).',
    args: {
      from: t.arg({ type: 'DateTime', required: true }),
      to: t.arg({ type: 'DateTime', required: true }),
    },
    resolve: (_root, args, kefu) => {
      requireLead(kefu, 'read the revisit summary report');
      return summaryReportFor(kefu, args);
    },
  }),
}));

const RecordRevisitFormInput = builder.inputType('RevisitFormInput', {
  fields: (t) => ({
    method: t.field({ type: RevisitMethod, required: true }),
    opinionOfCompany: t.string({ required: true }),
    opinionOfService: t.string({ required: true }),
    suggestions: t.string(),
    satisfaction: t.field({ type: Satisfaction, required: true }),
    unsatisfiedWith: t.string(),
  }),
});

builder.mutationFields((t) => ({
  runRevisitPlan: t.field({
    type: RevisitPlanRunRef,
    description:
      'Starts the revisits the plan asks for in a period; running it again creates nothing new (leads only).',
    args: {
      from: t.arg({ type: 'DateTime', required: true }),
      to: t.arg({ type: 'DateTime', required: true }),
    },
    resolve: (_root, args, kefu) =>
      mapErrors(async () => {
        requireLead(kefu, 'run the revisit plan');
        const range = period(args);
        const run = await runRevisitPlan({
          runtime: kefu.runtime,
          directory: kefu.customers,
          ...range,
          at: kefu.now().toISOString(),
        });
        return { planned: run.planned.length, created: run.created };
      }),
  }),
  assignRevisit: t.field({
    type: RevisitRef,
    description: 'Gives a revisit to an agent (leads only).',
    args: {
      id: t.arg.id({ required: true }),
      assignee: t.arg.string({ required: true }),
      idempotencyKey: t.arg.string(),
    },
    resolve: (_root, args, kefu) => {
      requireLead(kefu, 'assign revisits');
      return sendRevisitEvent(kefu, args, 'revisit.assign', { assignee: args.assignee });
    },
  }),
  revisitUnreachable: t.field({
    type: RevisitRef,
    description:
      'A call that did not reach the customer: counted, and retried after the policy’s wait outside rest hours.',
    args: {
      id: t.arg.id({ required: true }),
      method: t.arg({ type: RevisitMethod, required: true }),
      note: t.arg.string(),
      idempotencyKey: t.arg.string(),
    },
    resolve: (_root, args, kefu) =>
      sendRevisitEvent(kefu, args, 'revisit.unreachable', { method: args.method, note: args.note }),
  }),
  recordRevisit: t.field({
    type: RevisitRef,
    description:
      'Fills the revisit record form; an unsatisfied or neutral answer opens a complaint or improvement work.',
    args: {
      id: t.arg.id({ required: true }),
      record: t.arg({ type: RecordRevisitFormInput, required: true }),
      idempotencyKey: t.arg.string(),
    },
    resolve: (_root, args, kefu) => sendRevisitEvent(kefu, args, 'revisit.record', { record: args.record }),
  }),
  summariseRevisit: t.field({
    type: RevisitRef,
    args: {
      id: t.arg.id({ required: true }),
      summary: t.arg.string({ required: true }),
      idempotencyKey: t.arg.string(),
    },
    resolve: (_root, args, kefu) => {
      requireLead(kefu, 'summarise revisits');
      return sendRevisitEvent(kefu, args, 'revisit.summarise', { summary: args.summary });
    },
  }),
  closeRevisit: t.field({
    type: RevisitRef,
    args: { id: t.arg.id({ required: true }), note: t.arg.string(), idempotencyKey: t.arg.string() },
    resolve: (_root, args, kefu) => {
      requireLead(kefu, 'close revisits');
      return sendRevisitEvent(kefu, args, 'revisit.close', { note: args.note });
    },
  }),
}));

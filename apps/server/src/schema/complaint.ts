import {
  analysisReportSchema,
  type BlockingReason,
  blockingReason,
  blockingReasonCodes,
  type ComplaintContext,
  type ComplaintEventType,
  channelSchema,
  complaintEventRoles,
  complaintInputSchema,
  complaintReportSchema,
  customerGradeSchema,
  customerSchema,
  decisionSchema,
  followUpRecordSchema,
  handlingFormSchema,
  pauseReasonSchema,
  problemClassSchema,
  type Recorded,
  revisitRecordSchema,
  summaryReportSchema,
  whyNotNow,
} from '@kefu/complaint';
import type { WorkflowRecord } from '@kefu/runtime';
import { type ClockExplanation, explain } from '@kefu/sla';
import { complaintIdByNumber } from '@kefu/workflows';
import { assertCanActOn, assertTeamsAllowed, requireActor, workflowAuthScopes } from '../authorization.js';
import { builder } from '../builder.js';
import type { KefuContext } from '../context.js';
import { attachComplaintCustomer, recordComplaintOpened } from '../customer-recognition.js';
import { mapErrors } from '../graphql-errors.js';
import { customerOf, resolvePersonalData } from '../personal-data.js';
import { withoutNulls } from '../without-nulls.js';
import { zodEnumType, zodInputType } from '../zod-input-type.js';
import { ActorRef, DeadlineRef, deadlinesOf, historyOf, TimelineEntryRef } from './workflow.js';

export const CustomerGrade = zodEnumType(
  'CustomerGrade',
  customerGradeSchema,
  'Customer grade A/B/C (seed 001 §4): A customers get tighter time limits.',
);

const Channel = zodEnumType('Channel', channelSchema);

const CustomerRef = builder.objectRef<ComplaintContext['customer']>('Customer');
CustomerRef.implement({
  fields: (t) => ({
    name: t.string({
      description: 'Masked (王*) unless the role needs it; unmasked reads are logged.',
      resolve: resolvePersonalData('name'),
    }),
    phone: t.string({
      nullable: true,
      description: 'Masked (138****1234) unless the role needs it; unmasked reads are logged.',
      resolve: resolvePersonalData('phone'),
    }),
    grade: t.field({ type: CustomerGrade, resolve: (customer) => customer.grade }),
  }),
});

const ComplaintReportRef = builder.objectRef<NonNullable<ComplaintContext['report']>>('ComplaintReport');
ComplaintReportRef.implement({
  description: '客诉状况报告表: the complaint report written when the complaint is recorded.',
  fields: (t) => ({
    facts: t.exposeString('facts'),
    customerRequest: t.exposeString('customerRequest', { nullable: true }),
    abnormalSituation: t.exposeString('abnormalSituation', {
      nullable: true,
      description: 'The abnormal situation collected at receipt (异常状况收集).',
    }),
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

/**
 * A field the complaint keeps in a read-model column, read from the column when the record has it (a list row
 * then needs no snapshot opened), else from the context.
 */
const kept = <F extends 'priority' | 'category' | 'team' | 'assignee' | 'openedAt'>(
  record: WorkflowRecord,
  field: F,
): ComplaintContext[F] => {
  const value = record.readModel[field];
  return (value === undefined ? context(record)[field] : value) as ComplaintContext[F];
};

/** A record of the procedure with who wrote it and when; its own fields are flattened onto the type. */
// biome-ignore lint/suspicious/noExplicitAny: Pothos' field builder type is generic over the parent; shared by several types
function recordedBase<T>(t: any) {
  return {
    at: t.field({ type: 'DateTime', resolve: (recorded: Recorded<T>) => recorded.at }),
    by: t.field({ type: ActorRef, resolve: (recorded: Recorded<T>) => recorded.by }),
  };
}
type Value<K extends keyof ComplaintContext> =
  NonNullable<ComplaintContext[K]> extends Recorded<infer T>
    ? Recorded<T>
    : NonNullable<ComplaintContext[K]> extends Array<infer R>
      ? R
      : never;

const ProblemClass = zodEnumType(
  'ProblemClass',
  problemClassSchema,
  'Classification of a complex problem (seed 003 §4.2).',
);
const Severity = zodEnumType(
  'ComplaintSeverity',
  analysisReportSchema.shape.severity,
  'A serious complaint is reported upward before the director decides (seed 001).',
);
const HandlingMethod = zodEnumType('HandlingMethod', handlingFormSchema.shape.method);
const RevisitMethod = zodEnumType('RevisitMethod', revisitRecordSchema.shape.method);
const Satisfaction = zodEnumType('Satisfaction', revisitRecordSchema.shape.satisfaction);
const PauseReason = zodEnumType(
  'PauseReason',
  pauseReasonSchema,
  'Why the step clocks stop: waiting on someone outside the procedure.',
);
const ContactLevel = builder.enumType('ContactLevel', {
  description: 'first / second / many contacts on one matter (seed 002): each asks for different handling.',
  values: ['first', 'second', 'many'] as const,
});

const AnalysisReportRef = builder.objectRef<Value<'analysis'>>('AnalysisReport');
AnalysisReportRef.implement({
  description: 'Step 3: the cause, the classification and the proposed handling plan.',
  fields: (t) => ({
    ...recordedBase(t),
    cause: t.string({ resolve: (r) => r.value.cause }),
    classification: t.field({ type: ProblemClass, resolve: (r) => r.value.classification }),
    proposedPlan: t.string({ resolve: (r) => r.value.proposedPlan }),
    severity: t.field({ type: Severity, resolve: (r) => r.value.severity }),
    documents: t.stringList({ resolve: (r) => r.value.documents ?? [] }),
  }),
});

const DecisionRef = builder.objectRef<Value<'decisions'>>('ComplaintDecision');
DecisionRef.implement({
  description: 'Step 4: the director’s decision on the plan (approved, or sent back to analysis).',
  fields: (t) => ({
    ...recordedBase(t),
    approved: t.boolean({ resolve: (r) => r.value.approved }),
    plan: t.string({ resolve: (r) => r.value.plan }),
    note: t.string({ nullable: true, resolve: (r) => r.value.note ?? null }),
  }),
});

const HandlingFormRef = builder.objectRef<Value<'formalSolution'>>('HandlingForm');
HandlingFormRef.implement({
  description: '客诉办理单: a temporary or formal solution as written on the handling form.',
  fields: (t) => ({
    ...recordedBase(t),
    method: t.field({ type: HandlingMethod, resolve: (r) => r.value.method }),
    actions: t.string({ resolve: (r) => r.value.actions }),
    result: t.string({ resolve: (r) => r.value.result }),
    customerInformed: t.boolean({ resolve: (r) => r.value.customerInformed }),
  }),
});

const FollowUpRef = builder.objectRef<Value<'followUps'>>('FollowUpRecord');
FollowUpRef.implement({
  description: 'One entry of the supervisor’s continuous follow-up record (seed 001 step 6).',
  fields: (t) => ({
    ...recordedBase(t),
    note: t.string({ resolve: (r) => r.value.note }),
    customerContacted: t.boolean({ resolve: (r) => r.value.customerContacted }),
    customerFeedback: t.string({ nullable: true, resolve: (r) => r.value.customerFeedback ?? null }),
  }),
});

const SummaryReportRef = builder.objectRef<Value<'summaryReport'>>('SummaryReport');
SummaryReportRef.implement({
  description: '异常状况汇总表 + 客诉办理报告: the summary when handling is complete (seed 001 step 7).',
  fields: (t) => ({
    ...recordedBase(t),
    outcome: t.string({ resolve: (r) => r.value.outcome }),
    cause: t.string({ resolve: (r) => r.value.cause }),
    improvementMeasures: t.string({ resolve: (r) => r.value.improvementMeasures }),
    compensation: t.string({ nullable: true, resolve: (r) => r.value.compensation ?? null }),
  }),
});

const RevisitRecordRef = builder.objectRef<Value<'revisits'>>('RevisitRecord');
RevisitRecordRef.implement({
  description: '回访记录表: the revisit record (seed 002).',
  fields: (t) => ({
    ...recordedBase(t),
    method: t.field({ type: RevisitMethod, resolve: (r) => r.value.method }),
    satisfaction: t.field({ type: Satisfaction, resolve: (r) => r.value.satisfaction }),
    opinion: t.string({ nullable: true, resolve: (r) => r.value.opinion ?? null }),
    suggestions: t.string({ nullable: true, resolve: (r) => r.value.suggestions ?? null }),
    unsatisfiedWith: t.string({ nullable: true, resolve: (r) => r.value.unsatisfiedWith ?? null }),
  }),
});

const CallBackRef = builder.objectRef<ComplaintContext['callBacks'][number]>('CallBackPromise');
CallBackRef.implement({
  description: 'A promise to call the customer back by a time (seed 002); a deadline watches it.',
  fields: (t) => ({
    id: t.exposeString('id'),
    callBackBy: t.field({ type: 'DateTime', resolve: (promise) => promise.callBackBy }),
    note: t.exposeString('note'),
    promisedAt: t.field({ type: 'DateTime', resolve: (promise) => promise.promisedAt }),
    promisedBy: t.field({ type: ActorRef, resolve: (promise) => promise.promisedBy }),
    keptAt: t.field({ type: 'DateTime', nullable: true, resolve: (promise) => promise.keptAt ?? null }),
    reached: t.boolean({ nullable: true, resolve: (promise) => promise.reached ?? null }),
  }),
});

const LinkRef = builder.objectRef<ComplaintContext['links'][number]>('ComplaintLink');
LinkRef.implement({
  description: 'An escalation or crisis this complaint is linked to.',
  fields: (t) => ({
    kind: t.exposeString('kind'),
    id: t.exposeString('id'),
    reason: t.string({ nullable: true, resolve: (link) => link.reason ?? null }),
    at: t.field({ type: 'DateTime', resolve: (link) => link.at }),
  }),
});

const CustomerMessageRef = builder.objectRef<ComplaintContext['customerMessages'][number]>('CustomerMessage');
CustomerMessageRef.implement({
  description: 'A message sent to the customer when a linked crisis was resolved (one voice, 统一口径).',
  fields: (t) => ({
    crisisId: t.exposeString('crisisId'),
    message: t.exposeString('message'),
    at: t.field({ type: 'DateTime', resolve: (message) => message.at }),
  }),
});

const ClockSegmentRef = builder.objectRef<ClockExplanation['segments'][number]>('ClockSegment');
ClockSegmentRef.implement({
  description: 'A stretch of a clock: running (time counts) or paused (it does not), with the reason.',
  fields: (t) => ({
    state: t.exposeString('state', { description: '`running` or `paused`.' }),
    from: t.field({ type: 'DateTime', resolve: (segment) => segment.from }),
    to: t.field({ type: 'DateTime', nullable: true, resolve: (segment) => segment.to ?? null }),
    reason: t.string({ nullable: true, resolve: (segment) => segment.reason ?? null }),
    countedSeconds: t.int({ resolve: (segment) => Math.round(segment.countedMs / 1000) }),
  }),
});

const SlaClockRef = builder.objectRef<ClockExplanation & { breachedAt: string | null }>('SlaClock');
SlaClockRef.implement({
  description:
    'A time limit of the complaint explained (`@kefu/sla` explain): its running and paused segments.',
  fields: (t) => ({
    name: t.exposeString('name'),
    status: t.exposeString('status', { description: '`running`, `paused` or `stopped`.' }),
    startedAt: t.field({ type: 'DateTime', resolve: (clock) => clock.startedAt }),
    dueAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When a running clock runs out; null while paused or stopped.',
      resolve: (clock) => clock.dueAt ?? null,
    }),
    budgetSeconds: t.int({ resolve: (clock) => Math.round(clock.budgetMs / 1000) }),
    elapsedSeconds: t.int({ resolve: (clock) => Math.round(clock.elapsedMs / 1000) }),
    remainingSeconds: t.int({ resolve: (clock) => Math.round(clock.remainingMs / 1000) }),
    overdue: t.exposeBoolean('overdue'),
    breachedAt: t.field({ type: 'DateTime', nullable: true, resolve: (clock) => clock.breachedAt }),
    counts: t.exposeString('counts', { description: '`wall-clock time` or `working time (<time zone>)`.' }),
    summary: t.exposeString('summary', { description: 'The explanation in one line.' }),
    segments: t.field({ type: [ClockSegmentRef], resolve: (clock) => clock.segments }),
  }),
});

const PausedRef = builder.objectRef<NonNullable<ComplaintContext['paused']>>('PausedClocks');
PausedRef.implement({
  fields: (t) => ({
    reason: t.field({ type: PauseReason, resolve: (paused) => paused.reason }),
    at: t.field({ type: 'DateTime', resolve: (paused) => paused.at }),
    by: t.field({ type: ActorRef, resolve: (paused) => paused.by }),
    clocks: t.exposeStringList('clocks'),
  }),
});

/** Each complaint action: the event it sends and the typed mutation that sends it. */
const complaintActions: Record<
  Exclude<ComplaintEventType, 'complaint.deadlineReached' | 'complaint.linked' | 'complaint.crisisResolved'>,
  { mutation: string; description: string }
> = {
  'complaint.record': {
    mutation: 'recordComplaint',
    description:
      'Step 2: record the complaint report (within the policy’s record limit: 10 minutes by default, 5 for grade-A customers).',
  },
  'complaint.startAnalysis': {
    mutation: 'startComplaintAnalysis',
    description: 'Take the recorded complaint into analysis.',
  },
  'complaint.analyse': {
    mutation: 'analyseComplaint',
    description: 'Step 3: the cause, the classification and a proposed plan.',
  },
  'complaint.acknowledgeReport': {
    mutation: 'acknowledgeComplaintReport',
    description: 'A serious complaint reported upward is acknowledged.',
  },
  'complaint.decide': {
    mutation: 'decideComplaint',
    description: 'Step 4: the director approves the plan or sends it back.',
  },
  'complaint.applyTemporarySolution': {
    mutation: 'applyTemporarySolution',
    description: 'An urgent case gets a temporary solution first.',
  },
  'complaint.applyFormalSolution': {
    mutation: 'applyFormalSolution',
    description: 'Step 5: the formal solution, on the handling form.',
  },
  'complaint.followUp': {
    mutation: 'followUpComplaint',
    description: 'Step 6: an entry in the continuous follow-up record.',
  },
  'complaint.adjustSolution': {
    mutation: 'adjustComplaintSolution',
    description: 'Follow-up shows the solution needs adjusting: back to handling.',
  },
  'complaint.resolve': {
    mutation: 'resolveComplaint',
    description: 'Step 7: the summary report; the revisit becomes due.',
  },
  'complaint.startRevisit': {
    mutation: 'startComplaintRevisit',
    description: 'Start the revisit call (never in quiet hours).',
  },
  'complaint.rescheduleRevisit': {
    mutation: 'rescheduleComplaintRevisit',
    description: 'Agree another revisit time with the customer.',
  },
  'complaint.recordRevisit': {
    mutation: 'recordComplaintRevisit',
    description: 'Fill the revisit record: satisfied closes, otherwise reopen or improve.',
  },
  'complaint.reopen': {
    mutation: 'reopenComplaint',
    description: 'An unsatisfied revisit reopens handling.',
  },
  'complaint.startImprovement': {
    mutation: 'startComplaintImprovement',
    description: 'An unsatisfied revisit starts improvement work.',
  },
  'complaint.completeImprovement': {
    mutation: 'completeComplaintImprovement',
    description: 'The improvement is done: the complaint closes.',
  },
  'complaint.withdraw': {
    mutation: 'withdrawComplaint',
    description: 'The customer withdraws the complaint.',
  },
  'complaint.merge': {
    mutation: 'mergeComplaint',
    description: 'Merge this complaint into another one on the same matter.',
  },
  'complaint.promiseCallBack': {
    mutation: 'promiseComplaintCallBack',
    description: 'Promise the customer a call back by a time.',
  },
  'complaint.callBack': {
    mutation: 'recordComplaintCallBack',
    description: 'The promised call back was made.',
  },
  'complaint.contact': {
    mutation: 'recordComplaintContact',
    description: 'The customer contacted us again on this complaint.',
  },
  'complaint.requestEscalation': {
    mutation: 'requestComplaintEscalation',
    description: 'Ask for escalation beyond your authority.',
  },
  'complaint.assign': { mutation: 'assignComplaint', description: 'Assign an owner (and team).' },
  'complaint.pause': {
    mutation: 'pauseComplaintClocks',
    description:
      'Stop the running step clocks while waiting on the customer or a third party, as the policy permits: by default the record and decision clocks cannot be paused, and each pause names its reason.',
  },
  'complaint.resume': { mutation: 'resumeComplaintClocks', description: 'Restart the paused step clocks.' },
};

interface ComplaintActionView {
  event: string;
  mutation: string | null;
  description: string;
  roles: readonly string[];
}

const ComplaintActionRef = builder.objectRef<ComplaintActionView>('ComplaintAction');
ComplaintActionRef.implement({
  description: 'Something the caller’s role may do to the complaint now, and the mutation that does it.',
  fields: (t) => ({
    event: t.exposeString('event'),
    mutation: t.exposeString('mutation', { nullable: true }),
    description: t.exposeString('description'),
    roles: t.exposeStringList('roles', { description: 'Every role that may take this action.' }),
  }),
});

interface BlockedComplaintActionView {
  event: string;
  mutation: string | null;
  reason: BlockingReason['code'];
  message: string;
  availableAt: string | null;
}

const BlockingReasonCode = builder.enumType('BlockingReasonCode', {
  description: 'Why an action the state handles cannot be taken now.',
  values: blockingReasonCodes,
});

const BlockedComplaintActionRef = builder.objectRef<BlockedComplaintActionView>('BlockedComplaintAction');
BlockedComplaintActionRef.implement({
  description: 'An action the caller’s role may take in this state that cannot be taken now, and why.',
  fields: (t) => ({
    event: t.exposeString('event'),
    mutation: t.exposeString('mutation', { nullable: true }),
    reason: t.field({ type: BlockingReasonCode, resolve: (blocked) => blocked.reason }),
    message: t.exposeString('message', { description: 'The reason in English words.' }),
    availableAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it can be taken, if a time says so (the end of the customer’s quiet hours).',
      resolve: (blocked) => blocked.availableAt,
    }),
  }),
});

function explainClocks(record: WorkflowRecord, now: Date) {
  const clocks = context(record).clocks ?? {};
  return explain(clocks, now).map((explanation) => ({
    ...explanation,
    breachedAt: clocks[explanation.name]?.breachedAt ?? null,
  }));
}

export const ComplaintRef = builder.objectRef<WorkflowRecord>('Complaint');
ComplaintRef.implement({
  authScopes: workflowAuthScopes,
  description: 'A customer complaint and where it stands in the handling procedure (客诉办理).',
  fields: (t) => ({
    id: t.exposeID('id'),
    number: t.string({
      nullable: true,
      description:
        'The short number to say on the phone (`KF-2026-000123`): given by the database when the complaint is opened, gapless per year.',
      resolve: (record) => (typeof record.readModel.number === 'string' ? record.readModel.number : null),
    }),
    possibleDuplicateOf: t.loadable({
      type: ComplaintRef,
      nullable: true,
      description:
        'An open complaint of the same customer and category opened in the 24 hours before this one: merge into it if it is the same matter (`mergeComplaint`). Batched: one query per page, however many complaints.',
      // Every complaint of the request that has one: one `runtime.findMany` (a per-request DataLoader).
      load: async (ids: string[], { runtime }) =>
        (await runtime.findMany(ids)).map((record) => record ?? null),
      resolve: (record) => {
        const original = record.readModel.possibleDuplicateOf;
        return typeof original === 'string' ? original : null;
      },
    }),
    state: t.exposeString('state', { description: 'The machine state, e.g. `received`, `recorded`.' }),
    version: t.exposeInt('version', { description: 'Events applied so far, including the opening.' }),
    priority: t.string({ resolve: (record) => kept(record, 'priority') }),
    category: t.string({ resolve: (record) => kept(record, 'category') }),
    channel: t.field({ type: Channel, resolve: (record) => context(record).channel }),
    summary: t.string({ resolve: (record) => context(record).summary }),
    team: t.string({ nullable: true, resolve: (record) => kept(record, 'team') ?? null }),
    customer: t.field({
      type: CustomerRef,
      resolve: (record) =>
        customerOf<ComplaintContext['customer']>(record, {
          grade: (record.readModel.customerGrade ?? undefined) as ComplaintContext['customer']['grade'],
        }),
    }),
    openedAt: t.field({ type: 'DateTime', resolve: (record) => kept(record, 'openedAt') }),
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
      resolve: (record, _args, kefu) => historyOf(kefu, record),
    }),
    assignee: t.string({ nullable: true, resolve: (record) => kept(record, 'assignee') ?? null }),
    closedAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (record) => context(record).closedAt ?? null,
    }),
    policy: t.string({
      description:
        'The SLA policy chosen by grade and category: `standard`, or `priority` for grade A / serious.',
      resolve: (record) => context(record).policy,
    }),
    serious: t.boolean({ resolve: (record) => context(record).serious ?? false }),
    contactCount: t.int({
      description: 'Contacts on this complaint, counting the one that opened it.',
      resolve: (record) => (context(record).contacts?.length ?? 0) + 1,
    }),
    contactLevel: t.field({
      type: ContactLevel,
      resolve: (record) => context(record).contactLevel ?? 'first',
    }),
    reopenCount: t.int({ resolve: (record) => context(record).reopenCount ?? 0 }),
    analysis: t.field({
      type: AnalysisReportRef,
      nullable: true,
      resolve: (record) => context(record).analysis ?? null,
    }),
    decisions: t.field({ type: [DecisionRef], resolve: (record) => context(record).decisions ?? [] }),
    temporarySolution: t.field({
      type: HandlingFormRef,
      nullable: true,
      resolve: (record) => context(record).temporarySolution ?? null,
    }),
    formalSolution: t.field({
      type: HandlingFormRef,
      nullable: true,
      resolve: (record) => context(record).formalSolution ?? null,
    }),
    followUps: t.field({ type: [FollowUpRef], resolve: (record) => context(record).followUps ?? [] }),
    summaryReport: t.field({
      type: SummaryReportRef,
      nullable: true,
      resolve: (record) => context(record).summaryReport ?? null,
    }),
    revisits: t.field({ type: [RevisitRecordRef], resolve: (record) => context(record).revisits ?? [] }),
    callBacks: t.field({ type: [CallBackRef], resolve: (record) => context(record).callBacks ?? [] }),
    links: t.field({ type: [LinkRef], resolve: (record) => context(record).links ?? [] }),
    customerMessages: t.field({
      type: [CustomerMessageRef],
      resolve: (record) => context(record).customerMessages ?? [],
    }),
    paused: t.field({ type: PausedRef, nullable: true, resolve: (record) => context(record).paused ?? null }),
    clocks: t.field({
      type: [SlaClockRef],
      description:
        'Every time limit with its explanation as of now: running and paused segments, time used and left, due time.',
      resolve: (record, _args, { now }) => explainClocks(record, now()),
    }),
    availableActions: t.field({
      type: [ComplaintActionRef],
      description:
        'What the caller’s role may do now: the state’s events their role may send, less those that cannot succeed now (nothing to resume, no open promise, quiet hours).',
      resolve: async (record, _args, kefu) => {
        const actor = requireActor(kefu);
        const now = kefu.now().toISOString();
        const snapshot = { value: record.state, context: context(record) };
        const events = (await kefu.runtime.availableActions(record.id, actor.role)).filter(
          (event) => whyNotNow(snapshot, event, now, { role: actor.role }) === undefined,
        );
        return events.map((event) => ({
          event,
          mutation: complaintActions[event as keyof typeof complaintActions]?.mutation ?? null,
          description: complaintActions[event as keyof typeof complaintActions]?.description ?? event,
          roles: complaintEventRoles[event as ComplaintEventType] ?? [],
        }));
      },
    }),
    blockedActions: t.field({
      type: [BlockedComplaintActionRef],
      description:
        'Actions the caller’s role may take in this state that cannot be taken now, each with the reason (`availableActions` leaves them out).',
      resolve: async (record, _args, kefu) => {
        const actor = requireActor(kefu);
        const now = kefu.now().toISOString();
        const snapshot = { value: record.state, context: context(record) };
        const blocked: BlockedComplaintActionView[] = [];
        for (const event of await kefu.runtime.availableActions(record.id, actor.role)) {
          const reason = blockingReason(snapshot, event, now, { role: actor.role });
          if (!reason) continue;
          blocked.push({
            event,
            mutation: complaintActions[event as keyof typeof complaintActions]?.mutation ?? null,
            reason: reason.code,
            message: reason.message,
            availableAt: reason.params.availableAt ?? null,
          });
        }
        return blocked;
      },
    }),
    updatedAt: t.field({ type: 'DateTime', resolve: (record) => record.updatedAt }),
  }),
});

// The inputs below are derived from the zod schemas that validate the events they become (`zodInputType`).
zodInputType('CustomerInput', customerSchema, {
  // The grade comes from the customer record; a grade given here overrides it for this complaint only.
  withoutDefault: ['grade'],
  fields: {
    name: 'Personal data: encrypted at rest, masked in answers unless the role needs it.',
    email: 'Finds the customer record like the phone does (either may be given).',
    grade:
      'Override for compatibility: without it the grade comes from the customer record (see docs/customers.md). A customers get tighter time limits (5 minutes to record instead of 10).',
    member: 'A member customer (seed 002: every member customer is revisited).',
  },
});

const OpenComplaintInput = zodInputType('OpenComplaintInput', complaintInputSchema, {
  // Who and when come from the request; the customer record and its contacts from recognition.
  omit: ['at', 'by', 'customerId', 'priorContacts'],
  fields: {
    category: 'e.g. product-quality, after-sales, logistics',
    summary: 'What the customer says happened.',
    team: 'Defaults to the caller’s team.',
  },
});

const ComplaintReportInput = zodInputType('ComplaintReportInput', complaintReportSchema, {
  fields: { abnormalSituation: 'The abnormal situation collected at receipt (异常状况收集).' },
});

const RecordComplaintInput = builder.inputType('RecordComplaintInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    report: t.field({ type: ComplaintReportInput, required: true }),
    idempotencyKey: t.string({
      description:
        'Repeat the same request with the same key to get the first result back; another request under a used key is IDEMPOTENCY_KEY_CONFLICT.',
    }),
  }),
});

builder.queryField('complaintByNumber', (t) =>
  t.field({
    type: ComplaintRef,
    nullable: true,
    description: 'The complaint with this short number (`KF-2026-000123`, any case), or null.',
    args: { number: t.arg.string({ required: true }) },
    resolve: async (_root, { number }, { runtime }) => {
      const id = await complaintIdByNumber(runtime.store, number);
      return id ? runtime.find(id) : null;
    },
  }),
);

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
}));

builder.mutationField('openComplaint', (t) =>
  t.field({
    type: ComplaintRef,
    description:
      'Step 1 of the procedure: a complaint is received (受理). Starts the record clock (10 minutes by default, 5 for grade-A customers). ' +
      'Complaint-handling roles only; the team defaults to the caller’s team.',
    authScopes: { readsComplaints: true },
    args: { input: t.arg({ type: OpenComplaintInput, required: true }) },
    resolve: (_root, { input }, { runtime, customers, actor, now }) =>
      mapErrors(async () => {
        // An agent or supervisor opens complaints for their own team only.
        if (actor && input.team) assertTeamsAllowed(actor, [input.team]);
        const at = now().toISOString();
        const opening = {
          ...(actor?.team ? { team: actor.team } : {}),
          ...withoutNulls(input),
          at,
          by: actor,
        };
        // The customer record: found by phone or email, or created; it gives the grade and the contact count.
        const attached = await attachComplaintCustomer(runtime, customers, opening, at);
        const { workflow } = await runtime.start('complaint', attached.input);
        await recordComplaintOpened(customers, attached.recognition, { id: workflow.id, ...input, at });
        // Read back: the database gave the complaint its number as it was inserted.
        return runtime.get(workflow.id);
      }),
  }),
);

builder.mutationField('recordComplaint', (t) =>
  t.field({
    type: ComplaintRef,
    description:
      'Step 2: a supervisor or manager records the complaint report (within the policy’s record limit: 10 minutes by default, 5 for grade-A customers).',
    authScopes: { readsComplaints: true },
    args: { input: t.arg({ type: RecordComplaintInput, required: true }) },
    resolve: (_root, { input }, kefu) =>
      mapErrors(async () => {
        const { runtime, actor, now } = kefu;
        await assertCanActOn(kefu, String(input.id));
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
);

/** `id` and `idempotencyKey`: every action input starts with them. */
// biome-ignore lint/suspicious/noExplicitAny: Pothos' input field builder, shared by every action input type
const actionFields = (t: any) => ({
  id: t.id({ required: true, description: 'The complaint.' }),
  idempotencyKey: t.string({
    description:
      'Repeat the same request with the same key to get the first result back; another request under a used key is IDEMPOTENCY_KEY_CONFLICT.',
  }),
});

const AnalysisReportInput = zodInputType('AnalysisReportInput', analysisReportSchema, {
  fields: { documents: 'Related product, documents or receipts.' },
});
const DecisionInput = zodInputType('DecisionInput', decisionSchema);
const HandlingFormInput = zodInputType('HandlingFormInput', handlingFormSchema);
const FollowUpRecordInput = zodInputType('FollowUpRecordInput', followUpRecordSchema);
const SummaryReportInput = zodInputType('SummaryReportInput', summaryReportSchema);
const RevisitRecordInput = zodInputType('RevisitRecordInput', revisitRecordSchema);

const actionInputs: Record<keyof typeof complaintActions, ReturnType<typeof builder.inputType>> = {
  'complaint.record': RecordComplaintInput,
  'complaint.startAnalysis': builder.inputType('StartComplaintAnalysisInput', {
    fields: (t) => ({ ...actionFields(t), assignee: t.string({ description: 'Default: the caller.' }) }),
  }),
  'complaint.analyse': builder.inputType('AnalyseComplaintInput', {
    fields: (t) => ({ ...actionFields(t), analysis: t.field({ type: AnalysisReportInput, required: true }) }),
  }),
  'complaint.acknowledgeReport': builder.inputType('AcknowledgeComplaintReportInput', {
    fields: (t) => ({ ...actionFields(t), note: t.string() }),
  }),
  'complaint.decide': builder.inputType('DecideComplaintInput', {
    fields: (t) => ({ ...actionFields(t), decision: t.field({ type: DecisionInput, required: true }) }),
  }),
  'complaint.applyTemporarySolution': builder.inputType('ApplyTemporarySolutionInput', {
    fields: (t) => ({
      ...actionFields(t),
      handlingForm: t.field({ type: HandlingFormInput, required: true }),
    }),
  }),
  'complaint.applyFormalSolution': builder.inputType('ApplyFormalSolutionInput', {
    fields: (t) => ({
      ...actionFields(t),
      handlingForm: t.field({ type: HandlingFormInput, required: true }),
    }),
  }),
  'complaint.followUp': builder.inputType('FollowUpComplaintInput', {
    fields: (t) => ({ ...actionFields(t), followUp: t.field({ type: FollowUpRecordInput, required: true }) }),
  }),
  'complaint.adjustSolution': builder.inputType('AdjustComplaintSolutionInput', {
    fields: (t) => ({ ...actionFields(t), reason: t.string({ required: true }) }),
  }),
  'complaint.resolve': builder.inputType('ResolveComplaintInput', {
    fields: (t) => ({
      ...actionFields(t),
      summaryReport: t.field({ type: SummaryReportInput, required: true }),
    }),
  }),
  'complaint.startRevisit': builder.inputType('StartComplaintRevisitInput', {
    fields: (t) => actionFields(t),
  }),
  'complaint.rescheduleRevisit': builder.inputType('RescheduleComplaintRevisitInput', {
    fields: (t) => ({
      ...actionFields(t),
      revisitAt: t.field({ type: 'DateTime', required: true, description: 'Moved out of quiet hours.' }),
      reason: t.string({ required: true }),
    }),
  }),
  'complaint.recordRevisit': builder.inputType('RecordComplaintRevisitInput', {
    fields: (t) => ({
      ...actionFields(t),
      revisitRecord: t.field({ type: RevisitRecordInput, required: true }),
    }),
  }),
  'complaint.reopen': builder.inputType('ReopenComplaintInput', {
    fields: (t) => ({ ...actionFields(t), reason: t.string({ required: true }) }),
  }),
  'complaint.startImprovement': builder.inputType('StartComplaintImprovementInput', {
    fields: (t) => ({
      ...actionFields(t),
      plan: t.string({ required: true }),
      owner: t.string({ required: true }),
    }),
  }),
  'complaint.completeImprovement': builder.inputType('CompleteComplaintImprovementInput', {
    fields: (t) => ({ ...actionFields(t), measures: t.string({ required: true }) }),
  }),
  'complaint.withdraw': builder.inputType('WithdrawComplaintInput', {
    fields: (t) => ({ ...actionFields(t), reason: t.string({ required: true }) }),
  }),
  'complaint.merge': builder.inputType('MergeComplaintInput', {
    fields: (t) => ({
      ...actionFields(t),
      intoComplaintId: t.string({ required: true }),
      reason: t.string({ required: true }),
    }),
  }),
  'complaint.promiseCallBack': builder.inputType('PromiseComplaintCallBackInput', {
    fields: (t) => ({
      ...actionFields(t),
      callBackBy: t.field({ type: 'DateTime', required: true }),
      note: t.string({ required: true }),
    }),
  }),
  'complaint.callBack': builder.inputType('RecordComplaintCallBackInput', {
    fields: (t) => ({
      ...actionFields(t),
      promiseId: t.string({ required: true }),
      reached: t.boolean({ required: true }),
      note: t.string({ required: true }),
    }),
  }),
  'complaint.contact': builder.inputType('RecordComplaintContactInput', {
    fields: (t) => ({
      ...actionFields(t),
      channel: t.field({ type: Channel, required: true }),
      note: t.string({ required: true }),
    }),
  }),
  'complaint.requestEscalation': builder.inputType('RequestComplaintEscalationInput', {
    fields: (t) => ({ ...actionFields(t), note: t.string({ required: true }) }),
  }),
  'complaint.assign': builder.inputType('AssignComplaintInput', {
    fields: (t) => ({ ...actionFields(t), assignee: t.string({ required: true }), team: t.string() }),
  }),
  'complaint.pause': builder.inputType('PauseComplaintClocksInput', {
    fields: (t) => ({
      ...actionFields(t),
      reason: t.field({ type: PauseReason, required: true }),
      note: t.string(),
    }),
  }),
  'complaint.resume': builder.inputType('ResumeComplaintClocksInput', {
    fields: (t) => ({ ...actionFields(t), note: t.string() }),
  }),
};

/** Sends one complaint event built from a mutation's input: the input's fields (less id and key) are the payload. */
async function sendComplaintAction(kefu: KefuContext, type: string, input: Record<string, unknown>) {
  const { id, idempotencyKey, ...payload } = withoutNulls(input);
  await assertCanActOn(kefu, String(id));
  // Merging writes into the other complaint's story too: the caller must be able to act on both.
  if (typeof payload.intoComplaintId === 'string') await assertCanActOn(kefu, payload.intoComplaintId);
  const { workflow } = await kefu.runtime.send(
    String(id),
    { ...payload, type, at: kefu.now().toISOString(), by: requireActor(kefu) },
    typeof idempotencyKey === 'string' ? { idempotencyKey } : {},
  );
  return workflow;
}

/**
 * One step or side action of the procedure as a mutation: its input type, its description with the roles that may
 * take it, and the event it sends (`sendComplaintAction`).
 */
// biome-ignore lint/suspicious/noExplicitAny: Pothos' mutation field builder, shared by every complaint action
function complaintActionField(t: any, event: Exclude<keyof typeof complaintActions, 'complaint.record'>) {
  const { description } = complaintActions[event];
  return t.field({
    type: ComplaintRef,
    description: `${description} Sends \`${event}\`; allowed for ${complaintEventRoles[event].join(', ')}.`,
    authScopes: { readsComplaints: true },
    args: { input: t.arg({ type: actionInputs[event], required: true }) },
    resolve: (_root: unknown, { input }: { input: Record<string, unknown> }, kefu: KefuContext) =>
      mapErrors(() => sendComplaintAction(kefu, event, input)),
  });
}

builder.mutationField('startComplaintAnalysis', (t) => complaintActionField(t, 'complaint.startAnalysis'));
builder.mutationField('analyseComplaint', (t) => complaintActionField(t, 'complaint.analyse'));
builder.mutationField('acknowledgeComplaintReport', (t) =>
  complaintActionField(t, 'complaint.acknowledgeReport'),
);
builder.mutationField('decideComplaint', (t) => complaintActionField(t, 'complaint.decide'));
builder.mutationField('applyTemporarySolution', (t) =>
  complaintActionField(t, 'complaint.applyTemporarySolution'),
);
builder.mutationField('applyFormalSolution', (t) => complaintActionField(t, 'complaint.applyFormalSolution'));
builder.mutationField('followUpComplaint', (t) => complaintActionField(t, 'complaint.followUp'));
builder.mutationField('adjustComplaintSolution', (t) => complaintActionField(t, 'complaint.adjustSolution'));
builder.mutationField('resolveComplaint', (t) => complaintActionField(t, 'complaint.resolve'));
builder.mutationField('startComplaintRevisit', (t) => complaintActionField(t, 'complaint.startRevisit'));
builder.mutationField('rescheduleComplaintRevisit', (t) =>
  complaintActionField(t, 'complaint.rescheduleRevisit'),
);
builder.mutationField('recordComplaintRevisit', (t) => complaintActionField(t, 'complaint.recordRevisit'));
builder.mutationField('reopenComplaint', (t) => complaintActionField(t, 'complaint.reopen'));
builder.mutationField('startComplaintImprovement', (t) =>
  complaintActionField(t, 'complaint.startImprovement'),
);
builder.mutationField('completeComplaintImprovement', (t) =>
  complaintActionField(t, 'complaint.completeImprovement'),
);
builder.mutationField('withdrawComplaint', (t) => complaintActionField(t, 'complaint.withdraw'));
builder.mutationField('mergeComplaint', (t) => complaintActionField(t, 'complaint.merge'));
builder.mutationField('promiseComplaintCallBack', (t) =>
  complaintActionField(t, 'complaint.promiseCallBack'),
);
builder.mutationField('recordComplaintCallBack', (t) => complaintActionField(t, 'complaint.callBack'));
builder.mutationField('recordComplaintContact', (t) => complaintActionField(t, 'complaint.contact'));
builder.mutationField('requestComplaintEscalation', (t) =>
  complaintActionField(t, 'complaint.requestEscalation'),
);
builder.mutationField('assignComplaint', (t) => complaintActionField(t, 'complaint.assign'));
builder.mutationField('pauseComplaintClocks', (t) => complaintActionField(t, 'complaint.pause'));
builder.mutationField('resumeComplaintClocks', (t) => complaintActionField(t, 'complaint.resume'));

import type { QuietHours, SlaClock } from '@kefu/sla';
import { z } from 'zod';
import type { ComplaintPolicy } from './complaint-policy.js';

/** Roles that work in a contact centre (domain.md, "Who works there"). `system` is the runtime's timer and reactions. */
export const roleSchema = z.enum(['agent', 'supervisor', 'manager', 'director', 'trainer', 'system']);
export type Role = z.infer<typeof roleSchema>;

/** Who sent an event. */
export const actorSchema = z.object({ userId: z.string().min(1), role: roleSchema });
export type Actor = z.infer<typeof actorSchema>;

/** An ISO-8601 time with an offset, e.g. `2026-03-02T09:00:00+08:00`. */
export const instantSchema = z.iso.datetime({ offset: true });

export const customerGradeSchema = z.enum(['A', 'B', 'C']);
export type CustomerGrade = z.infer<typeof customerGradeSchema>;

export const channelSchema = z.enum(['phone', 'chat', 'video', 'email', 'social', 'app']);
export type Channel = z.infer<typeof channelSchema>;

/** The customer. Name, phone and address are personal data: they stay under `context.customer` (encrypted at rest). */
export const customerSchema = z.object({
  name: z.string().trim().min(1).max(100),
  phone: z.string().trim().min(3).max(40).optional(),
  address: z.string().trim().min(1).max(400).optional(),
  email: z.string().trim().min(3).max(254).optional(),
  grade: customerGradeSchema.default('C'),
  /** A member customer (seed 002: 100% of member customers are revisited). */
  member: z.boolean().optional(),
});
export type Customer = z.infer<typeof customerSchema>;

/** What the runtime passes to start a complaint: the first contact, with its time and who took it. */
export const complaintInputSchema = z.object({
  at: instantSchema,
  by: actorSchema,
  customer: customerSchema,
  channel: channelSchema,
  category: z.string().trim().min(1).max(60),
  summary: z.string().trim().min(1).max(4000),
  team: z.string().trim().min(1).max(60).optional(),
  /** The customer record the complaint belongs to (`@kefu/customer-store`); its key seals `customer`. */
  customerId: z.string().trim().min(1).max(100).optional(),
  /** Contacts on the customer's record before this one (any channel): 1 makes this a second contact, 2 many. */
  priorContacts: z.number().int().min(0).max(10_000).optional(),
});
export type ComplaintInput = z.input<typeof complaintInputSchema>;

const text = (max = 4000) => z.string().trim().min(1).max(max);

/** 客诉状况报告表: the complaint report written when the event is recorded (seed 001, steps 1–2). */
export const complaintReportSchema = z.object({
  facts: text(),
  customerRequest: z.string().trim().max(2000).optional(),
  /** The abnormal situation collected at receipt (异常状况收集). */
  abnormalSituation: z.string().trim().max(2000).optional(),
});
export type ComplaintReport = z.infer<typeof complaintReportSchema>;

/** Classification of a complex problem (seed 003 §4.2). */
export const problemClassSchema = z.enum([
  'productQuality',
  'afterSales',
  'logistics',
  'service',
  'billing',
  'other',
]);

/** Step 3: the cause analysed, reported, and a handling plan proposed (seed 001; 003 §4.2 classify → analyse). */
export const analysisReportSchema = z.object({
  cause: text(),
  classification: problemClassSchema,
  proposedPlan: text(),
  /** A serious complaint is reported upward before the director decides (seed 001 control point). */
  severity: z.enum(['normal', 'serious']).default('normal'),
  /** Related product, documents or receipts (有关产品或票据). */
  documents: z.array(text(400)).max(50).optional(),
});
export type AnalysisReport = z.infer<typeof analysisReportSchema>;

/** Step 4: the director's decision on the handling plan (状况认识、处理方案决议). */
export const decisionSchema = z.object({
  approved: z.boolean(),
  plan: text(),
  note: z.string().trim().max(2000).optional(),
});
export type Decision = z.infer<typeof decisionSchema>;

/** 客诉办理单: every result is written on a handling form (seed 001 操作规范). */
export const handlingFormSchema = z.object({
  method: z.enum(['phone', 'email', 'visit', 'chat', 'letter', 'other']),
  actions: text(),
  result: text(),
  customerInformed: z.boolean(),
});
export type HandlingForm = z.infer<typeof handlingFormSchema>;

/** 客服主管连续性跟进记录: one entry of the continuous follow-up record (seed 001 step 6). */
export const followUpRecordSchema = z.object({
  note: text(),
  customerContacted: z.boolean().default(false),
  customerFeedback: z.string().trim().max(2000).optional(),
});
export type FollowUpRecord = z.infer<typeof followUpRecordSchema>;

/** 异常状况汇总表 + 客诉办理报告: the summary report when handling is complete (seed 001 step 7). */
export const summaryReportSchema = z.object({
  outcome: text(),
  cause: text(),
  /** Improvement measures so it does not recur (seed 003 §4.3). */
  improvementMeasures: text(),
  compensation: z.string().trim().max(2000).optional(),
});
export type SummaryReport = z.infer<typeof summaryReportSchema>;

/** 回访记录表: the revisit record (seed 002), filled on every revisit. */
export const revisitRecordSchema = z.object({
  method: z.enum(['phone', 'email', 'sms', 'visit']),
  satisfaction: z.enum(['satisfied', 'neutral', 'unsatisfied']),
  opinion: z.string().trim().max(2000).optional(),
  suggestions: z.string().trim().max(2000).optional(),
  /** For neutral or unsatisfied: which part was not good enough (能否告诉我您对哪方面不满意). */
  unsatisfiedWith: z.string().trim().max(2000).optional(),
});
export type RevisitRecord = z.infer<typeof revisitRecordSchema>;

/** Why a running clock is paused: waiting on someone outside the procedure. */
export const pauseReasonSchema = z.enum([
  'awaitingCustomer',
  'awaitingThirdParty',
  'awaitingGoods',
  'customerRequest',
]);
export type PauseReason = z.infer<typeof pauseReasonSchema>;

export const linkSchema = z.object({
  kind: z.enum(['escalation', 'crisis']),
  id: text(200),
  reason: z.string().trim().max(2000).optional(),
});
export type Link = z.infer<typeof linkSchema>;

const eventBase = { at: instantSchema, by: actorSchema };

/** A timer event: the runtime's scheduler sends it when a deadline in `context.deadlines` comes due. */
export const deadlineEventFields = {
  ...eventBase,
  deadline: z.string().min(1),
  dueAt: instantSchema,
  timerId: z.string().optional(),
  lateBy: z.number().nonnegative().optional(),
};

const event = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), ...eventBase, ...shape });

/** Every event the complaint accepts, validated before it reaches the machine. */
export const complaintEventSchema = z.discriminatedUnion('type', [
  event('complaint.record', { report: complaintReportSchema }),
  event('complaint.startAnalysis', { assignee: text(100).optional() }),
  event('complaint.analyse', { analysis: analysisReportSchema }),
  event('complaint.acknowledgeReport', { note: z.string().trim().max(2000).optional() }),
  event('complaint.decide', { decision: decisionSchema }),
  event('complaint.applyTemporarySolution', { handlingForm: handlingFormSchema }),
  event('complaint.applyFormalSolution', { handlingForm: handlingFormSchema }),
  event('complaint.followUp', { followUp: followUpRecordSchema }),
  event('complaint.adjustSolution', { reason: text(2000) }),
  event('complaint.resolve', { summaryReport: summaryReportSchema }),
  event('complaint.startRevisit', {}),
  event('complaint.rescheduleRevisit', { revisitAt: instantSchema, reason: text(2000) }),
  event('complaint.recordRevisit', { revisitRecord: revisitRecordSchema }),
  event('complaint.reopen', { reason: text(2000) }),
  event('complaint.startImprovement', { plan: text(), owner: text(100) }),
  event('complaint.completeImprovement', { measures: text() }),
  event('complaint.withdraw', { reason: text(2000) }),
  event('complaint.merge', { intoComplaintId: text(200), reason: text(2000) }),
  event('complaint.promiseCallBack', { callBackBy: instantSchema, note: text(2000) }),
  event('complaint.callBack', { promiseId: text(40), reached: z.boolean(), note: text(2000) }),
  event('complaint.contact', { channel: channelSchema, note: text(2000) }),
  event('complaint.requestEscalation', { note: text(2000) }),
  event('complaint.assign', { assignee: text(100), team: text(60).optional() }),
  event('complaint.pause', { reason: pauseReasonSchema, note: z.string().trim().max(2000).optional() }),
  event('complaint.resume', { note: z.string().trim().max(2000).optional() }),
  event('complaint.linked', { link: linkSchema }),
  event('complaint.crisisResolved', { crisisId: text(200), message: text(), revisitBy: instantSchema }),
  z.object({ type: z.literal('complaint.deadlineReached'), ...deadlineEventFields }),
]);
export type ComplaintEvent = z.infer<typeof complaintEventSchema>;
export type ComplaintEventType = ComplaintEvent['type'];

/** A deadline kept as data: when it is due and which event the scheduler sends then. */
export interface Deadline {
  dueAt: string;
  event: string;
  startedAt: string;
}

/** A clock in a complaint's context: an `@kefu/sla` clock, marked once its deadline was breached. */
export type ComplaintClock = SlaClock & { breachedAt?: string };

export interface Breach {
  deadline: string;
  dueAt: string;
  at: string;
}

export interface CallBackPromise {
  id: string;
  callBackBy: string;
  note: string;
  promisedAt: string;
  promisedBy: Actor;
  keptAt?: string;
  reached?: boolean;
}

export interface Contact {
  at: string;
  by: Actor;
  channel: Channel;
  note: string;
}

/** first / second / many contacts on one matter (seed 002): each asks for different handling. */
export type ContactLevel = 'first' | 'second' | 'many';

export type Priority = 'normal' | 'high' | 'urgent';

/** Something recorded along the way, with who wrote it and when. */
export interface Recorded<T> {
  at: string;
  by: Actor;
  value: T;
}

export interface ComplaintContext {
  complaintId: string;
  /** The customer record, when the complaint was attached to one. */
  customerId?: string | undefined;
  /** Contacts on the customer's record before this complaint (absent: none known). */
  priorContacts?: number | undefined;
  customer: Customer;
  channel: Channel;
  category: string;
  summary: string;
  team: string | undefined;
  assignee: string | undefined;
  openedAt: string;
  openedBy: Actor;
  closedAt: string | undefined;
  priority: Priority;
  /** The name of the SLA policy chosen by grade and category (`standard` or `priority`). */
  policy: string;
  /**
   * The SLA policy itself, as it was when the complaint opened: its time limits, calendars and pause
   * rules. Absent in snapshots from before it was stored; the built-in policy named `policy` applies then.
   */
  slaPolicy?: ComplaintPolicy | undefined;
  serious: boolean;
  quietHours: QuietHours;
  report: ComplaintReport | undefined;
  recordedAt: string | undefined;
  analysis: Recorded<AnalysisReport> | undefined;
  reportedUpward: Recorded<{ note?: string | undefined }> | undefined;
  decisions: Array<Recorded<Decision>>;
  temporarySolution: Recorded<HandlingForm> | undefined;
  formalSolution: Recorded<HandlingForm> | undefined;
  followUps: Array<Recorded<FollowUpRecord>>;
  summaryReport: Recorded<SummaryReport> | undefined;
  revisits: Array<Recorded<RevisitRecord>>;
  improvement: Recorded<{ plan: string; owner: string; measures?: string }> | undefined;
  reopenCount: number;
  contacts: Contact[];
  contactLevel: ContactLevel;
  callBacks: CallBackPromise[];
  links: Array<Link & { at: string }>;
  customerMessages: Array<{ crisisId: string; message: string; at: string }>;
  withdrawal: Recorded<{ reason: string }> | undefined;
  mergedInto: Recorded<{ intoComplaintId: string; reason: string }> | undefined;
  /** Every SLA clock of the complaint, with running and paused segments (`@kefu/sla`). */
  clocks: Record<string, ComplaintClock>;
  /** Paused clocks, why and by whom: they have no deadline row while paused. */
  paused: { reason: PauseReason; at: string; by: Actor; clocks: string[]; note?: string } | undefined;
  deadlines: Record<string, Deadline>;
  breaches: Breach[];
}

export type EscalationReason =
  | 'agentRequest'
  | 'seriousCategory'
  | 'gradeA'
  | 'repeatContacts'
  | 'unsatisfiedRevisit';

/** What the machine emits for the outbox and for other workflows' reactions. */
export type ComplaintEmitted =
  | { type: 'complaint.recorded'; complaintId: string; at: string }
  | { type: 'complaint.deadlineBreached'; complaintId: string; deadline: string; dueAt: string; at: string }
  | {
      type: 'complaint.escalationRequested';
      complaintId: string;
      reason: EscalationReason;
      at: string;
      by: Actor;
      note?: string;
    }
  | {
      type: 'complaint.revisitUnsatisfied';
      complaintId: string;
      at: string;
      by: Actor;
      satisfaction: RevisitRecord['satisfaction'];
      unsatisfiedWith?: string;
    }
  | {
      type: 'complaint.closed';
      complaintId: string;
      at: string;
      by: Actor;
      outcome: 'satisfied' | 'improved' | 'withdrawn' | 'merged';
    };

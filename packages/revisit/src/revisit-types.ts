import { type Actor, actorSchema, customerGradeSchema, instantSchema } from '@kefu/complaint';
import { z } from 'zod';
import type { FollowUpKind, RevisitPolicy } from './revisit-policy.js';
import { customerClassSchema, customerTierSchema, revisitPolicySchema } from './revisit-policy.js';

const text = (max = 2000) => z.string().trim().min(1).max(max);

export const satisfactionSchema = z.enum(['satisfied', 'neutral', 'unsatisfied']);
export type Satisfaction = z.infer<typeof satisfactionSchema>;

export const revisitMethodSchema = z.enum(['phone', 'email', 'sms', 'visit']);
export type RevisitMethod = z.infer<typeof revisitMethodSchema>;

/** Why a revisit exists: the periodic plan, an overdue one, after a handled complaint, or a special occasion. */
export const revisitReasonSchema = z.enum(['periodic', 'overdue', 'afterComplaint', 'holiday', 'promotion']);
export type RevisitReason = z.infer<typeof revisitReasonSchema>;

/**
 * 回访记录表, the revisit record form (seed 002): the customer's opinion of the company and of the service,
 * their suggestions and their satisfaction; for a neutral or unsatisfied answer, which part fell short.
 */
export const revisitRecordFormSchema = z.object({
  method: revisitMethodSchema,
  opinionOfCompany: text(),
  opinionOfService: text(),
  suggestions: z.string().trim().max(2000).optional(),
  satisfaction: satisfactionSchema,
  /** 能否告诉我您对哪方面不满意: the part that was not good enough. */
  unsatisfiedWith: z.string().trim().max(2000).optional(),
});
export type RevisitRecordForm = z.infer<typeof revisitRecordFormSchema>;

/** What starts a revisit workflow: the customer (no personal data), the trigger and the policy. */
export const revisitInputSchema = z.object({
  at: instantSchema,
  by: actorSchema,
  customerId: text(200),
  class: customerClassSchema,
  grade: customerGradeSchema,
  tier: customerTierSchema,
  member: z.boolean(),
  timeZone: z.string().min(1).max(60).default('Asia/Shanghai'),
  reason: revisitReasonSchema,
  /** The plan line that produced it, when the plan did. */
  rule: z.string().trim().max(60).optional(),
  /** When it became due; the window and the first call are computed from it. */
  triggerAt: instantSchema,
  /** The complaint it follows, for a revisit after handling. */
  complaintId: z.string().min(1).max(200).optional(),
  team: z.string().trim().min(1).max(60).optional(),
  policy: revisitPolicySchema.optional(),
});
export type RevisitInput = z.input<typeof revisitInputSchema>;

const eventBase = { at: instantSchema, by: actorSchema };

export const revisitEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('revisit.assign'), ...eventBase, assignee: text(200) }),
  z.object({
    type: z.literal('revisit.unreachable'),
    ...eventBase,
    method: revisitMethodSchema,
    note: z.string().trim().max(2000).optional(),
  }),
  z.object({ type: z.literal('revisit.record'), ...eventBase, record: revisitRecordFormSchema }),
  z.object({ type: z.literal('revisit.summarise'), ...eventBase, summary: text(4000) }),
  z.object({ type: z.literal('revisit.close'), ...eventBase, note: z.string().trim().max(2000).optional() }),
  z.object({
    type: z.literal('revisit.deadlineReached'),
    ...eventBase,
    deadline: z.string().min(1),
    dueAt: instantSchema,
    timerId: z.string().optional(),
    lateBy: z.number().nonnegative().optional(),
  }),
]);
export type RevisitEvent = z.infer<typeof revisitEventSchema>;

/** One call or visit: reached (and recorded) or not. */
export interface RevisitAttempt {
  number: number;
  at: string;
  by: Actor;
  method: RevisitMethod;
  outcome: 'unreachable' | 'reached';
  note?: string | undefined;
}

export interface RevisitDeadline {
  dueAt: string;
  event: 'revisit.deadlineReached';
  startedAt: string;
}

export interface RevisitContext {
  revisitId: string;
  customerId: string;
  class: z.infer<typeof customerClassSchema>;
  grade: z.infer<typeof customerGradeSchema>;
  tier: z.infer<typeof customerTierSchema>;
  member: boolean;
  timeZone: string;
  reason: RevisitReason;
  rule: string | undefined;
  complaintId: string | undefined;
  team: string | undefined;
  policy: RevisitPolicy;
  openedAt: string;
  triggerAt: string;
  /** The next moment a call may be made (the first call, then each retry), outside rest hours. */
  scheduledAt: string;
  /** The end of the window. */
  dueAt: string;
  assignee: string | undefined;
  attempts: RevisitAttempt[];
  record: (RevisitRecordForm & { at: string; by: Actor }) | undefined;
  followUp: FollowUpKind | undefined;
  summary: { text: string; at: string; by: Actor } | undefined;
  closedAt: string | undefined;
  /** Why it ended without a record: the window closed, or the attempts ran out. */
  missedBecause: 'windowClosed' | 'attemptsExhausted' | undefined;
  deadlines: Record<string, RevisitDeadline>;
}

export interface RevisitEmittedBase {
  revisitId: string;
  customerId: string;
  at: string;
}

/** What the machine emits for the outbox. */
export type RevisitEmitted =
  | (RevisitEmittedBase & { type: 'revisit.assigned'; assignee: string })
  | (RevisitEmittedBase & {
      type: 'revisit.attemptFailed';
      attempt: number;
      nextAttemptAt: string | undefined;
    })
  | (RevisitEmittedBase & { type: 'revisit.retryDue'; attempt: number })
  | (RevisitEmittedBase & {
      type: 'revisit.recorded';
      satisfaction: Satisfaction;
      attempts: number;
      followUp: FollowUpKind;
    })
  | (RevisitEmittedBase & {
      type: 'revisit.followUpRequested';
      kind: Exclude<FollowUpKind, 'none'>;
      satisfaction: Satisfaction;
      grade: RevisitContext['grade'];
      member: boolean;
      method: RevisitMethod;
      team: string | undefined;
      summary: string;
      by: Actor;
    })
  | (RevisitEmittedBase & {
      type: 'revisit.missed';
      because: 'windowClosed' | 'attemptsExhausted';
      attempts: number;
    })
  | (RevisitEmittedBase & { type: 'revisit.closed'; satisfaction: Satisfaction | undefined });

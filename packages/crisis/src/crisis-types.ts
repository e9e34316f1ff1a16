import { type Actor, actorSchema, instantSchema } from '@kefu/complaint';
import { z } from 'zod';

/** Warning levels (预警级别, seed 003 §9.1.1), IV the least severe to I the most. */
export const crisisLevelSchema = z.enum(['IV', 'III', 'II', 'I']);
export type CrisisLevel = z.infer<typeof crisisLevelSchema>;

/** The colour each warning level is announced with. */
export const crisisLevelColours: Record<CrisisLevel, 'blue' | 'yellow' | 'orange' | 'red'> = {
  IV: 'blue',
  III: 'yellow',
  II: 'orange',
  I: 'red',
};

/** Actions a level can require before the crisis moves on (to monitoring). */
export const crisisActionSchema = z.enum(['planActivated', 'rolesFilled', 'surgeRequested']);
export type CrisisAction = z.infer<typeof crisisActionSchema>;

/** The crisis team's roles (seed 003 §9.2.2: a crisis team of department heads). */
export const crisisRoleSchema = z.enum(['commander', 'spokesperson', 'scribe']);
export type CrisisRole = z.infer<typeof crisisRoleSchema>;

export const crisisChannelSchema = z.enum(['phone', 'chat', 'video', 'email', 'social', 'app', 'website']);
export type CrisisChannel = z.infer<typeof crisisChannelSchema>;

const durationSchema = z.object({
  days: z.number().nonnegative().optional(),
  hours: z.number().nonnegative().optional(),
  minutes: z.number().nonnegative().optional(),
});

export const crisisLevelPolicySchema = z.object({
  requires: z.array(crisisActionSchema),
  /** How soon after the last statement (or the level change) the next statement is due. */
  updateEvery: durationSchema,
});

export const crisisPolicySchema = z.object({
  id: z.string().min(1),
  version: z.number().int().positive(),
  levels: z.object({
    IV: crisisLevelPolicySchema,
    III: crisisLevelPolicySchema,
    II: crisisLevelPolicySchema,
    I: crisisLevelPolicySchema,
  }),
  /** How long affected customers are looked after once the crisis is resolved, before the review. */
  recoveryPeriod: durationSchema,
  /** When linked complaints are revisited after the resolution. */
  revisitWithin: durationSchema,
  /** The channels every published statement goes out on, the same text on each (统一口径). */
  channels: z.array(crisisChannelSchema).min(1),
});
export type CrisisPolicy = z.infer<typeof crisisPolicySchema>;

/** Where a crisis came from. */
export const crisisSourceSchema = z.object({
  kind: z.enum(['escalation', 'surge', 'manual']),
  id: z.string().min(1).optional(),
});

export const crisisInputSchema = z.object({
  at: instantSchema,
  by: actorSchema,
  title: z.string().trim().min(1).max(200),
  level: crisisLevelSchema,
  reason: z.string().trim().min(1).max(2000),
  category: z.string().trim().min(1).max(60).optional(),
  complaintIds: z.array(z.string().min(1)).max(10_000).default([]),
  source: crisisSourceSchema.default({ kind: 'manual' }),
  policy: crisisPolicySchema.optional(),
});
export type CrisisInput = z.input<typeof crisisInputSchema>;

const eventBase = { at: instantSchema, by: actorSchema };
const text = (max: number) => z.string().trim().min(1).max(max);

export const crisisEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('crisis.raiseLevel'),
    ...eventBase,
    level: crisisLevelSchema,
    reason: text(2000),
  }),
  z.object({
    type: z.literal('crisis.lowerLevel'),
    ...eventBase,
    level: crisisLevelSchema,
    reason: text(2000),
  }),
  z.object({ type: z.literal('crisis.activatePlan'), ...eventBase, plan: text(200) }),
  z.object({ type: z.literal('crisis.assignRole'), ...eventBase, role: crisisRoleSchema, userId: text(100) }),
  z.object({
    type: z.literal('crisis.requestSurge'),
    ...eventBase,
    target: z.number().int().positive().max(10_000),
    note: text(2000).optional(),
  }),
  z.object({
    type: z.literal('crisis.draftStatement'),
    ...eventBase,
    statementId: text(60),
    text: text(4000),
  }),
  z.object({ type: z.literal('crisis.approveStatement'), ...eventBase, statementId: text(60) }),
  z.object({ type: z.literal('crisis.publishStatement'), ...eventBase, statementId: text(60) }),
  z.object({ type: z.literal('crisis.linkComplaint'), ...eventBase, complaintId: text(100) }),
  z.object({ type: z.literal('crisis.monitor'), ...eventBase, note: text(2000).optional() }),
  z.object({ type: z.literal('crisis.resolve'), ...eventBase, message: text(2000) }),
  z.object({ type: z.literal('crisis.startReview'), ...eventBase }),
  z.object({
    type: z.literal('crisis.addFollowUp'),
    ...eventBase,
    followUpId: text(60),
    action: text(2000),
    owner: text(100),
    dueAt: instantSchema,
  }),
  z.object({ type: z.literal('crisis.finishReview'), ...eventBase, summary: text(4000) }),
  z.object({ type: z.literal('crisis.completeFollowUp'), ...eventBase, followUpId: text(60) }),
  z.object({
    type: z.literal('crisis.deadlineReached'),
    ...eventBase,
    deadline: z.string().min(1),
    dueAt: instantSchema,
    timerId: z.string().optional(),
    lateBy: z.number().nonnegative().optional(),
  }),
]);
export type CrisisEvent = z.infer<typeof crisisEventSchema>;

export interface Deadline {
  dueAt: string;
  event: string;
  startedAt: string;
}

export interface Statement {
  id: string;
  text: string;
  status: 'draft' | 'approved' | 'published';
  draftedBy: Actor;
  draftedAt: string;
  approvedBy: Actor | undefined;
  publishedAt: string | undefined;
  channels: CrisisChannel[];
}

export interface LevelChange {
  from: CrisisLevel | undefined;
  to: CrisisLevel;
  reason: string;
  at: string;
  by: Actor;
}

export interface FollowUp {
  id: string;
  action: string;
  owner: string;
  dueAt: string;
  doneAt: string | undefined;
  overdue: boolean;
}

export interface CrisisContext {
  crisisId: string;
  title: string;
  category: string | undefined;
  source: { kind: 'escalation' | 'surge' | 'manual'; id?: string | undefined };
  policy: CrisisPolicy;
  level: CrisisLevel;
  levels: LevelChange[];
  plan: { name: string; at: string; by: Actor } | undefined;
  roles: Partial<Record<CrisisRole, string>>;
  surge: { target: number; note: string | undefined; at: string; by: Actor } | undefined;
  statements: Statement[];
  missedUpdates: Array<{ dueAt: string; at: string }>;
  complaintIds: string[];
  openedAt: string;
  openedBy: Actor;
  resolution: { message: string; at: string; by: Actor; revisitBy: string } | undefined;
  followUps: FollowUp[];
  reviewSummary: string | undefined;
  closedAt: string | undefined;
  deadlines: Record<string, Deadline>;
}

/** What the machine emits for the outbox. */
export type CrisisEmitted =
  | {
      /** Once, when the crisis starts: whatever raised it (an escalation, a surge, a person), with its complaints. */
      type: 'crisis.raised';
      crisisId: string;
      title: string;
      level: CrisisLevel;
      reason: string;
      complaintIds: string[];
      source: CrisisContext['source'];
      by: Actor;
      at: string;
    }
  | {
      type: 'crisis.levelChanged';
      crisisId: string;
      from: CrisisLevel;
      to: CrisisLevel;
      colour: string;
      reason: string;
      by: Actor;
      at: string;
    }
  | {
      type: 'crisis.statementPublished';
      crisisId: string;
      statementId: string;
      text: string;
      channels: CrisisChannel[];
      at: string;
    }
  | { type: 'crisis.statementOverdue'; crisisId: string; dueAt: string; at: string }
  | { type: 'crisis.surgeRequested'; crisisId: string; target: number; at: string }
  | { type: 'crisis.complaintLinked'; crisisId: string; complaintId: string; at: string; by: Actor }
  | {
      type: 'crisis.resolved';
      crisisId: string;
      complaintIds: string[];
      message: string;
      revisitBy: string;
      at: string;
      by: Actor;
    }
  | { type: 'crisis.followUpOverdue'; crisisId: string; followUpId: string; owner: string; at: string }
  | { type: 'crisis.closed'; crisisId: string; at: string };

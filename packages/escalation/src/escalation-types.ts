import { type Actor, actorSchema, instantSchema, roleSchema } from '@kefu/complaint';
import { z } from 'zod';

/** Why an escalation starts or climbs (domain.md, "Escalation"; seed 004 §3). */
export const escalationReasonSchema = z.enum([
  'agentRequest',
  'deadlineMissed',
  'seriousCategory',
  'gradeA',
  'repeatContacts',
  'unsatisfiedRevisit',
]);
export type EscalationReason = z.infer<typeof escalationReasonSchema>;

/** The roles that can stand on a ladder level (the runtime's `system` never does). */
export const ladderRoleSchema = roleSchema.exclude(['trainer', 'system']);
export type LadderRole = z.infer<typeof ladderRoleSchema>;

export const escalationPrioritySchema = z.enum(['normal', 'high', 'urgent']);
export type EscalationPriority = z.infer<typeof escalationPrioritySchema>;

/** Crisis warning levels, IV (blue, least) to I (red, most). */
export const crisisLevelSchema = z.enum(['IV', 'III', 'II', 'I']);
export type CrisisLevel = z.infer<typeof crisisLevelSchema>;

export const durationSchema = z
  .object({
    days: z.number().nonnegative().optional(),
    hours: z.number().nonnegative().optional(),
    minutes: z.number().nonnegative().optional(),
    seconds: z.number().nonnegative().optional(),
    milliseconds: z.number().nonnegative().optional(),
  })
  .refine((duration) => Object.values(duration).some((value) => value !== undefined && value > 0), {
    message: 'A duration needs at least one positive part',
  });

/** A variant of a level that applies when its condition matches (first match wins). */
export const ladderBranchSchema = z.object({
  when: z.object({
    priority: z.array(escalationPrioritySchema).min(1).optional(),
    workingHours: z.boolean().optional(),
  }),
  acknowledgeWithin: durationSchema.optional(),
  notify: z.array(z.string().min(1)).min(1).optional(),
});
export type LadderBranch = z.infer<typeof ladderBranchSchema>;

/** One rung: who holds it, who is notified when it is reached, and how long they have to acknowledge. */
export const ladderLevelSchema = z.object({
  name: z.string().min(1).max(40),
  role: ladderRoleSchema,
  notify: z.array(z.string().min(1)).min(1),
  acknowledgeWithin: durationSchema,
  branches: z.array(ladderBranchSchema).default([]),
});
export type LadderLevel = z.infer<typeof ladderLevelSchema>;

/**
 * A versioned escalation policy: the ladder as data. A running escalation keeps the whole policy it started
 * with in its context, so publishing version 2 never changes an escalation that started on version 1.
 */
export const escalationPolicySchema = z
  .object({
    id: z.string().min(1).max(60),
    version: z.number().int().positive(),
    levels: z.array(ladderLevelSchema).min(1).max(10),
    /** How many times the whole ladder runs before the escalation is left unanswered at the top. */
    repeat: z.number().int().min(1).max(10),
    /** The level each trigger starts at, by level name; triggers not listed start at the first level. */
    startAt: z.partialRecord(escalationReasonSchema, z.string().min(1)).default({}),
  })
  .superRefine((policy, context) => {
    const names = policy.levels.map((level) => level.name);
    if (new Set(names).size !== names.length) {
      context.addIssue({ code: 'custom', path: ['levels'], message: 'Level names must be unique' });
    }
    for (const [reason, name] of Object.entries(policy.startAt)) {
      if (!names.includes(name)) {
        context.addIssue({
          code: 'custom',
          path: ['startAt', reason],
          message: `No level named "${name}"`,
        });
      }
    }
  });
export type EscalationPolicy = z.infer<typeof escalationPolicySchema>;
export type EscalationPolicyInput = z.input<typeof escalationPolicySchema>;

/** Facts about the moment an event was sent, which the machine may not look up itself. */
const situationFields = {
  /** Names of the levels somebody is on duty for right now; omitted = every level is staffed. */
  onDuty: z.array(z.string().min(1)).optional(),
  /** Whether the event happened inside working hours (branches may depend on it). */
  workingHours: z.boolean().optional(),
};

/** What the runtime passes to start an escalation. */
export const escalationInputSchema = z.object({
  at: instantSchema,
  by: actorSchema,
  reason: escalationReasonSchema,
  note: z.string().trim().min(1).max(2000).optional(),
  complaintId: z.string().min(1).optional(),
  /** The team the escalation belongs to (whose people see and act on it); default: none. */
  team: z.string().trim().min(1).max(100).optional(),
  summary: z.string().trim().min(1).max(4000).optional(),
  priority: escalationPrioritySchema.default('normal'),
  policy: escalationPolicySchema.optional(),
  ...situationFields,
});
export type EscalationInput = z.input<typeof escalationInputSchema>;

const eventBase = { at: instantSchema, by: actorSchema };

export const escalationEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('escalation.escalate'),
    ...eventBase,
    reason: escalationReasonSchema,
    note: z.string().trim().min(1).max(2000).optional(),
    ...situationFields,
  }),
  z.object({
    type: z.literal('escalation.acknowledge'),
    ...eventBase,
    note: z.string().trim().min(1).max(2000).optional(),
  }),
  z.object({
    type: z.literal('escalation.handOver'),
    ...eventBase,
    department: z.string().trim().min(1).max(60),
    note: z.string().trim().min(1).max(2000).optional(),
    ...situationFields,
  }),
  z.object({
    type: z.literal('escalation.deescalate'),
    ...eventBase,
    reason: z.string().trim().min(1).max(2000),
    ...situationFields,
  }),
  z.object({
    type: z.literal('escalation.resolve'),
    ...eventBase,
    resolution: z.string().trim().min(1).max(4000),
  }),
  z.object({
    type: z.literal('escalation.raiseCrisis'),
    ...eventBase,
    level: crisisLevelSchema,
    reason: z.string().trim().min(1).max(2000),
    title: z.string().trim().min(1).max(200).optional(),
  }),
  z.object({
    type: z.literal('escalation.deadlineReached'),
    ...eventBase,
    deadline: z.string().min(1),
    dueAt: instantSchema,
    timerId: z.string().optional(),
    lateBy: z.number().nonnegative().optional(),
    ...situationFields,
  }),
]);
export type EscalationEvent = z.infer<typeof escalationEventSchema>;

export interface Deadline {
  dueAt: string;
  event: string;
  startedAt: string;
}

/** One step on the ladder, kept for the timeline: which level was reached, when and why. */
export interface LadderStep {
  level: string;
  round: number;
  at: string;
  cause: 'start' | 'timeout' | 'escalate' | 'deescalate' | 'handOver' | 'repeat';
  by: Actor;
  skipped: string[];
}

export interface EscalationContext {
  escalationId: string;
  complaintId: string | undefined;
  /** The team it belongs to, as given at the start (the API gives the opener's team). */
  team?: string | undefined;
  reason: EscalationReason;
  note: string | undefined;
  summary: string | undefined;
  priority: EscalationPriority;
  policy: EscalationPolicy;
  /** Index into `policy.levels` of the level that holds the escalation now. */
  levelIndex: number;
  /** The level this escalation started at (a repeated ladder starts there again). */
  startIndex: number;
  /** 1 for the first run up the ladder; at most `policy.repeat`. */
  round: number;
  onDuty: string[] | undefined;
  workingHours: boolean;
  department: string | undefined;
  openedAt: string;
  openedBy: Actor;
  acknowledgedBy: Actor | undefined;
  acknowledgedAt: string | undefined;
  steps: LadderStep[];
  deadlines: Record<string, Deadline>;
  resolution: string | undefined;
  closedAt: string | undefined;
  crisis:
    | { level: CrisisLevel; reason: string; title: string | undefined; at: string; by: Actor }
    | undefined;
}

/** What the machine emits for the outbox. */
export type EscalationEmitted =
  | {
      type: 'escalation.levelChanged';
      escalationId: string;
      complaintId: string | undefined;
      from: string;
      to: string;
      round: number;
      cause: LadderStep['cause'];
      notify: string[];
      skipped: string[];
      at: string;
    }
  | {
      type: 'escalation.acknowledged';
      escalationId: string;
      complaintId: string | undefined;
      level: string;
      by: Actor;
      at: string;
    }
  | {
      type: 'escalation.unanswered';
      escalationId: string;
      complaintId: string | undefined;
      level: string;
      rounds: number;
      at: string;
    }
  | {
      type: 'escalation.resolved';
      escalationId: string;
      complaintId: string | undefined;
      resolution: string;
      by: Actor;
      at: string;
    }
  | {
      type: 'escalation.crisisRequested';
      escalationId: string;
      complaintId: string | undefined;
      level: CrisisLevel;
      reason: string;
      title: string;
      by: Actor;
      at: string;
    };

import { customerGradeSchema } from '@kefu/complaint';
import { defaultRestHours } from '@kefu/sla';
import { z } from 'zod';

export const customerClassSchema = z.enum(['channel', 'regional', 'terminal']);
export const customerTierSchema = z.enum(['premium', 'potential', 'general']);

const durationSchema = z
  .object({
    days: z.number().nonnegative().optional(),
    hours: z.number().nonnegative().optional(),
    minutes: z.number().nonnegative().optional(),
  })
  .refine((duration) => Object.values(duration).some((value) => value !== undefined && value > 0), {
    message: 'A duration needs at least one positive part',
  });

const clockTimeSchema = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'A time of day, HH:MM');
const quietRangeSchema = z.object({ start: clockTimeSchema, end: clockTimeSchema });

/**
 * One line of the plan: customers it matches (every field optional; all given must match) and how often they
 * are revisited. The first line that matches a customer wins.
 */
export const revisitPlanRuleSchema = z.object({
  name: z.string().trim().min(1).max(60),
  when: z.object({
    class: z.array(customerClassSchema).min(1).optional(),
    grade: z.array(customerGradeSchema).min(1).optional(),
    tier: z.array(customerTierSchema).min(1).optional(),
  }),
  every: durationSchema,
});
export type RevisitPlanRule = z.infer<typeof revisitPlanRuleSchema>;

/** What an answer leads to (seed 002: an unsatisfied revisit reopens or starts improvement work). */
export const followUpKindSchema = z.enum(['complaint', 'improvement', 'none']);
export type FollowUpKind = z.infer<typeof followUpKindSchema>;

/**
 * The revisit programme as data (seeds 001 and 002): the plan by class, grade and tier; the window a revisit
 * must be made in after its trigger (三天之内); the rest hours no call may fall in (一个防止), read on each
 * customer's own clock; retries of unreachable customers; what an unsatisfied or neutral answer opens.
 */
export const revisitPolicySchema = z.object({
  id: z.string().trim().min(1).max(60),
  version: z.number().int().positive(),
  rules: z.array(revisitPlanRuleSchema).min(1).max(50),
  /** Revisit only member customers (seed 002: 100% of member customers) or every customer a rule matches. */
  members: z.enum(['members', 'all']).default('members'),
  /** A revisit is made within this long after its trigger. */
  window: durationSchema,
  restHours: z.object({
    /** Used when a customer's own time zone is unknown. */
    timeZone: z.string().min(1),
    ranges: z.array(quietRangeSchema).min(1).max(6),
    weekends: z.boolean().default(false),
  }),
  retry: z.object({
    /** Wait at least this long after an unreachable call before calling again. */
    after: durationSchema,
    /** Calls at most, the first included. */
    maxAttempts: z.number().int().min(1).max(20),
  }),
  followUp: z.object({
    unsatisfied: followUpKindSchema,
    neutral: followUpKindSchema,
  }),
  /** The coverage the programme aims at, 0–1 (seed 002: 1, every member customer). */
  coverageTarget: z.number().min(0).max(1).default(1),
});
export type RevisitPolicy = z.infer<typeof revisitPolicySchema>;
export type RevisitPolicyInput = z.input<typeof revisitPolicySchema>;

/**
 * The default programme: grade A and premium customers monthly, channel customers of grade B every two
 * months, other grade B quarterly, grade C every half year; within 3 days of the trigger; never at night
 * (21:00–09:00) or in the lunch rest (12:00–14:00); unreachable customers called again after 2 hours, at most
 * 4 calls; an unsatisfied answer opens a complaint, a neutral one improvement work.
 */
export const defaultRevisitPolicy: RevisitPolicy = revisitPolicySchema.parse({
  id: 'default',
  version: 1,
  rules: [
    { name: 'grade A monthly', when: { grade: ['A'] }, every: { days: 30 } },
    { name: 'premium monthly', when: { tier: ['premium'] }, every: { days: 30 } },
    { name: 'channel B bimonthly', when: { class: ['channel'], grade: ['B'] }, every: { days: 60 } },
    { name: 'grade B quarterly', when: { grade: ['B'] }, every: { days: 90 } },
    { name: 'grade C half-yearly', when: { grade: ['C'] }, every: { days: 180 } },
  ],
  members: 'members',
  window: { days: 3 },
  restHours: {
    timeZone: defaultRestHours.timeZone,
    ranges: [{ start: defaultRestHours.start, end: defaultRestHours.end }, ...(defaultRestHours.also ?? [])],
    weekends: false,
  },
  retry: { after: { hours: 2 }, maxAttempts: 4 },
  followUp: { unsatisfied: 'complaint', neutral: 'improvement' },
  coverageTarget: 1,
});

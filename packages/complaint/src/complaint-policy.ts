import {
  type BusinessCalendar,
  type Duration,
  defaultBusinessCalendar,
  defaultQuietHours,
  type QuietHours,
} from '@kefu/sla';
import { z } from 'zod';
import {
  type CustomerGrade,
  type PauseReason,
  pauseReasonSchema,
  type Role,
  roleSchema,
} from './complaint-types.js';

/** Who may pause a step clock and for which reasons (`@kefu/sla` `PauseRule`, typed for complaints). */
export interface ComplaintPauseRule {
  roles: readonly Role[];
  reasons: readonly PauseReason[];
}

/**
 * One step's time limit: how long, on which calendar, and who may pause it.
 * - `calendar`: `'wall'` counts wall-clock time (nights, weekends and holidays count); `'business'` counts
 *   working time on the policy's `calendar`; a `BusinessCalendar` gives this step a calendar of its own.
 * - `pause`: who may pause the clock and why. Without it the clock cannot be paused at all.
 */
export interface ClockPolicy {
  budget: Duration;
  calendar: 'wall' | 'business' | BusinessCalendar;
  pause?: ComplaintPauseRule;
}

/** The step clocks of the procedure, each with its own `ClockPolicy`. */
export type StepClock = 'record' | 'analyse' | 'decide' | 'handle';

/** Time limits of the complaint procedure (seed 001, "运作时效"; seed 002, revisit within 3 days). */
export interface ComplaintPolicy {
  name: string;
  /** Step 2: feed back and record the event (seed 001: within 10 minutes of receipt). */
  record: ClockPolicy;
  /** Step 3: analyse the cause and propose a plan (seed 001: 第一时间, immediately). */
  analyse: ClockPolicy;
  /** Step 4: the director decides the plan (seed 001: 第一时间, immediately). */
  decide: ClockPolicy;
  /** Step 5: handle the complaint until the formal solution (seed 002: 迅速有结果). */
  handle: ClockPolicy;
  /** The revisit after resolution, never due in quiet hours (seed 002: within 3 days). */
  revisitWithin: Duration;
  /** The working time of steps whose `calendar` is `'business'`. */
  calendar: BusinessCalendar;
  quietHours: QuietHours;
}

/** The two policies a complaint may get: `standard`, and `priority` for grade A or a serious category. */
export interface ComplaintPolicies {
  standard: ComplaintPolicy;
  priority: ComplaintPolicy;
}

/** Categories that make a complaint serious: reported upward and on the priority policy. */
export const seriousCategories: readonly string[] = [
  'safety',
  'personal-injury',
  'food-safety',
  'legal',
  'media-exposure',
  'mass-complaint',
];

/** Waiting on the customer, a third party or goods may pause analysis and handling, by the people doing it. */
const waitingPause: ComplaintPauseRule = {
  roles: ['agent', 'supervisor', 'manager'],
  reasons: ['awaitingCustomer', 'awaitingThirdParty', 'awaitingGoods', 'customerRequest'],
};

/**
 * The standard policy. Record: 10 minutes; analyse and decide ("immediately", 第一时间): 2 hours each —
 * all three on wall-clock time, so a complaint recorded on Friday at 17:58 is due for analysis at 19:58,
 * not on Monday. Handle: 16 working hours on the business calendar. The record and decide clocks cannot
 * be paused; agents, supervisors and managers may pause analyse and handle while waiting on someone.
 */
export const defaultComplaintPolicy: ComplaintPolicy = {
  name: 'standard',
  record: { budget: { minutes: 10 }, calendar: 'wall' },
  analyse: { budget: { hours: 2 }, calendar: 'wall', pause: waitingPause },
  decide: { budget: { hours: 2 }, calendar: 'wall' },
  handle: { budget: { hours: 16 }, calendar: 'business', pause: waitingPause },
  revisitWithin: { days: 3 },
  calendar: defaultBusinessCalendar,
  quietHours: defaultQuietHours,
};

/**
 * Grade-A customers and serious categories: tighter limits. Record: 5 minutes; analyse and decide: 30
 * minutes each, on wall-clock time; handle: 8 working hours; the revisit within 1 day. Pauses as in the
 * standard policy.
 */
export const priorityComplaintPolicy: ComplaintPolicy = {
  ...defaultComplaintPolicy,
  name: 'priority',
  record: { budget: { minutes: 5 }, calendar: 'wall' },
  analyse: { budget: { minutes: 30 }, calendar: 'wall', pause: waitingPause },
  decide: { budget: { minutes: 30 }, calendar: 'wall' },
  handle: { budget: { hours: 8 }, calendar: 'business', pause: waitingPause },
  revisitWithin: { days: 1 },
};

/** The built-in policies by name. A deployment passes its own through the machine's input (`policies`). */
export const complaintPolicies: Record<string, ComplaintPolicy> & ComplaintPolicies = {
  standard: defaultComplaintPolicy,
  priority: priorityComplaintPolicy,
};

/** Whether a category is serious (reported upward, priority policy). */
export function isSeriousCategory(category: string): boolean {
  return seriousCategories.includes(category);
}

/**
 * The SLA policy for a customer grade and category: grade A or a serious category → `priority`, otherwise
 * `standard`, taken from `policies` (the built-in ones by default).
 */
export function selectComplaintPolicy(
  grade: CustomerGrade,
  category: string,
  policies: Partial<ComplaintPolicies> = complaintPolicies,
): ComplaintPolicy {
  return grade === 'A' || isSeriousCategory(category)
    ? (policies.priority ?? priorityComplaintPolicy)
    : (policies.standard ?? defaultComplaintPolicy);
}

/** The calendar a step clock counts on: `undefined` for wall-clock time. */
export function stepCalendar(policy: ComplaintPolicy, step: StepClock): BusinessCalendar | undefined {
  const calendar = policy[step].calendar;
  if (calendar === 'wall') return undefined;
  return calendar === 'business' ? policy.calendar : calendar;
}

const durationSchema = z
  .object({
    days: z.number().finite().nonnegative().optional(),
    hours: z.number().finite().nonnegative().optional(),
    minutes: z.number().finite().nonnegative().optional(),
    seconds: z.number().finite().nonnegative().optional(),
    milliseconds: z.number().finite().nonnegative().optional(),
  })
  .strict()
  .refine((duration) => Object.keys(duration).length > 0, 'a duration needs at least one unit');

const clockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time of day as HH:MM');
const localDateSchema = z.iso.date();
const timeZoneSchema = z.string().refine((timeZone) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}, 'an IANA time zone such as Asia/Shanghai');

const businessCalendarSchema = z.object({
  timeZone: timeZoneSchema,
  workingDays: z.array(z.number().int().min(1).max(7)),
  workingHours: z.array(z.object({ start: clockTimeSchema, end: clockTimeSchema })).min(1),
  holidays: z.array(localDateSchema).optional(),
  extraWorkingDays: z.array(localDateSchema).optional(),
});

const clockPolicySchema = z.object({
  budget: durationSchema,
  calendar: z.union([z.literal('wall'), z.literal('business'), businessCalendarSchema]),
  pause: z.object({ roles: z.array(roleSchema), reasons: z.array(pauseReasonSchema) }).optional(),
});

/**
 * A complaint policy as a deployment writes it (a JSON file, an environment setting): validated, with
 * each bad field named, before it goes into the machine's input.
 */
export const complaintPolicySchema = z.object({
  name: z.string().trim().min(1).max(60),
  record: clockPolicySchema,
  analyse: clockPolicySchema,
  decide: clockPolicySchema,
  handle: clockPolicySchema,
  revisitWithin: durationSchema,
  calendar: businessCalendarSchema,
  quietHours: z.object({ timeZone: timeZoneSchema, start: clockTimeSchema, end: clockTimeSchema }),
});

/** A deployment's `standard` and/or `priority` policy (`policies` in the machine's input). */
export const complaintPoliciesSchema = z.object({
  standard: complaintPolicySchema.optional(),
  priority: complaintPolicySchema.optional(),
});

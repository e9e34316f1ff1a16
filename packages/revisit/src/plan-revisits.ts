import { durationToMilliseconds, moveOutOfQuietHours } from '@kefu/sla';
import type { CustomerProfile } from './customer-profile.js';
import { restHoursFor } from './rest-hours.js';
import { defaultRevisitPolicy, type RevisitPlanRule, type RevisitPolicy } from './revisit-policy.js';

/** A customer as the plan reads them: the profile and when they were last revisited (or planned for). */
export type PlannedCustomer = CustomerProfile & { lastRevisitAt?: string | undefined };

/** One revisit to make: whom, why, when it was triggered, the first moment to call and the deadline. */
export interface RevisitWork {
  /** Stable for the same customer and trigger: a workflow id that makes re-planning idempotent. */
  revisitId: string;
  customerId: string;
  class: CustomerProfile['class'];
  grade: CustomerProfile['grade'];
  tier: CustomerProfile['tier'];
  member: boolean;
  timeZone: string;
  /** The plan line that matched. */
  rule: string;
  /** `periodic` on time; `overdue` when the last revisit was too long ago and the trigger is the window start. */
  reason: 'periodic' | 'overdue';
  triggerAt: string;
  /** The trigger moved out of the customer's rest hours: the first call. */
  scheduledAt: string;
  /** The end of the window (trigger + policy window), brought back out of rest hours. */
  dueAt: string;
}

/** The plan line for a customer (first match), or undefined when none matches or they are out of scope. */
export function planRuleFor(policy: RevisitPolicy, customer: CustomerProfile): RevisitPlanRule | undefined {
  if (policy.members === 'members' && !customer.member) return undefined;
  return policy.rules.find(
    ({ when }) =>
      (!when.class || when.class.includes(customer.class)) &&
      (!when.grade || when.grade.includes(customer.grade)) &&
      (!when.tier || when.tier.includes(customer.tier)),
  );
}

/** When a revisit triggered at `triggerAt` may first be made, and by when, on the customer's clock. */
export function revisitTimes(
  policy: RevisitPolicy,
  timeZone: string,
  triggerAt: string,
): { scheduledAt: string; dueAt: string } {
  const rest = restHoursFor(policy, timeZone);
  const trigger = Date.parse(triggerAt);
  const windowEnd = trigger + durationToMilliseconds(policy.window);
  const scheduledAt = moveOutOfQuietHours(rest, trigger, 'later');
  if (Date.parse(scheduledAt) >= windowEnd)
    throw new RangeError(`The rest hours leave no time to call within the window after ${triggerAt}`);
  return { scheduledAt, dueAt: moveOutOfQuietHours(rest, windowEnd, 'earlier') };
}

export interface PlanRevisitsOptions {
  customers: Iterable<PlannedCustomer>;
  /** The period planned, `[from, to)`. */
  from: string;
  to: string;
  policy?: RevisitPolicy;
}

/**
 * The revisits triggered in a period by the plan (class, grade, tier): each matching customer is revisited
 * `every` after their last revisit (or their start); one whose revisit is already overdue is triggered at
 * the period start. Every call falls outside the customer's rest hours and within the window. Pure: the same
 * customers and period give the same work, by trigger time.
 */
export function planRevisits(options: PlanRevisitsOptions): RevisitWork[] {
  const policy = options.policy ?? defaultRevisitPolicy;
  const from = Date.parse(options.from);
  const to = Date.parse(options.to);
  if (Number.isNaN(from) || Number.isNaN(to) || to <= from)
    throw new RangeError('planRevisits needs ISO times with from before to');
  const work: RevisitWork[] = [];
  for (const customer of options.customers) {
    const rule = planRuleFor(policy, customer);
    if (!rule) continue;
    const every = durationToMilliseconds(rule.every);
    const last = Date.parse(customer.lastRevisitAt ?? customer.since);
    if (Number.isNaN(last)) throw new RangeError(`Customer ${customer.customerId} has no valid start time`);
    let next = last + every;
    const add = (trigger: number, reason: RevisitWork['reason']) => {
      const triggerAt = new Date(trigger).toISOString();
      work.push({
        revisitId: `revisit:${customer.customerId}:${triggerAt}`,
        customerId: customer.customerId,
        class: customer.class,
        grade: customer.grade,
        tier: customer.tier,
        member: customer.member,
        timeZone: customer.timeZone,
        rule: rule.name,
        reason,
        triggerAt,
        ...revisitTimes(policy, customer.timeZone, triggerAt),
      });
    };
    if (next < from) {
      add(from, 'overdue');
      next = from + every;
    }
    for (; next < to; next += every) add(next, 'periodic');
  }
  return work.sort(
    (a, b) => a.triggerAt.localeCompare(b.triggerAt) || a.customerId.localeCompare(b.customerId),
  );
}

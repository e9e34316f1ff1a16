import {
  type Duration,
  defaultQuietHours,
  durationToMilliseconds,
  moveOutOfQuietHours,
  type QuietHours,
} from '@kefu/sla';
import type { CustomerGrade } from './complaint-types.js';

/**
 * How often a customer of a grade is revisited, as data (seed 001: 按期回访 by customer class; seed 002:
 * 100% of member customers, special revisits on holidays and promotions).
 */
export interface RevisitPlan {
  /** A periodic revisit this long after the last one. */
  every: Duration;
  /** A special revisit on holidays (节日、店庆日). */
  onHolidays: boolean;
  /** A special revisit during promotions (促销活动期). */
  onPromotions: boolean;
}

export const revisitPlans: Record<CustomerGrade, RevisitPlan> = {
  A: { every: { days: 30 }, onHolidays: true, onPromotions: true },
  B: { every: { days: 90 }, onHolidays: true, onPromotions: false },
  C: { every: { days: 180 }, onHolidays: false, onPromotions: false },
};

export interface RevisitCustomer {
  customerId: string;
  grade: CustomerGrade;
  /** When the customer was last revisited; without it, when they became a customer. */
  lastRevisitAt?: string;
  since: string;
}

export interface RevisitOccasion {
  kind: 'holiday' | 'promotion';
  name: string;
  /** When the special revisits should be made (moved out of quiet hours). */
  at: string;
}

/** One revisit to make: whom, by when, and why. */
export interface RevisitWork {
  customerId: string;
  grade: CustomerGrade;
  dueAt: string;
  reason: 'periodic' | 'overdue' | 'holiday' | 'promotion';
  occasion?: string;
}

export interface PlanRevisitsOptions {
  customers: readonly RevisitCustomer[];
  /** The window to plan, `[from, to)`. */
  from: string;
  to: string;
  occasions?: readonly RevisitOccasion[];
  plans?: Record<CustomerGrade, RevisitPlan>;
  quietHours?: QuietHours;
}

/**
 * The revisit work due in a window, by each customer's grade: periodic revisits (an overdue one at the
 * start of the window), special revisits on holidays and promotions, never in quiet hours. Pure: the
 * same customers and window give the same work, sorted by due time.
 */
export function planRevisits(options: PlanRevisitsOptions): RevisitWork[] {
  const plans = options.plans ?? revisitPlans;
  const quiet = options.quietHours ?? defaultQuietHours;
  const from = Date.parse(options.from);
  const to = Date.parse(options.to);
  if (Number.isNaN(from) || Number.isNaN(to))
    throw new RangeError('planRevisits needs ISO times for from and to');
  const work: RevisitWork[] = [];
  const due = (at: number) => moveOutOfQuietHours(quiet, at, 'later');
  for (const customer of options.customers) {
    const plan = plans[customer.grade];
    const every = durationToMilliseconds(plan.every);
    if (every <= 0)
      throw new RangeError(`The revisit plan of grade ${customer.grade} needs a positive period`);
    let next = Date.parse(customer.lastRevisitAt ?? customer.since) + every;
    if (next < from) {
      work.push({
        customerId: customer.customerId,
        grade: customer.grade,
        dueAt: due(from),
        reason: 'overdue',
      });
      next = from + every;
    }
    for (; next < to; next += every) {
      work.push({
        customerId: customer.customerId,
        grade: customer.grade,
        dueAt: due(next),
        reason: 'periodic',
      });
    }
    for (const occasion of options.occasions ?? []) {
      const at = Date.parse(occasion.at);
      if (at < from || at >= to) continue;
      if (
        (occasion.kind === 'holiday' && plan.onHolidays) ||
        (occasion.kind === 'promotion' && plan.onPromotions)
      ) {
        work.push({
          customerId: customer.customerId,
          grade: customer.grade,
          dueAt: due(at),
          reason: occasion.kind,
          occasion: occasion.name,
        });
      }
    }
  }
  return work.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.customerId.localeCompare(b.customerId));
}

import {
  type BusinessCalendar,
  type Duration,
  defaultBusinessCalendar,
  defaultQuietHours,
  type QuietHours,
} from '@kefu/sla';
import type { CustomerGrade } from './complaint-types.js';

/** A time limit: how long, and whether it counts wall-clock time or working time. */
export interface ClockPolicy {
  budget: Duration;
  calendar: 'wall' | 'business';
}

/** Time limits of the complaint procedure (seed 001, "运作时效"; seed 002, revisit within 3 days). */
export interface ComplaintPolicy {
  name: string;
  /** Step 2: feed back and record the event, within 10 minutes of receipt (seed 001). */
  record: ClockPolicy;
  /** Step 3: analyse the cause and propose a plan — 第一时间, immediately. */
  analyse: ClockPolicy;
  /** Step 4: the director decides the plan — 第一时间, immediately. */
  decide: ClockPolicy;
  /** Step 5: handle the complaint until the formal solution — 迅速有结果 (seed 002). */
  handle: ClockPolicy;
  /** The revisit after resolution: within 3 days, never in quiet hours (seed 002). */
  revisitWithin: Duration;
  calendar: BusinessCalendar;
  quietHours: QuietHours;
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

export const defaultComplaintPolicy: ComplaintPolicy = {
  name: 'standard',
  record: { budget: { minutes: 10 }, calendar: 'wall' },
  analyse: { budget: { hours: 2 }, calendar: 'business' },
  decide: { budget: { hours: 2 }, calendar: 'business' },
  handle: { budget: { hours: 16 }, calendar: 'business' },
  revisitWithin: { days: 3 },
  calendar: defaultBusinessCalendar,
  quietHours: defaultQuietHours,
};

/** Grade-A customers and serious categories: tighter limits, counted around the clock. */
export const priorityComplaintPolicy: ComplaintPolicy = {
  ...defaultComplaintPolicy,
  name: 'priority',
  record: { budget: { minutes: 5 }, calendar: 'wall' },
  analyse: { budget: { minutes: 30 }, calendar: 'wall' },
  decide: { budget: { minutes: 30 }, calendar: 'wall' },
  handle: { budget: { hours: 8 }, calendar: 'business' },
  revisitWithin: { days: 1 },
};

export const complaintPolicies: Record<string, ComplaintPolicy> = {
  standard: defaultComplaintPolicy,
  priority: priorityComplaintPolicy,
};

/** Whether a category is serious (reported upward, priority policy). */
export function isSeriousCategory(category: string): boolean {
  return seriousCategories.includes(category);
}

/** The SLA policy for a customer grade and category: grade A or a serious category → `priority`. */
export function selectComplaintPolicy(grade: CustomerGrade, category: string): ComplaintPolicy {
  return grade === 'A' || isSeriousCategory(category) ? priorityComplaintPolicy : defaultComplaintPolicy;
}

import {
  clockDueAt,
  clockStatus,
  isQuietTime,
  moveOutOfQuietHours,
  pauseClock,
  pauseRefusal,
  type QuietHours,
  resumeClock,
  revisitWindow,
  startClock,
  stopClock,
} from '@kefu/sla';
import {
  type ComplaintPolicy,
  complaintPolicies,
  defaultComplaintPolicy,
  type StepClock,
  stepCalendar,
} from './complaint-policy.js';
import type { ComplaintClock, ComplaintContext, Deadline, PauseReason } from './complaint-types.js';

/** The event the runtime's scheduler sends for every complaint deadline. */
export const deadlineEvent = 'complaint.deadlineReached';

/**
 * The step clocks a pause may stop, when the policy's pause rule for the clock allows it (by default only
 * analyse and handle); call-back promises and revisits are never paused.
 */
export const pausableClocks: readonly StepClock[] = ['record', 'analyse', 'decide', 'handle'];

/**
 * The complaint's policy: the one stored in its context when it opened (so a later change of the
 * deployment's policy does not move running deadlines), or the built-in one of that name for a snapshot
 * from before policies were stored.
 */
export function policyOf(context: Pick<ComplaintContext, 'policy' | 'slaPolicy'>): ComplaintPolicy {
  return context.slaPolicy ?? complaintPolicies[context.policy] ?? defaultComplaintPolicy;
}

/** Starts (or restarts) a step clock from the complaint's policy. */
export function withStepClock(
  context: ComplaintContext,
  name: StepClock,
  at: string,
): Record<string, ComplaintClock> {
  const policy = policyOf(context);
  return {
    ...context.clocks,
    [name]: startClock({ name, budget: policy[name].budget, at, calendar: stepCalendar(policy, name) }),
  };
}

/** Starts a wall-clock clock that runs out at `dueAt` (promises, revisits). */
export function withClockUntil(
  clocks: Record<string, ComplaintClock>,
  name: string,
  at: string,
  dueAt: string,
): Record<string, ComplaintClock> {
  const milliseconds = Math.max(0, Date.parse(dueAt) - Date.parse(at));
  return { ...clocks, [name]: startClock({ name, budget: { milliseconds }, at }) };
}

/** Stops the named clocks (all when no names are given). */
export function stopClocks(
  clocks: Record<string, ComplaintClock>,
  at: string,
  names: readonly string[] = Object.keys(clocks),
): Record<string, ComplaintClock> {
  const next = { ...clocks };
  for (const name of names) {
    const clock = next[name];
    if (clock && clockStatus(clock) !== 'stopped') next[name] = stopClock(clock, at);
  }
  return next;
}

/** Names of the step clocks running now (what a pause would stop). */
export function runningPausableClocks(clocks: Record<string, ComplaintClock>): StepClock[] {
  return pausableClocks.filter((name) => clocks[name] && clockStatus(clocks[name]) === 'running');
}

/**
 * Why the policy refuses a pause of the running step clocks by `by` for `reason`, or `undefined` when it
 * allows it. Every running step clock must allow it: a pause never stops some clocks and not others.
 * Without `reason` (listing what a role may do), a pause for any of the rule's reasons counts; without
 * `by`, only a clock nobody may pause is a refusal.
 */
export function pauseRefusalOf(
  context: Pick<ComplaintContext, 'clocks' | 'policy' | 'slaPolicy'>,
  by?: { role: string; userId?: string | undefined },
  reason?: string,
): string | undefined {
  const policy = policyOf(context);
  for (const name of runningPausableClocks(context.clocks)) {
    const rule = policy[name].pause;
    const refusal = by
      ? pauseRefusal(rule, {
          clock: name,
          by: by.userId ?? by.role,
          role: by.role,
          reason: reason ?? rule?.reasons[0] ?? '',
        })
      : rule?.roles.length && rule.reasons.length
        ? undefined
        : pauseRefusal(undefined, { clock: name, by: 'anyone', role: 'any', reason: 'any' });
    if (refusal) return `${refusal} (policy "${policy.name}")`;
  }
  return undefined;
}

export function pauseClocks(
  clocks: Record<string, ComplaintClock>,
  names: readonly string[],
  at: string,
  reason: PauseReason,
  by?: string,
): Record<string, ComplaintClock> {
  const next = { ...clocks };
  for (const name of names) next[name] = pauseClock(next[name]!, at, reason, by);
  return next;
}

export function resumeClocks(
  clocks: Record<string, ComplaintClock>,
  names: readonly string[],
  at: string,
): Record<string, ComplaintClock> {
  const next = { ...clocks };
  for (const name of names) {
    const clock = next[name];
    if (clock && clockStatus(clock) === 'paused') next[name] = resumeClock(clock, at);
  }
  return next;
}

/** The deadline rows: one per running clock not yet breached. A paused or stopped clock has none. */
export function deadlinesOf(clocks: Record<string, ComplaintClock>): Record<string, Deadline> {
  const deadlines: Record<string, Deadline> = {};
  for (const [name, clock] of Object.entries(clocks)) {
    if (clock.breachedAt !== undefined) continue;
    const dueAt = clockDueAt(clock);
    if (dueAt !== undefined) deadlines[name] = { dueAt, event: deadlineEvent, startedAt: clock.startedAt };
  }
  return deadlines;
}

/** Recomputes what follows from the clocks: the deadline rows and which paused clocks are still paused. */
export function settle(context: ComplaintContext): ComplaintContext {
  const stillPaused = context.paused?.clocks.filter(
    (name) => context.clocks[name] && clockStatus(context.clocks[name]) === 'paused',
  );
  return {
    ...context,
    deadlines: deadlinesOf(context.clocks),
    paused: context.paused && stillPaused?.length ? { ...context.paused, clocks: stillPaused } : undefined,
  };
}

/** The revisit clock after resolution: due within the policy's limit, never due in quiet hours. */
export function revisitClock(
  context: ComplaintContext,
  resolvedAt: string,
): { clocks: Record<string, ComplaintClock>; from: string } {
  const window = revisitWindow(resolvedAt, context.quietHours, policyOf(context).revisitWithin);
  return { clocks: withClockUntil(context.clocks, 'revisit', resolvedAt, window.dueAt), from: window.from };
}

/** A revisit time agreed with the customer, pushed out of quiet hours. */
export function agreedRevisitAt(quietHours: QuietHours, revisitAt: string): string {
  return moveOutOfQuietHours(quietHours, revisitAt, 'later');
}

export { isQuietTime };

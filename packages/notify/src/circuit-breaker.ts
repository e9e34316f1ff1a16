/** One endpoint's breaker as stored: consecutive failures and, while open, until when. */
export interface BreakerState {
  failures: number;
  openUntil: string | null;
}

export interface BreakerPolicy {
  /** Consecutive failures that open the breaker (default 5). */
  threshold: number;
  /** How long it stays open before one trial attempt is let through (half-open), in ms (default 60 s). */
  openForMs: number;
}

export const defaultBreakerPolicy: BreakerPolicy = { threshold: 5, openForMs: 60_000 };

export type BreakerPosition = 'closed' | 'open' | 'halfOpen';

/** Where the breaker stands at `now`: open until its time passes, then half-open (one trial), else closed. */
export function breakerPosition(state: BreakerState, now: Date): BreakerPosition {
  if (state.openUntil === null) return 'closed';
  return Date.parse(state.openUntil) > now.getTime() ? 'open' : 'halfOpen';
}

/** The breaker after an attempt: a success closes it; a failure counts, and opens it at the threshold or when half-open. */
export function afterAttempt(
  state: BreakerState,
  succeeded: boolean,
  now: Date,
  policy: BreakerPolicy,
): BreakerState {
  if (succeeded) return { failures: 0, openUntil: null };
  const failures = state.failures + 1;
  const trial = breakerPosition(state, now) === 'halfOpen';
  if (trial || failures >= policy.threshold)
    return { failures, openUntil: new Date(now.getTime() + policy.openForMs).toISOString() };
  return { failures, openUntil: state.openUntil };
}

/** How failed deliveries are retried. */
export interface RetryPolicy {
  /** Attempts in all before a message goes to the dead-letter list (default 8). */
  maxAttempts: number;
  /** Delay before the first retry, in milliseconds (default 10 s); doubles each attempt. */
  baseDelayMs: number;
  /** Longest delay between attempts (default 1 h). */
  maxDelayMs: number;
  /** Fraction of each delay drawn at random and added, 0..1 (default 0.2: "full jitter" over 20 %). */
  jitter: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 10_000,
  maxDelayMs: 60 * 60_000,
  jitter: 0.2,
};

/**
 * The delay before the attempt after `attempts` failed ones: exponential backoff (`base · 2^(attempts-1)`, capped)
 * plus up to `jitter` of it at random. `random` returns 0..1 (inject a fixed one in tests).
 */
export function retryDelay(
  attempts: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential + exponential * policy.jitter * random());
}

import { describe, expect, it } from 'vitest';
import { defaultRetryPolicy, retryDelay } from './retry-schedule.js';

describe('retryDelay', () => {
  it('doubles the delay after each failed attempt when jitter draws nothing', () => {
    const policy = { ...defaultRetryPolicy, baseDelayMs: 1_000, jitter: 0.2 };
    expect([1, 2, 3, 4].map((attempts) => retryDelay(attempts, policy, () => 0))).toEqual([
      1_000, 2_000, 4_000, 8_000,
    ]);
  });

  it('adds up to the jitter fraction when the draw is at its top', () => {
    const policy = { ...defaultRetryPolicy, baseDelayMs: 1_000, jitter: 0.2 };
    expect(retryDelay(3, policy, () => 1)).toBe(4_800);
  });

  it('stops growing at the cap when attempts pile up', () => {
    const policy = { ...defaultRetryPolicy, baseDelayMs: 1_000, maxDelayMs: 5_000, jitter: 0 };
    expect(retryDelay(20, policy, () => 0.5)).toBe(5_000);
  });
});

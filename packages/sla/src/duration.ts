/** A length of time, in any mix of units. `{ minutes: 10 }`, `{ days: 3 }`, `{ hours: 1, minutes: 30 }`. */
export interface Duration {
  days?: number;
  hours?: number;
  minutes?: number;
  seconds?: number;
  milliseconds?: number;
}

const MILLISECONDS = {
  days: 86_400_000,
  hours: 3_600_000,
  minutes: 60_000,
  seconds: 1_000,
  milliseconds: 1,
} as const;

/** The duration in milliseconds. Throws a `RangeError` for a negative or non-finite part. */
export function durationToMilliseconds(duration: Duration): number {
  let total = 0;
  for (const unit of Object.keys(MILLISECONDS) as (keyof Duration)[]) {
    const value = duration[unit];
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(`Duration ${unit} must be a finite, non-negative number (got ${value})`);
    }
    total += value * MILLISECONDS[unit];
  }
  return total;
}

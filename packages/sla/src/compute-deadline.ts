import { type Duration, durationToMilliseconds } from './duration.js';

/** A point in time: an ISO-8601 string with offset, a `Date`, or epoch milliseconds. */
export type Instant = string | Date | number;

/** Parses an instant; throws a `RangeError` naming the value when it is not a valid time. */
export function toDate(instant: Instant): Date {
  const date = instant instanceof Date ? new Date(instant.getTime()) : new Date(instant);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a valid time: ${String(instant)}`);
  return date;
}

/**
 * The moment a clock that starts at `start` and runs for `duration` of wall-clock time runs out,
 * as an ISO-8601 string (UTC). Business calendars refine this; see `computeBusinessDeadline`.
 */
export function computeDeadline(start: Instant, duration: Duration): string {
  return new Date(toDate(start).getTime() + durationToMilliseconds(duration)).toISOString();
}

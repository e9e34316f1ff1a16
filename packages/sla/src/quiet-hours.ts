import { type Instant, toDate } from './compute-deadline.js';
import { addDays, fromLocalTime, parseClockTime, toLocalTime } from './zoned-time.js';

/**
 * Hours when the customer is likely resting and must not be called (seed 002, 一个防止: 防止在客户休息时打搅客户).
 * `start`–`end` local to `timeZone`; it may wrap midnight (`21:00`–`09:00`). `start` is quiet, `end` is not.
 */
export interface QuietHours {
  timeZone: string;
  start: string;
  end: string;
}

/** 21:00–09:00 Beijing time. */
export const defaultQuietHours: QuietHours = { timeZone: 'Asia/Shanghai', start: '21:00', end: '09:00' };

/** Whether `instant` falls in the quiet hours. */
export function isQuietTime(quiet: QuietHours, instant: Instant): boolean {
  const { minuteOfDay } = toLocalTime(instant, quiet.timeZone);
  const start = parseClockTime(quiet.start);
  const end = parseClockTime(quiet.end);
  if (start === end) return false;
  return start < end ? minuteOfDay >= start && minuteOfDay < end : minuteOfDay >= start || minuteOfDay < end;
}

/**
 * Moves an instant out of the quiet hours, as an ISO-8601 UTC string. `later` (default) pushes it to the
 * end of the quiet period (a call planned for 22:30 waits until 09:00); `earlier` brings it back to the
 * start of the quiet period (a revisit due by 23:00 is due by 21:00). Outside quiet hours it is unchanged.
 */
export function moveOutOfQuietHours(
  quiet: QuietHours,
  instant: Instant,
  direction: 'later' | 'earlier' = 'later',
): string {
  const at = toDate(instant);
  if (!isQuietTime(quiet, at)) return at.toISOString();
  const { date, minuteOfDay } = toLocalTime(at, quiet.timeZone);
  const start = parseClockTime(quiet.start);
  const end = parseClockTime(quiet.end);
  const wraps = start > end;
  if (direction === 'later') {
    const endDate = wraps && minuteOfDay >= start ? addDays(date, 1) : date;
    return fromLocalTime(endDate, end, quiet.timeZone).toISOString();
  }
  const startDate = wraps && minuteOfDay < end ? addDays(date, -1) : date;
  return fromLocalTime(startDate, start, quiet.timeZone).toISOString();
}

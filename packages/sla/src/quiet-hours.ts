import { type Instant, toDate } from './compute-deadline.js';
import { addDays, fromLocalTime, parseClockTime, toLocalTime } from './zoned-time.js';

/** One daily range of local time, `start` quiet and `end` not; it may wrap midnight (`21:00`–`09:00`). */
export interface QuietRange {
  start: string;
  end: string;
}

/**
 * Hours when the customer is likely resting and must not be called (seed 002, 一个防止: 防止在客户休息时打搅客户).
 * `start`–`end` local to `timeZone`; it may wrap midnight (`21:00`–`09:00`). `start` is quiet, `end` is not.
 * `also` adds more daily ranges (the lunch rest `12:00`–`14:00`), `weekends` makes Saturday and Sunday quiet
 * all day; both are read on the same clock (`timeZone`, the customer's own).
 */
export interface QuietHours extends QuietRange {
  timeZone: string;
  /** More quiet ranges every day, e.g. the lunch rest `{ start: '12:00', end: '14:00' }`. */
  also?: readonly QuietRange[];
  /** Saturday and Sunday (local) are quiet all day. */
  weekends?: boolean;
}

/** 21:00–09:00 Beijing time. */
export const defaultQuietHours: QuietHours = { timeZone: 'Asia/Shanghai', start: '21:00', end: '09:00' };

/** Rest hours for revisit calls: nights 21:00–09:00 and the lunch rest 12:00–14:00, Beijing time. */
export const defaultRestHours: QuietHours = {
  timeZone: 'Asia/Shanghai',
  start: '21:00',
  end: '09:00',
  also: [{ start: '12:00', end: '14:00' }],
};

/** A quiet period around an instant: when it started and when it ends, as epoch milliseconds. */
interface QuietSpan {
  start: number;
  end: number;
}

/** Every quiet period (range or weekend) that holds `instant`. */
function spansAt(quiet: QuietHours, at: Date): QuietSpan[] {
  const { date, minuteOfDay, weekday } = toLocalTime(at, quiet.timeZone);
  const local = (day: string, minute: number) => fromLocalTime(day, minute, quiet.timeZone).getTime();
  const spans: QuietSpan[] = [];
  for (const range of [quiet, ...(quiet.also ?? [])]) {
    const start = parseClockTime(range.start);
    const end = parseClockTime(range.end);
    if (start === end) continue;
    if (start < end) {
      if (minuteOfDay >= start && minuteOfDay < end)
        spans.push({ start: local(date, start), end: local(date, end) });
    } else if (minuteOfDay >= start) {
      spans.push({ start: local(date, start), end: local(addDays(date, 1), end) });
    } else if (minuteOfDay < end) {
      spans.push({ start: local(addDays(date, -1), start), end: local(date, end) });
    }
  }
  if (quiet.weekends && weekday >= 6) {
    spans.push({ start: local(addDays(date, 6 - weekday), 0), end: local(addDays(date, 8 - weekday), 0) });
  }
  return spans;
}

/** Whether `instant` falls in the quiet hours (any of their ranges, or a weekend when weekends are quiet). */
export function isQuietTime(quiet: QuietHours, instant: Instant): boolean {
  return spansAt(quiet, toDate(instant)).length > 0;
}

/**
 * Moves an instant out of the quiet hours, as an ISO-8601 UTC string. `later` (default) pushes it to the
 * end of the quiet period (a call planned for 22:30 waits until 09:00; with the lunch rest, one planned for
 * 12:30 waits until 14:00); `earlier` brings it back to the start of the quiet period (a revisit due by 23:00
 * is due by 21:00). Adjoining periods (a weekend followed by a night) are crossed as one. Outside quiet hours
 * it is unchanged.
 */
export function moveOutOfQuietHours(
  quiet: QuietHours,
  instant: Instant,
  direction: 'later' | 'earlier' = 'later',
): string {
  let at = toDate(instant).getTime();
  // Each step leaves at least one period; a week of adjoining periods is more than any policy can make.
  for (let step = 0; step < 64; step++) {
    const spans = spansAt(quiet, new Date(at));
    if (spans.length === 0) return new Date(at).toISOString();
    if (direction === 'later') {
      at = Math.max(...spans.map((span) => span.end));
      continue;
    }
    const start = Math.min(...spans.map((span) => span.start));
    if (!isQuietTime(quiet, start - 1)) return new Date(start).toISOString();
    at = start - 1;
  }
  throw new RangeError('The quiet hours leave no time to call');
}

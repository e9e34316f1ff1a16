import { type Instant, toDate } from './compute-deadline.js';
import { type Duration, durationToMilliseconds } from './duration.js';
import { addDays, fromLocalTime, parseClockTime, toLocalTime, weekdayOf } from './zoned-time.js';

/** A span of working time in a day, local to the calendar's time zone: `{ start: '09:00', end: '18:00' }`. */
export interface WorkingHours {
  start: string;
  end: string;
}

/**
 * When work happens: days of the week, hours of the day, holidays and make-up working days (调休),
 * in one time zone. Plain data, so a machine can keep it in its context.
 */
export interface BusinessCalendar {
  /** IANA time zone, e.g. `Asia/Shanghai`. */
  timeZone: string;
  /** ISO weekdays worked: 1 = Monday … 7 = Sunday. */
  workingDays: number[];
  /** Working hours of a working day, in order and not overlapping. */
  workingHours: WorkingHours[];
  /** Local dates (`YYYY-MM-DD`) not worked although their weekday is. */
  holidays?: string[];
  /** Local dates worked although their weekday is not (make-up days around a holiday). */
  extraWorkingDays?: string[];
}

/** Monday to Friday, 09:00–12:00 and 13:00–18:00, Beijing time, no holidays (add them as data). */
export const defaultBusinessCalendar: BusinessCalendar = {
  timeZone: 'Asia/Shanghai',
  workingDays: [1, 2, 3, 4, 5],
  workingHours: [
    { start: '09:00', end: '12:00' },
    { start: '13:00', end: '18:00' },
  ],
  holidays: [],
  extraWorkingDays: [],
};

/** Whether the calendar works on a local date. */
export function isWorkingDay(calendar: BusinessCalendar, date: string): boolean {
  if (calendar.extraWorkingDays?.includes(date)) return true;
  if (calendar.holidays?.includes(date)) return false;
  return calendar.workingDays.includes(weekdayOf(date));
}

/** The working windows of a local date, as instants. Empty on a day off. */
function windowsOf(calendar: BusinessCalendar, date: string): Array<[number, number]> {
  if (!isWorkingDay(calendar, date)) return [];
  return calendar.workingHours.map(({ start, end }) => {
    const from = parseClockTime(start);
    const to = parseClockTime(end);
    if (to <= from) throw new RangeError(`Working hours must end after they start (${start}–${end})`);
    return [
      fromLocalTime(date, from, calendar.timeZone).getTime(),
      fromLocalTime(date, to, calendar.timeZone).getTime(),
    ];
  });
}

/** Whether `instant` falls in the calendar's working time. */
export function isWorkingTime(calendar: BusinessCalendar, instant: Instant): boolean {
  const at = toDate(instant).getTime();
  const { date } = toLocalTime(at, calendar.timeZone);
  return windowsOf(calendar, date).some(([from, to]) => at >= from && at < to);
}

const MAX_DAYS = 3660;

function checkHasWorkingTime(calendar: BusinessCalendar) {
  if (calendar.workingDays.length === 0 && !calendar.extraWorkingDays?.length) {
    throw new RangeError('The business calendar has no working days');
  }
  if (calendar.workingHours.length === 0) throw new RangeError('The business calendar has no working hours');
}

/**
 * The moment `milliseconds` of working time have passed after `start`: time outside working hours,
 * on weekends and on holidays does not count. Returns epoch milliseconds.
 */
export function addWorkingMilliseconds(
  calendar: BusinessCalendar,
  start: Instant,
  milliseconds: number,
): number {
  checkHasWorkingTime(calendar);
  let cursor = toDate(start).getTime();
  let remaining = milliseconds;
  let date = toLocalTime(cursor, calendar.timeZone).date;
  for (let day = 0; day < MAX_DAYS; day++, date = addDays(date, 1)) {
    for (const [from, to] of windowsOf(calendar, date)) {
      const segmentStart = Math.max(from, cursor);
      if (segmentStart >= to) continue;
      if (remaining === 0) return segmentStart;
      const available = to - segmentStart;
      if (remaining <= available) return segmentStart + remaining;
      remaining -= available;
      cursor = to;
    }
  }
  throw new RangeError(`No working time within ${MAX_DAYS} days of ${toDate(start).toISOString()}`);
}

/** Working time between two instants, in milliseconds (0 when `to` is not after `from`). */
export function workingMillisecondsBetween(calendar: BusinessCalendar, from: Instant, to: Instant): number {
  const start = toDate(from).getTime();
  const end = toDate(to).getTime();
  if (end <= start) return 0;
  let total = 0;
  let date = toLocalTime(start, calendar.timeZone).date;
  const lastDate = toLocalTime(end, calendar.timeZone).date;
  for (let day = 0; day < MAX_DAYS; day++, date = addDays(date, 1)) {
    for (const [windowFrom, windowTo] of windowsOf(calendar, date)) {
      const overlap = Math.min(windowTo, end) - Math.max(windowFrom, start);
      if (overlap > 0) total += overlap;
    }
    if (date >= lastDate) break;
  }
  return total;
}

/**
 * When a clock that starts at `start` and runs for `duration` of working time runs out, as an ISO-8601
 * UTC string. `{ hours: 2 }` started on Friday at 17:00 runs out on Monday at 10:00 (with 09:00–18:00
 * hours); a holiday is skipped like a weekend.
 */
export function computeBusinessDeadline(
  start: Instant,
  duration: Duration,
  calendar: BusinessCalendar,
): string {
  return new Date(addWorkingMilliseconds(calendar, start, durationToMilliseconds(duration))).toISOString();
}

import { type Instant, toDate } from './compute-deadline.js';

/** A wall-clock reading in a time zone. `weekday` is ISO: 1 = Monday … 7 = Sunday. */
export interface LocalTime {
  /** The local date, `YYYY-MM-DD`. */
  date: string;
  weekday: number;
  hour: number;
  minute: number;
  second: number;
  /** Minutes since local midnight (0–1439). */
  minuteOfDay: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (!found) {
    try {
      found = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        weekday: 'short',
      });
    } catch {
      throw new RangeError(`Unknown time zone: ${timeZone}`);
    }
    formatters.set(timeZone, found);
  }
  return found;
}

function parts(epochMs: number, timeZone: string) {
  const values: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(epochMs))) values[part.type] = part.value;
  return {
    year: Number(values.year),
    month: Number(values.month),
    day: Number(values.day),
    hour: Number(values.hour),
    minute: Number(values.minute),
    second: Number(values.second),
    weekday: WEEKDAYS[values.weekday ?? ''] ?? 0,
  };
}

/** Reads an instant on the wall clock of `timeZone` (an IANA name such as `Asia/Shanghai`). */
export function toLocalTime(instant: Instant, timeZone: string): LocalTime {
  const p = parts(toDate(instant).getTime(), timeZone);
  const date = `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
  return {
    date,
    weekday: p.weekday,
    hour: p.hour,
    minute: p.minute,
    second: p.second,
    minuteOfDay: p.hour * 60 + p.minute,
  };
}

/** The offset of `timeZone` from UTC at an instant, in milliseconds (e.g. +8 h for Asia/Shanghai). */
function offsetAt(epochMs: number, timeZone: string): number {
  const p = parts(epochMs, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const timePattern = /^(\d{2}):(\d{2})$/;

/** Parses `HH:MM` into minutes since midnight (`24:00` is allowed as the end of a day). */
export function parseClockTime(time: string): number {
  const match = timePattern.exec(time);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
  if (!match || Number(match[2]) > 59 || minutes > 24 * 60)
    throw new RangeError(`Not a time of day (HH:MM): ${time}`);
  return minutes;
}

/** The instant at which the wall clock of `timeZone` shows `date` (`YYYY-MM-DD`) at `minuteOfDay`. */
export function fromLocalTime(date: string, minuteOfDay: number, timeZone: string): Date {
  const match = datePattern.exec(date);
  if (!match) throw new RangeError(`Not a date (YYYY-MM-DD): ${date}`);
  const local = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) + minuteOfDay * 60_000;
  // Two passes settle the offset, also across a daylight-saving change.
  let utc = local - offsetAt(local, timeZone);
  utc = local - offsetAt(utc, timeZone);
  return new Date(utc);
}

/** The local date `days` after `date` (both `YYYY-MM-DD`). */
export function addDays(date: string, days: number): string {
  const match = datePattern.exec(date);
  if (!match) throw new RangeError(`Not a date (YYYY-MM-DD): ${date}`);
  const next = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days));
  return next.toISOString().slice(0, 10);
}

/** The ISO weekday (1 = Monday … 7 = Sunday) of a local date. */
export function weekdayOf(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

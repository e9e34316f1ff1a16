/**
 * Wall-clock arithmetic in an IANA time zone with `Intl` only. A "wall time" is the local date and time written
 * as milliseconds since 1970-01-01T00:00 *local* (as if the zone were UTC), so adding whole days keeps the
 * clock time across daylight-saving changes.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, found);
  }
  return found;
}

export const dayMs = 86_400_000;

/** Whether `timeZone` is an IANA zone this runtime knows (e.g. `Asia/Shanghai`). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall time in `timeZone` at the instant `instantMs`. */
export function wallTime(instantMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const seconds = Math.floor(instantMs / 1000) * 1000;
  return (
    Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) +
    (instantMs - seconds)
  );
}

/**
 * The instant a wall time in `timeZone` happens. A wall time skipped by a daylight-saving change maps to the
 * instant just after the gap; a repeated one to its first occurrence.
 */
export function instantOf(wall: number, timeZone: string): number {
  const offsetAt = (instant: number) => wallTime(instant, timeZone) - instant;
  const first = wall - offsetAt(wall);
  const second = wall - offsetAt(first);
  if (second === first) return first;
  const earlier = Math.min(first, second);
  return wallTime(earlier, timeZone) === wall ? earlier : Math.max(first, second);
}

/** Wall time of a local date (`2026-03-30`) and clock time (`09:00`). */
export function wallOf(date: string, time = '00:00'): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return Date.UTC(year, month - 1, day, hour, minute);
}

/** Minutes after local midnight of a clock time (`09:30` → 570). */
export function minutesOf(time: string): number {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return hour * 60 + minute;
}

/** The local date (`2026-03-30`) of a wall time. */
export function dateOf(wall: number): string {
  return new Date(wall).toISOString().slice(0, 10);
}

/** ISO weekday of a wall time: 1 Monday … 7 Sunday. */
export function weekdayOf(wall: number): number {
  return ((new Date(wall).getUTCDay() + 6) % 7) + 1;
}

/** Whether a minute of the day lies in `[from, to)`; a window whose `to` is not after `from` runs past midnight. */
export function inWindow(minute: number, from: number, to: number): boolean {
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}

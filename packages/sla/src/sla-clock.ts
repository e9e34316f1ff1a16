import type { BusinessCalendar } from './business-calendar.js';
import { addWorkingMilliseconds, workingMillisecondsBetween } from './business-calendar.js';
import { type Instant, toDate } from './compute-deadline.js';
import { type Duration, durationToMilliseconds } from './duration.js';

/** One stretch of a clock's life: running (time counts) or paused (it does not), with the reason for a pause. */
export interface ClockSegment {
  state: 'running' | 'paused';
  from: string;
  /** Absent on the current segment. */
  to?: string;
  reason?: string;
  /** Who paused the clock (an id), on a pause segment when it was given. */
  by?: string;
}

/**
 * An SLA clock as plain data: a budget of time, counted in working time when it has a calendar (wall
 * time otherwise), with every running and paused segment kept. A machine keeps it in its context and
 * derives its deadline from it; pausing removes the deadline, resuming brings it back, later.
 */
export interface SlaClock {
  name: string;
  budget: Duration;
  calendar?: BusinessCalendar;
  startedAt: string;
  segments: ClockSegment[];
  /** Set when the clock stopped for good (its step is done). */
  stoppedAt?: string;
}

export type ClockStatus = 'running' | 'paused' | 'stopped';

function iso(instant: Instant): string {
  return toDate(instant).toISOString();
}

/** Starts a clock at `at` with `budget` of time (working time when `calendar` is given). */
export function startClock(options: {
  name: string;
  budget: Duration;
  at: Instant;
  calendar?: BusinessCalendar | undefined;
}): SlaClock {
  durationToMilliseconds(options.budget);
  const at = typeof options.at === 'string' ? options.at : iso(options.at);
  toDate(at);
  return {
    name: options.name,
    budget: options.budget,
    ...(options.calendar ? { calendar: options.calendar } : {}),
    startedAt: at,
    segments: [{ state: 'running', from: at }],
  };
}

/** Whether the clock runs, is paused, or has stopped. */
export function clockStatus(clock: SlaClock): ClockStatus {
  if (clock.stoppedAt !== undefined) return 'stopped';
  return clock.segments.at(-1)?.state === 'paused' ? 'paused' : 'running';
}

function closeCurrent(clock: SlaClock, at: string): ClockSegment[] {
  const segments = clock.segments.slice();
  const last = segments.at(-1);
  if (last && last.to === undefined) {
    if (Date.parse(at) < Date.parse(last.from)) {
      throw new RangeError(
        `Clock "${clock.name}" cannot change at ${at}, before its segment from ${last.from}`,
      );
    }
    segments[segments.length - 1] = { ...last, to: at };
  }
  return segments;
}

/**
 * Pauses a running clock (e.g. waiting on the customer), naming why and, optionally, who paused it.
 * Throws a `RangeError` when it is not running or the reason is blank. Whether a pause is allowed at all
 * is policy: see `pauseRefusal`.
 */
export function pauseClock(clock: SlaClock, at: Instant, reason: string, by?: string): SlaClock {
  if (clockStatus(clock) !== 'running') throw new RangeError(`Clock "${clock.name}" is not running`);
  if (reason.trim() === '') throw new RangeError(`A pause of clock "${clock.name}" must name its reason`);
  const when = iso(at);
  const segment: ClockSegment = { state: 'paused', from: when, reason, ...(by ? { by } : {}) };
  return { ...clock, segments: [...closeCurrent(clock, when), segment] };
}

/** Resumes a paused clock; the time it was paused does not count. Throws when it is not paused. */
export function resumeClock(clock: SlaClock, at: Instant): SlaClock {
  if (clockStatus(clock) !== 'paused') throw new RangeError(`Clock "${clock.name}" is not paused`);
  const when = iso(at);
  return { ...clock, segments: [...closeCurrent(clock, when), { state: 'running', from: when }] };
}

/** Stops a clock for good (its step is done). */
export function stopClock(clock: SlaClock, at: Instant): SlaClock {
  if (clockStatus(clock) === 'stopped') return clock;
  const when = iso(at);
  return { ...clock, segments: closeCurrent(clock, when), stoppedAt: when };
}

function counted(clock: SlaClock, from: string, to: string): number {
  return clock.calendar
    ? workingMillisecondsBetween(clock.calendar, from, to)
    : Math.max(0, Date.parse(to) - Date.parse(from));
}

/** Time the clock has counted up to `at` (running segments only; working time with a calendar). */
export function clockElapsed(clock: SlaClock, at: Instant): number {
  const now = iso(at);
  let total = 0;
  for (const segment of clock.segments) {
    if (segment.state !== 'running') continue;
    const end = segment.to ?? clock.stoppedAt ?? now;
    total += counted(clock, segment.from, Date.parse(end) < Date.parse(now) ? end : now);
  }
  return total;
}

/**
 * When a running clock runs out, as an ISO-8601 UTC string; `undefined` when it is paused or stopped
 * (a paused clock has no deadline).
 */
export function clockDueAt(clock: SlaClock): string | undefined {
  if (clockStatus(clock) !== 'running') return undefined;
  const current = clock.segments.at(-1)!;
  const used = clockElapsed(clock, current.from);
  const remaining = Math.max(0, durationToMilliseconds(clock.budget) - used);
  const due = clock.calendar
    ? addWorkingMilliseconds(clock.calendar, current.from, remaining)
    : Date.parse(current.from) + remaining;
  return new Date(due).toISOString();
}

export interface SegmentExplanation extends ClockSegment {
  /** Time this segment counted towards the budget (0 for a pause; working time with a calendar). */
  countedMs: number;
}

/** Why a clock stands where it does: its segments, what it used, what is left, when it is due. */
export interface ClockExplanation {
  name: string;
  status: ClockStatus;
  startedAt: string;
  budgetMs: number;
  elapsedMs: number;
  remainingMs: number;
  dueAt: string | undefined;
  overdue: boolean;
  /** `working time (Asia/Shanghai)` or `wall-clock time`. */
  counts: string;
  segments: SegmentExplanation[];
  /** One line a person can read, e.g. `handle: paused (awaitingCustomer) since …; 3h 0m of 16h 0m used`. */
  summary: string;
}

function formatMs(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `${hours}h ${minutes % 60}m` : `${minutes}m`;
}

/** Explains one clock as of `at`. */
export function explainClock(clock: SlaClock, at: Instant): ClockExplanation {
  const now = iso(at);
  const status = clockStatus(clock);
  const budgetMs = durationToMilliseconds(clock.budget);
  const elapsedMs = clockElapsed(clock, now);
  const dueAt = clockDueAt(clock);
  const segments = clock.segments.map((segment) => {
    const end = segment.to ?? clock.stoppedAt ?? now;
    return {
      ...segment,
      countedMs:
        segment.state === 'running' && Date.parse(end) > Date.parse(segment.from)
          ? counted(clock, segment.from, end)
          : 0,
    };
  });
  const current = clock.segments.at(-1);
  const state =
    status === 'paused'
      ? `paused (${current?.reason ?? 'no reason given'}) since ${current?.from}`
      : status === 'stopped'
        ? `stopped at ${clock.stoppedAt}`
        : `running, due ${dueAt}`;
  const pauses = clock.segments.filter((segment) => segment.state === 'paused').length;
  return {
    name: clock.name,
    status,
    startedAt: clock.startedAt,
    budgetMs,
    elapsedMs,
    remainingMs: Math.max(0, budgetMs - elapsedMs),
    dueAt,
    overdue: elapsedMs > budgetMs,
    counts: clock.calendar ? `working time (${clock.calendar.timeZone})` : 'wall-clock time',
    segments,
    summary:
      `${clock.name}: ${state}; ${formatMs(elapsedMs)} of ${formatMs(budgetMs)} used` +
      (pauses ? `, ${pauses} pause${pauses > 1 ? 's' : ''}` : '') +
      (clock.calendar ? ` (working time, ${clock.calendar.timeZone})` : ''),
  };
}

/** Explains every clock as of `at`: the running and paused segments of each, what is used and left. */
export function explain(clocks: SlaClock[] | Record<string, SlaClock>, at: Instant): ClockExplanation[] {
  const list = Array.isArray(clocks) ? clocks : Object.values(clocks);
  return list.map((clock) => explainClock(clock, at));
}

import type { Database } from '@kefu/runtime';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { histogramWidth, measureRows, type RollupMeasure, responseBuckets } from './complaint-rollups.js';

/**
 * Dashboard metrics, each one SQL statement over the complaint projections: the hourly `complaint_rollups` for the
 * window's whole UTC hours, `complaint_facts` / `complaint_revisits` for the partial hours at its edges, and
 * `complaint_counts` for the queue; index ranges over the window, never the snapshots or the log. Definitions are in docs/api.md § Metrics; every function takes the same scope.
 */
export interface MetricScope {
  /** Inclusive start of the window (ISO). */
  from: string;
  /** Exclusive end of the window (ISO). */
  to: string;
  /** Limit to one team; undefined for all teams. */
  team?: string | undefined;
  /** IANA zone for calendar buckets (days, weeks, months). */
  timeZone: string;
}

type Db = Kysely<Database>;

/** `f` is the complaint facts alias in every query. */
function teamCondition(scope: Pick<MetricScope, 'team'>, alias = 'f'): RawBuilder<unknown> {
  return scope.team === undefined ? sql`true` : sql`${sql.ref(`${alias}.team`)} = ${scope.team}`;
}

function minutes(value: unknown): number | null {
  return value === null || value === undefined ? null : Math.round(Number(value) * 100) / 100;
}

function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

export interface QueueCell {
  state: string;
  team: string | null;
  count: number;
  breached: number;
  oldestOpenedAt: string | null;
}

/** Open complaints now, by top-level state and team: the counters, and the oldest from the open index. */
export async function queueByState(db: Db, scope: Pick<MetricScope, 'team'>): Promise<QueueCell[]> {
  const { rows } = await sql<{
    state: string;
    team: string | null;
    count: string;
    breached: string;
    oldest: Date | null;
  }>`
    select c.status as state, c.team, c.open as count, c.breached_open as breached,
      case when c.team is null
        then (select min(f.opened_at) from complaint_facts f
              where f.closed_at is null and f.status = c.status and f.team is null)
        else (select min(f.opened_at) from complaint_facts f
              where f.closed_at is null and f.status = c.status and f.team = c.team)
      end as oldest
    from complaint_counts c
    where c.open > 0 and ${teamCondition(scope, 'c')}
    order by c.status, c.team nulls last`.execute(db);
  return rows.map((row) => ({
    state: row.state,
    team: row.team,
    count: Number(row.count),
    breached: Number(row.breached),
    oldestOpenedAt: row.oldest ? new Date(row.oldest).toISOString() : null,
  }));
}

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

function instant(value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`Not a time: ${value}`);
  return ms;
}

const timestampLiteral = (ms: number) => `'${new Date(ms).toISOString()}'::timestamptz`;

type Span = [start: number, end: number];

/** [start, end) cut at whole units: the whole units inside it (if any) and the parts before and after them. */
function cut([start, end]: Span, unit: number): { whole?: Span; rest: Span[] } {
  const lo = Math.ceil(start / unit) * unit;
  const hi = Math.floor(end / unit) * unit;
  if (hi <= lo) return { rest: start < end ? [[start, end]] : [] };
  return {
    whole: [lo, hi],
    rest: [...(start < lo ? [[start, lo] as Span] : []), ...(hi < end ? [[hi, end] as Span] : [])],
  };
}

/**
 * The measure rows (`measure, at, team, category, key, n, total, squares`) of a window [from, to): the daily
 * rollups of its whole UTC days (unless `days` is false), the hourly rollups of the whole UTC hours left, and the
 * facts (exact timestamps) of the partial hours at its edges; with `exact`, only facts.
 */
function windowRows(
  window: Span,
  measures: readonly RollupMeasure[],
  { exact = false, days = true }: { exact?: boolean; days?: boolean } = {},
): RawBuilder<unknown> {
  const within = ([start, end]: Span, at: string) =>
    `(${at} >= ${timestampLiteral(start)} and ${at} < ${timestampLiteral(end)})`;
  const facts = (spans: Span[]) =>
    measureRows('complaint_facts', 'complaint_revisits', {
      measures,
      when: (at) => `(${spans.map((span) => within(span, at)).join(' or ')})`,
    });
  if (exact) return sql.raw(facts([window]));
  const rollups = (suffix: string, span: Span) =>
    `select split_part(measure, ':', 1) as measure, hour as at, team, category, key, n, total, squares
      from complaint_rollups
      where measure in (${measures.map((measure) => `'${measure}${suffix}'`).join(', ')}) and ${within(span, 'hour')}`;
  const parts: string[] = [];
  const byDay = days ? cut(window, dayMs) : { whole: undefined, rest: [window] };
  if (byDay.whole) parts.push(rollups(':day', byDay.whole));
  const edges: Span[] = [];
  for (const span of byDay.rest) {
    const byHour = cut(span, hourMs);
    if (byHour.whole) parts.push(rollups('', byHour.whole));
    edges.push(...byHour.rest);
  }
  if (edges.length > 0) parts.push(facts(edges));
  if (parts.length === 0) return sql.raw(facts([window]));
  return sql.raw(parts.join('\n      union all\n      '));
}

/**
 * Runs a panel's statement with parallel workers off (for the rest of the caller's transaction, when it passes
 * one): the statement reads small index ranges, and starting workers costs more than they save (about 85 ms a
 * statement on a busy 2-core machine, against 2–7 ms serially).
 */
async function serially<T>(db: Db, work: (db: Db) => Promise<T>): Promise<T> {
  const run = async (trx: Db) => {
    await sql`select set_config('max_parallel_workers_per_gather', '0', true)`.execute(trx);
    return work(trx);
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

/** The scope's window rows of some measures, limited to its team. */
function scoped(
  scope: MetricScope,
  measures: readonly RollupMeasure[],
  options: { exact?: boolean; days?: boolean } = {},
): RawBuilder<unknown> {
  const window: Span = [instant(scope.from), instant(scope.to)];
  return sql`(select * from (${windowRows(window, measures, options)}) w0 where ${teamCondition(scope, 'w0')})`;
}

/** UTC offset of `zone` at `ms`, in minutes; undefined for a zone Intl does not know. */
function offsetMinutes(zone: string, ms: number): number | undefined {
  try {
    const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
      .formatToParts(ms)
      .find((part) => part.type === 'timeZoneName')?.value;
    const match = /GMT(?:([+-])(\d{2}):(\d{2}))?/.exec(name ?? '');
    if (!match) return undefined;
    if (!match[1]) return 0;
    return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
  } catch {
    return undefined;
  }
}

/** Whether every UTC hour in the window lies in one local day of the zone (its offset is whole hours throughout). */
function wholeHourZone(zone: string, from: number, to: number): boolean {
  // Offsets change at most a few times a year, never for less than a day: a sample every 6 hours sees each one.
  for (let ms = from; ; ms = Math.min(ms + 6 * hourMs, to)) {
    const offset = offsetMinutes(zone, ms);
    if (offset === undefined || offset % 60 !== 0) return false;
    if (ms >= to) return true;
  }
}

/** The value at percentile `p` (0…1) as `percentile_cont` gives it, from a histogram of seconds. */
function histogramPercentile(
  buckets: ReadonlyArray<{ lower: number; n: number; sum: number }>,
  p: number,
): number | null {
  const total = buckets.reduce((count, bucket) => count + bucket.n, 0);
  if (total === 0) return null;
  const sorted = [...buckets].filter((bucket) => bucket.n > 0).sort((a, b) => a.lower - b.lower);
  // The j-th value (0-based): a bucket's values spread evenly over it; a bucket of one value is that value.
  const value = (j: number) => {
    let start = 0;
    for (const bucket of sorted) {
      if (j < start + bucket.n) {
        if (bucket.n === 1) return bucket.sum;
        return bucket.lower + (histogramWidth(bucket.lower) * (j - start + 0.5)) / bucket.n;
      }
      start += bucket.n;
    }
    return sorted.at(-1)!.sum / sorted.at(-1)!.n;
  };
  const rank = p * (total - 1);
  const below = Math.floor(rank);
  const low = value(below);
  return below === rank ? low : low + (rank - below) * (value(below + 1) - low);
}

export interface SlaCompliance {
  complaints: number;
  breached: number;
  complianceRate: number | null;
  byDeadline: Array<{ deadline: string; breaches: number }>;
}

/** Complaints opened in the window: how many kept every deadline, and which deadlines were missed. */
export async function slaCompliance(db: Db, scope: MetricScope): Promise<SlaCompliance> {
  const { rows } = await serially(db, (db) =>
    sql<{ measure: RollupMeasure; key: string | null; n: string; total: string }>`
    select w.measure, w.key, sum(w.n) as n, sum(w.total) as total from ${scoped(scope, ['opened', 'breach'])} w
    group by w.measure, w.key order by sum(w.n) desc, w.key`.execute(db),
  );
  const opened = rows.filter((row) => row.measure === 'opened');
  const complaints = opened.reduce((count, row) => count + Number(row.n), 0);
  const breached = opened.reduce((count, row) => count + Number(row.total), 0);
  return {
    complaints,
    breached,
    complianceRate: rate(complaints - breached, complaints),
    byDeadline: rows
      .filter((row) => row.measure === 'breach')
      .map((row) => ({ deadline: String(row.key), breaches: Number(row.n) })),
  };
}

export interface FirstContactResolution {
  resolved: number;
  firstContact: number;
  rate: number | null;
}

/**
 * Complaints first resolved in the window, and those with no reopening, repeat contact or escalation request in
 * their log.
 */
export async function firstContactResolution(db: Db, scope: MetricScope): Promise<FirstContactResolution> {
  const { rows } = await serially(db, (db) =>
    sql<{ resolved: string | null; first_contact: string | null }>`
    select sum(w.n) as resolved, sum(w.total) as first_contact
    from ${scoped(scope, ['resolved'])} w`.execute(db),
  );
  const resolved = Number(rows[0]?.resolved ?? 0);
  const firstContact = Number(rows[0]?.first_contact ?? 0);
  return { resolved, firstContact, rate: rate(firstContact, resolved) };
}

export interface Durations {
  count: number;
  averageMinutes: number | null;
  /** Within one histogram bucket of the exact value (docs/api.md § Metrics). */
  medianMinutes: number | null;
  /** Within one histogram bucket of the exact value (docs/api.md § Metrics). */
  p90Minutes: number | null;
}

async function durationsOf(db: Db, scope: MetricScope, measure: 'handling' | 'response'): Promise<Durations> {
  const { rows } = await serially(db, (db) =>
    sql<{ key: string; n: string; total: string }>`
    select w.key, sum(w.n) as n, sum(w.total) as total from ${scoped(scope, [measure])} w group by w.key`.execute(
      db,
    ),
  );
  const buckets = rows.map((row) => ({ lower: Number(row.key), n: Number(row.n), sum: Number(row.total) }));
  const count = buckets.reduce((total, bucket) => total + bucket.n, 0);
  const sum = buckets.reduce((total, bucket) => total + bucket.sum, 0);
  const inMinutes = (value: number | null) => (value === null ? null : minutes(value / 60));
  return {
    count,
    averageMinutes: count === 0 ? null : minutes(sum / count / 60),
    medianMinutes: inMinutes(histogramPercentile(buckets, 0.5)),
    p90Minutes: inMinutes(histogramPercentile(buckets, 0.9)),
  };
}

/** From opening to first resolution (the first `complaint.resolve`), for complaints first resolved in the window. */
export function handlingTime(db: Db, scope: MetricScope): Promise<Durations> {
  return durationsOf(db, scope, 'handling');
}

/** From opening to the first step a person took (the first logged event after the opening, not the scheduler's). */
export function responseTime(db: Db, scope: MetricScope): Promise<Durations> {
  return durationsOf(db, scope, 'response');
}

export interface Satisfaction {
  revisits: number;
  satisfied: number;
  neutral: number;
  unsatisfied: number;
  satisfactionRate: number | null;
}

/** Revisits recorded in the window (`complaint.recordRevisit`), by the customer's answer. */
export async function satisfaction(db: Db, scope: MetricScope): Promise<Satisfaction> {
  const { rows } = await serially(db, (db) =>
    sql<{ key: string | null; n: string }>`
    select w.key, sum(w.n) as n from ${scoped(scope, ['revisit'])} w group by w.key`.execute(db),
  );
  const of = (answer: string) => Number(rows.find((row) => row.key === answer)?.n ?? 0);
  const revisits = rows.reduce((count, row) => count + Number(row.n), 0);
  const satisfied = of('satisfied');
  return {
    revisits,
    satisfied,
    neutral: of('neutral'),
    unsatisfied: of('unsatisfied'),
    satisfactionRate: rate(satisfied, revisits),
  };
}

export type Interval = 'day' | 'week' | 'month';

export interface VolumePoint {
  periodStart: string;
  opened: number;
  resolved: number;
  breached: number;
}

/**
 * Complaints opened, first resolved and breached (of those opened) per calendar day, week or month in the time
 * zone, empty periods included. A zone whose offset is not whole hours reads the facts instead of the hourly
 * rollups (exact, slower).
 */
export async function volume(db: Db, scope: MetricScope, interval: Interval): Promise<VolumePoint[]> {
  const unit = sql.lit(interval);
  const step = sql.lit(`1 ${interval}`);
  const zone = scope.timeZone;
  const exact = !wholeHourZone(zone, instant(scope.from), instant(scope.to));
  const { rows } = await serially(db, (db) =>
    sql<{ period: Date; opened: string; resolved: string; breached: string }>`
    with periods as (
      select generate_series(
        date_trunc(${unit}, ${scope.from}::timestamptz at time zone ${zone}),
        date_trunc(${unit}, (${scope.to}::timestamptz - interval '1 microsecond') at time zone ${zone}),
        ${step}::interval
      ) as local_start
    ),
    counted as (
      select date_trunc(${unit}, w.at at time zone ${zone}) as local_start,
        sum(w.n) filter (where w.measure = 'opened') as opened,
        sum(w.total) filter (where w.measure = 'opened') as breached,
        sum(w.n) filter (where w.measure = 'resolved') as resolved
      from ${scoped(scope, ['opened', 'resolved'], { exact, days: false })} w
      group by 1
    )
    select (p.local_start at time zone ${zone}) as period, coalesce(c.opened, 0) as opened,
           coalesce(c.resolved, 0) as resolved, coalesce(c.breached, 0) as breached
    from periods p left join counted c using (local_start)
    order by p.local_start`.execute(db),
  );
  return rows.map((row) => ({
    periodStart: new Date(row.period).toISOString(),
    opened: Number(row.opened),
    resolved: Number(row.resolved),
    breached: Number(row.breached),
  }));
}

export interface ResponseSatisfactionBucket {
  /** Upper bound of the response time in minutes; null for the open-ended last bucket. */
  upToMinutes: number | null;
  complaints: number;
  satisfactionRate: number | null;
}

export interface ResponseVsSatisfaction {
  buckets: ResponseSatisfactionBucket[];
  /** Pearson correlation between response minutes and the revisit score (satisfied 1, neutral 0.5, unsatisfied 0). */
  correlation: number | null;
}

/** For revisited complaints opened in the window: satisfaction by how fast the first response came. */
export async function responseVsSatisfaction(db: Db, scope: MetricScope): Promise<ResponseVsSatisfaction> {
  // Sums are numeric (exact); the correlation is computed from them as corr() would from the pairs.
  const { rows } = await serially(db, (db) =>
    sql<{
      bucket: number;
      complaints: string;
      satisfied: string;
      correlation: number | null;
    }>`
    with pairs as materialized (
      select split_part(w.key, ':', 1)::int as bucket, substr(w.key, strpos(w.key, ':') + 1) as answer,
        sum(w.n) as n, sum(w.total) as sx, sum(w.squares) as sxx
      from ${scoped(scope, ['pair'])} w group by w.key
    ),
    scored as (
      select *, case answer when 'satisfied' then 1.0 when 'neutral' then 0.5 else 0.0 end as y from pairs
    ),
    sums as (
      select sum(n) as n, sum(sx) as sx, sum(sxx) as sxx, sum(n * y) as sy, sum(n * y * y) as syy,
        sum(sx * y) as sxy
      from scored
    )
    select p.bucket, sum(p.n) as complaints, coalesce(sum(p.n) filter (where p.answer = 'satisfied'), 0) as satisfied,
      (select case when n < 1 or n * sxx - sx * sx <= 0 or n * syy - sy * sy <= 0 then null
         else ((n * sxy - sx * sy) / sqrt((n * sxx - sx * sx) * (n * syy - sy * sy)))::float8 end
       from sums) as correlation
    from pairs p group by p.bucket order by p.bucket`.execute(db),
  );
  const byBucket = new Map(rows.map((row) => [Number(row.bucket), row]));
  const buckets = [...responseBuckets, null].map((upTo, index) => {
    const row = byBucket.get(index);
    const complaints = Number(row?.complaints ?? 0);
    return { upToMinutes: upTo, complaints, satisfactionRate: rate(Number(row?.satisfied ?? 0), complaints) };
  });
  const correlation = rows[0]?.correlation;
  return {
    buckets,
    correlation: correlation === null || correlation === undefined ? null : Number(correlation),
  };
}

export interface HotCategory {
  category: string;
  count: number;
  previousCount: number;
  /** count − previousCount, the previous window being as long as this one and just before it. */
  change: number;
}

/** The categories with the most complaints opened in the window, against the window before. */
export async function hotCategories(db: Db, scope: MetricScope, limit: number): Promise<HotCategory[]> {
  const from = instant(scope.from);
  const to = instant(scope.to);
  const before = {
    ...scope,
    from: new Date(from - (to - from)).toISOString(),
    to: new Date(from).toISOString(),
  };
  const { rows } = await serially(db, (db) =>
    sql<{ category: string; count: string; previous: string }>`
    select coalesce(w.category, '(none)') as category,
           coalesce(sum(w.n) filter (where w.is_current), 0) as count,
           coalesce(sum(w.n) filter (where not w.is_current), 0) as previous
    from (select true as is_current, c.* from ${scoped(scope, ['category'])} c
          union all
          select false, b.* from ${scoped(before, ['category'])} b) w
    group by 1
    having sum(w.n) filter (where w.is_current) > 0
    order by 2 desc, 1
    limit ${limit}`.execute(db),
  );
  return rows.map((row) => ({
    category: row.category,
    count: Number(row.count),
    previousCount: Number(row.previous),
    change: Number(row.count) - Number(row.previous),
  }));
}

export interface PerformanceRow {
  key: string | null;
  team: string | null;
  opened: number;
  resolved: number;
  breached: number;
  averageHandlingMinutes: number | null;
  revisits: number;
  satisfied: number;
}

/** Per agent (assignee) or per team: opened, resolved and breached in the window, handling time, revisits. */
export async function performance(
  db: Db,
  scope: MetricScope,
  by: 'agent' | 'team',
): Promise<PerformanceRow[]> {
  const key = by === 'agent' ? sql`f.assignee` : sql`f.team`;
  const { rows } = await sql<{
    key: string | null;
    team: string | null;
    opened: string;
    resolved: string;
    breached: string;
    handling: unknown;
    revisits: string;
    satisfied: string;
  }>`
    with revisits as (
      select r.workflow_id, count(*) as revisits, count(*) filter (where r.satisfaction = 'satisfied') as satisfied
      from complaint_revisits r where r.at >= ${scope.from} and r.at < ${scope.to}
      group by 1
    ),
    facts as (
      select ${key} as key, f.team, f.opened_at, f.breached, f.first_resolved_at as resolved_at,
        coalesce(v.revisits, 0) as revisits, coalesce(v.satisfied, 0) as satisfied
      from complaint_facts f left join revisits v on v.workflow_id = f.id
      where ${teamCondition(scope)}
        and (f.opened_at < ${scope.to}) and (f.closed_at is null or f.closed_at >= ${scope.from})
    )
    select key, ${by === 'agent' ? sql`mode() within group (order by team)` : sql`key`} as team,
           count(*) filter (where opened_at >= ${scope.from}) as opened,
           count(*) filter (where resolved_at >= ${scope.from} and resolved_at < ${scope.to}) as resolved,
           count(*) filter (where breached and opened_at >= ${scope.from}) as breached,
           avg(extract(epoch from (resolved_at - opened_at)) / 60)
             filter (where resolved_at >= ${scope.from} and resolved_at < ${scope.to}) as handling,
           sum(revisits) as revisits, sum(satisfied) as satisfied
    from facts group by key order by key nulls last`.execute(db);
  return rows.map((row) => ({
    key: row.key,
    team: row.team,
    opened: Number(row.opened),
    resolved: Number(row.resolved),
    breached: Number(row.breached),
    averageHandlingMinutes: minutes(row.handling),
    revisits: Number(row.revisits ?? 0),
    satisfied: Number(row.satisfied ?? 0),
  }));
}

export interface HandOverItem {
  workflowId: string;
  state: string;
  team: string | null;
  assignee: string | null;
  priority: string | null;
  nextDueAt: string | null;
  nextDeadline: string | null;
  openCallBacks: number;
  breached: boolean;
}

/**
 * Open follow-ups handed to the next shift (seed 004 §1, §6: 回顧上一班次遺留的需跟進事項): every open complaint
 * at `at`, with its next pending deadline and unkept call-back promises, most urgent first.
 */
export async function handOver(
  db: Db,
  scope: Pick<MetricScope, 'team'>,
  at: string,
  limit: number,
): Promise<HandOverItem[]> {
  const { rows } = await sql<{
    id: string;
    state: string;
    team: string | null;
    assignee: string | null;
    priority: string | null;
    breached: boolean;
    next_due: Date | null;
    next_deadline: string | null;
    call_backs: string;
  }>`
    select f.id, f.state, f.team, f.assignee, f.priority, f.breached,
           f.next_due_at as next_due, f.next_deadline, f.open_call_backs as call_backs
    from complaint_facts f
    where f.closed_at is null and f.status not in ('closed', 'withdrawn', 'merged')
      and f.opened_at < ${at} and ${teamCondition(scope)}
    order by f.next_due_at asc nulls last, f.breached desc, f.opened_at, f.id
    limit ${limit}`.execute(db);
  return rows.map((row) => ({
    workflowId: row.id,
    state: row.state,
    team: row.team,
    assignee: row.assignee,
    priority: row.priority,
    nextDueAt: row.next_due ? new Date(row.next_due).toISOString() : null,
    nextDeadline: row.next_deadline,
    openCallBacks: Number(row.call_backs),
    breached: row.breached,
  }));
}

/** The calendar period (day/week/month in the zone) containing `at`: [start, end). */
export async function periodAround(
  db: Db,
  at: string,
  interval: Interval,
  timeZone: string,
): Promise<{ from: string; to: string }> {
  const unit = sql.lit(interval);
  const step = sql.lit(`1 ${interval}`);
  const { rows } = await sql<{ start: Date; end: Date }>`
    select (date_trunc(${unit}, ${at}::timestamptz at time zone ${timeZone}) at time zone ${timeZone}) as start,
           ((date_trunc(${unit}, ${at}::timestamptz at time zone ${timeZone}) + ${step}::interval) at time zone ${timeZone}) as end`.execute(
    db,
  );
  return { from: new Date(rows[0]!.start).toISOString(), to: new Date(rows[0]!.end).toISOString() };
}

import type { Database } from '@kefu/runtime';
import { type Kysely, type RawBuilder, sql } from 'kysely';

/**
 * Dashboard metrics, each one SQL statement over the complaint projections (`complaint_facts`,
 * `complaint_resolutions`, `complaint_revisits`, `complaint_counts`): an index range over the window, never the
 * snapshots or the log. Definitions are in docs/api.md § Metrics; every function takes the same scope.
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

export interface SlaCompliance {
  complaints: number;
  breached: number;
  complianceRate: number | null;
  byDeadline: Array<{ deadline: string; breaches: number }>;
}

/** Complaints opened in the window: how many kept every deadline, and which deadlines were missed. */
export async function slaCompliance(db: Db, scope: MetricScope): Promise<SlaCompliance> {
  const { rows } = await sql<{
    complaints: string;
    breached: string;
    by_deadline: Array<{ deadline: string; breaches: number }> | null;
  }>`
    with scoped as materialized (
      select f.breached, f.breach_deadlines from complaint_facts f
      where f.opened_at >= ${scope.from} and f.opened_at < ${scope.to} and ${teamCondition(scope)}
    )
    select (select count(*) from scoped) as complaints,
           (select count(*) from scoped where breached) as breached,
           (select json_agg(json_build_object('deadline', deadline, 'breaches', breaches) order by breaches desc, deadline)
              from (select deadline, count(*)::int as breaches
                    from scoped, unnest(scoped.breach_deadlines) as deadline
                    group by 1) d) as by_deadline`.execute(db);
  const row = rows[0]!;
  const complaints = Number(row.complaints);
  const breached = Number(row.breached);
  return {
    complaints,
    breached,
    complianceRate: rate(complaints - breached, complaints),
    byDeadline: row.by_deadline ?? [],
  };
}

export interface FirstContactResolution {
  resolved: number;
  firstContact: number;
  rate: number | null;
}

/** Complaints resolved in the window with no reopening, repeat contact or escalation request in their log. */
export async function firstContactResolution(db: Db, scope: MetricScope): Promise<FirstContactResolution> {
  const { rows } = await sql<{ resolved: string; first_contact: string }>`
    with resolved as (
      select distinct f.id, f.repeat_contact
      from complaint_resolutions r join complaint_facts f on f.id = r.workflow_id
      where r.at >= ${scope.from} and r.at < ${scope.to} and ${teamCondition(scope)}
    )
    select count(*) as resolved, count(*) filter (where not repeat_contact) as first_contact
    from resolved`.execute(db);
  const resolved = Number(rows[0]!.resolved);
  const firstContact = Number(rows[0]!.first_contact);
  return { resolved, firstContact, rate: rate(firstContact, resolved) };
}

export interface Durations {
  count: number;
  averageMinutes: number | null;
  medianMinutes: number | null;
  p90Minutes: number | null;
}

function durations(row: { count: string; average: unknown; median: unknown; p90: unknown }): Durations {
  return {
    count: Number(row.count),
    averageMinutes: minutes(row.average),
    medianMinutes: minutes(row.median),
    p90Minutes: minutes(row.p90),
  };
}

/** From opening to resolution (`complaint.resolve`), for complaints resolved in the window. */
export async function handlingTime(db: Db, scope: MetricScope): Promise<Durations> {
  const { rows } = await sql<{ count: string; average: unknown; median: unknown; p90: unknown }>`
    with spans as (
      select extract(epoch from (f.first_resolved_at - f.opened_at)) / 60 as m
      from complaint_facts f
      where f.first_resolved_at >= ${scope.from} and f.first_resolved_at < ${scope.to} and ${teamCondition(scope)}
    )
    select count(*) as count, avg(m) as average,
           percentile_cont(0.5) within group (order by m) as median,
           percentile_cont(0.9) within group (order by m) as p90
    from spans`.execute(db);
  return durations(rows[0]!);
}

/** From opening to the first step a person took (the first logged event after the opening, not the scheduler's). */
export async function responseTime(db: Db, scope: MetricScope): Promise<Durations> {
  const { rows } = await sql<{ count: string; average: unknown; median: unknown; p90: unknown }>`
    with spans as (
      select extract(epoch from (f.first_response_at - f.opened_at)) / 60 as m
      from complaint_facts f
      where f.opened_at >= ${scope.from} and f.opened_at < ${scope.to} and ${teamCondition(scope)}
    )
    select count(m) as count, avg(m) as average,
           percentile_cont(0.5) within group (order by m) as median,
           percentile_cont(0.9) within group (order by m) as p90
    from spans where m is not null`.execute(db);
  return durations(rows[0]!);
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
  const { rows } = await sql<{ revisits: string; satisfied: string; neutral: string; unsatisfied: string }>`
    select count(*) as revisits,
           count(*) filter (where r.satisfaction = 'satisfied') as satisfied,
           count(*) filter (where r.satisfaction = 'neutral') as neutral,
           count(*) filter (where r.satisfaction = 'unsatisfied') as unsatisfied
    from complaint_revisits r ${scope.team === undefined ? sql`` : sql`join complaint_facts f on f.id = r.workflow_id`}
    where r.at >= ${scope.from} and r.at < ${scope.to} and ${teamCondition(scope)}`.execute(db);
  const row = rows[0]!;
  const revisits = Number(row.revisits);
  const satisfied = Number(row.satisfied);
  return {
    revisits,
    satisfied,
    neutral: Number(row.neutral),
    unsatisfied: Number(row.unsatisfied),
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

/** Complaints opened, resolved and breached per calendar day, week or month in the time zone, empty periods included. */
export async function volume(db: Db, scope: MetricScope, interval: Interval): Promise<VolumePoint[]> {
  const unit = sql.lit(interval);
  const step = sql.lit(`1 ${interval}`);
  const zone = scope.timeZone;
  const { rows } = await sql<{ period: Date; opened: string; resolved: string; breached: string }>`
    with periods as (
      select generate_series(
        date_trunc(${unit}, ${scope.from}::timestamptz at time zone ${zone}),
        date_trunc(${unit}, (${scope.to}::timestamptz - interval '1 microsecond') at time zone ${zone}),
        ${step}::interval
      ) as local_start
    ),
    opened as (
      select date_trunc(${unit}, f.opened_at at time zone ${zone}) as local_start, count(*) as opened,
             count(*) filter (where f.breached) as breached
      from complaint_facts f
      where f.opened_at >= ${scope.from} and f.opened_at < ${scope.to} and ${teamCondition(scope)}
      group by 1
    ),
    resolved as (
      select date_trunc(${unit}, r.at at time zone ${zone}) as local_start, count(distinct r.workflow_id) as resolved
      from complaint_resolutions r ${scope.team === undefined ? sql`` : sql`join complaint_facts f on f.id = r.workflow_id`}
      where r.at >= ${scope.from} and r.at < ${scope.to} and ${teamCondition(scope)}
      group by 1
    )
    select (p.local_start at time zone ${zone}) as period, coalesce(o.opened, 0) as opened,
           coalesce(r.resolved, 0) as resolved, coalesce(o.breached, 0) as breached
    from periods p left join opened o using (local_start) left join resolved r using (local_start)
    order by p.local_start`.execute(db);
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

const responseBuckets = [10, 30, 60, 240, 1440];

/** For revisited complaints opened in the window: satisfaction by how fast the first response came. */
export async function responseVsSatisfaction(db: Db, scope: MetricScope): Promise<ResponseVsSatisfaction> {
  const { rows } = await sql<{
    bucket: number;
    complaints: string;
    satisfied: string;
    correlation: number | null;
  }>`
    with pairs as materialized (
      select extract(epoch from (f.first_response_at - f.opened_at)) / 60 as m,
        case when f.last_satisfaction is null then null
          when f.last_satisfaction = 'satisfied' then 1.0 when f.last_satisfaction = 'neutral' then 0.5 else 0.0 end as score
      from complaint_facts f
      where f.opened_at >= ${scope.from} and f.opened_at < ${scope.to} and ${teamCondition(scope)}
        and f.first_response_at is not null
    ),
    usable as (select m, score from pairs where m is not null and score is not null)
    select width_bucket(m, array[${sql.join(responseBuckets)}]::double precision[]) as bucket,
           count(*) as complaints, count(*) filter (where score = 1.0) as satisfied,
           (select corr(m, score) from usable) as correlation
    from usable group by 1 order by 1`.execute(db);
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
  const { rows } = await sql<{ category: string; count: string; previous: string }>`
    select coalesce(f.category, '(none)') as category,
           count(*) filter (where f.opened_at >= ${scope.from}) as count,
           count(*) filter (where f.opened_at < ${scope.from}) as previous
    from complaint_facts f
    where ${teamCondition(scope)}
      and f.opened_at >= ${scope.from}::timestamptz - (${scope.to}::timestamptz - ${scope.from}::timestamptz)
      and f.opened_at < ${scope.to}
    group by 1
    having count(*) filter (where f.opened_at >= ${scope.from}) > 0
    order by 2 desc, 1
    limit ${limit}`.execute(db);
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

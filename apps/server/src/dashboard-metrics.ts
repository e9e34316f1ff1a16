import type { Database } from '@kefu/runtime';
import { type Kysely, type RawBuilder, sql } from 'kysely';

/**
 * Dashboard metrics, each one SQL statement over the read models (`workflows` columns, the `workflow_events`
 * log, the `timers` table). Definitions are in docs/api.md § Metrics; every function takes the same scope.
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

/** `w` is the complaint row alias in every query. */
function teamCondition(scope: MetricScope): RawBuilder<unknown> {
  return scope.team === undefined ? sql`true` : sql`w.team = ${scope.team}`;
}

const humanActor = sql`(e.actor_role is null or e.actor_role <> 'system')`;
const repeatContactTypes = ['complaint.reopen', 'complaint.contact', 'complaint.requestEscalation'];

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

/** Open complaints now, by top-level state and team. */
export async function queueByState(db: Db, scope: Pick<MetricScope, 'team'>): Promise<QueueCell[]> {
  const { rows } = await sql<{
    state: string;
    team: string | null;
    count: string;
    breached: string;
    oldest: Date | null;
  }>`
    select w.status as state, w.team, count(*) as count, count(*) filter (where w.breached) as breached,
           min(w.opened_at) as oldest
    from workflows w
    where w.kind = 'complaint' and w.closed_at is null and ${teamCondition(scope as MetricScope)}
    group by w.status, w.team
    order by w.status, w.team nulls last`.execute(db);
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
    with scoped as (
      select w.breached, w.snapshot from workflows w
      where w.kind = 'complaint' and w.opened_at >= ${scope.from} and w.opened_at < ${scope.to} and ${teamCondition(scope)}
    )
    select (select count(*) from scoped) as complaints,
           (select count(*) from scoped where breached) as breached,
           (select json_agg(json_build_object('deadline', deadline, 'breaches', breaches) order by breaches desc, deadline)
              from (select b->>'deadline' as deadline, count(*)::int as breaches
                    from scoped, jsonb_array_elements(coalesce(scoped.snapshot->'context'->'breaches', '[]'::jsonb)) b
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
      select distinct w.id from workflows w join workflow_events e on e.workflow_id = w.id
      where w.kind = 'complaint' and e.type = 'complaint.resolve' and e.at >= ${scope.from} and e.at < ${scope.to}
        and ${teamCondition(scope)}
    )
    select count(*) as resolved,
           count(*) filter (where not exists (
             select 1 from workflow_events r where r.workflow_id = resolved.id and r.type in (${sql.join(repeatContactTypes)})
           )) as first_contact
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
      select extract(epoch from (min(e.at) - w.opened_at)) / 60 as m
      from workflows w join workflow_events e on e.workflow_id = w.id and e.type = 'complaint.resolve'
      where w.kind = 'complaint' and ${teamCondition(scope)}
      group by w.id, w.opened_at
      having min(e.at) >= ${scope.from} and min(e.at) < ${scope.to}
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
    with spans as materialized (
      select extract(epoch from (
        (select min(e.at) from workflow_events e where e.workflow_id = w.id and e.seq > 1 and ${humanActor}) - w.opened_at
      )) / 60 as m
      from workflows w
      where w.kind = 'complaint' and w.opened_at >= ${scope.from} and w.opened_at < ${scope.to} and ${teamCondition(scope)}
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
           count(*) filter (where e.event->'revisitRecord'->>'satisfaction' = 'satisfied') as satisfied,
           count(*) filter (where e.event->'revisitRecord'->>'satisfaction' = 'neutral') as neutral,
           count(*) filter (where e.event->'revisitRecord'->>'satisfaction' = 'unsatisfied') as unsatisfied
    from workflow_events e join workflows w on w.id = e.workflow_id
    where w.kind = 'complaint' and e.type = 'complaint.recordRevisit'
      and e.at >= ${scope.from} and e.at < ${scope.to} and ${teamCondition(scope)}`.execute(db);
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
      select date_trunc(${unit}, w.opened_at at time zone ${zone}) as local_start, count(*) as opened,
             count(*) filter (where w.breached) as breached
      from workflows w
      where w.kind = 'complaint' and w.opened_at >= ${scope.from} and w.opened_at < ${scope.to} and ${teamCondition(scope)}
      group by 1
    ),
    resolved as (
      select date_trunc(${unit}, e.at at time zone ${zone}) as local_start, count(distinct e.workflow_id) as resolved
      from workflow_events e join workflows w on w.id = e.workflow_id
      where w.kind = 'complaint' and e.type = 'complaint.resolve' and e.at >= ${scope.from} and e.at < ${scope.to}
        and ${teamCondition(scope)}
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
      select
        extract(epoch from ((select min(e.at) from workflow_events e
                              where e.workflow_id = w.id and e.seq > 1 and ${humanActor}) - w.opened_at)) / 60 as m,
        (select case r.event->'revisitRecord'->>'satisfaction' when 'satisfied' then 1.0 when 'neutral' then 0.5 else 0.0 end
           from workflow_events r where r.workflow_id = w.id and r.type = 'complaint.recordRevisit'
           order by r.seq desc limit 1) as score
      from workflows w
      where w.kind = 'complaint' and w.opened_at >= ${scope.from} and w.opened_at < ${scope.to} and ${teamCondition(scope)}
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
    select coalesce(w.category, '(none)') as category,
           count(*) filter (where w.opened_at >= ${scope.from}) as count,
           count(*) filter (where w.opened_at < ${scope.from}) as previous
    from workflows w
    where w.kind = 'complaint' and ${teamCondition(scope)}
      and w.opened_at >= ${scope.from}::timestamptz - (${scope.to}::timestamptz - ${scope.from}::timestamptz)
      and w.opened_at < ${scope.to}
    group by 1
    having count(*) filter (where w.opened_at >= ${scope.from}) > 0
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
  const key = by === 'agent' ? sql`w.assignee` : sql`w.team`;
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
    with facts as (
      select ${key} as key, w.team, w.opened_at, w.breached,
        (select min(e.at) from workflow_events e where e.workflow_id = w.id and e.type = 'complaint.resolve') as resolved_at,
        (select count(*) from workflow_events r where r.workflow_id = w.id and r.type = 'complaint.recordRevisit'
           and r.at >= ${scope.from} and r.at < ${scope.to}) as revisits,
        (select count(*) from workflow_events r where r.workflow_id = w.id and r.type = 'complaint.recordRevisit'
           and r.event->'revisitRecord'->>'satisfaction' = 'satisfied' and r.at >= ${scope.from} and r.at < ${scope.to}) as satisfied
      from workflows w
      where w.kind = 'complaint' and ${teamCondition(scope)}
        and (w.opened_at < ${scope.to}) and (w.closed_at is null or w.closed_at >= ${scope.from})
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
    select w.id, w.state, w.team, w.assignee, w.priority, w.breached,
           d.due_at as next_due, d.name as next_deadline,
           (select count(*) from jsonb_array_elements(coalesce(w.snapshot->'context'->'callBacks', '[]'::jsonb)) c
             where c->>'keptAt' is null) as call_backs
    from workflows w
    left join lateral (
      select (value->>'dueAt')::timestamptz as due_at, key as name
      from jsonb_each(coalesce(w.snapshot->'context'->'deadlines', '{}'::jsonb))
      order by 1 limit 1
    ) d on true
    where w.kind = 'complaint' and w.closed_at is null and w.status not in ('closed', 'withdrawn', 'merged')
      and w.opened_at < ${at} and ${teamCondition(scope as MetricScope)}
    order by d.due_at asc nulls last, w.breached desc, w.opened_at
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

import type { Database } from '@kefu/runtime';
import {
  type Durations,
  firstContactResolution,
  handlingTime,
  handOver,
  hotCategories,
  type Interval,
  type MetricScope,
  performance,
  periodAround,
  queueByState,
  responseTime,
  responseVsSatisfaction,
  satisfaction,
  slaCompliance,
  volume,
} from '@kefu/workflows';
import { GraphQLError } from 'graphql';
import type { Kysely } from 'kysely';
import { allTeamRoles, requireActor } from '../authorization.js';
import { builder } from '../builder.js';
import type { KefuContext, RequestActor } from '../context.js';
import { withStatementTimeout } from '../statement-timeout.js';

const IntervalEnum = builder.enumType('Interval', { values: ['DAY', 'WEEK', 'MONTH'] as const });

const MetricWindow = builder.inputType('MetricWindow', {
  description: 'The time window and team a dashboard is computed for.',
  fields: (t) => ({
    from: t.field({ type: 'DateTime', required: true, description: 'Inclusive start.' }),
    to: t.field({ type: 'DateTime', required: true, description: 'Exclusive end.' }),
    team: t.string({ description: 'One team; supervisors always get their own team.' }),
    timeZone: t.string({ defaultValue: 'Asia/Shanghai', description: 'IANA zone for calendar buckets.' }),
  }),
});

interface DashboardParent {
  scope: MetricScope;
}

/** The longest window a dashboard is computed over: five years. */
export const maxWindowDays = 1827;
/** The most buckets `volume` returns (DAY over at most 400 days; WEEK or MONTH for longer windows). */
export const maxVolumeBuckets = 400;

const dayMs = 86_400_000;
const bucketDays: Record<Interval, number> = { day: 1, week: 7, month: 28 };

/** Refuses (BAD_USER_INPUT, naming the limit) a `volume` whose buckets would exceed `maxVolumeBuckets`. */
export function assertVolumeBuckets(scope: MetricScope, interval: Interval): void {
  const days = (Date.parse(scope.to) - Date.parse(scope.from)) / dayMs;
  const buckets = Math.ceil(days / bucketDays[interval]);
  if (buckets > maxVolumeBuckets) {
    throw new GraphQLError(
      `volume(interval: ${interval.toUpperCase()}) over this window has about ${buckets} buckets; the limit is ${maxVolumeBuckets}: use a longer interval or a shorter window`,
      {
        extensions: {
          code: 'BAD_USER_INPUT',
          limit: maxVolumeBuckets,
          fields: [{ field: 'interval', message: `at most ${maxVolumeBuckets} buckets` }],
        },
      },
    );
  }
}

/**
 * A panel's statement under the dashboard statement timeout, its result shared through the dashboard cache by
 * every request for the same panel, window and team (`key` names the panel and its arguments; the scope, already
 * narrowed to what the caller may see, completes it). A result already behind a change is reported to the request
 * (`staleResult`), so the response built from it is not cached past it.
 */
function panel<T>(
  context: KefuContext,
  key: { panel: string; scope: MetricScope; args?: unknown },
  work: (db: Kysely<Database>) => Promise<T>,
): Promise<T> {
  const compute = () =>
    withStatementTimeout(context.runtime.store.db, context.dashboardStatementTimeoutMs, work);
  if (!context.dashboardCache) return compute();
  const { from, to, team, timeZone } = key.scope;
  return context.dashboardCache.get(
    JSON.stringify([key.panel, from, to, team ?? null, timeZone, key.args ?? null]),
    compute,
    context.staleResult,
  );
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The window as a scope the caller may see: supervisors are held to their team; managers and directors see all. */
export function metricScope(
  actor: RequestActor,
  window: { from: string; to: string; team?: string | null; timeZone?: string | null },
): MetricScope {
  const timeZone = window.timeZone ?? 'Asia/Shanghai';
  if (!isTimeZone(timeZone)) {
    throw new GraphQLError(`Unknown time zone "${timeZone}" (use an IANA name such as Asia/Shanghai)`, {
      extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'window.timeZone' }] },
    });
  }
  if (Date.parse(window.from) >= Date.parse(window.to)) {
    throw new GraphQLError('The window must end after it starts (window.from < window.to)', {
      extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'window.to' }] },
    });
  }
  if (Date.parse(window.to) - Date.parse(window.from) > maxWindowDays * dayMs) {
    throw new GraphQLError(
      `The window is longer than the limit of ${maxWindowDays} days (five years): narrow window.from … window.to`,
      {
        extensions: {
          code: 'BAD_USER_INPUT',
          limit: maxWindowDays,
          fields: [{ field: 'window', message: `at most ${maxWindowDays} days` }],
        },
      },
    );
  }
  const seesAll = allTeamRoles.includes(actor.role);
  const requested = window.team ?? undefined;
  if (!seesAll && requested !== undefined && requested !== actor.team) {
    throw new GraphQLError(`Not allowed: a ${actor.role} sees only team "${actor.team ?? '(none)'}"`, {
      extensions: { code: 'FORBIDDEN', role: actor.role },
    });
  }
  const team = seesAll ? requested : (actor.team ?? '\u0000no team');
  return {
    from: new Date(window.from).toISOString(),
    to: new Date(window.to).toISOString(),
    team,
    timeZone,
  };
}

const DurationsRef = builder.objectRef<Durations>('DurationStatistics').implement({
  description: 'Minutes: count, mean, median and 90th percentile.',
  fields: (t) => ({
    count: t.exposeInt('count'),
    averageMinutes: t.exposeFloat('averageMinutes', { nullable: true }),
    medianMinutes: t.exposeFloat('medianMinutes', { nullable: true }),
    p90Minutes: t.exposeFloat('p90Minutes', { nullable: true }),
  }),
});

const QueueCellRef = builder
  .objectRef<Awaited<ReturnType<typeof queueByState>>[number]>('QueueCell')
  .implement({
    fields: (t) => ({
      state: t.exposeString('state'),
      team: t.exposeString('team', { nullable: true }),
      count: t.exposeInt('count'),
      breached: t.exposeInt('breached'),
      oldestOpenedAt: t.field({ type: 'DateTime', nullable: true, resolve: (cell) => cell.oldestOpenedAt }),
    }),
  });

const DeadlineBreachCountRef = builder
  .objectRef<{ deadline: string; breaches: number }>('DeadlineBreachCount')
  .implement({
    fields: (t) => ({ deadline: t.exposeString('deadline'), breaches: t.exposeInt('breaches') }),
  });

const SlaComplianceRef = builder
  .objectRef<Awaited<ReturnType<typeof slaCompliance>>>('SlaCompliance')
  .implement({
    description: 'Complaints opened in the window and how many kept every deadline.',
    fields: (t) => ({
      complaints: t.exposeInt('complaints'),
      breached: t.exposeInt('breached'),
      complianceRate: t.exposeFloat('complianceRate', { nullable: true }),
      byDeadline: t.field({ type: [DeadlineBreachCountRef], resolve: (value) => value.byDeadline }),
    }),
  });

const FirstContactRef = builder
  .objectRef<Awaited<ReturnType<typeof firstContactResolution>>>('FirstContactResolution')
  .implement({
    description: 'Complaints resolved in the window with no reopening, repeat contact or escalation request.',
    fields: (t) => ({
      resolved: t.exposeInt('resolved'),
      firstContact: t.exposeInt('firstContact'),
      rate: t.exposeFloat('rate', { nullable: true }),
    }),
  });

const SatisfactionRef = builder
  .objectRef<Awaited<ReturnType<typeof satisfaction>>>('SatisfactionSummary')
  .implement({
    description: 'Revisits recorded in the window, by the customer’s answer (回访).',
    fields: (t) => ({
      revisits: t.exposeInt('revisits'),
      satisfied: t.exposeInt('satisfied'),
      neutral: t.exposeInt('neutral'),
      unsatisfied: t.exposeInt('unsatisfied'),
      satisfactionRate: t.exposeFloat('satisfactionRate', { nullable: true }),
    }),
  });

const VolumePointRef = builder
  .objectRef<Awaited<ReturnType<typeof volume>>[number]>('VolumePoint')
  .implement({
    fields: (t) => ({
      periodStart: t.field({ type: 'DateTime', resolve: (point) => point.periodStart }),
      opened: t.exposeInt('opened'),
      resolved: t.exposeInt('resolved'),
      breached: t.exposeInt('breached'),
    }),
  });

const ResponseBucketRef = builder
  .objectRef<Awaited<ReturnType<typeof responseVsSatisfaction>>['buckets'][number]>(
    'ResponseSatisfactionBucket',
  )
  .implement({
    fields: (t) => ({
      upToMinutes: t.exposeInt('upToMinutes', {
        nullable: true,
        description: 'null: the open-ended last bucket.',
      }),
      complaints: t.exposeInt('complaints'),
      satisfactionRate: t.exposeFloat('satisfactionRate', { nullable: true }),
    }),
  });

const ResponseVsSatisfactionRef = builder
  .objectRef<Awaited<ReturnType<typeof responseVsSatisfaction>>>('ResponseVsSatisfaction')
  .implement({
    description:
      'Revisited complaints: satisfaction by first-response time, and the correlation between them.',
    fields: (t) => ({
      buckets: t.field({ type: [ResponseBucketRef], resolve: (value) => value.buckets }),
      correlation: t.exposeFloat('correlation', { nullable: true }),
    }),
  });

const HotCategoryRef = builder
  .objectRef<Awaited<ReturnType<typeof hotCategories>>[number]>('HotCategory')
  .implement({
    fields: (t) => ({
      category: t.exposeString('category'),
      count: t.exposeInt('count'),
      previousCount: t.exposeInt('previousCount', { description: 'In the equally long window just before.' }),
      change: t.exposeInt('change'),
    }),
  });

const PerformanceRef = builder
  .objectRef<Awaited<ReturnType<typeof performance>>[number]>('PerformanceSummary')
  .implement({
    description: 'One agent’s or team’s work in the period.',
    fields: (t) => ({
      agent: t.string({
        nullable: true,
        resolve: (row) => row.key,
        description: 'null on team rows and for unassigned work.',
      }),
      team: t.exposeString('team', { nullable: true }),
      opened: t.exposeInt('opened'),
      resolved: t.exposeInt('resolved'),
      breached: t.exposeInt('breached'),
      averageHandlingMinutes: t.exposeFloat('averageHandlingMinutes', { nullable: true }),
      revisits: t.exposeInt('revisits'),
      satisfied: t.exposeInt('satisfied'),
    }),
  });

const HandOverItemRef = builder
  .objectRef<Awaited<ReturnType<typeof handOver>>[number]>('HandOverItem')
  .implement({
    description:
      'An open complaint the next shift takes over: its next deadline and unkept call-back promises.',
    fields: (t) => ({
      complaintId: t.exposeID('workflowId'),
      state: t.exposeString('state'),
      team: t.exposeString('team', { nullable: true }),
      assignee: t.exposeString('assignee', { nullable: true }),
      priority: t.exposeString('priority', { nullable: true }),
      nextDeadline: t.exposeString('nextDeadline', { nullable: true }),
      nextDueAt: t.field({ type: 'DateTime', nullable: true, resolve: (item) => item.nextDueAt }),
      openCallBacks: t.exposeInt('openCallBacks'),
      breached: t.exposeBoolean('breached'),
    }),
  });

interface PeriodSummaryParent {
  scope: MetricScope;
  at: string;
}

const PeriodSummaryRef = builder.objectRef<PeriodSummaryParent>('PeriodSummary').implement({
  description:
    'A daily, weekly or monthly summary (seed 004 §6) with the follow-ups handed to the next shift.',
  fields: (t) => ({
    periodStart: t.field({ type: 'DateTime', resolve: ({ scope }) => scope.from }),
    periodEnd: t.field({ type: 'DateTime', resolve: ({ scope }) => scope.to }),
    teams: t.field({
      type: [PerformanceRef],
      resolve: ({ scope }, _args, context) =>
        panel(context, { panel: 'teams', scope }, (db) => performance(db, scope, 'team')),
    }),
    agents: t.field({
      type: [PerformanceRef],
      resolve: ({ scope }, _args, context) =>
        panel(context, { panel: 'agents', scope }, (db) => performance(db, scope, 'agent')),
    }),
    handOver: t.field({
      type: [HandOverItemRef],
      args: { limit: t.arg.int({ defaultValue: 100 }) },
      resolve: ({ scope }, { limit }, context) =>
        panel(context, { panel: 'handOver', scope, args: limit }, (db) =>
          handOver(db, scope, scope.to, Math.max(1, Math.min(limit ?? 100, 500))),
        ),
    }),
  }),
});

const DashboardRef = builder.objectRef<DashboardParent>('Dashboard').implement({
  description:
    'Operations metrics computed in the database from the read models, one statement per panel. Supervisors see their team; managers and directors every team (or the one named).',
  authScopes: { readsDashboards: true },
  fields: (t) => ({
    from: t.field({ type: 'DateTime', resolve: ({ scope }) => scope.from }),
    to: t.field({ type: 'DateTime', resolve: ({ scope }) => scope.to }),
    team: t.string({
      nullable: true,
      resolve: ({ scope }) => (scope.team?.startsWith('\u0000') ? null : (scope.team ?? null)),
    }),
    queue: t.field({
      type: [QueueCellRef],
      description: 'Open complaints now by state and team (the window does not apply).',
      resolve: ({ scope }, _args, context) =>
        panel(context, { panel: 'queue', scope: { ...scope, from: '', to: '' } }, (db) =>
          queueByState(db, scope),
        ),
    }),
    slaCompliance: t.field({
      type: SlaComplianceRef,
      resolve: ({ scope }, _args, context) =>
        panel(context, { panel: 'slaCompliance', scope }, (db) => slaCompliance(db, scope)),
    }),
    firstContactResolution: t.field({
      type: FirstContactRef,
      resolve: ({ scope }, _args, context) =>
        panel(context, { panel: 'firstContactResolution', scope }, (db) => firstContactResolution(db, scope)),
    }),
    handlingTime: t.field({
      type: DurationsRef,
      description: 'Opening → resolution, for complaints resolved in the window.',
      resolve: ({ scope }, _args, context) =>
        panel(context, { panel: 'handlingTime', scope }, (db) => handlingTime(db, scope)),
    }),
    responseTime: t.field({
      type: DurationsRef,
      description: 'Opening → first step by a person, for complaints opened in the window.',
      resolve: ({ scope }, _args, context) =>
        panel(context, { panel: 'responseTime', scope }, (db) => responseTime(db, scope)),
    }),
    satisfaction: t.field({
      type: SatisfactionRef,
      resolve: ({ scope }, _args, context) =>
        panel(context, { panel: 'satisfaction', scope }, (db) => satisfaction(db, scope)),
    }),
    volume: t.field({
      type: [VolumePointRef],
      args: { interval: t.arg({ type: IntervalEnum, defaultValue: 'DAY' }) },
      description: `Complaints per calendar bucket; at most ${maxVolumeBuckets} buckets (BAD_USER_INPUT beyond).`,
      resolve: ({ scope }, { interval }, context) => {
        const unit = (interval ?? 'DAY').toLowerCase() as Interval;
        assertVolumeBuckets(scope, unit);
        return panel(context, { panel: 'volume', scope, args: unit }, (db) => volume(db, scope, unit));
      },
    }),
    responseVsSatisfaction: t.field({
      type: ResponseVsSatisfactionRef,
      resolve: ({ scope }, _args, context) =>
        panel(context, { panel: 'responseVsSatisfaction', scope }, (db) => responseVsSatisfaction(db, scope)),
    }),
    hotCategories: t.field({
      type: [HotCategoryRef],
      args: { limit: t.arg.int({ defaultValue: 10 }) },
      resolve: ({ scope }, { limit }, context) =>
        panel(context, { panel: 'hotCategories', scope, args: limit }, (db) =>
          hotCategories(db, scope, Math.max(1, Math.min(limit ?? 10, 100))),
        ),
    }),
  }),
});

builder.queryFields((t) => ({
  dashboard: t.field({
    type: DashboardRef,
    description: 'Every dashboard panel over one window.',
    authScopes: { readsDashboards: true },
    args: { window: t.arg({ type: MetricWindow, required: true }) },
    resolve: (_root, { window }, context) => ({ scope: metricScope(requireActor(context), window) }),
  }),
  summary: t.field({
    type: PeriodSummaryRef,
    description:
      'The day, week or month (in the time zone) containing `at`: per team, per agent, and the hand-over list.',
    authScopes: { readsDashboards: true },
    args: {
      interval: t.arg({ type: IntervalEnum, required: true }),
      at: t.arg({ type: 'DateTime', required: true }),
      team: t.arg.string(),
      timeZone: t.arg.string({ defaultValue: 'Asia/Shanghai' }),
    },
    resolve: async (_root, args, context) => {
      const actor = requireActor(context);
      const zone = args.timeZone ?? 'Asia/Shanghai';
      const at = new Date(args.at).toISOString();
      // Validate zone and team first (one instant wide), then widen to the calendar period.
      const probe = metricScope(actor, {
        from: at,
        to: new Date(Date.parse(at) + 1).toISOString(),
        team: args.team,
        timeZone: zone,
      });
      const period = await periodAround(
        context.runtime.store.db,
        at,
        args.interval.toLowerCase() as Interval,
        zone,
      );
      return { scope: { ...probe, ...period }, at };
    },
  }),
}));

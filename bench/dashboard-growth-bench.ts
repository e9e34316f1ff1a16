/**
 * Dashboards as complaints accumulate: 10k, 100k and 1M complaints on PostgreSQL, seeded by SQL into `workflows`
 * and the complaint projections (`complaint_facts`, `complaint_resolutions`, `complaint_revisits`,
 * `complaint_counts`, `complaint_rollups`) at a constant rate of complaints per day, so a larger table is a longer history, as a
 * call centre's is. Measures the queue page and the full dashboard (every panel, 30 days) computed in process at
 * each size (the growth table), and through kefu's built server under autocannon at 200 req/s at the largest.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createRuntime, type Database, openStore, type Store } from '@kefu/runtime';
import { loadJwtSecret, signDevelopmentToken } from '@kefu/server';
import {
  countComplaints,
  defaultWorkflows,
  firstContactResolution,
  handlingTime,
  hotCategories,
  listComplaintPage,
  type MetricScope,
  queueByState,
  responseTime,
  responseVsSatisfaction,
  rollupsFrom,
  satisfaction,
  slaCompliance,
  volume,
} from '@kefu/workflows';
import type autocannon from 'autocannon';
import { type Kysely, sql } from 'kysely';
import { dropSchema, resetSchema, schemaUrl } from './bench-database.js';
import type { BenchRow, BenchSection } from './bench-report.js';
import { median, sleep } from './bench-timing.js';
import { complaintInput } from './machine-sequences.js';
import { type ReadyChild, spawnReady } from './spawn-ready.js';

export interface DashboardBenchOptions {
  quick: boolean;
  databaseUrl: string;
  root: string;
}

const require = createRequire(import.meta.url);
const execFileAsync = promisify(execFile);
const schema = 'kefu_bench_dashboard';
/** About a million complaints a year. */
const perDay = 2_740;
const dayMs = 86_400_000;

/** g of a seeded id `bulk-<g>`, null for any other id. */
const bulkNumberText = (column: string) =>
  `(case when ${column} like 'bulk-%' then substr(${column}, 6)::int end)`;
const bulkNumber = (column: string) => sql.raw(bulkNumberText(column));

/**
 * Adds complaints `from + 1 … to` (complaint g opened g / perDay days before `now`): the last two days' are open,
 * older ones resolved or closed (a few still handling); resolutions, revisits, breaches and repeat contacts at
 * fixed shares; then the counters recomputed from the facts, and the seeded rows' hourly rollups added.
 */
export async function seedDashboardComplaints(
  store: Store,
  now: Date,
  from: number,
  to: number,
): Promise<number> {
  const began = performance.now();
  const db = store.db;
  const minutesPer = (24 * 60) / perDay;
  // The complaint-number trigger bumps one counter row per insert: in ONE statement of a million inserts every
  // bump walks the row's earlier versions (none can be pruned before the commit), so seeding turns quadratic.
  // Seeded rows carry numbers of their own (`KF-BULK-…`, apart from the yearly ones), with triggers off for it.
  await db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    await sql`
    insert into workflows (id, kind, machine_id, machine_version, state, status, snapshot, version, priority, team,
      assignee, customer_grade, category, opened_at, closed_at, breached, last_hash, created_at, updated_at, number)
    select 'bulk-' || g, t.kind, t.machine_id, t.machine_version, s.state, s.state, t.snapshot, 4,
      (array['normal','normal','high','urgent'])[1 + g % 4],
      (array['after-sales','billing','delivery','quality'])[1 + g % 4],
      case when g % 5 = 0 then null else 'agent-' || (g % 50) end,
      (array['A','B','B','C','C'])[1 + g % 5],
      (array['product-quality','delivery','billing','service-attitude','safety'])[1 + g % 5],
      o.opened_at, case when s.state = 'closed' then o.opened_at + interval '2 days' end,
      g % 7 = 0, md5(g::text), o.opened_at, o.opened_at, 'KF-BULK-' || lpad(g::text, 7, '0')
    from generate_series(${from + 1}::int, ${to}::int) g
    cross join (select * from workflows where id = 'bench-template') t
    cross join lateral (select ${now.toISOString()}::timestamptz - g * ${minutesPer}::float8 * interval '1 minute' as opened_at) o
    cross join lateral (select case
      when g < ${2 * perDay} then (array['received','recorded','analysing','awaitingDecision','handling','followingUp'])[1 + g % 6]
      when g % 20 = 0 then 'handling' when g % 10 = 1 then 'resolved' else 'closed' end as state) s`.execute(
      trx,
    );
  });
  await sql`
    insert into complaint_facts
    select w.id, w.status, w.state, w.team, w.assignee, w.category, w.customer_grade, w.priority, 'li.na',
      w.opened_at, w.closed_at, w.updated_at,
      w.opened_at + (5 + n % 60) * interval '1 minute',
      case when w.status in ('resolved', 'closed') then w.opened_at + (4 + n % 72) * interval '1 hour' end,
      case when w.status = 'closed' then (array['satisfied','satisfied','neutral','unsatisfied'])[1 + n % 4] end,
      n % 9 = 0, w.breached, case when w.breached then array['record'] else '{}'::text[] end,
      case when w.closed_at is null then w.opened_at + interval '1 day' end,
      case when w.closed_at is null then 'followUp' end, (n % 3 = 0)::int
    from workflows w cross join lateral (select ${bulkNumber('w.id')} as n) g
    where ${bulkNumber('w.id')} between ${from + 1} and ${to}`.execute(db);
  await sql`
    insert into complaint_resolutions (workflow_id, seq, at)
    select id, 3, first_resolved_at from complaint_facts
    where first_resolved_at is not null and ${bulkNumber('id')} between ${from + 1} and ${to}`.execute(db);
  await sql`
    insert into complaint_revisits (workflow_id, seq, at, satisfaction)
    select id, 4, first_resolved_at + interval '1 day', last_satisfaction from complaint_facts
    where last_satisfaction is not null and ${bulkNumber('id')} between ${from + 1} and ${to}`.execute(db);
  await sql`delete from complaint_counts`.execute(db);
  await sql`
    insert into complaint_counts (status, team, complaints, open, breached_open)
    select status, team, count(*), count(*) filter (where closed_at is null),
      count(*) filter (where closed_at is null and breached)
    from complaint_facts group by status, team`.execute(db);
  // The hourly rollups of the seeded rows, by the projection's own GROUP BY (a bench row is never seeded twice).
  await sql`
    insert into complaint_rollups as c ${sql.raw(
      rollupsFrom(
        `(select * from complaint_facts where ${bulkNumberText('id')} between ${from + 1} and ${to})`,
        `(select * from complaint_revisits where ${bulkNumberText('workflow_id')} between ${from + 1} and ${to})`,
      ),
    )}
    on conflict on constraint complaint_rollups_key do update set
      n = c.n + excluded.n, total = c.total + excluded.total, squares = c.squares + excluded.squares`.execute(
    db,
  );
  await sql`analyze`.execute(db);
  return (performance.now() - began) / 1000;
}

/**
 * Every panel of the full dashboard, as the server runs them for one request: in parallel, each in its own
 * transaction with JIT off (apps/server/src/statement-timeout.ts).
 */
function fullDashboard(store: Store, scope: MetricScope) {
  const panel = <T>(work: (db: Kysely<Database>) => Promise<T>) =>
    store.db.transaction().execute(async (trx) => {
      await sql`select set_config('jit', 'off', true)`.execute(trx);
      return work(trx);
    });
  return Promise.all([
    panel((db) => queueByState(db, scope)),
    panel((db) => slaCompliance(db, scope)),
    panel((db) => firstContactResolution(db, scope)),
    panel((db) => handlingTime(db, scope)),
    panel((db) => responseTime(db, scope)),
    panel((db) => satisfaction(db, scope)),
    panel((db) => volume(db, scope, 'day')),
    panel((db) => responseVsSatisfaction(db, scope)),
    panel((db) => hotCategories(db, scope, 10)),
  ]);
}

const manager = { all: true, userId: 'wang.fang' };

/** The queue page's reads: the first 20 open complaints and their count. */
function queuePage(store: Store) {
  return Promise.all([
    listComplaintPage(store.db, { visibility: manager, filter: { open: true }, first: 20 }),
    countComplaints(store.db, manager, { open: true }),
  ]);
}

async function timed(work: () => Promise<unknown>, times: number): Promise<number> {
  const samples: number[] = [];
  await work();
  for (let i = 0; i < times; i++) {
    const began = performance.now();
    await work();
    samples.push(performance.now() - began);
  }
  return median(samples);
}

/**
 * autocannon in a process of its own at 200 req/s over 20 connections (its own CLI, `--json`): in the benchmark's
 * process its timers would share an event loop and a garbage collector with the seeded store's pool.
 */
async function autocannonRun(url: string, body: string, headers: Record<string, string>, seconds: number) {
  const args = [
    require.resolve('autocannon/autocannon.js'),
    ...['--json', '-c', '20', '-R', '200', '-d', String(seconds), '-m', 'POST', '-b', body],
    ...Object.entries({ 'content-type': 'application/json', ...headers }).flatMap(([key, value]) => [
      '-H',
      `${key}=${value}`,
    ]),
    url,
  ];
  const { stdout } = await execFileAsync(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout) as autocannon.Result;
}

async function load(url: string, body: string, headers: Record<string, string>, seconds: number) {
  // Unmeasured warm-up at the same rate first: a fresh process's first seconds (JIT, caches) are not its p99.
  await autocannonRun(url, body, headers, Math.max(1, Math.round(seconds / 3)));
  const result = await autocannonRun(url, body, headers, seconds);
  return {
    perSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
  };
}

/** Complaints started for the writer; it assigns them in turn. */
const liveComplaints = 20;
/** The writer's pace while the server is loaded. */
const changesPerSecond = 10;
const assignMutation = `mutation Assign($input: AssignComplaintInput!) { assignComplaint(input: $input) { id assignee } }`;

/** Sends `perSecond` assignComplaint mutations a second through the server until `stop()`; `done` counts them. */
function changing(url: string, headers: Record<string, string>, perSecond: number) {
  let stopped = false;
  let sent = 0;
  let failed = 0;
  const done = (async () => {
    const began = performance.now();
    while (!stopped) {
      const index = sent;
      sent += 1;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({
            query: assignMutation,
            variables: {
              input: {
                id: `bench-live-${index % liveComplaints}`,
                assignee: index % 2 ? 'zhang.wei' : 'li.na',
                team: 'after-sales',
              },
            },
          }),
        });
        const result = (await response.json()) as { errors?: unknown };
        if (result.errors) failed += 1;
      } catch {
        failed += 1;
      }
      const due = began + (sent * 1000) / perSecond;
      await sleep(Math.max(0, due - performance.now()));
    }
    return { sent, failed };
  })();
  return {
    done,
    stop() {
      stopped = true;
    },
  };
}

const queueQuery = `query Queue { complaints(first: 20, filter: { open: true }) { totalCount totalCountCapped pageInfo { hasNextPage endCursor } nodes { id state priority team assignee openedAt customer { grade } } } }`;
const dashboardQuery = `query Dashboard($window: MetricWindow!) { dashboard(window: $window) {
  queue { state team count breached oldestOpenedAt } slaCompliance { complaints breached complianceRate byDeadline { deadline breaches } }
  volume { periodStart opened resolved breached } handlingTime { count medianMinutes p90Minutes }
  responseTime { count medianMinutes p90Minutes } satisfaction { revisits satisfied satisfactionRate }
  responseVsSatisfaction { buckets { upToMinutes complaints satisfactionRate } correlation }
  hotCategories { category count change } firstContactResolution { resolved firstContact rate } } }`;

export async function benchDashboard(options: DashboardBenchOptions): Promise<BenchSection[]> {
  const sizes = options.quick ? [2_000] : [10_000, 100_000, 1_000_000];
  const seconds = options.quick ? 3 : 10;
  const repeats = options.quick ? 3 : 15;
  const url = schemaUrl(options.databaseUrl, schema);
  await resetSchema(options.databaseUrl, schema);
  const store = await openStore({ databaseUrl: url, poolSize: 10 });
  const growth: BenchRow[] = [];
  const serverRows: BenchRow[] = [];
  const notes: string[] = [];
  const now = new Date();
  const scope: MetricScope = {
    from: new Date(now.getTime() - 30 * dayMs).toISOString(),
    to: now.toISOString(),
    timeZone: 'Asia/Shanghai',
  };
  const servers: ReadyChild[] = [];
  try {
    const runtime = createRuntime({ store, workflows: defaultWorkflows });
    const { complaintId: _id, ...input } = complaintInput('template');
    await runtime.start('complaint', input, { id: 'bench-template' });
    // Complaints the writer changes through the server while it is loaded (see `changing`).
    for (let index = 0; index < liveComplaints; index++) {
      const { complaintId: _liveId, ...live } = complaintInput(`live-${index}`);
      await runtime.start('complaint', live, { id: `bench-live-${index}` });
    }
    await runtime.idle();
    let seeded = 0;
    const seedSeconds: string[] = [];
    let first: { queue: number; dashboard: number } | undefined;
    for (const size of sizes) {
      seedSeconds.push(
        `${size.toLocaleString('en-US')}: ${(await seedDashboardComplaints(store, now, seeded, size)).toFixed(0)} s`,
      );
      seeded = size;
      const queue = await timed(() => queuePage(store), repeats * 4);
      const dashboard = await timed(() => fullDashboard(store, scope), repeats);
      first ??= { queue, dashboard };
      const label = size.toLocaleString('en-US');
      growth.push(
        {
          name: `queue page (first 20 open + totalCount), ${label} complaints`,
          label: `queue ${label}`,
          value: queue,
          unit: 'ms',
          baseline: { name: `the same at ${sizes[0]!.toLocaleString('en-US')}`, value: first.queue },
          ratio: first.queue / queue,
          note: `median of ${repeats * 4}, in process, computed (no cache)`,
        },
        {
          name: `full dashboard (9 panels, 30 days), ${label} complaints`,
          label: `dashboard ${label}`,
          value: dashboard,
          unit: 'ms',
          baseline: { name: `the same at ${sizes[0]!.toLocaleString('en-US')}`, value: first.dashboard },
          ratio: first.dashboard / dashboard,
          note: `median of ${repeats}, in process, computed (no cache)`,
        },
      );
    }
    const token = await signDevelopmentToken({
      role: 'manager',
      userId: 'wang.fang',
      secret: loadJwtSecret(),
    });
    const headers = { authorization: `Bearer ${token}` };
    const kefu = await spawnReady([join(options.root, 'apps', 'server', 'dist', 'main.js')], {
      cwd: options.root,
      env: { PORT: '0', HOST: '127.0.0.1', DATABASE_URL: url },
      ready: /kefu ready at (\S+)/,
    });
    servers.push(kefu);
    const serverUrl = kefu.match[1]!.replace('localhost', '127.0.0.1');
    const yoga = await spawnReady(
      ['--import', 'tsx', join(options.root, 'bench', 'baseline-server.ts'), 'yoga'],
      {
        cwd: options.root,
        ready: /ready (\d+)/,
      },
    );
    servers.push(yoga);
    const yogaUrl = `http://127.0.0.1:${yoga.match[1]}/graphql`;
    const window = { from: scope.from, to: scope.to };
    const largest = sizes.at(-1)!.toLocaleString('en-US');
    const yogaLoad = await load(yogaUrl, JSON.stringify({ query: '{ __typename }' }), {}, seconds);
    serverRows.push({
      name: 'graphql-yoga alone, { __typename }, p99 at 200 req/s',
      value: yogaLoad.p99,
      unit: 'ms',
      note: `served ${yogaLoad.perSecond.toFixed(0)} req/s, p50 ${yogaLoad.p50} ms`,
    });
    for (const [name, query, variables] of [
      ['queue page (first 20 open, totalCount)', queueQuery, {}],
      ['full dashboard (every panel, 30 days)', dashboardQuery, { window }],
    ] as const) {
      const body = JSON.stringify({ query, variables });
      const response = await fetch(serverUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
      const result = (await response.json()) as { errors?: unknown };
      if (result.errors) throw new Error(`${name}: ${JSON.stringify(result.errors)}`);
      const paced = await load(serverUrl, body, headers, seconds);
      serverRows.push({
        name: `${name}, ${largest} complaints, p99 at 200 req/s`,
        value: paced.p99,
        unit: 'ms',
        baseline: { name: 'graphql-yoga alone at 200 req/s', value: yogaLoad.p99 },
        ratio: yogaLoad.p99 / paced.p99,
        goal: 'p99 < 50 ms at 200 req/s',
        met: paced.p99 < 50 && paced.perSecond >= 190 && paced.errors === 0,
        note: `served ${paced.perSecond.toFixed(0)} req/s, p50 ${paced.p50} ms${paced.errors ? `, ${paced.errors} errors` : ''}`,
      });
      // The same load while complaints change through the API: every change drops the cached responses.
      const writer = changing(serverUrl, headers, changesPerSecond);
      const busy = await load(serverUrl, body, headers, seconds).finally(() => writer.stop());
      const changes = await writer.done;
      serverRows.push({
        name: `${name}, ${largest} complaints, p99 at 200 req/s while ${changesPerSecond} complaints change per second`,
        value: busy.p99,
        unit: 'ms',
        baseline: { name: 'the same without changes', value: paced.p99 },
        ratio: paced.p99 / busy.p99,
        note: `served ${busy.perSecond.toFixed(0)} req/s, p50 ${busy.p50} ms${busy.errors ? `, ${busy.errors} errors` : ''}; ${changes.sent} assignComplaint mutations sent (${changes.failed} failed)`,
      });
    }
    notes.push(
      `Seeded by SQL at ${perDay.toLocaleString('en-US')} complaints a day (about a million a year), so a larger table is a longer history: ${seedSeconds.join(', ')}. The last two days' complaints are open, older ones resolved or closed.`,
      'The growth table computes each read in the benchmark process straight from `@kefu/workflows` (no cache): the queue page reads the `(kind, opened_at desc nulls last, id)` index and the `complaint_counts` counters; each panel reads the daily `complaint_rollups` for the whole UTC days of the window, the hourly ones for the whole hours left, and `complaint_facts` / `complaint_revisits` for the partial hours at its two edges (`volume` reads hours, which group into local days), with parallel workers off. Its cost follows the days and hours in the window, not the complaints in the table.',
      `Server figures: the built \`apps/server/dist/main.js\` on the ${largest}-complaint schema, autocannon (in its own process) at 200 req/s over 20 connections, ${seconds} s each after an unmeasured warm-up of a third of that at the same rate (each server, yoga included), a manager's bearer token. The queue page and the full dashboard are served from the server's whole-response cache (\`response-cache.ts\`: per caller, 2 s TTL, dropped by every change; no complaint changes during the run), so each costs one execution per 2 s and the other requests a token verification, a cache look-up and serialisation; behind it the dashboard panels come from the per-(panel, window, team) cache.`,
    );
  } finally {
    for (const server of servers.reverse()) await server.stop();
    await store.close();
    await dropSchema(options.databaseUrl, schema);
  }
  return [
    { title: 'Dashboard growth (complaints 10k → 100k → 1M)', rows: growth, notes },
    { title: 'Dashboard under load (kefu server, PostgreSQL)', rows: serverRows, notes: [] },
  ];
}

/**
 * Runtime: durable transitions/s on PostgreSQL and PGlite against the database's own ceiling for the same writes
 * (one statement from a bare client); timer lateness at the scheduler's default poll interval; cold start with
 * 100,000 stored workflows.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createRuntime,
  createScheduler,
  type Database,
  openStore,
  PGliteDialect,
  type Runtime,
  type RuntimeOptions,
  type Store,
} from '@kefu/runtime';
import { complaintWorkflow, defaultReactions, defaultWorkflows } from '@kefu/workflows';
import { type CompiledQuery, type Dialect, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { ensureComplaints, schemaUrl } from './bench-database.js';
import { type BenchRow, type BenchSection, percentile } from './bench-report.js';
import { median, runClients, sleep } from './bench-timing.js';
import { assignEvent, complaintInput } from './machine-sequences.js';

export interface RuntimeBenchOptions {
  quick: boolean;
  databaseUrl: string;
}

/** The runtime's writes for one transition, as ONE statement: versioned update, log entry, outbox row. */
const ceilingStatement = `
  with target as (
    update workflows set snapshot = $2::jsonb, version = $3, assignee = $4, updated_at = $5::timestamptz, last_hash = $6
    where id = $1 and version = $3 - 1
    returning id
  ),
  appended as (
    insert into workflow_events (workflow_id, seq, type, event, from_state, to_state, at, actor_id, actor_role,
      previous_hash, hash)
    select id, $3, 'complaint.assign', $7::jsonb, 'recorded', 'recorded', $5::timestamptz, 'zhang.wei', 'supervisor', $8, $6
    from target
    returning seq
  ),
  queued as (
    insert into outbox (workflow_id, seq, topic, payload)
    select id, $3, 'workflow.changed', $9::jsonb from target
    returning id
  )
  select (select count(*) from appended)::int as written`;

interface CeilingTarget {
  id: string;
  version: number;
  snapshot: string;
  hash: string;
}

function ceilingParameters(target: CeilingTarget, index: number): unknown[] {
  const event = assignEvent(index);
  const at = new Date().toISOString();
  const version = target.version + 1;
  const hash = createHash('sha256').update(`${target.hash}${version}`).digest('hex');
  const changed = {
    workflowId: target.id,
    kind: 'complaint',
    seq: version,
    type: event.type,
    state: 'recorded',
    version,
    at,
  };
  const parameters = [
    target.id,
    target.snapshot,
    version,
    event.assignee,
    at,
    hash,
    JSON.stringify(event),
    target.hash,
    JSON.stringify(changed),
  ];
  target.version = version;
  target.hash = hash;
  return parameters;
}

/**
 * The like-for-like ceiling: the runtime's OWN statement for a `complaint.assign` on a row it holds in its
 * cache (versioned update guarded by `xmin`, log entry, outbox row, and the definition's projection parts —
 * for the complaint: the `complaint_facts` upsert, the counters and the rollup delta function), captured once
 * per workflow from a runtime whose Kysely logs its queries, then sent from a bare client with precomputed
 * parameters: only the version, the hashes, the `xmin` guard and the time change from one write to the next.
 */
interface ReplayTarget {
  text: string;
  /** The prepared statement's name when the runtime sent it as one (PostgreSQL), sent the same way. */
  name: string | undefined;
  parameters: unknown[];
  /** Positions of the parameters that change per write. */
  slots: Record<'seq' | 'expected' | 'hash' | 'previousHash' | 'xmin' | 'at', number[]>;
  version: number;
  hash: string;
  xmin: string;
}

/** A runtime over the same store and definitions whose transition statements are kept as sent. */
interface CaptureRuntime {
  runtime: Runtime;
  captured: CompiledQuery[];
}

function captureRuntime(
  store: Store,
  dialect: Dialect,
  workflows: RuntimeOptions['workflows'],
  preparedStatements = true,
): CaptureRuntime {
  const captured: CompiledQuery[] = [];
  const db = new Kysely<Database>({
    dialect,
    log: (event) => {
      if (event.level === 'query' && /^\s*with target as/.test(String(event.query.sql))) {
        captured.push(event.query);
      }
    },
  });
  const runtime = createRuntime({
    store: { ...store, db },
    workflows,
    reactions: defaultReactions,
    awaitDelivery: false,
    migrate: false,
    preparedStatements,
  });
  return { runtime, captured };
}

async function rowXmin(query: Query, id: string): Promise<string> {
  const { rows } = await query('select xmin::text as row_xmin from workflows where id = $1', [id]);
  return String(rows[0]!.row_xmin);
}

/** Captures the statement of one cached `complaint.assign` on `id` and where its changing parameters sit. */
async function captureReplay(capture: CaptureRuntime, query: Query, id: string): Promise<ReplayTarget> {
  // The first send reads the row; the captured second one plans on the cached row, as the measured sends do.
  await capture.runtime.send(id, { ...assignEvent(0), at: new Date().toISOString() });
  const xminBefore = await rowXmin(query, id);
  capture.captured.length = 0;
  const { workflow, entry } = await capture.runtime.send(id, {
    ...assignEvent(1),
    at: new Date().toISOString(),
  });
  const statement = capture.captured[0];
  if (capture.captured.length !== 1 || !statement) {
    throw new Error(`like-for-like ceiling: captured ${capture.captured.length} transition statements`);
  }
  const slots: ReplayTarget['slots'] = {
    seq: [],
    expected: [],
    hash: [],
    previousHash: [],
    xmin: [],
    at: [],
  };
  statement.parameters.forEach((value, index) => {
    if (value === workflow.version) slots.seq.push(index);
    else if (value === workflow.version - 1) slots.expected.push(index);
    else if (value === entry.hash) slots.hash.push(index);
    else if (value === entry.previousHash) slots.previousHash.push(index);
    else if (value === xminBefore) slots.xmin.push(index);
    else if (value === entry.at) slots.at.push(index);
  });
  for (const slot of ['seq', 'expected', 'hash', 'previousHash', 'xmin'] as const) {
    if (slots[slot].length === 0) throw new Error(`like-for-like ceiling: no parameter holds the ${slot}`);
  }
  // A named statement reaches the driver as pg's `{ name, text }` config.
  const sent = statement.sql as unknown as string | { name: string; text: string };
  return {
    text: typeof sent === 'string' ? sent : sent.text,
    name: typeof sent === 'string' ? undefined : sent.name,
    parameters: [...statement.parameters],
    slots,
    version: workflow.version,
    hash: entry.hash,
    xmin: await rowXmin(query, id),
  };
}

/** Sends the captured statement once more as the next write of its workflow. */
async function replayOnce(query: Query, target: ReplayTarget): Promise<void> {
  const parameters = [...target.parameters];
  const version = target.version + 1;
  const hash = createHash('sha256').update(`${target.hash}${version}`).digest('hex');
  const at = new Date().toISOString();
  const { slots } = target;
  for (const index of slots.seq) parameters[index] = version;
  for (const index of slots.expected) parameters[index] = target.version;
  for (const index of slots.hash) parameters[index] = hash;
  for (const index of slots.previousHash) parameters[index] = target.hash;
  for (const index of slots.xmin) parameters[index] = target.xmin;
  for (const index of slots.at) parameters[index] = at;
  const { rows } = await query(target.text, parameters, target.name);
  if (Number(rows[0]?.written) !== 1) throw new Error('like-for-like ceiling write lost its version check');
  target.version = version;
  target.hash = hash;
  target.xmin = String(rows[0]!.row_xmin);
}

async function startComplaints(runtime: Runtime, count: number, prefix: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const { complaintId: _id, ...input } = complaintInput(`${prefix}-${i}`);
    const { workflow } = await runtime.start('complaint', input, { id: `${prefix}-${i}` });
    await runtime.send(workflow.id, {
      type: 'complaint.record',
      at: '2026-03-02T09:04:00+08:00',
      by: { userId: 'zhang.wei', role: 'supervisor' },
      report: { facts: '客户反映电水壶底部漏水' },
    });
    ids.push(workflow.id);
  }
  return ids;
}

/** One statement; `name`: as that named prepared statement (PostgreSQL; PGlite takes the text). */
type Query = (
  text: string,
  parameters: unknown[],
  name?: string,
) => Promise<{ rows: Array<Record<string, unknown>> }>;

async function ceilingTargets(query: Query, ids: string[]): Promise<CeilingTarget[]> {
  const targets: CeilingTarget[] = [];
  for (const id of ids) {
    const { rows } = await query(
      'select version, snapshot::text as snapshot, last_hash from workflows where id = $1',
      [id],
    );
    const row = rows[0]!;
    targets.push({
      id,
      version: Number(row.version),
      snapshot: String(row.snapshot),
      hash: String(row.last_hash),
    });
  }
  return targets;
}

interface Throughput {
  runtime: number;
  ceiling: number;
  ceilingWithRead: number;
  /** The runtime's own statement (read-model parts included) from a bare client. */
  likeForLike: number;
  runtimeP99: number;
}

/**
 * Alternates ceiling and runtime runs (`rounds` each) with `clients` concurrent loops; medians of the rates.
 * `capture` runs the same definitions as `runtime`: it supplies the like-for-like ceiling's statements.
 */
async function measureThroughput(
  runtime: Runtime,
  capture: CaptureRuntime,
  query: Query,
  clients: number,
  seconds: number,
  rounds: number,
  prefix: string,
): Promise<Throughput> {
  const runtimeIds = await startComplaints(runtime, clients, `${prefix}-rt-${clients}`);
  const ceilingIds = await startComplaints(runtime, clients, `${prefix}-db-${clients}`);
  const replayIds = await startComplaints(runtime, clients, `${prefix}-db-lf-${clients}`);
  await runtime.idle();
  const targets = await ceilingTargets(query, ceilingIds);
  const replays: ReplayTarget[] = [];
  for (const id of replayIds) replays.push(await captureReplay(capture, query, id));
  await capture.runtime.idle();
  const rates = {
    runtime: [] as number[],
    ceiling: [] as number[],
    ceilingWithRead: [] as number[],
    likeForLike: [] as number[],
    p99: [] as number[],
  };
  let index = 0;
  // Every run starts on vacuumed tables: none pays for the dead row versions of the run before it (8 rows updated
  // thousands of times a second leave many), as it would if autovacuum happened to start during it.
  const { rows: tables } = await query(
    "select string_agg(format('%I', tablename), ', ') as names from pg_tables where schemaname = current_schema()",
    [],
  );
  const settle = () => query(`vacuum ${String(tables[0]!.names)}`, []);
  for (let round = 0; round < rounds; round++) {
    await settle();
    const ceiling = await runClients(clients, seconds, async (client) => {
      const { rows } = await query(ceilingStatement, ceilingParameters(targets[client]!, index++));
      if (rows[0]?.written !== 1) throw new Error('ceiling write lost its version check');
    });
    rates.ceiling.push(ceiling.perSecond);
    await settle();
    const withRead = await runClients(clients, seconds, async (client) => {
      await query('select * from workflows where id = $1', [targets[client]!.id]);
      const { rows } = await query(ceilingStatement, ceilingParameters(targets[client]!, index++));
      if (rows[0]?.written !== 1) throw new Error('ceiling write lost its version check');
    });
    rates.ceilingWithRead.push(withRead.perSecond);
    await settle();
    const likeForLike = await runClients(clients, seconds, (client) => replayOnce(query, replays[client]!));
    rates.likeForLike.push(likeForLike.perSecond);
    // The ceiling's outbox rows are not the runtime's to deliver.
    await query('update outbox set delivered_at = now() where delivered_at is null and workflow_id like $1', [
      `${prefix}-db-%`,
    ]);
    await settle();
    const measured = await runClients(clients, seconds, async (client) => {
      await runtime.send(runtimeIds[client]!, { ...assignEvent(index++), at: new Date().toISOString() });
    });
    rates.runtime.push(measured.perSecond);
    rates.p99.push(percentile(measured.latencies, 99));
  }
  return {
    runtime: median(rates.runtime),
    ceiling: median(rates.ceiling),
    ceilingWithRead: median(rates.ceilingWithRead),
    likeForLike: median(rates.likeForLike),
    runtimeP99: median(rates.p99),
  };
}

function throughputRows(engine: string, clients: number, result: Throughput, goal: boolean): BenchRow[] {
  const ratio = result.runtime / result.likeForLike;
  const plural = clients > 1 ? 's' : '';
  return [
    {
      name: `${engine}: runtime.send, ${clients} client${plural}, against the runtime's own statement from a bare client`,
      label: `${engine.split(' ')[0]} ${clients}c`,
      value: result.runtime,
      unit: 'transitions/s',
      baseline: {
        name: "the runtime's statement (read-model parts included) from a bare client",
        value: result.likeForLike,
      },
      ratio,
      ...(goal ? { goal: '≥ 60% of the DB ceiling (like for like)', met: ratio >= 0.6 } : {}),
      note: `p99 ${result.runtimeP99.toFixed(1)} ms`,
    },
    {
      name: `${engine}: runtime.send, ${clients} client${plural}, against the engine's writes alone (old ceiling)`,
      value: result.runtime,
      unit: 'transitions/s',
      baseline: {
        name: 'one-statement write (update + log + outbox) from a bare client',
        value: result.ceiling,
      },
      ratio: result.runtime / result.ceiling,
      note: 'the baseline writes no read model',
    },
    {
      name: `${engine}: like-for-like ceiling, ${clients} client${plural}`,
      value: result.likeForLike,
      unit: 'transitions/s',
      baseline: { name: 'one-statement write (update + log + outbox)', value: result.ceiling },
      ratio: result.likeForLike / result.ceiling,
      note: "the runtime's captured statement, replayed with precomputed parameters",
    },
    {
      name: `${engine}: ceiling incl. a row read, ${clients} client${clients > 1 ? 's' : ''}`,
      value: result.ceilingWithRead,
      unit: 'transitions/s',
      baseline: { name: 'one-statement write', value: result.ceiling },
      ratio: result.ceilingWithRead / result.ceiling,
      note: 'select + write: two round trips, the least a restore-then-write needs',
    },
  ];
}

async function timerLateness(
  runtime: Runtime,
  count: number,
  spreadMs: number,
): Promise<{
  p50: number;
  p99: number;
  max: number;
  fired: number;
  skipped: number;
  pollIntervalMs: number;
  runMs: number;
  recordedP99: number;
}> {
  const ids = await startComplaints(runtime, count, 'timer');
  const lateness = new Map<string, number>();
  const recorded = new Map<string, number>();
  const scheduler = createScheduler({
    runtime,
    onFiring: (firing) => {
      if (!firing.timer.name.startsWith('callBack.')) return;
      // Observed: when the scheduler reports the event applied (after its commit); recorded: what the runtime
      // stores as late_by_ms (measured from the start of the run that fired it).
      lateness.set(firing.timer.workflowId, Date.now() - Date.parse(firing.timer.dueAt));
      recorded.set(firing.timer.workflowId, firing.lateByMs);
    },
    onError: (error) => console.error('bench: scheduler run failed:', error),
  });
  await scheduler.start();
  // Due times start after the promises are all written (50 ms per send, at least 3 s), so no timer is late
  // because its row was written late; one written after its due time anyway is left out.
  const firstDue = Date.now() + Math.max(3000, count * 50);
  const writtenLate = new Set<string>();
  for (let i = 0; i < count; i++) {
    const dueAt = firstDue + Math.round((i * spreadMs) / count);
    await runtime.send(ids[i]!, {
      type: 'complaint.promiseCallBack',
      at: new Date().toISOString(),
      by: { userId: 'li.na', role: 'agent' },
      callBackBy: new Date(dueAt).toISOString(),
      note: '查询物流后回电',
    });
    if (Date.now() > dueAt) writtenLate.add(ids[i]!);
  }
  const until = firstDue + spreadMs + 30_000;
  const runTimes = new Map<string, number>();
  while (lateness.size < count && Date.now() < until) {
    await sleep(100);
    const { lastRunAt, lastRunMs } = scheduler.metrics();
    if (lastRunAt && lastRunMs !== null && Date.parse(lastRunAt) >= firstDue)
      runTimes.set(lastRunAt, lastRunMs);
  }
  const { pollIntervalMs } = scheduler.metrics();
  await scheduler.stop();
  const counted = ids.filter((id) => lateness.has(id) && !writtenLate.has(id));
  const sorted = counted.map((id) => lateness.get(id)!).sort((a, b) => a - b);
  const recordedSorted = counted.map((id) => recorded.get(id)!).sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
    fired: sorted.length,
    skipped: writtenLate.size,
    pollIntervalMs,
    runMs: median([...runTimes.values()]),
    recordedP99: percentile(recordedSorted, 99),
  };
}

/**
 * Timer lateness on PostgreSQL with the scheduler at its default poll interval: 300 complaints each promise a
 * call-back, due over 10 s (`npm run bench -- --only=timers` runs this section alone).
 */
export async function benchTimers(options: RuntimeBenchOptions): Promise<BenchSection> {
  const count = options.quick ? 20 : 300;
  const spreadMs = options.quick ? 1000 : 10_000;
  const store: Store = await openStore({ databaseUrl: schemaUrl(options.databaseUrl), poolSize: 10 });
  const runtime = createRuntime({ store, workflows: defaultWorkflows, reactions: defaultReactions });
  const rows: BenchRow[] = [];
  try {
    await runtime.ready();
    const timers = await timerLateness(runtime, count, spreadMs);
    rows.push({
      name: `timer lateness p50 (event applied − due_at), ${timers.fired} timers`,
      value: timers.p50,
      unit: 'ms',
      note: `poll interval ${timers.pollIntervalMs} ms (default)${timers.skipped ? `; ${timers.skipped} written after their due time left out` : ''}`,
    });
    rows.push({
      name: 'timer lateness p99',
      value: timers.p99,
      unit: 'ms',
      goal: 'p99 < 100 ms',
      met: timers.p99 < 100,
      note: `max ${timers.max.toFixed(0)} ms; late_by_ms as stored: p99 ${timers.recordedP99.toFixed(0)} ms; a scheduler run took ${timers.runMs.toFixed(0)} ms (median), ${(count / (spreadMs / 1000)).toFixed(0)} timers due per second`,
    });
  } finally {
    await runtime.idle();
    await store.close();
  }
  return {
    title: 'Timers on PostgreSQL',
    rows,
    notes: [
      'Lateness is the time from `due_at` to the moment the scheduler reports the event applied (after its commit), by the system clock. The scheduler sleeps until the earliest pending `due_at` (at most the 1,000 ms poll interval after a run began); a wake-up that comes before the due time by the clock (Node timers may fire ~1 ms early) leads to a run that finds nothing due, and the next run is then planned for that due time rather than the next poll.',
    ],
  };
}

async function coldStart(databaseUrl: string): Promise<{ kefu: number; list: number; bare: number }> {
  const url = schemaUrl(databaseUrl);
  const began = performance.now();
  const store = await openStore({ databaseUrl: url, poolSize: 10 });
  const runtime = createRuntime({ store, workflows: defaultWorkflows });
  const listBegan = performance.now();
  const page = await runtime.list({ kind: 'complaint', limit: 50 });
  const ended = performance.now();
  await store.close();
  if (page.length !== 50) throw new Error(`cold start listed ${page.length} complaints`);
  const bareBegan = performance.now();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(
    `select * from workflows where kind = 'complaint' order by created_at desc, id limit 50`,
  );
  const bare = performance.now() - bareBegan;
  await client.end();
  return { kefu: ended - began, list: ended - listBegan, bare };
}

export async function benchRuntime(options: RuntimeBenchOptions): Promise<BenchSection[]> {
  const seconds = options.quick ? 0.3 : 6;
  const rounds = options.quick ? 1 : 2;
  const clientCounts = [1, 8];
  const postgresRows: BenchRow[] = [];
  const notes: string[] = [];

  // ---- PostgreSQL
  const store: Store = await openStore({ databaseUrl: schemaUrl(options.databaseUrl), poolSize: 10 });
  // As the server runs it: each send returns after its commit and the outbox is delivered in the background.
  const runtime = createRuntime({
    store,
    workflows: defaultWorkflows,
    reactions: defaultReactions,
    awaitDelivery: false,
  });
  const pool = new pg.Pool({ connectionString: schemaUrl(options.databaseUrl), max: 10 });
  // The like-for-like ceiling's statements come from runtimes over their own small pools (see `captureReplay`).
  const capturePools: pg.Pool[] = [];
  const capturing = (workflows: RuntimeOptions['workflows'], preparedStatements = true) => {
    const capturePool = new pg.Pool({ connectionString: schemaUrl(options.databaseUrl), max: 2 });
    capturePools.push(capturePool);
    return captureRuntime(store, new PostgresDialect({ pool: capturePool }), workflows, preparedStatements);
  };
  try {
    for (const clients of clientCounts) {
      const result = await measureThroughput(
        runtime,
        capturing(defaultWorkflows),
        (text, parameters, name) => pool.query({ text, values: parameters, ...(name ? { name } : {}) }),
        clients,
        seconds,
        rounds,
        'pg',
      );
      postgresRows.push(...throughputRows('PostgreSQL', clients, result, clients === 8));
    }
    // The same send as before named statements (each statement parsed and planned on every send), against the
    // same statement sent unnamed from a bare client: the change's before and after in one run.
    const unnamedRuntime = createRuntime({
      store,
      workflows: defaultWorkflows,
      reactions: defaultReactions,
      awaitDelivery: false,
      migrate: false,
      preparedStatements: false,
    });
    const unnamed = await measureThroughput(
      unnamedRuntime,
      capturing(defaultWorkflows, false),
      (text, parameters, name) => pool.query({ text, values: parameters, ...(name ? { name } : {}) }),
      8,
      seconds,
      rounds,
      'pg-unnamed',
    );
    await unnamedRuntime.idle();
    const [unnamedOwn, unnamedOld] = throughputRows('PostgreSQL', 8, unnamed, false);
    postgresRows.push(
      {
        ...unnamedOwn!,
        name: "PostgreSQL: runtime.send with unnamed statements (preparedStatements: false), 8 clients, against the runtime's own statement sent unnamed from a bare client",
        label: 'PG 8c unnamed',
      },
      {
        ...unnamedOld!,
        name: 'PostgreSQL: runtime.send with unnamed statements, 8 clients, against the engine’s writes alone (old ceiling)',
      },
    );
    // The same send with the complaint's read models left out (the engine's own write alone): what the
    // projections (facts, counters, rollups) add to each transition's statement, against the same ceiling.
    const leanWorkflows = [{ ...complaintWorkflow, projections: [] }, ...defaultWorkflows.slice(1)];
    const engineOnly = createRuntime({
      store,
      workflows: leanWorkflows,
      reactions: defaultReactions,
      awaitDelivery: false,
      migrate: false,
    });
    const lean = await measureThroughput(
      engineOnly,
      capturing(leanWorkflows),
      (text, parameters, name) => pool.query({ text, values: parameters, ...(name ? { name } : {}) }),
      8,
      seconds,
      rounds,
      'pg-engine',
    );
    await engineOnly.idle();
    const [leanOwn, leanOld] = throughputRows('PostgreSQL', 8, lean, false);
    postgresRows.push(
      {
        ...leanOwn!,
        name: "PostgreSQL: runtime.send without the complaint read models (no projections), 8 clients, against the runtime's own statement from a bare client",
        label: 'PG 8c engine',
      },
      {
        ...leanOld!,
        name: 'PostgreSQL: runtime.send without the complaint read models, 8 clients, against the engine’s writes alone (old ceiling)',
      },
    );
  } finally {
    await runtime.idle();
    await pool.end();
    for (const capturePool of capturePools) await capturePool.end();
    await store.close();
  }
  const count = options.quick ? 2_000 : 100_000;
  const seeded = await ensureComplaints(options.databaseUrl, count);
  const colds = [];
  for (let run = 0; run < (options.quick ? 1 : 3); run++) colds.push(await coldStart(options.databaseUrl));
  const cold = {
    kefu: median(colds.map((run) => run.kefu)),
    list: median(colds.map((run) => run.list)),
    bare: median(colds.map((run) => run.bare)),
  };
  postgresRows.push({
    name: `cold start: openStore + first list, ${count.toLocaleString('en-US')} stored workflows`,
    value: cold.kefu,
    unit: 'ms',
    baseline: { name: 'bare pg connect + the same page query', value: cold.bare },
    ratio: cold.bare / cold.kefu,
    note: `first list query ${cold.list.toFixed(0)} ms; seeding took ${seeded.toFixed(1)} s`,
  });
  notes.push(
    'runtime.send as the server runs it (`awaitDelivery: false`, transition statements as named prepared statements): plan on the row this process last wrote (kept in process; a read only when it is not there), restore the actor, validate, send, persist in ONE statement (update guarded by version and xmin + idempotency check + hash-chained log entry + outbox rows claimed by this process; timer rows only when deadlines changed), return; the outbox is delivered from memory in the background and each delivered batch deleted in one statement. Each client works on its own complaint (no version conflicts); the event is `complaint.assign`.',
    "Two ceilings, each from a bare `pg` pool with precomputed parameters over the same connections. Like for like (the goal's baseline): the runtime's OWN statement for the same `complaint.assign` on a cached row — update guarded by version and xmin, log entry, claimed outbox row, and the complaint's read-model parts (`complaint_facts` upsert, counters, rollup delta function) — captured once per workflow from a runtime whose Kysely logs its queries and replayed with each write's version, hashes, xmin and time substituted (the other values, the snapshot and assignee among them, stay those of the captured write), sent the way the runtime sends it (a named prepared statement on PostgreSQL; unnamed for the `preparedStatements: false` row). The old one-statement ceiling: the engine's writes alone (row update + log insert + outbox insert as one CTE, unnamed), no read model; the runtime's ratio against it stays visible.",
  );

  // ---- PGlite (embedded, non-durable: relaxedDurability, one connection)
  const pgliteRows: BenchRow[] = [];
  const directory = mkdtempSync(join(tmpdir(), 'kefu-bench-pglite-'));
  const embedded = await openStore({ dataDir: join(directory, 'data') });
  const embeddedRuntime = createRuntime({
    store: embedded,
    workflows: defaultWorkflows,
    reactions: defaultReactions,
    awaitDelivery: false,
  });
  try {
    const pglite = embedded.pglite!;
    const query: Query = async (text, parameters) =>
      (await pglite.query(text, parameters)) as { rows: Array<Record<string, unknown>> };
    for (const clients of clientCounts) {
      const capture = captureRuntime(embedded, new PGliteDialect(pglite), defaultWorkflows);
      const result = await measureThroughput(
        embeddedRuntime,
        capture,
        query,
        clients,
        seconds,
        rounds,
        'lite',
      );
      pgliteRows.push(...throughputRows('PGlite (non-durable)', clients, result, false));
    }
  } finally {
    await embeddedRuntime.idle();
    await embedded.close();
    rmSync(directory, { recursive: true, force: true });
  }
  return [
    { title: 'Runtime on PostgreSQL', rows: postgresRows, notes },
    {
      title: 'Runtime on PGlite (embedded, non-durable)',
      rows: pgliteRows,
      notes: [
        'PGlite runs in the benchmark process with one connection and relaxed durability (no fsync): 8 clients queue on it. Not a durability figure; the embedded default for one machine.',
      ],
    },
  ];
}

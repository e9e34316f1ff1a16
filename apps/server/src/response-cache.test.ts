import { createCustomerStore } from '@kefu/customer-store';
import { createRuntime, createRuntimePubSub, openStore, type Runtime, type Store } from '@kefu/runtime';
import { defaultWorkflows } from '@kefu/workflows';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stalenessBoundMs } from './change-feed.js';
import { createDashboardCache, type DashboardCache } from './dashboard-cache.js';
import { createTestServer, type GraphQLResult, type TestServer } from './test-support.js';

let server: TestServer;
let store: Store;
/** Another process's runtime: same database, same pub/sub (as Redis would be), commits this server does not see. */
let other: Runtime;
let clock = Date.parse('2026-03-02T02:00:00.000Z');
/** Dashboard panel computations: a pass-through dashboard cache that counts and keeps nothing. */
let panelComputations = 0;
/** While set, panel computations wait for it. */
let gate: Promise<void> | undefined;
const countingDashboardCache: DashboardCache = {
  get: async (_key, compute) => {
    panelComputations += 1;
    await gate;
    return compute();
  },
  changed: () => undefined,
  computations: 0,
};
const manager = { role: 'manager', user: 'wang.fang' } as const;
const queue = `query Queue { complaints(first: 20, filter: { open: true }) { totalCount nodes { id team } } }`;
const open = `mutation { openComplaint(input: { customer: { name: "王伟" }, channel: phone, category: "logistics", summary: "快递丢失", team: "east" }) { id } }`;

function start(runtime: Runtime, team = 'east') {
  return runtime.start('complaint', {
    at: new Date(clock).toISOString(),
    by: { userId: 'li.na', role: 'agent' },
    customer: { name: '王伟', phone: '13800000000', grade: 'B' },
    channel: 'phone',
    category: 'product-quality',
    team,
    summary: '电水壶漏水',
  });
}

type Cached = GraphQLResult & { extensions?: { responseCache?: { hit: boolean; didCache?: boolean } } };

async function ask(
  query: string,
  as: Parameters<TestServer['graphql']>[2],
  variables = {},
  on: TestServer = server,
) {
  const result = (await on.graphql(query, variables, as)) as Cached & { status: number };
  return { ...result, cache: result.extensions?.responseCache };
}

/** Lets change events already published reach the change feed (one turn of the event loop, no clock). */
const settled = () => new Promise(setImmediate);

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://response-cache-test' });
  const pubSub = createRuntimePubSub();
  const customers = createCustomerStore({ store });
  const runtime = createRuntime({
    store,
    workflows: defaultWorkflows,
    subjectKeys: customers.subjectKeys,
    pubSub,
  });
  other = createRuntime({ store, workflows: defaultWorkflows, subjectKeys: customers.subjectKeys, pubSub });
  server = await createTestServer({
    runtime,
    customers,
    now: () => new Date(clock),
    dashboardCache: countingDashboardCache,
    responseCache: { ttlMs: 2_000, includeMetadata: true },
  });
  await start(runtime);
});

afterAll(async () => {
  await server.close();
  await store.close();
});

describe('response cache', () => {
  it('serves the second identical query from the cache', async () => {
    const first = await ask(queue, manager);
    expect(first.errors).toBeUndefined();
    expect(first.cache).toEqual({ hit: false, didCache: true, ttl: 2_000 });
    const second = await ask(queue, manager);
    expect(second.cache).toEqual({ hit: true });
    expect(second.data).toEqual(first.data);
  });

  it('keeps each user, role and team apart', async () => {
    await ask(queue, { role: 'supervisor', user: 'zhao.lei', team: 'east' });
    for (const caller of [
      { role: 'manager', user: 'chen.jing' },
      { role: 'director', user: 'wang.fang' },
      { role: 'supervisor', user: 'zhao.lei', team: 'west' },
    ] as const) {
      expect((await ask(queue, caller)).cache).toEqual({ hit: false, didCache: true, ttl: 2_000 });
    }
    // The west supervisor sees none of east's complaints: their own computation, not east's cached page.
    expect(
      (await ask(queue, { role: 'supervisor', user: 'zhao.lei', team: 'west' })).data.complaints.totalCount,
    ).toBe(0);
    expect(
      (await ask(queue, { role: 'supervisor', user: 'zhao.lei', team: 'east' })).data.complaints.totalCount,
    ).toBe(1);
  });

  it('never caches anonymous or refused requests', async () => {
    const anonymous = await ask(queue, null);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await ask(queue, null)).cache).toBeUndefined();
    // Trainers may not read complaints: the refusal is executed again, never stored.
    const trainer = { role: 'trainer', user: 'sun.li' } as const;
    const refused = await ask(queue, trainer);
    expect(refused.errors).toBeDefined();
    expect(refused.cache).toEqual({ hit: false, didCache: false });
    expect((await ask(queue, trainer)).cache).toEqual({ hit: false, didCache: false });
  });

  it('shows a mutation through this server to the next query', async () => {
    const before = (await ask(queue, manager)).data.complaints.totalCount;
    expect((await ask(queue, manager)).cache).toEqual({ hit: true });
    const opened = await ask(open, manager);
    expect(opened.errors).toBeUndefined();
    const after = await ask(queue, manager);
    expect(after.cache).toEqual({ hit: false, didCache: true, ttl: 2_000 });
    expect(after.data.complaints.totalCount).toBe(before + 1);
  });

  it('drops cached responses once on a change event from another process', async () => {
    const before = (await ask(queue, manager)).data.complaints.totalCount;
    expect((await ask(queue, manager)).cache).toEqual({ hit: true });
    const clears = server.yoga.responseCache!.clears;
    await start(other);
    await other.idle();
    await settled();
    expect(server.yoga.responseCache!.clears - clears).toBe(1);
    const after = await ask(queue, manager);
    expect(after.cache?.hit).toBe(false);
    expect(after.data.complaints.totalCount).toBe(before + 1);
  });

  it('drops cached responses once for a mutation through this server, though its change also comes back as an event', async () => {
    // Something cached since the last drop: a mutation's own drop at its end would have work to do.
    await ask(queue, manager);
    const clears = server.yoga.responseCache!.clears;
    expect((await ask(open, manager)).errors).toBeUndefined();
    await server.runtime.idle();
    await settled();
    expect(server.yoga.responseCache!.clears - clears).toBe(1);
    expect(server.yoga.changes.changes).toBeGreaterThan(0);
  });

  it('drops cached responses once for a commit of this process outside the API', async () => {
    const before = (await ask(queue, manager)).data.complaints.totalCount;
    const clears = server.yoga.responseCache!.clears;
    const changes = server.yoga.changes.changes;
    await start(server.runtime);
    await server.runtime.idle();
    await settled();
    expect(server.yoga.changes.changes - changes).toBe(1);
    expect(server.yoga.responseCache!.clears - clears).toBe(1);
    expect((await ask(queue, manager)).data.complaints.totalCount).toBe(before + 1);
  });

  it('drops cached responses after a mutation no change event announces', async () => {
    const customers = await ask(`{ customers { id } }`, manager);
    const customerId = customers.data.customers[0].id as string;
    await ask(queue, manager);
    expect((await ask(queue, manager)).cache).toEqual({ hit: true });
    const clears = server.yoga.responseCache!.clears;
    const changes = server.yoga.changes.changes;
    const override = await ask(
      `mutation($input: OverrideCustomerGradeInput!) { overrideCustomerGrade(input: $input) { grade } }`,
      manager,
      { input: { customerId, grade: 'A', reason: '长期合作客户' } },
    );
    expect(override.errors).toBeUndefined();
    expect(server.yoga.changes.changes).toBe(changes);
    expect(server.yoga.responseCache!.clears - clears).toBe(1);
    expect((await ask(queue, manager)).cache).toEqual({ hit: false, didCache: true, ttl: 2_000 });
  });

  it('expires a response after its TTL on the server clock', async () => {
    await ask(queue, manager);
    clock += 1_999;
    expect((await ask(queue, manager)).cache).toEqual({ hit: true });
    clock += 1;
    expect((await ask(queue, manager)).cache).toEqual({ hit: false, didCache: true, ttl: 2_000 });
  });

  it('logs each read of unmasked personal data again when it serves it from the cache', async () => {
    const names = `query { complaints(first: 5) { nodes { customer { name } } } }`;
    const logged = async () => {
      const row = await sql<{
        rows: number;
      }>`select count(*)::int as rows from access_log where user_id = 'wang.fang' and field = 'customer.name'`.execute(
        store.db,
      );
      return row.rows[0]!.rows;
    };
    const before = await logged();
    const first = await ask(names, manager);
    expect(first.cache).toEqual({ hit: false, didCache: true, ttl: 2_000 });
    const perRead = (await logged()) - before;
    expect(perRead).toBe(first.data.complaints.nodes.length);
    const second = await ask(names, manager);
    expect(second.cache).toEqual({ hit: true });
    expect(second.data).toEqual(first.data);
    expect((await logged()) - before).toBe(2 * perRead);
  });

  it('does not cache an operation asking a field outside the cached ones', async () => {
    const mixed = `query { complaints(first: 5) { totalCount } notificationInbox(first: 5) { id } }`;
    const result = await ask(mixed, manager);
    expect(result.errors).toBeUndefined();
    expect(result.cache).toEqual({ hit: false, didCache: false });
  });

  it('executes identical operations that arrive together once', async () => {
    const board = `query Board($window: MetricWindow!) { dashboard(window: $window) { queue { state count } } }`;
    const window = { from: '2026-03-01T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z' };
    const cache = server.yoga.responseCache!;
    const before = panelComputations;
    let release: () => void = () => undefined;
    gate = new Promise((resolve) => {
      release = resolve;
    });
    const both = Promise.all([ask(board, manager, { window }), ask(board, manager, { window })]);
    // Held until the second either waits for the first or computes on its own.
    while (cache.waiting === 0 && panelComputations - before < 2) await new Promise(setImmediate);
    gate = undefined;
    release();
    const [one, two] = await both;
    expect(one.errors).toBeUndefined();
    expect(two.data).toEqual(one.data);
    expect(panelComputations - before).toBe(1);
  });
});

describe('one staleness bound for both caches', () => {
  let boardServer: TestServer;
  const board = `query Board($window: MetricWindow!) { dashboard(window: $window) { queue { state count } } }`;
  const window = { from: '2026-03-01T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z' };
  const received = (result: Cached) =>
    (result.data.dashboard.queue as Array<{ state: string; count: number }>)
      .filter((cell) => cell.state === 'received')
      .reduce((sum, cell) => sum + cell.count, 0);

  beforeAll(async () => {
    // The default caches on the server's clock: the dashboard cache's interval and the response TTL are the bound.
    const runtime = createRuntime({ store, workflows: defaultWorkflows, pubSub: other.pubSub });
    boardServer = await createTestServer({
      runtime,
      now: () => new Date(clock),
      dashboardCache: createDashboardCache({ now: () => clock }),
      responseCache: { includeMetadata: true },
    });
  });

  afterAll(async () => {
    await boardServer.close();
  });

  it('shows a change from another process within the bound, never later, though a response was built from the stale board', async () => {
    const first = await ask(board, manager, { window }, boardServer);
    expect(first.errors).toBeUndefined();
    const changedAt = clock;
    await start(other);
    await other.idle();
    await settled();
    // Within the bound the board computed before the change may still be served …
    clock = changedAt + stalenessBoundMs - 1;
    const stale = await ask(board, manager, { window }, boardServer);
    expect(received(stale)).toBe(received(first));
    // … and the response built from it is kept only until that board stops being served.
    expect(stale.cache).toEqual({ hit: false, didCache: true, ttl: 1 });
    // At the bound every viewer sees the change.
    clock = changedAt + stalenessBoundMs;
    const fresh = await ask(board, manager, { window }, boardServer);
    expect(received(fresh)).toBe(received(first) + 1);
    expect(fresh.cache).toEqual({ hit: false, didCache: true, ttl: stalenessBoundMs });
    clock += 1;
    const again = await ask(board, manager, { window }, boardServer);
    expect(again.cache).toEqual({ hit: true });
    expect(received(again)).toBe(received(first) + 1);
  });
});

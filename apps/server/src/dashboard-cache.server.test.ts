import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardCache } from './dashboard-cache.js';
import { createTestServer, type TestServer } from './test-support.js';

let server: TestServer;
let clock = Date.parse('2026-03-02T02:00:00.000Z');
const cache = createDashboardCache({ minIntervalMs: 2_000, maxAgeMs: 60_000, now: () => clock });
const manager = { role: 'manager', user: 'wang.fang' } as const;
const query = `query Board($window: MetricWindow!) { dashboard(window: $window) { queue { state count } } }`;
const window = { from: '2026-03-01T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z' };

function open(minute: number) {
  return server.runtime.start('complaint', {
    at: new Date(Date.parse('2026-03-02T01:00:00.000Z') + minute * 60_000).toISOString(),
    by: { userId: 'li.na', role: 'agent' },
    customer: { name: '王伟', phone: '13800000000', grade: 'B' },
    channel: 'phone',
    category: 'product-quality',
    team: 'east',
    summary: '电水壶漏水',
  });
}

async function received(): Promise<number> {
  const { data, errors } = await server.graphql(query, { window }, manager);
  expect(errors).toBeUndefined();
  const cells = (data as { dashboard: { queue: Array<{ state: string; count: number }> } }).dashboard.queue;
  return cells.find((cell) => cell.state === 'received')?.count ?? 0;
}

beforeAll(async () => {
  server = await createTestServer({
    dataDir: 'memory://dashboard-cache-server-test',
    dashboardCache: cache,
    // The dashboard cache alone: whole responses would be served before it is asked (response-cache.test.ts).
    responseCache: false,
  });
  await open(0);
});

afterAll(async () => {
  await server.close();
});

describe('dashboard cache in the server', () => {
  it('serves a board from the cache until a change and the interval have both passed', async () => {
    expect(await received()).toBe(1);
    await open(1);
    await server.runtime.idle();
    // The change arrived, but the board was computed less than the interval ago: one computation per interval.
    clock += 1_999;
    expect(await received()).toBe(1);
    clock += 1;
    // The interval has passed: this viewer gets the board computed again.
    expect(await received()).toBe(2);
    expect(cache.computations).toBe(2);
    // No change since: the board stays cached past the interval.
    clock += 10_000;
    expect(await received()).toBe(2);
    expect(cache.computations).toBe(2);
  });
});

import type { Store } from '@kefu/runtime';
import { rebuildProjections } from '@kefu/workflows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from './test-support.js';

let server: TestServer;

interface Fixture {
  id: string;
  team: string;
  category: string;
  status: string;
  openedAt: string;
  closedAt?: string;
  assignee?: string;
  breaches?: Array<{ deadline: string; dueAt: string; at: string }>;
  deadlines?: Record<string, { dueAt: string; event: string; startedAt: string }>;
  callBacks?: Array<{ id: string; callBackBy: string; keptAt?: string }>;
  /** After the opening: [type, at, role, extra event fields]. */
  events: Array<[string, string, string, Record<string, unknown>?]>;
}

/** Writes read-model rows and log entries directly: the metrics follow these tables, whatever the machine does. */
async function seed(store: Store, fixture: Fixture) {
  const context = {
    complaintId: fixture.id,
    customer: { name: '王伟', phone: '13800001234', grade: 'B' },
    team: fixture.team,
    category: fixture.category,
    openedAt: fixture.openedAt,
    openedBy: { userId: 'li.na', role: 'agent' },
    breaches: fixture.breaches ?? [],
    deadlines: fixture.deadlines ?? {},
    callBacks: fixture.callBacks ?? [],
  };
  const last = fixture.events.at(-1)?.[1] ?? fixture.openedAt;
  await store.db
    .insertInto('workflows')
    .values({
      id: fixture.id,
      kind: 'complaint',
      machine_id: 'complaint',
      machine_version: 1,
      state: fixture.status,
      status: fixture.status,
      snapshot: JSON.stringify({ status: 'active', value: fixture.status, context }),
      version: fixture.events.length + 1,
      priority: 'normal',
      team: fixture.team,
      assignee: fixture.assignee ?? null,
      customer_grade: 'B',
      category: fixture.category,
      opened_at: fixture.openedAt,
      closed_at: fixture.closedAt ?? null,
      breached: (fixture.breaches ?? []).length > 0,
      last_hash: 'fixture',
      created_at: fixture.openedAt,
      updated_at: last,
    })
    .execute();
  const entries = [['complaint.started', fixture.openedAt, 'agent', {}] as const, ...fixture.events];
  await store.db
    .insertInto('workflow_events')
    .values(
      entries.map(([type, at, role, extra], index) => ({
        workflow_id: fixture.id,
        seq: index + 1,
        type,
        event: JSON.stringify({
          type,
          at,
          by: { userId: role === 'system' ? 'scheduler' : 'li.na', role },
          ...extra,
        }),
        from_state: null,
        to_state: fixture.status,
        at,
        actor_id: role === 'system' ? 'scheduler' : 'li.na',
        actor_role: role,
        idempotency_key: null,
        previous_hash: null,
        hash: `fixture-${index}`,
      })),
    )
    .execute();
}

const revisit = (satisfaction: string) => ({ revisitRecord: { method: 'phone', satisfaction } });

beforeAll(async () => {
  server = await createTestServer({ dataDir: 'memory://dashboard-test' });
  const { store } = server;
  await seed(store, {
    id: 'c1',
    team: 'east',
    category: 'product-quality',
    status: 'closed',
    openedAt: '2026-03-02T01:00:00Z',
    closedAt: '2026-03-03T02:00:00Z',
    assignee: 'a1',
    events: [
      ['complaint.record', '2026-03-02T01:04:00Z', 'supervisor'],
      ['complaint.resolve', '2026-03-02T03:00:00Z', 'supervisor'],
      ['complaint.recordRevisit', '2026-03-03T02:00:00Z', 'agent', revisit('satisfied')],
    ],
  });
  await seed(store, {
    id: 'c2',
    team: 'east',
    category: 'logistics',
    status: 'handling',
    openedAt: '2026-03-02T02:00:00Z',
    assignee: 'a2',
    breaches: [{ deadline: 'record', dueAt: '2026-03-02T02:10:00Z', at: '2026-03-02T02:10:00Z' }],
    events: [
      ['complaint.deadlineReached', '2026-03-02T02:10:00Z', 'system', { deadline: 'record' }],
      ['complaint.record', '2026-03-02T02:20:00Z', 'supervisor'],
      ['complaint.contact', '2026-03-02T04:00:00Z', 'agent'],
      ['complaint.resolve', '2026-03-02T06:00:00Z', 'supervisor'],
      ['complaint.recordRevisit', '2026-03-03T03:00:00Z', 'agent', revisit('unsatisfied')],
    ],
  });
  await seed(store, {
    id: 'c3',
    team: 'west',
    category: 'product-quality',
    status: 'received',
    openedAt: '2026-03-03T01:00:00Z',
    deadlines: {
      record: {
        dueAt: '2026-03-03T01:10:00Z',
        event: 'complaint.deadlineReached',
        startedAt: '2026-03-03T01:00:00Z',
      },
    },
    events: [],
  });
  await seed(store, {
    id: 'c4',
    team: 'west',
    category: 'product-quality',
    status: 'handling',
    openedAt: '2026-03-01T01:00:00Z',
    assignee: 'a3',
    deadlines: {
      followUp: {
        dueAt: '2026-03-02T10:00:00Z',
        event: 'complaint.deadlineReached',
        startedAt: '2026-03-01T05:00:00Z',
      },
    },
    callBacks: [{ id: 'p1', callBackBy: '2026-03-02T09:00:00Z' }],
    events: [['complaint.record', '2026-03-01T01:30:00Z', 'supervisor']],
  });
  // The rows bypassed the runtime: the projections are recomputed from them, as `kefu db rebuild-projections` does.
  await rebuildProjections(store.db, { repair: true });
});

afterAll(async () => {
  await server.close();
});

const manager = { role: 'manager', user: 'zhao.min' } as const;
const window = { from: '2026-03-02T00:00:00Z', to: '2026-03-04T00:00:00Z' };

describe('dashboard', () => {
  it('computes every panel from the read models', async () => {
    const { data, errors } = await server.graphql(
      `query($window: MetricWindow!) { dashboard(window: $window) {
        queue { state team count breached }
        slaCompliance { complaints breached complianceRate byDeadline { deadline breaches } }
        firstContactResolution { resolved firstContact rate }
        handlingTime { count averageMinutes medianMinutes p90Minutes }
        responseTime { count averageMinutes medianMinutes }
        satisfaction { revisits satisfied neutral unsatisfied satisfactionRate }
        volume(interval: DAY) { periodStart opened resolved breached }
        responseVsSatisfaction { buckets { upToMinutes complaints satisfactionRate } correlation }
        hotCategories { category count previousCount change }
      } }`,
      { window },
      manager,
    );
    expect(errors).toBeUndefined();
    const dashboard = data.dashboard;
    expect(dashboard.queue).toEqual([
      { state: 'handling', team: 'east', count: 1, breached: 1 },
      { state: 'handling', team: 'west', count: 1, breached: 0 },
      { state: 'received', team: 'west', count: 1, breached: 0 },
    ]);
    expect(dashboard.slaCompliance).toEqual({
      complaints: 3,
      breached: 1,
      complianceRate: 0.6667,
      byDeadline: [{ deadline: 'record', breaches: 1 }],
    });
    expect(dashboard.firstContactResolution).toEqual({ resolved: 2, firstContact: 1, rate: 0.5 });
    expect(dashboard.handlingTime).toEqual({
      count: 2,
      averageMinutes: 180,
      medianMinutes: 180,
      p90Minutes: 228,
    });
    expect(dashboard.responseTime).toEqual({ count: 2, averageMinutes: 12, medianMinutes: 12 });
    expect(dashboard.satisfaction).toEqual({
      revisits: 2,
      satisfied: 1,
      neutral: 0,
      unsatisfied: 1,
      satisfactionRate: 0.5,
    });
    // Calendar days in Asia/Shanghai (UTC+8): the window 08:00 on 2 March to 08:00 on 4 March touches three days.
    expect(dashboard.volume).toEqual([
      { periodStart: '2026-03-01T16:00:00.000Z', opened: 2, resolved: 2, breached: 1 },
      { periodStart: '2026-03-02T16:00:00.000Z', opened: 1, resolved: 0, breached: 0 },
      { periodStart: '2026-03-03T16:00:00.000Z', opened: 0, resolved: 0, breached: 0 },
    ]);
    expect(dashboard.responseVsSatisfaction.buckets.slice(0, 3)).toEqual([
      { upToMinutes: 10, complaints: 1, satisfactionRate: 1 },
      { upToMinutes: 30, complaints: 1, satisfactionRate: 0 },
      { upToMinutes: 60, complaints: 0, satisfactionRate: null },
    ]);
    expect(dashboard.responseVsSatisfaction.correlation).toBeCloseTo(-1);
    expect(dashboard.hotCategories).toEqual([
      { category: 'product-quality', count: 2, previousCount: 1, change: 1 },
      { category: 'logistics', count: 1, previousCount: 0, change: 1 },
    ]);
  });

  it('narrows every panel to one team when asked', async () => {
    const { data } = await server.graphql(
      `query($window: MetricWindow!) { dashboard(window: $window) { team slaCompliance { complaints } queue { team } } }`,
      { window: { ...window, team: 'west' } },
      manager,
    );
    expect(data.dashboard).toEqual({
      team: 'west',
      slaCompliance: { complaints: 1 },
      queue: [{ team: 'west' }, { team: 'west' }],
    });
  });

  it('refuses a window that ends before it starts and an unknown time zone, naming the field', async () => {
    const backwards = await server.graphql(
      `query($window: MetricWindow!) { dashboard(window: $window) { from } }`,
      { window: { from: window.to, to: window.from } },
      manager,
    );
    expect(backwards.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'window.to' }],
    });
  });
});

describe('dashboard limits', () => {
  const allPanels = `queue { count } slaCompliance { complaints } firstContactResolution { rate }
    handlingTime { count } responseTime { count } satisfaction { revisits } volume(interval: MONTH) { opened }
    responseVsSatisfaction { correlation } hotCategories { category }`;

  it('refuses a window longer than five years with BAD_USER_INPUT naming the limit, before any query', async () => {
    const result = await server.graphql(
      `query($window: MetricWindow!) { dashboard(window: $window) { volume(interval: DAY) { opened } } }`,
      { window: { from: '1000-01-01T00:00:00Z', to: '2999-01-01T00:00:00Z' } },
      manager,
    );
    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      limit: 1827,
      fields: [{ field: 'window' }],
    });
    expect(result.errors?.[0]?.message).toMatch(/limit of 1827 days/);
  });

  it('refuses more than 400 volume buckets, naming the limit, and allows the window by week', async () => {
    const twoYears = { from: '2024-03-01T00:00:00Z', to: '2026-03-01T00:00:00Z' };
    const daily = await server.graphql(
      `query($window: MetricWindow!) { dashboard(window: $window) { volume(interval: DAY) { opened } } }`,
      { window: twoYears },
      manager,
    );
    expect(daily.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 400 });
    expect(daily.errors?.[0]?.message).toMatch(/the limit is 400/);
    const weekly = await server.graphql(
      `query($window: MetricWindow!) { dashboard(window: $window) { volume(interval: WEEK) { opened } } }`,
      { window: twoYears },
      manager,
    );
    expect(weekly.errors).toBeUndefined();
    expect(weekly.data.dashboard.volume.length).toBeLessThanOrEqual(400);
  });

  it('refuses an operation whose dashboard fields cost more than the limit, and runs none of it', async () => {
    const one = await server.graphql(
      `query($window: MetricWindow!) { dashboard(window: $window) { ${allPanels} } }`,
      { window },
      manager,
    );
    expect(one.errors).toBeUndefined();
    const three = await server.graphql(
      `query($window: MetricWindow!) {
        a: dashboard(window: $window) { ${allPanels} }
        b: dashboard(window: $window) { ${allPanels} }
        c: dashboard(window: $window) { ${allPanels} }
      }`,
      { window },
      manager,
    );
    expect(three.data).toBeUndefined();
    expect(three.errors?.[0]?.extensions).toMatchObject({
      code: 'DASHBOARD_COST_LIMIT',
      cost: 273,
      limit: 200,
    });
  });

  it('counts a panel each time a fragment spreads it', async () => {
    const spread = await server.graphql(
      `fragment Panels on Dashboard { ${allPanels} }
      query($window: MetricWindow!) {
        a: dashboard(window: $window) { ...Panels }
        b: dashboard(window: $window) { ...Panels }
        c: dashboard(window: $window) { ...Panels }
      }`,
      { window },
      manager,
    );
    expect(spread.errors?.[0]?.extensions).toMatchObject({ code: 'DASHBOARD_COST_LIMIT', cost: 273 });
  });
});

describe('period summaries', () => {
  it('summarises the day per team and agent and hands the open follow-ups to the next shift', async () => {
    const { data, errors } = await server.graphql(
      `{ summary(interval: DAY, at: "2026-03-02T04:00:00Z") {
          periodStart periodEnd
          teams { team opened resolved breached averageHandlingMinutes }
          agents { agent team opened resolved }
          handOver { complaintId state team assignee nextDeadline nextDueAt openCallBacks breached }
      } }`,
      {},
      manager,
    );
    expect(errors).toBeUndefined();
    const summary = data.summary;
    expect(summary.periodStart).toBe('2026-03-01T16:00:00.000Z');
    expect(summary.periodEnd).toBe('2026-03-02T16:00:00.000Z');
    expect(summary.teams).toEqual([
      { team: 'east', opened: 2, resolved: 2, breached: 1, averageHandlingMinutes: 180 },
      { team: 'west', opened: 0, resolved: 0, breached: 0, averageHandlingMinutes: null },
    ]);
    expect(summary.agents).toEqual([
      { agent: 'a1', team: 'east', opened: 1, resolved: 1 },
      { agent: 'a2', team: 'east', opened: 1, resolved: 1 },
      { agent: 'a3', team: 'west', opened: 0, resolved: 0 },
    ]);
    expect(summary.handOver).toEqual([
      {
        complaintId: 'c4',
        state: 'handling',
        team: 'west',
        assignee: 'a3',
        nextDeadline: 'followUp',
        nextDueAt: '2026-03-02T10:00:00.000Z',
        openCallBacks: 1,
        breached: false,
      },
      {
        complaintId: 'c2',
        state: 'handling',
        team: 'east',
        assignee: 'a2',
        nextDeadline: null,
        nextDueAt: null,
        openCallBacks: 0,
        breached: true,
      },
    ]);
  });

  it('holds a supervisor to their own team', async () => {
    const { data } = await server.graphql(
      `{ summary(interval: WEEK, at: "2026-03-02T04:00:00Z") { teams { team } handOver { complaintId } } }`,
      {},
      { role: 'supervisor', user: 'zhang.wei', team: 'east' },
    );
    expect(data.summary.teams.map((row: { team: string }) => row.team)).toEqual(['east']);
    expect(data.summary.handOver.map((item: { complaintId: string }) => item.complaintId)).toEqual(['c2']);
  });
});

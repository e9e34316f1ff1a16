import { createRuntime, openStore, type Store } from '@kefu/runtime';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { histogramWidth, rollupsFrom } from './complaint-rollups.js';
import {
  firstContactResolution,
  handlingTime,
  hotCategories,
  type MetricScope,
  responseTime,
  responseVsSatisfaction,
  satisfaction,
  slaCompliance,
  volume,
} from './dashboard-queries.js';
import { defaultWorkflows } from './default-workflows.js';

let store: Store;

interface Fact {
  id: string;
  team: string;
  category: string;
  opened: string;
  response?: string;
  resolved?: string;
  answer?: string;
  repeat?: boolean;
  deadlines?: string[];
}

// Times are UTC. The window runs 2026-03-02 08:20 → 2026-03-03 10:40: neither edge is on the hour, so the hours
// 08:00 and 10:00 are partly inside and partly outside it.
const facts: Fact[] = [
  // opened before the window (previous window), first resolved inside it: handling 60 min
  {
    id: 'f1',
    team: 'team-a',
    category: 'billing',
    opened: '2026-03-02T08:10Z',
    response: '2026-03-02T08:15Z',
    resolved: '2026-03-02T09:10Z',
  },
  // opened in the window's first, partial hour: response 12 min, handling 240 min, breached once
  {
    id: 'f2',
    team: 'team-a',
    category: 'billing',
    opened: '2026-03-02T08:30Z',
    response: '2026-03-02T08:42Z',
    resolved: '2026-03-02T12:30Z',
    answer: 'satisfied',
    deadlines: ['record'],
  },
  // in the same hour as f2 but before the window
  {
    id: 'f3',
    team: 'team-a',
    category: 'delivery',
    opened: '2026-03-02T08:15Z',
    response: '2026-03-02T08:20Z',
    deadlines: ['record', 'resolve'],
  },
  // on the hour: response 30 min; first resolved in the last, partial hour (handling 1,170 min), a repeat contact
  {
    id: 'f4',
    team: 'team-b',
    category: 'billing',
    opened: '2026-03-02T15:00Z',
    response: '2026-03-02T15:30Z',
    resolved: '2026-03-03T10:30Z',
    answer: 'unsatisfied',
    repeat: true,
    deadlines: ['resolve', 'resolve'],
  },
  // in the last, partial hour: response 1 min
  {
    id: 'f5',
    team: 'team-b',
    category: 'delivery',
    opened: '2026-03-03T10:35Z',
    response: '2026-03-03T10:36Z',
  },
  // in the same hour as f5 but after the window
  { id: 'f6', team: 'team-a', category: 'delivery', opened: '2026-03-03T10:45Z' },
  // previous window; first resolved inside this one: handling 37 h 59 min = 2,279 min
  {
    id: 'f7',
    team: 'team-a',
    category: 'billing',
    opened: '2026-03-01T20:00Z',
    resolved: '2026-03-03T09:59Z',
  },
  // 18:40 UTC is 00:10 on 3 March in Kolkata (UTC+5:30), though its UTC hour starts at 23:30 on 2 March there
  { id: 'f8', team: 'team-b', category: 'safety', opened: '2026-03-02T18:40Z' },
  // before the previous window (which starts at 2026-03-01 06:00, the window's length before it)
  { id: 'f9', team: 'team-a', category: 'delivery', opened: '2026-03-01T05:59Z' },
];

const revisits = [
  { id: 'f1', at: '2026-03-02T08:19Z', answer: 'satisfied' }, // before the window
  { id: 'f2', at: '2026-03-02T13:00Z', answer: 'satisfied' },
  { id: 'f4', at: '2026-03-03T10:39Z', answer: 'neutral' },
  { id: 'f4', at: '2026-03-03T10:41Z', answer: 'unsatisfied' }, // after the window
];

const scope: MetricScope = {
  from: '2026-03-02T08:20:00Z',
  to: '2026-03-03T10:40:00Z',
  timeZone: 'Asia/Shanghai',
};

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://dashboard-queries-test' });
  await createRuntime({ store, workflows: defaultWorkflows }).ready();
  for (const fact of facts) {
    await sql`
      insert into complaint_facts (id, status, state, team, category, opened_at, updated_at, first_response_at,
        first_resolved_at, last_satisfaction, repeat_contact, breached, breach_deadlines)
      values (${fact.id}, 'received', 'received', ${fact.team}, ${fact.category}, ${fact.opened}::timestamptz,
        ${fact.opened}::timestamptz, ${fact.response ?? null}::timestamptz, ${fact.resolved ?? null}::timestamptz,
        ${fact.answer ?? null}, ${fact.repeat ?? false}, ${(fact.deadlines ?? []).length > 0},
        ${fact.deadlines ?? []}::text[])`.execute(store.db);
  }
  for (const [seq, revisit] of revisits.entries()) {
    await sql`insert into complaint_revisits (workflow_id, seq, at, satisfaction)
      values (${revisit.id}, ${seq + 10}, ${revisit.at}::timestamptz, ${revisit.answer})`.execute(store.db);
  }
  await sql`insert into complaint_rollups ${sql.raw(rollupsFrom('complaint_facts'))}`.execute(store.db);
});

afterAll(async () => {
  await store.close();
});

describe('dashboard panels over hourly rollups and the facts at the window edges', () => {
  it('slaCompliance counts complaints opened in the window and each missed deadline', async () => {
    // f2, f4, f5, f8; f2 and f4 breached (record once, resolve twice)
    expect(await slaCompliance(store.db, scope)).toEqual({
      complaints: 4,
      breached: 2,
      complianceRate: 0.5,
      byDeadline: [
        { deadline: 'resolve', breaches: 2 },
        { deadline: 'record', breaches: 1 },
      ],
    });
    expect(await slaCompliance(store.db, { ...scope, team: 'team-a' })).toEqual({
      complaints: 1,
      breached: 1,
      complianceRate: 0,
      byDeadline: [{ deadline: 'record', breaches: 1 }],
    });
  });

  it('reads a whole UTC day from the daily rollups, between hourly rollups and facts at the edges', async () => {
    // 2026-03-01 05:30 → 2026-03-03 10:40: 2 March whole (f1 f2 f3 f4 f8), f9 at 05:59 and f7 at 20:00 on
    // 1 March, f5 at 10:35 on 3 March (f6 at 10:45 is after it). Breached: f2 (record), f3 (record, resolve),
    // f4 (resolve twice).
    expect(await slaCompliance(store.db, { ...scope, from: '2026-03-01T05:30:00Z' })).toEqual({
      complaints: 8,
      breached: 3,
      complianceRate: 0.625,
      byDeadline: [
        { deadline: 'resolve', breaches: 3 },
        { deadline: 'record', breaches: 2 },
      ],
    });
  });

  it('reads a window inside one hour from the facts alone', async () => {
    const inside = { ...scope, from: '2026-03-03T10:30:00Z', to: '2026-03-03T10:40:00Z' };
    expect(await slaCompliance(store.db, inside)).toMatchObject({ complaints: 1, breached: 0 });
  });

  it('firstContactResolution counts complaints by their first resolution', async () => {
    // f1, f2, f4 (repeat contact), f7
    expect(await firstContactResolution(store.db, scope)).toEqual({
      resolved: 4,
      firstContact: 3,
      rate: 0.75,
    });
  });

  it('handlingTime and responseTime give counts, averages and percentiles', async () => {
    // handling 60, 240, 1170, 2279: median (240 + 1170) / 2; p90 at rank 2.7: 1170 + 0.7 × 1109
    expect(await handlingTime(store.db, scope)).toEqual({
      count: 4,
      averageMinutes: 937.25,
      medianMinutes: 705,
      p90Minutes: 1946.3,
    });
    // response 12 (f2), 30 (f4), 1 (f5): average 43 / 3; p90 at rank 1.8: 12 + 0.8 × 18
    expect(await responseTime(store.db, scope)).toEqual({
      count: 3,
      averageMinutes: 14.33,
      medianMinutes: 12,
      p90Minutes: 26.4,
    });
  });

  it('satisfaction counts revisits recorded in the window by answer, per team', async () => {
    expect(await satisfaction(store.db, scope)).toEqual({
      revisits: 2,
      satisfied: 1,
      neutral: 1,
      unsatisfied: 0,
      satisfactionRate: 0.5,
    });
    expect(await satisfaction(store.db, { ...scope, team: 'team-b' })).toMatchObject({
      revisits: 1,
      neutral: 1,
      satisfactionRate: 0,
    });
  });

  it('volume groups by local day, whole-hour and half-hour zones alike', async () => {
    // Shanghai (UTC+8): f2, f4 opened on 2 March, f5, f8 on 3 March; f1, f2 first resolved on 2 March, f4, f7 on 3 March
    expect(await volume(store.db, scope, 'day')).toEqual([
      { periodStart: '2026-03-01T16:00:00.000Z', opened: 2, resolved: 2, breached: 2 },
      { periodStart: '2026-03-02T16:00:00.000Z', opened: 2, resolved: 2, breached: 0 },
    ]);
    // Kolkata (UTC+5:30): the same split, f8 on 3 March by its exact time (its UTC hour starts on 2 March there)
    expect(await volume(store.db, { ...scope, timeZone: 'Asia/Kolkata' }, 'day')).toEqual([
      { periodStart: '2026-03-01T18:30:00.000Z', opened: 2, resolved: 2, breached: 2 },
      { periodStart: '2026-03-02T18:30:00.000Z', opened: 2, resolved: 2, breached: 0 },
    ]);
  });

  it('responseVsSatisfaction buckets revisited complaints and correlates', async () => {
    // f2: 12 min, satisfied (1); f4: 30 min, unsatisfied (0): two points on a falling line
    expect(await responseVsSatisfaction(store.db, scope)).toEqual({
      buckets: [
        { upToMinutes: 10, complaints: 0, satisfactionRate: null },
        { upToMinutes: 30, complaints: 1, satisfactionRate: 1 },
        { upToMinutes: 60, complaints: 1, satisfactionRate: 0 },
        { upToMinutes: 240, complaints: 0, satisfactionRate: null },
        { upToMinutes: 1440, complaints: 0, satisfactionRate: null },
        { upToMinutes: null, complaints: 0, satisfactionRate: null },
      ],
      correlation: -1,
    });
  });

  it('hotCategories compares with the window before', async () => {
    // now: billing f2 f4, delivery f5, safety f8; before (2026-03-01 06:00 → window): billing f1 f7, delivery f3
    expect(await hotCategories(store.db, scope, 10)).toEqual([
      { category: 'billing', count: 2, previousCount: 2, change: 0 },
      { category: 'delivery', count: 1, previousCount: 1, change: 0 },
      { category: 'safety', count: 1, previousCount: 0, change: 1 },
    ]);
  });
});

describe('histogram percentiles', () => {
  it('stay within one bucket of the exact percentile', async () => {
    const percentileDb = await openStore({ dataDir: 'memory://dashboard-percentile-test' });
    try {
      await createRuntime({ store: percentileDb, workflows: defaultWorkflows }).ready();
      // 41 responses from 3 to 295 minutes, many sharing a bucket, opened a minute apart from 2026-04-01 00:00
      const responses = Array.from({ length: 41 }, (_, k) => 3 + ((k * 37) % 41) * 7.3);
      for (const [k, m] of responses.entries()) {
        const opened = Date.parse('2026-04-01T00:00:00Z') + k * 60_000;
        await sql`
          insert into complaint_facts (id, status, state, team, opened_at, updated_at, first_response_at)
          values (${`p${k}`}, 'received', 'received', 'team-a', ${new Date(opened).toISOString()}::timestamptz,
            ${new Date(opened).toISOString()}::timestamptz, ${new Date(opened + m * 60_000).toISOString()}::timestamptz)`.execute(
          percentileDb.db,
        );
      }
      await sql`insert into complaint_rollups ${sql.raw(rollupsFrom('complaint_facts'))}`.execute(
        percentileDb.db,
      );
      const sorted = [...responses].sort((a, b) => a - b);
      const exact = (p: number) => {
        const rank = p * (sorted.length - 1);
        const below = Math.floor(rank);
        return sorted[below]! + (rank - below) * ((sorted[below + 1] ?? sorted[below]!) - sorted[below]!);
      };
      const bound = (p: number) => {
        const rank = p * (sorted.length - 1);
        const neighbours = [sorted[Math.floor(rank)]!, sorted[Math.ceil(rank)]!];
        return Math.max(...neighbours.map((m) => histogramWidth(m * 60) / 60));
      };
      const result = await responseTime(percentileDb.db, {
        from: '2026-04-01T00:00:00Z',
        to: '2026-04-02T00:00:00Z',
        timeZone: 'UTC',
      });
      expect(result.count).toBe(41);
      // the average is exact: Σ(3 + 7.3 i) for i = 0 … 40 over 41 = 3 + 7.3 × 20
      expect(result.averageMinutes).toBe(149);
      expect(Math.abs(result.medianMinutes! - exact(0.5))).toBeLessThanOrEqual(bound(0.5));
      expect(Math.abs(result.p90Minutes! - exact(0.9))).toBeLessThanOrEqual(bound(0.9));
    } finally {
      await percentileDb.close();
    }
  });
});

import { createRuntime, openStore, type Store } from '@kefu/runtime';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ComplaintSortField,
  countComplaints,
  InvalidCursor,
  listComplaintPage,
} from './complaint-queries.js';
import { defaultWorkflows } from './default-workflows.js';
import { rebuildProjections } from './rebuild-projections.js';

const total = 1_005;
let store: Store;
const everyone = { all: true, userId: 'wang.fang' };

interface Row {
  id: string;
  team: string | null;
  priority: string;
  opened_at: Date;
}

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://complaint-queries-test' });
  await createRuntime({ store, workflows: defaultWorkflows }).ready();
  // Rows written by SQL (the queries read columns, not snapshots); ties on every sort column, some teams null.
  await sql`
    insert into workflows (id, kind, machine_id, machine_version, state, status, snapshot, version, priority, team,
      assignee, customer_grade, category, opened_at, closed_at, breached, last_hash, created_at, updated_at)
    select 'c-' || lpad(g::text, 4, '0'), 'complaint', 'complaint', 2, s, s, '{"context":{}}', 1,
      (array['normal','high','urgent'])[1 + g % 3], case when g % 4 = 0 then null else 'team-' || (g % 3) end,
      null, 'B', 'category-' || (g % 5), timestamptz '2026-03-01T00:00:00Z' + (g / 7) * interval '1 minute',
      null, false, 'h', now(), now()
    from generate_series(1, ${total}) g cross join lateral (select (array['received','recorded'])[1 + g % 2] as s) x`.execute(
    store.db,
  );
  await rebuildProjections(store.db, { repair: true });
});

afterAll(async () => {
  await store.close();
});

async function walk(field: ComplaintSortField, direction: 'ASC' | 'DESC', first: number) {
  const ids: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await listComplaintPage(store.db, {
      visibility: everyone,
      orderBy: { field, direction },
      first,
      after,
    });
    ids.push(...page.rows.map((row) => row.id));
    if (!page.hasNextPage) return ids;
    after = page.cursors.at(-1);
  }
}

/** The order the pages must follow, computed here: the value (nulls last), then the id. */
async function expectedOrder(key: (row: Row) => number | string | null, direction: 'ASC' | 'DESC') {
  const { rows } =
    await sql<Row>`select id, team, priority, opened_at from workflows where kind = 'complaint'`.execute(
      store.db,
    );
  const sign = direction === 'ASC' ? 1 : -1;
  return rows
    .sort((a, b) => {
      const x = key(a);
      const y = key(b);
      if (x !== y) {
        if (x === null) return 1;
        if (y === null) return -1;
        return (x < y ? -1 : 1) * sign;
      }
      return a.id < b.id ? -1 : 1;
    })
    .map((row) => row.id);
}

const rank: Record<string, number> = { urgent: 3, high: 2, normal: 1 };

describe('complaint pages', () => {
  it('walks every complaint once, in order, when pages follow each other by cursor', async () => {
    expect(await walk('OPENED_AT', 'DESC', 100)).toEqual(
      await expectedOrder((row) => new Date(row.opened_at).getTime(), 'DESC'),
    );
    expect(await walk('TEAM', 'ASC', 64)).toEqual(await expectedOrder((row) => row.team, 'ASC'));
    expect(await walk('TEAM', 'DESC', 64)).toEqual(await expectedOrder((row) => row.team, 'DESC'));
    expect(await walk('PRIORITY', 'DESC', 250)).toEqual(
      await expectedOrder((row) => rank[row.priority] ?? 0, 'DESC'),
    );
  });

  it('refuses a cursor made for another order, and text that is no cursor', async () => {
    const page = await listComplaintPage(store.db, { visibility: everyone, first: 5 });
    const other = listComplaintPage(store.db, {
      visibility: everyone,
      orderBy: { field: 'TEAM', direction: 'ASC' },
      first: 5,
      after: page.cursors.at(-1),
    });
    await expect(other).rejects.toBeInstanceOf(InvalidCursor);
    await expect(
      listComplaintPage(store.db, { visibility: everyone, first: 5, after: 'not-a-cursor' }),
    ).rejects.toThrow(/Invalid cursor/);
  });
});

describe('complaint counts', () => {
  it('reads the counters when the filter names only states, teams or open', async () => {
    expect(await countComplaints(store.db, everyone, {})).toEqual({ count: total, capped: false });
    const recorded = Math.floor(total / 2) + (total % 2);
    expect(await countComplaints(store.db, everyone, { state: ['recorded'], open: true })).toEqual({
      count: recorded,
      capped: false,
    });
  });

  it('stops at 1,000 and says so when a filter makes an exact count costly', async () => {
    expect(await countComplaints(store.db, everyone, { grade: ['B'] })).toEqual({
      count: 1_000,
      capped: true,
    });
    expect(await countComplaints(store.db, everyone, { category: ['category-0'] })).toEqual({
      count: Math.floor(total / 5),
      capped: false,
    });
  });
});

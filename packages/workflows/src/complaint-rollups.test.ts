import {
  createRuntime,
  createScheduler,
  generateDataKey,
  openStore,
  type Runtime,
  type Store,
} from '@kefu/runtime';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { rollupsFrom, rollupsStoredFilter } from './complaint-rollups.js';
import { firstContactResolution, slaCompliance } from './dashboard-queries.js';
import { defaultWorkflows } from './default-workflows.js';
import { complaintSteps, openedComplaint } from './projection-test-support.js';
import { rebuildProjections } from './rebuild-projections.js';
import { defaultReactions } from './workflow-links.js';

const postgresUrl = process.env.KEFU_TEST_DATABASE_URL;
const t0 = Date.parse('2026-03-02T01:00:00.000Z');
const at = (minutes: number) => new Date(t0 + minutes * 60_000).toISOString();
const supervisor = { userId: 'zhang.wei', role: 'supervisor' };
const cleanups: Array<() => Promise<void>> = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function admin(statement: string) {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  await client.query(statement);
  await client.end();
}

async function pglite(): Promise<Store> {
  const store = await openStore({ dataDir: 'memory://complaint-rollups-test' });
  cleanups.push(() => store.close());
  return store;
}

async function postgres(): Promise<Store> {
  const schema = `kefu_test_rollups_${process.pid}_${Date.now().toString(36)}`;
  await admin(`create schema ${schema}`);
  cleanups.push(() => admin(`drop schema if exists ${schema} cascade`));
  const url = new URL(postgresUrl!);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const store = await openStore({ databaseUrl: url.toString(), poolSize: 4, dataKey: generateDataKey() });
  cleanups.push(() => store.close());
  return store;
}

/** Stored rollup rows (zero rows left out) against `rollupsFrom` the stored facts, as sorted text. */
async function rollupsAgainstFacts(store: Store) {
  const text = async (query: string) =>
    (await sql<{ row: string }>`select r::text as row from (${sql.raw(query)}) r`.execute(store.db)).rows
      .map((row) => row.row)
      .sort();
  return {
    stored: await text(`select * from complaint_rollups where ${rollupsStoredFilter}`),
    expected: await text(rollupsFrom('complaint_facts')),
  };
}

/**
 * A scripted life of several complaints: opened over two hours in two teams and two categories, one moved to
 * another team, resolved, reopened and resolved again, revisited; the rest left to miss their deadlines.
 */
async function life(runtime: Runtime) {
  const send = (id: string, event: Record<string, unknown>, minutes: number) =>
    runtime.send(id, { ...event, at: at(minutes) });
  const ids: string[] = [];
  for (let index = 0; index < 6; index++) {
    const opened = openedComplaint(
      at(index * 25),
      index % 2 ? 'team-b' : 'team-a',
      index % 3 ? 'product-quality' : 'delivery',
    );
    ids.push((await runtime.start('complaint', opened)).workflow.id);
  }
  const steps = complaintSteps('satisfied');
  const [a, b, c] = ids as [string, string, string];
  // a: moved to team-b, then the whole procedure (first resolved at minute 60, revisited satisfied)
  await send(a, { type: 'complaint.assign', by: supervisor, assignee: 'wu.lei', team: 'team-b' }, 3);
  for (const [step, event] of steps.entries()) await send(a, event, 5 + step * 8);
  // b: resolved at minute 90, revisited unsatisfied, reopened, resolved again at minute 200 (its first
  // resolution stays at 90) and revisited again, unsatisfied again
  const unsatisfied = { ...steps[8]!, revisitRecord: { method: 'phone', satisfaction: 'unsatisfied' } };
  for (const [step, event] of steps.slice(0, 7).entries()) await send(b, event, 30 + step * 10);
  await send(b, steps[7]!, 100);
  await send(b, unsatisfied, 110);
  await send(b, { type: 'complaint.reopen', by: supervisor, reason: '客户再次反映漏水' }, 150);
  await send(b, steps[5]!, 190);
  await send(b, steps[6]!, 200);
  await send(b, steps[7]!, 210);
  // the same answer again: the facts row keeps its columns, yet the revisit counts
  await send(b, unsatisfied, 220);
  // c: recorded only; the others and c miss their deadlines when the scheduler runs three days later
  await send(c, steps[0]!, 55);
  const scheduler = createScheduler({ runtime, now: () => new Date(t0 + 3 * 86_400_000) });
  await scheduler.runOnce();
  await runtime.idle();
  return ids;
}

const databases: Array<[string, () => Promise<Store>]> = [
  ['PGlite', pglite],
  ...(postgresUrl ? [['PostgreSQL', postgres] as [string, () => Promise<Store>]] : []),
];

describe.each(databases)('complaint rollups on %s', (_name, open) => {
  it('equal rollupsFrom(complaint_facts) after a scripted life, and rebuild finds a tampered row', async () => {
    const store = await open();
    const runtime = createRuntime({ store, workflows: defaultWorkflows, reactions: defaultReactions });
    const ids = await life(runtime);

    const { stored, expected } = await rollupsAgainstFacts(store);
    expect(stored.length).toBeGreaterThan(0);
    expect(stored).toEqual(expected);
    const revisits = await sql<{ key: string; n: string }>`
      select key, sum(n) as n from complaint_rollups where measure = 'revisit' group by key order by key`.execute(
      store.db,
    );
    expect(revisits.rows.map((row) => [row.key, Number(row.n)])).toEqual([
      ['satisfied', 1],
      ['unsatisfied', 2],
    ]);
    expect(await rebuildProjections(store.db)).toEqual([]);

    const window = { from: at(0), to: at(3 * 24 * 60), timeZone: 'Asia/Shanghai' };
    // a moved to team-b: team-a keeps the two others it opened (indexes 2 and 4)
    expect((await slaCompliance(store.db, { ...window, team: 'team-a' })).complaints).toBe(2);
    expect((await slaCompliance(store.db, { ...window, team: 'team-b' })).complaints).toBe(4);
    // a and b are resolved, b twice but counted once; neither is first contact (both procedures have a
    // complaint.contact, and b was reopened)
    expect(await firstContactResolution(store.db, window)).toEqual({
      resolved: 2,
      firstContact: 0,
      rate: 0,
    });
    expect(ids).toHaveLength(6);

    await sql`update complaint_rollups set n = n + 1
      where ctid = (select ctid from complaint_rollups where measure = 'opened' and n > 0 limit 1)`.execute(
      store.db,
    );
    const found = await rebuildProjections(store.db);
    expect(found.map((difference) => difference.table)).toEqual(['complaint_rollups']);
    // the tampered row as stored, and as it should be
    expect([found[0]!.stored.length, found[0]!.expected.length]).toEqual([1, 1]);
    expect(await rebuildProjections(store.db, { repair: true })).toHaveLength(1);
    expect(await rebuildProjections(store.db)).toEqual([]);
  }, 120_000);
});

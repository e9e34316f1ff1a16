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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueByState } from './dashboard-queries.js';
import { defaultWorkflows } from './default-workflows.js';
import { complaintSteps, openedComplaint } from './projection-test-support.js';
import { rebuildProjections } from './rebuild-projections.js';
import { defaultReactions } from './workflow-links.js';

const postgresUrl = process.env.KEFU_TEST_DATABASE_URL;
const t0 = Date.parse('2026-03-02T01:00:00.000Z');
const at = (minutes: number) => new Date(t0 + minutes * 60_000).toISOString();

let schema = '';
let url = '';
const stores: Store[] = [];

async function admin(statement: string) {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  await client.query(statement);
  await client.end();
}

beforeAll(async () => {
  if (!postgresUrl) return;
  schema = `kefu_test_projections_${process.pid}_${Date.now().toString(36)}`;
  await admin(`create schema ${schema}`);
  const withPath = new URL(postgresUrl);
  withPath.searchParams.set('options', `-c search_path=${schema}`);
  url = withPath.toString();
});

afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  if (schema) await admin(`drop schema if exists ${schema} cascade`);
});

const dataKey = generateDataKey();

async function instance(): Promise<{ store: Store; runtime: Runtime }> {
  const store = await openStore({ databaseUrl: url, poolSize: 6, dataKey });
  stores.push(store);
  return {
    store,
    runtime: createRuntime({
      store,
      workflows: defaultWorkflows,
      reactions: defaultReactions,
      maxAttempts: 50,
    }),
  };
}

describe.skipIf(!postgresUrl)('complaint projections on PostgreSQL', () => {
  it('match a recomputation from the log after concurrent writers, timers and reactions', async () => {
    const first = await instance();
    const second = await instance();
    const answers = ['satisfied', 'neutral', 'unsatisfied'] as const;
    const ids: string[] = [];
    for (let index = 0; index < 12; index++) {
      const team = index % 3 === 0 ? 'team-a' : 'team-b';
      ids.push((await first.runtime.start('complaint', openedComplaint(at(index), team))).workflow.id);
    }
    // Two runtimes race through every complaint's procedure: each step is sent by both, one wins.
    await Promise.all(
      ids.slice(0, 9).map(async (id, index) => {
        for (const [step, event] of complaintSteps(answers[index % 3]!).entries()) {
          const stamped = { ...event, at: at(30 + step * 5) };
          await Promise.allSettled([first.runtime.send(id, stamped), second.runtime.send(id, stamped)]);
        }
      }),
    );
    // The rest miss their deadlines: the scheduler fires them (breaches, escalations by reaction).
    const scheduler = createScheduler({ runtime: first.runtime, now: () => new Date(t0 + 3 * 86_400_000) });
    await scheduler.runOnce();
    await first.runtime.idle();
    expect(await rebuildProjections(first.store.db)).toEqual([]);
    const records = await Promise.all(ids.map((id) => first.runtime.get(id)));
    expect(new Set(records.map((record) => record.readModel.closedAt === null))).toEqual(
      new Set([true, false]),
    );
    const queue = await queueByState(first.store.db, {});
    expect(queue.reduce((sum, cell) => sum + cell.count, 0)).toBe(
      records.filter((record) => record.readModel.closedAt === null).length,
    );
  });

  it('finds a corrupted counter, names its table, and repairs it', async () => {
    const store = stores[0]!;
    await sql`update complaint_counts set open = open + 5 where status = 'closed'`.execute(store.db);
    const found = await rebuildProjections(store.db);
    expect(found.map((difference) => difference.table)).toEqual(['complaint_counts']);
    expect(found[0]!.stored).toEqual([expect.stringMatching(/^\(closed,team-[ab],\d+,5,0\)$/)]);
    expect(await rebuildProjections(store.db, { repair: true })).toHaveLength(1);
    expect(await rebuildProjections(store.db)).toEqual([]);
  });
});

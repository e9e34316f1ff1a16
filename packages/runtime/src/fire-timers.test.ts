import { type KyselyPlugin, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from './create-runtime.js';
import { openStore, type Store } from './open-store.js';
import type { Projection } from './projection.js';
import { testDataKey, ticketInput, ticketWorkflow } from './test-support.js';

const t0 = '2026-03-02T09:00:00.000Z';
const minutes = (n: number) => new Date(Date.parse(t0) + n * 60_000);

/** Records each deadline event; that of `failing.workflowId` fails in the database (a division by zero). */
const failing: { workflowId: string | undefined } = { workflowId: undefined };
const deadlinesSeen: Projection = {
  id: 'test_deadline',
  tables: [
    {
      id: 'test_deadline_0001',
      up: 'create table if not exists test_deadlines (workflow_id text not null, seq integer not null, ratio integer)',
    },
  ],
  ctes: ({ workflow, entry }) =>
    entry.type === 'ticket.deadlineReached'
      ? [
          {
            name: 'test_deadline_seen',
            text: `insert into test_deadlines select target.id, $1::int, 1 / $2::int from target returning seq`,
            values: [entry.seq, failing.workflowId === workflow.id ? 0 : 1],
          },
        ]
      : [],
};

let store: Store;
const runtimes: Runtime[] = [];

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://fire-timers-test', dataKey: testDataKey });
});

afterAll(async () => {
  // Deliveries a firing started in the background end before the store closes.
  await Promise.all(runtimes.map((runtime) => runtime.idle()));
  await store.close();
});

describe('fireDueTimers', () => {
  it('leaves a timer whose send fails in the database due for the next run, and fires the others', async () => {
    const runtime = createRuntime({
      store,
      workflows: [{ ...ticketWorkflow, projections: [deadlinesSeen] }],
    });
    runtimes.push(runtime);
    const ids: string[] = [];
    for (const replyWithin of [5, 6, 7]) {
      ids.push((await runtime.start('ticket', ticketInput(t0, replyWithin))).workflow.id);
    }
    const errors: unknown[][] = [];
    const originalError = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    failing.workflowId = ids[1];
    let firings: Awaited<ReturnType<typeof runtime.fireDueTimers>>;
    try {
      firings = await runtime.fireDueTimers(minutes(10));
    } finally {
      console.error = originalError;
    }
    // The second timer's statement failed: it alone was rolled back; the third still fired in the same call.
    expect(firings.map((firing) => [firing.timer.workflowId, firing.outcome])).toEqual([
      [ids[0], 'fired'],
      [ids[2], 'fired'],
    ]);
    expect(errors).toHaveLength(1);
    expect(String(errors[0]![1])).toContain('division by zero');
    expect((await runtime.timers(ids[1]!)).map((timer) => timer.firedAt)).toEqual([null]);
    expect((await runtime.get(ids[1]!)).context.breaches).toEqual([]);

    failing.workflowId = undefined;
    const later = await runtime.fireDueTimers(minutes(11));
    expect(later.map((firing) => [firing.timer.workflowId, firing.outcome, firing.lateByMs])).toEqual([
      [ids[1], 'fired', 5 * 60_000],
    ]);
    const { rows } = await sql<{ workflow_id: string }>`
      select workflow_id from test_deadlines order by workflow_id`.execute(store.db);
    expect(rows.map((row) => row.workflow_id).sort()).toEqual([...ids].sort());
  });

  it('throws what failed outside the send (writing the timer row) and leaves that timer due', async () => {
    /** When set, the write of a fired timer's outcome fails, as if the database had gone away. */
    const outage = { on: false };
    const failOutcome: KyselyPlugin = {
      transformQuery({ node }) {
        const text = JSON.stringify(node);
        if (
          outage.on &&
          node.kind === 'UpdateQueryNode' &&
          text.includes('"timers"') &&
          text.includes('outcome')
        )
          throw new Error('outcome write failed');
        return node;
      },
      transformResult: async ({ result }) => result,
    };
    const runtime = createRuntime({
      store: { ...store, db: store.db.withPlugin(failOutcome) },
      workflows: [ticketWorkflow],
      migrate: false,
    });
    runtimes.push(runtime);
    const { workflow } = await runtime.start('ticket', ticketInput(minutes(100).toISOString(), 5));
    outage.on = true;
    await expect(runtime.fireDueTimers(minutes(110))).rejects.toThrow('outcome write failed');
    outage.on = false;
    expect((await runtime.timers(workflow.id)).map((timer) => timer.firedAt)).toEqual([null]);
    const fired = await runtime.fireDueTimers(minutes(110));
    expect(fired.map((firing) => [firing.timer.workflowId, firing.outcome])).toEqual([
      [workflow.id, 'fired'],
    ]);
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from './create-runtime.js';
import { openStore, type Store } from './open-store.js';
import type { Projection } from './projection.js';
import { agent, note, testDataKey, ticketInput, ticketWorkflow } from './test-support.js';

const t0 = '2026-03-02T09:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(t0) + minutes * 60_000).toISOString();

/** Counts transitions per state; refuses (throws) on a note reading "refuse". */
const transitionsPerState: Projection = {
  id: 'test_transitions_per_state',
  tables: [
    {
      id: 'test_projection_0001',
      up: 'create table if not exists test_state_counts (state text primary key, transitions integer not null)',
    },
  ],
  async apply(trx, change) {
    if (change.entry.event.text === 'refuse') throw new Error('projection refused');
    await sql`insert into test_state_counts (state, transitions) values (${change.workflow.state}, 1)
      on conflict (state) do update set transitions = test_state_counts.transitions + 1`.execute(trx);
  },
};

let store: Store;

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://projection-test', dataKey: testDataKey });
});

afterAll(async () => {
  await store.close();
});

async function counts() {
  const { rows } = await sql<{ state: string; transitions: number }>`
    select state, transitions from test_state_counts order by state`.execute(store.db);
  return rows;
}

describe('projections', () => {
  it('applies each committed transition once, its tables created with the definition', async () => {
    const runtime = createRuntime({
      store,
      workflows: [{ ...ticketWorkflow, projections: [transitionsPerState] }],
    });
    const { workflow } = await runtime.start('ticket', ticketInput(at(0)));
    await runtime.send(workflow.id, note(at(1), 'first'), { idempotencyKey: 'n1' });
    await runtime.send(workflow.id, note(at(2), 'first'), { idempotencyKey: 'n1' });
    await runtime.send(workflow.id, { type: 'ticket.close', at: at(3), by: agent });
    expect(await counts()).toEqual([
      { state: 'closed', transitions: 1 },
      { state: 'open', transitions: 2 },
    ]);
  });

  it('rolls the transition back when a projection fails, leaving log and tables as they were', async () => {
    const runtime = createRuntime({
      store,
      workflows: [{ ...ticketWorkflow, projections: [transitionsPerState] }],
    });
    const { workflow } = await runtime.start('ticket', ticketInput(at(0)));
    const before = await counts();
    await expect(runtime.send(workflow.id, note(at(1), 'refuse'))).rejects.toThrow(/projection refused/);
    expect(await counts()).toEqual(before);
    expect(await runtime.history(workflow.id)).toHaveLength(1);
    expect((await runtime.get(workflow.id)).version).toBe(1);
  });
});

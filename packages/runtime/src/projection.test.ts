import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from './create-runtime.js';
import { openStore, type Store } from './open-store.js';
import { type Projection, ProjectionCteNameInvalid } from './projection.js';
import { agent, note, testDataKey, ticketInput, ticketWorkflow } from './test-support.js';

const t0 = '2026-03-02T09:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(t0) + minutes * 60_000).toISOString();

/**
 * Counts written transitions per workflow and state. On a note reading "refuse" its part writes a null state,
 * which the table refuses (the part fails).
 */
const transitionsPerState: Projection = {
  id: 'test_transitions',
  tables: [
    {
      id: 'test_projection_0001',
      up: `create table if not exists test_state_counts (
        workflow_id text not null, state text not null, transitions integer not null,
        primary key (workflow_id, state))`,
    },
  ],
  ctes: (change) => [
    {
      name: 'test_transitions_counted',
      query: sql`insert into test_state_counts (workflow_id, state, transitions)
        select target.id, ${change.entry.event.text === 'refuse' ? null : change.workflow.state}::text, 1
        from target
        on conflict (workflow_id, state) do update set transitions = test_state_counts.transitions + 1
        returning state`,
    },
  ],
};

/** Keeps each note's text by log position, as a text part: one constant text, the values per write. */
const notesBySeq: Projection = {
  id: 'test_notes',
  tables: [
    {
      id: 'test_projection_0002',
      up: `create table if not exists test_notes (
        workflow_id text not null, seq integer not null, text text, primary key (workflow_id, seq))`,
    },
  ],
  ctes: ({ entry }) => [
    {
      name: 'test_notes_kept',
      text: 'insert into test_notes (workflow_id, seq, text) select target.id, $1::int, $2::text from target',
      values: [entry.seq, typeof entry.event.text === 'string' ? entry.event.text : null],
    },
  ],
};

/** Names its part outside its own name space. */
const misnamed: Projection = {
  id: 'test_misnamed',
  tables: [],
  ctes: () => [{ name: 'counted', query: sql`select 1 from target` }],
};

let store: Store;

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://projection-test', dataKey: testDataKey });
});

afterAll(async () => {
  await store.close();
});

async function counts(workflowId: string) {
  const { rows } = await sql<{ state: string; transitions: number }>`
    select state, transitions from test_state_counts where workflow_id = ${workflowId} order by state`.execute(
    store.db,
  );
  return rows;
}

const projected = () => ({ ...ticketWorkflow, projections: [transitionsPerState] });

describe('projections', () => {
  it('join each written transition once, a duplicate (same idempotency key) changing nothing', async () => {
    const runtime = createRuntime({ store, workflows: [projected()] });
    const { workflow } = await runtime.start('ticket', ticketInput(at(0)));
    await runtime.send(workflow.id, note(at(1), 'first'), { idempotencyKey: 'n1' });
    await runtime.send(workflow.id, note(at(2), 'first'), { idempotencyKey: 'n1' });
    await runtime.send(workflow.id, { type: 'ticket.close', at: at(3), by: agent });
    // start + one note (the repeat was a duplicate) in "open", the close in "closed".
    expect(await counts(workflow.id)).toEqual([
      { state: 'closed', transitions: 1 },
      { state: 'open', transitions: 2 },
    ]);
  });

  it('change nothing for a write the version guard refused (the retry is counted once)', async () => {
    const first = createRuntime({ store, workflows: [projected()] });
    const second = createRuntime({ store, workflows: [projected()] });
    const { workflow } = await first.start('ticket', ticketInput(at(0)));
    await second.send(workflow.id, note(at(1), 'from second'));
    // `first` plans on the row it wrote at the start: its write is refused, then retried on a fresh read.
    await first.send(workflow.id, note(at(2), 'from first'));
    expect(await first.history(workflow.id)).toHaveLength(3);
    expect(await counts(workflow.id)).toEqual([{ state: 'open', transitions: 3 }]);
  });

  it('join a timer firing inside the scheduler transaction', async () => {
    const runtime = createRuntime({ store, workflows: [projected()] });
    const { workflow } = await runtime.start('ticket', ticketInput(at(0), 5));
    const fired = await runtime.fireDueTimers(new Date(at(5)));
    expect(fired.map((firing) => [firing.timer.workflowId, firing.outcome])).toEqual([
      [workflow.id, 'fired'],
    ]);
    expect(await counts(workflow.id)).toEqual([{ state: 'open', transitions: 2 }]);
  });

  it('fail the whole write when a part fails, leaving log and tables as they were', async () => {
    const runtime = createRuntime({ store, workflows: [projected()] });
    const { workflow } = await runtime.start('ticket', ticketInput(at(0)));
    await expect(runtime.send(workflow.id, note(at(1), 'refuse'))).rejects.toThrow(/null value/);
    expect(await counts(workflow.id)).toEqual([{ state: 'open', transitions: 1 }]);
    expect(await runtime.history(workflow.id)).toHaveLength(1);
    expect((await runtime.get(workflow.id)).version).toBe(1);
  });

  it("write each transition's own values through a text part whose statement is reused", async () => {
    const runtime = createRuntime({ store, workflows: [{ ...ticketWorkflow, projections: [notesBySeq] }] });
    const { workflow } = await runtime.start('ticket', ticketInput(at(0)));
    await runtime.send(workflow.id, note(at(1), 'first'));
    await runtime.send(workflow.id, note(at(2), 'second'));
    const { rows } = await sql<{ seq: number; text: string | null }>`
      select seq, text from test_notes where workflow_id = ${workflow.id} order by seq`.execute(store.db);
    expect(rows).toEqual([
      { seq: 1, text: null },
      { seq: 2, text: 'first' },
      { seq: 3, text: 'second' },
    ]);
  });

  it('refuse a part named outside the projection id, before anything is written', async () => {
    const runtime = createRuntime({
      store,
      workflows: [{ ...ticketWorkflow, projections: [transitionsPerState, misnamed] }],
    });
    const started = runtime.start('ticket', ticketInput(at(0)), { id: 'misnamed-1' });
    await expect(started).rejects.toBeInstanceOf(ProjectionCteNameInvalid);
    await expect(started).rejects.toMatchObject({
      code: 'PROJECTION_CTE_NAME_INVALID',
      details: { projectionId: 'test_misnamed', cteName: 'counted' },
    });
    expect(await runtime.find('misnamed-1')).toBeUndefined();
    expect(await counts('misnamed-1')).toEqual([]);
  });
});

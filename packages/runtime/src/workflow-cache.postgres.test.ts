import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from './create-runtime.js';
import { openStore, type Store } from './open-store.js';
import { EventNotAccepted, IdempotencyKeyConflict } from './runtime-errors.js';
import {
  createTestSchema,
  note,
  postgresUrl,
  skipPostgres,
  testDataKey,
  ticketInput,
  ticketWorkflow,
} from './test-support.js';
import { createWorkflowCache } from './workflow-cache.js';

const t0 = '2026-03-02T09:00:00.000Z';
const minutes = (n: number) => new Date(Date.parse(t0) + n * 60_000).toISOString();

let schema: Awaited<ReturnType<typeof createTestSchema>> | undefined;
let store: Store;
const runtimes: Runtime[] = [];

/** A runtime instance of its own (its own cache) on the shared store, recording its version conflicts. */
function instance(): { runtime: Runtime; conflicts: number[] } {
  const conflicts: number[] = [];
  const runtime = createRuntime({
    store,
    workflows: [ticketWorkflow],
    onConflict: (_id, attempt) => conflicts.push(attempt),
  });
  runtimes.push(runtime);
  return { runtime, conflicts };
}

beforeAll(async () => {
  if (!postgresUrl) return;
  schema = await createTestSchema(postgresUrl, 'cache');
  store = await openStore({ databaseUrl: schema.url, dataKey: testDataKey, poolSize: 4 });
});

afterAll(async () => {
  await Promise.all(runtimes.map((runtime) => runtime.idle()));
  await store?.close();
  await schema?.drop();
});

describe('createWorkflowCache', () => {
  it('drops the least recently used workflow when it is full', () => {
    const cache = createWorkflowCache(2);
    const entry = (version: number) => ({ row: { version } as never, rowXmin: String(version) });
    cache.set('a', entry(1));
    cache.set('b', entry(1));
    cache.get('a');
    cache.set('c', entry(1));
    expect([cache.get('a')?.rowXmin, cache.get('b'), cache.get('c')?.rowXmin]).toEqual(['1', undefined, '1']);
    expect(cache.size).toBe(2);
  });
});

describe.skipIf(!postgresUrl)(`sends from cached rows (${postgresUrl ? 'PostgreSQL' : skipPostgres})`, () => {
  it('retries once and applies the event to the current row when another instance wrote since this one cached it', async () => {
    const a = instance();
    const b = instance();
    const { workflow } = await a.runtime.start('ticket', ticketInput(t0));
    await a.runtime.send(workflow.id, note(minutes(1), 'from a'));
    await b.runtime.send(workflow.id, note(minutes(2), 'from b'));
    const result = await a.runtime.send(workflow.id, note(minutes(3), 'from a again'));
    expect(a.conflicts).toEqual([1]);
    expect(result.entry.seq).toBe(4);
    expect(result.workflow.context.notes).toEqual(['from a', 'from b', 'from a again']);
    expect((await a.runtime.get(workflow.id)).context.notes).toEqual(['from a', 'from b', 'from a again']);
    expect(await a.runtime.verify(workflow.id)).toMatchObject({ hashChainIntact: true, problems: [] });
  });

  it('sends without a conflict while no one else writes the workflow', async () => {
    const a = instance();
    const { workflow } = await a.runtime.start('ticket', ticketInput(t0));
    for (let index = 1; index <= 5; index++)
      await a.runtime.send(workflow.id, note(minutes(index), `n${index}`));
    expect(a.conflicts).toEqual([]);
    expect(await a.runtime.verify(workflow.id)).toMatchObject({ replayMatchesSnapshot: true, problems: [] });
  });

  it('retries when the row was rewritten without a new version since it was cached', async () => {
    const a = instance();
    const { workflow } = await a.runtime.start('ticket', ticketInput(t0));
    await a.runtime.send(workflow.id, note(minutes(1), 'first'));
    // A rewrite that keeps the version (as a re-encryption does): only the row's xmin tells.
    await sql`update workflows set snapshot = jsonb_set(snapshot, '{context,notes}', '["rewritten"]')
      where id = ${workflow.id}`.execute(store.db);
    const result = await a.runtime.send(workflow.id, note(minutes(2), 'second'));
    expect(a.conflicts).toEqual([1]);
    expect(result.workflow.context.notes).toEqual(['rewritten', 'second']);
  });

  it('refuses an event by the current state, not the cached one', async () => {
    const a = instance();
    const b = instance();
    const { workflow } = await a.runtime.start('ticket', ticketInput(t0));
    await a.runtime.send(workflow.id, note(minutes(1), 'open'));
    await b.runtime.send(workflow.id, { type: 'ticket.close', at: minutes(2), by: ticketInput(t0).by });
    const refused = await a.runtime.send(workflow.id, note(minutes(3), 'too late')).catch((error) => error);
    expect(refused).toBeInstanceOf(EventNotAccepted);
    expect(refused.state).toBe('closed');
    expect((await a.runtime.history(workflow.id)).map((entry) => entry.type)).toEqual([
      'ticket.started',
      'ticket.note',
      'ticket.close',
    ]);
  });

  it('answers a repeated idempotency key with the first result and writes nothing, from a cached row', async () => {
    const a = instance();
    const b = instance();
    const { workflow } = await a.runtime.start('ticket', ticketInput(t0));
    const first = await b.runtime.send(workflow.id, note(minutes(1), 'once'), { idempotencyKey: 'k-1' });
    await a.runtime.send(workflow.id, note(minutes(2), 'other'));
    const again = await a.runtime.send(workflow.id, note(minutes(5), 'once'), { idempotencyKey: 'k-1' });
    expect(again.duplicate).toBe(true);
    expect(again.entry).toEqual(first.entry);
    expect(again.workflow.version).toBe(3);
    await expect(
      a.runtime.send(workflow.id, note(minutes(6), 'not the same'), { idempotencyKey: 'k-1' }),
    ).rejects.toBeInstanceOf(IdempotencyKeyConflict);
    expect((await a.runtime.history(workflow.id)).length).toBe(3);
  });
});

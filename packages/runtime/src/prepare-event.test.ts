import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assign, setup } from 'xstate';
import { z } from 'zod';
import { createRuntime, type Runtime } from './create-runtime.js';
import { openStore, type Store } from './open-store.js';
import { testDataKey } from './test-support.js';
import { defineWorkflow } from './workflow-definition.js';

const actorSchema = z.object({ userId: z.string().min(1), role: z.string().min(1) });
const instant = z.string().datetime({ offset: true });
const inputSchema = z.object({ at: instant, by: actorSchema, team: z.string() });
const eventSchema = z.object({
  type: z.literal('watch.check'),
  at: instant,
  by: actorSchema,
  staffed: z.boolean().optional(),
});

const watchMachine = setup({
  types: {
    context: {} as { team: string; checks: Array<boolean | null> },
    events: {} as z.infer<typeof eventSchema>,
    input: {} as z.infer<typeof inputSchema>,
  },
  actions: {
    recordCheck: assign(({ context, event }) => ({ checks: [...context.checks, event.staffed ?? null] })),
  },
}).createMachine({
  id: 'watch',
  context: ({ input }) => ({ team: input.team, checks: [] }),
  on: { 'watch.check': { actions: 'recordCheck' } },
});

/** Staffed on the hour's first half for team `day`; the lookup sees the workflow's own context. */
const watchWorkflow = defineWorkflow({
  kind: 'watch',
  machine: watchMachine,
  version: 1,
  input: inputSchema,
  event: eventSchema,
  machineInput: (_id, input: z.infer<typeof inputSchema>) => input,
  prepareEvent: {
    fields: ['staffed'],
    prepare: (event, context) =>
      context.team === 'day' ? { staffed: new Date(event.at).getUTCMinutes() < 30, ignored: 'x' } : undefined,
  },
});

const by = { userId: 'li.na', role: 'agent' };
let store: Store;
let runtime: Runtime;

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://prepare-event', dataKey: testDataKey });
  runtime = createRuntime({ store, workflows: [watchWorkflow] });
});
afterAll(async () => {
  await runtime.idle();
  await store.close();
});

describe('prepareEvent', () => {
  it('stores the prepared facts in the log and the machine sees them when the event lacks them', async () => {
    await runtime.start('watch', { at: '2026-03-02T09:00:00Z', by, team: 'day' }, { id: 'watch-1' });
    await runtime.send('watch-1', { type: 'watch.check', at: '2026-03-02T09:10:00Z', by });
    await runtime.send('watch-1', { type: 'watch.check', at: '2026-03-02T09:40:00Z', by });
    await runtime.send('watch-1', { type: 'watch.check', at: '2026-03-02T09:45:00Z', by, staffed: true });
    const workflow = await runtime.get('watch-1');
    expect(workflow.context.checks).toEqual([true, false, true]);
    const history = await runtime.history('watch-1');
    expect(history.slice(1).map((entry) => entry.event)).toEqual([
      { type: 'watch.check', at: '2026-03-02T09:10:00Z', by, staffed: true },
      { type: 'watch.check', at: '2026-03-02T09:40:00Z', by, staffed: false },
      { type: 'watch.check', at: '2026-03-02T09:45:00Z', by, staffed: true },
    ]);
    expect((await runtime.verify('watch-1')).replayMatchesSnapshot).toBe(true);
  });

  it('leaves the event alone when the lookup has nothing to add', async () => {
    await runtime.start('watch', { at: '2026-03-02T09:00:00Z', by, team: 'night' }, { id: 'watch-2' });
    await runtime.send('watch-2', { type: 'watch.check', at: '2026-03-02T09:10:00Z', by });
    expect((await runtime.get('watch-2')).context.checks).toEqual([null]);
  });

  it('answers a retry under the same key as a duplicate when only prepared facts differ', async () => {
    await runtime.start('watch', { at: '2026-03-02T09:00:00Z', by, team: 'day' }, { id: 'watch-3' });
    const check = { type: 'watch.check', at: '2026-03-02T09:10:00Z', by };
    const first = await runtime.send('watch-3', check, { idempotencyKey: 'check-1' });
    const retry = await runtime.send(
      'watch-3',
      { ...check, at: '2026-03-02T09:50:00Z' },
      { idempotencyKey: 'check-1' },
    );
    expect([first.duplicate, retry.duplicate, retry.entry.seq]).toEqual([false, true, 2]);
    expect((await runtime.get('watch-3')).context.checks).toEqual([true]);
  });
});

import { createRuntime, defineWorkflow, openStore } from '@kefu/runtime';
import { assign, setup } from 'xstate';
import { z } from 'zod';

// Any XState v5 machine whose events carry `at` and `by`; deadlines are data in `context.deadlines`.
const by = z.object({ userId: z.string(), role: z.string() });
const orderMachine = setup({
  types: {
    context: {} as {
      orderId: string;
      note: string;
      deadlines: Record<string, { dueAt: string; event: string }>;
    },
    input: {} as { orderId: string; at: string },
    events: {} as
      | { type: 'order.ship'; at: string; note: string }
      | { type: 'order.deadlineReached'; at: string },
  },
  actions: {
    recordShipment: assign({ note: ({ event }) => ('note' in event ? event.note : ''), deadlines: {} }),
  },
}).createMachine({
  id: 'order',
  context: ({ input }) => ({
    orderId: input.orderId,
    note: '',
    deadlines: {
      ship: {
        dueAt: new Date(Date.parse(input.at) + 86_400_000).toISOString(),
        event: 'order.deadlineReached',
      },
    },
  }),
  initial: 'placed',
  states: {
    placed: {
      on: {
        'order.ship': { target: 'shipped', actions: 'recordShipment' },
      },
    },
    shipped: {},
  },
});

const orderWorkflow = defineWorkflow({
  kind: 'order',
  machine: orderMachine,
  version: 1,
  input: z.object({ at: z.string(), by }),
  event: z.discriminatedUnion('type', [
    z.object({ type: z.literal('order.ship'), at: z.string(), by, note: z.string() }),
    z.object({ type: z.literal('order.deadlineReached'), at: z.string(), by, dueAt: z.string() }),
  ]),
  machineInput: (orderId, input) => ({ orderId, at: input.at }),
  eventRoles: { 'order.ship': ['clerk'], 'order.deadlineReached': ['system'] },
});

// Embedded PGlite; pass { databaseUrl } for PostgreSQL, or { dataDir: '.kefu/data' } to keep files.
const store = await openStore({ dataDir: 'memory://readme' });
const runtime = createRuntime({ store, workflows: [orderWorkflow] });

const clerk = { userId: 'li.na', role: 'clerk' };
const { workflow } = await runtime.start('order', { at: '2026-03-02T09:00:00+08:00', by: clerk });
await runtime.send(
  workflow.id,
  { type: 'order.ship', at: '2026-03-02T10:00:00+08:00', by: clerk, note: '顺丰' },
  { idempotencyKey: 'ship-1' }, // a retry with the same key returns the first result
);

export const state = (await runtime.get(workflow.id)).state; // 'shipped'
export const steps = (await runtime.history(workflow.id)).map((entry) => entry.type);
export const pendingTimers = (await runtime.timers(workflow.id)).filter((timer) => !timer.firedAt).length; // 0
await store.close();

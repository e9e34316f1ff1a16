import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRuntime, type Runtime } from './create-runtime.js';
import { openStore, type Store } from './open-store.js';
import { testDataKey, ticketInput, ticketWorkflow } from './test-support.js';

let store: Store;
let runtime: Runtime;

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://outbox-delivered-test', dataKey: testDataKey });
  runtime = createRuntime({ store, workflows: [ticketWorkflow] });
});

afterAll(async () => {
  await store.close();
});

it('hands every delivered outbox row to the listener, in order, until it unsubscribes', async () => {
  const seen: Array<[string, unknown]> = [];
  const unsubscribe = runtime.onOutboxDelivered(async (topic, payload) => {
    seen.push([topic, payload]);
  });
  const { workflow } = await runtime.start('ticket', ticketInput('2026-03-02T09:00:00Z', 5));
  await runtime.fireDueTimers(new Date('2026-03-02T09:05:00Z'));
  await runtime.deliverOutbox();
  expect(seen.map(([topic, payload]) => [topic, (payload as { seq: number }).seq])).toEqual([
    ['workflow.changed', 1],
    ['workflow.changed', 2],
    ['workflow.emitted', 2],
  ]);
  expect(seen[2]![1]).toMatchObject({
    event: { type: 'ticket.breached', ticketId: workflow.id, deadline: 'reply' },
  });
  unsubscribe();
  await runtime.start('ticket', ticketInput('2026-03-02T10:00:00Z'));
  await runtime.deliverOutbox();
  expect(seen).toHaveLength(3);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from './create-runtime.js';
import { openStore, type Store } from './open-store.js';
import {
  createRuntimePubSub,
  type RuntimePubSub,
  type WorkflowChangedPayload,
  workflowTopics,
} from './runtime-pub-sub.js';
import {
  createTestSchema,
  note,
  postgresUrl,
  redisUrl,
  skipRedis,
  testDataKey,
  ticketInput,
  ticketWorkflow,
} from './test-support.js';

const t0 = '2026-03-02T09:00:00.000Z';
let schema: Awaited<ReturnType<typeof createTestSchema>> | undefined;
const stores: Store[] = [];
const pubSubs: RuntimePubSub[] = [];

beforeAll(async () => {
  if (postgresUrl && redisUrl) schema = await createTestSchema(postgresUrl, 'redis');
});

afterAll(async () => {
  await Promise.all(pubSubs.map((pubSub) => pubSub.close()));
  await Promise.all(stores.map((store) => store.close()));
  await schema?.drop();
});

async function instance() {
  const store = await openStore({ databaseUrl: schema!.url, dataKey: testDataKey, poolSize: 2 });
  const pubSub = createRuntimePubSub({ redisUrl });
  stores.push(store);
  pubSubs.push(pubSub);
  return createRuntime({ store, workflows: [ticketWorkflow], pubSub });
}

describe.skipIf(!postgresUrl || !redisUrl)(
  `pub/sub across instances (${redisUrl ? 'Redis' : skipRedis})`,
  () => {
    it('delivers an event sent on instance A to a subscriber on instance B over Redis, with its sequence number', async () => {
      const a = await instance();
      const b = await instance();
      expect(b.pubSub.engine).toBe('redis');
      const { workflow } = await a.start('ticket', ticketInput(t0));
      const received = new Promise<WorkflowChangedPayload>((resolve) => {
        b.pubSub.eventTarget.addEventListener(workflowTopics.changed, (event) => {
          const detail = (event as CustomEvent<WorkflowChangedPayload>).detail;
          if (detail.workflowId === workflow.id && detail.seq === 2) resolve(detail);
        });
      });
      await b.pubSub.ready();
      await a.send(workflow.id, note('2026-03-02T09:01:00.000Z', 'hello from A'));
      expect(await received).toEqual({
        workflowId: workflow.id,
        kind: 'ticket',
        seq: 2,
        type: 'ticket.note',
        state: 'open',
        version: 2,
        at: '2026-03-02T09:01:00.000Z',
      });
    });
  },
);

import { createRuntime, openStore, type Runtime, type Store } from '@kefu/runtime';
import { defaultReactions, defaultWorkflows } from '@kefu/workflows';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestSchema, postgresUrl, testDataKey } from '../../runtime/src/test-support.js';
import { createNotificationCenter, type NotificationCenter } from './notification-center.js';
import {
  createFixedDutyDirectory,
  createTestClock,
  startWebhookReceiver,
  type WebhookReceiver,
} from './test-support.js';

const opened = {
  at: '2026-03-02T09:00:00+08:00',
  by: { userId: 'li.na', role: 'agent' },
  customer: { name: '王伟', phone: '13800000000', grade: 'B' },
  channel: 'phone',
  category: 'product-quality',
  summary: '电水壶使用两天后漏水',
};

let schema: { url: string; drop: () => Promise<void> };
let hooks: WebhookReceiver;
let secret = '';
const clock = createTestClock('2026-03-02T01:10:00.000Z');

async function boot(): Promise<{ store: Store; runtime: Runtime; center: NotificationCenter }> {
  const store = await openStore({ databaseUrl: schema.url, dataKey: testDataKey, poolSize: 2 });
  const runtime = createRuntime({ store, workflows: defaultWorkflows, reactions: defaultReactions });
  const center = createNotificationCenter({
    store,
    directory: createFixedDutyDirectory({ default: { supervisor: ['zhang.wei'] } }),
    now: clock.now,
    random: () => 0,
    retry: { baseDelayMs: 5_000, jitter: 0 },
    breaker: { threshold: 100 },
    context: async (id) => (await runtime.find(id))?.context,
  });
  runtime.onOutboxDelivered(center.handleOutbox);
  await center.ready();
  return { store, runtime, center };
}

beforeAll(async () => {
  if (!postgresUrl) return;
  schema = await createTestSchema(postgresUrl, 'notify_restart');
  hooks = await startWebhookReceiver(() => secret);
});

afterAll(async () => {
  await hooks?.close();
  await schema?.drop();
});

it.skipIf(!postgresUrl)(
  `delivers every message exactly once by webhook-id after the receiver and the server come back (skipped without KEFU_TEST_DATABASE_URL)`,
  async () => {
    const first = await boot();
    const created = await first.center.createEndpoint({ name: 'ops', url: hooks.url });
    secret = created.secret;
    await first.center.createRule({
      name: 'breaches and escalations',
      events: ['deadline.breached', 'escalation.raised'],
      endpoints: [created.endpoint.id],
    });
    await hooks.stop();
    for (let count = 0; count < 3; count++) await first.runtime.start('complaint', opened);
    await first.runtime.fireDueTimers(new Date('2026-03-02T01:10:00Z'));
    await first.runtime.deliverOutbox();
    await first.center.idle();
    clock.advance(5_000);
    await first.center.deliverDue();
    const before = await first.center.messages({ channel: 'webhook' });
    // Three breaches and the three escalations they started, each tried twice and refused.
    expect(before.map((message) => [message.eventType, message.status, message.attempts]).sort()).toEqual([
      ...Array.from({ length: 3 }, () => ['deadline.breached', 'pending', 2]),
      ...Array.from({ length: 3 }, () => ['escalation.raised', 'pending', 2]),
    ]);
    await first.center.stop();
    await first.store.close();

    await hooks.start();
    const second = await boot();
    clock.advance(60_000);
    await second.center.deliverDue();
    await second.center.deliverDue();
    expect(hooks.countsById()).toEqual(Object.fromEntries(before.map((message) => [message.id, 1])));
    const after = await second.center.messages({ channel: 'webhook' });
    expect(after.every((message) => message.status === 'delivered')).toBe(true);
    expect((await second.center.attempts(before[0]!.id)).map((attempt) => attempt.status)).toEqual([
      'failed',
      'failed',
      'delivered',
    ]);
    await second.center.stop();
    await second.store.close();
  },
);

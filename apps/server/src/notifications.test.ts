import { createRuntime, openStore, type Store } from '@kefu/runtime';
import { defaultReactions, defaultWorkflows } from '@kefu/workflows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnvironment } from './env.js';
import { createServerNotifications } from './notifications.js';

let store: Store;

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://server-notifications-test' });
});

afterAll(async () => {
  await store.close();
});

describe('server notifications', () => {
  it('turns email off and needs nothing when the environment names no SMTP server', () => {
    const environment = readEnvironment({});
    expect(environment.KEFU_SMTP_URL).toBeUndefined();
    expect(environment.KEFU_SMTP_FROM).toBe('kefu <kefu@localhost>');
    expect(() => readEnvironment({ KEFU_SMTP_URL: 'http://mail.example.com' })).toThrow(
      /KEFU_SMTP_URL: must start with smtp:\/\/ or smtps:\/\//,
    );
  });

  it('feeds the inbox from the outbox when a complaint misses its record deadline', async () => {
    const runtime = createRuntime({ store, workflows: defaultWorkflows, reactions: defaultReactions });
    const notifications = createServerNotifications({
      runtime,
      directory: {
        onDuty: async ({ role }) => (role === 'supervisor' ? ['zhang.wei'] : []),
        workingHours: async () => true,
      },
    });
    expect(notifications.email).toBeUndefined();
    await notifications.center.createRule({
      name: 'breaches',
      events: ['deadline.breached'],
      recipients: [{ kind: 'role', role: 'supervisor' }],
      channels: ['inApp', 'email'],
    });
    const { workflow } = await runtime.start('complaint', {
      at: '2026-03-02T09:00:00+08:00',
      by: { userId: 'li.na', role: 'agent' },
      customer: { name: '王伟', phone: '13800000000', grade: 'B' },
      channel: 'phone',
      category: 'product-quality',
      summary: '电水壶漏水',
    });
    await runtime.fireDueTimers(new Date('2026-03-02T01:10:00Z'));
    await runtime.deliverOutbox();
    await notifications.center.idle();
    expect((await notifications.center.inbox('zhang.wei')).map((item) => item.subject)).toEqual([
      `【超时】投诉 ${workflow.id} 的 record 时限已过`,
    ]);
    expect(
      (await notifications.center.messages({ channel: 'email' })).map((message) => [
        message.status,
        message.lastError,
      ]),
    ).toEqual([['skipped', 'email is not configured']]);
    await notifications.close();
  });
});

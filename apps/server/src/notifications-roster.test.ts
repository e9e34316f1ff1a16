import { createRosterBook, createRosterStore, type RosterBook } from '@kefu/roster';
import { createRuntime, openStore, type Store } from '@kefu/runtime';
import { createDefaultWorkflows } from '@kefu/workflows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAcknowledgeLinks } from './acknowledge-link.js';
import { createServerNotifications } from './notifications.js';
import { createTestServer, type TestServer, testJwtSecret } from './test-support.js';

// Tuesday 2026-03-03 in Shanghai: Wang Fang holds the supervisors' day shift, Zhao Lei holds Wednesday's.
let clock = new Date('2026-03-03T10:00:00+08:00');
let store: Store;
let roster: RosterBook;
let server: TestServer;
let notifications: ReturnType<typeof createServerNotifications>;

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://notifications-roster' });
  roster = createRosterBook(createRosterStore(store));
  await roster.save(
    {
      team: 'east',
      timeZone: 'Asia/Shanghai',
      rotations: [
        {
          role: 'supervisor',
          members: ['wang.fang', 'zhao.lei'],
          startDate: '2026-03-03',
          every: 'daily',
          hours: { from: '09:00', to: '18:00' },
        },
      ],
    },
    { by: 'director.zhou', at: '2026-03-01T00:00:00Z' },
  );
  const runtime = createRuntime({
    store,
    workflows: createDefaultWorkflows({ escalationSituation: roster.ladderSituation }),
  });
  const acknowledgeLinks = createAcknowledgeLinks({
    secret: testJwtSecret,
    publicUrl: 'http://kefu.test',
    runtime,
    roster,
  });
  notifications = createServerNotifications({
    runtime,
    directory: roster.directory,
    acknowledgeLink: acknowledgeLinks.linkIfAllowed,
    now: () => clock,
  });
  server = await createTestServer({
    runtime,
    roster,
    acknowledgeLinks,
    notifications: notifications.center,
    now: () => clock,
  });
  await notifications.center.createRule({
    name: 'the level reached',
    events: ['escalation.raised'],
    recipients: [{ kind: 'addressee' }],
    channels: ['inApp'],
  });
});

afterAll(async () => {
  await server.close();
  await server.runtime.idle();
  await notifications.close();
  await store.close();
});

describe('notifications fed from the roster', () => {
  it('tells the supervisor on duty, whose link in the message acknowledges the escalation', async () => {
    await server.runtime.start(
      'escalation',
      {
        at: clock.toISOString(),
        by: { userId: 'li.na', role: 'agent' },
        reason: 'agentRequest',
        team: 'east',
      },
      { id: 'escalation-1' },
    );
    await server.runtime.idle();
    await notifications.center.idle();
    const [item, ...more] = await notifications.center.inbox('wang.fang');
    expect(more).toEqual([]);
    expect(await notifications.center.inbox('zhao.lei')).toEqual([]);
    const link = /http:\/\/kefu\.test\/acknowledge\/\S+/.exec(item!.text)?.[0];
    expect(link).toMatch(/^http:\/\/kefu\.test\/acknowledge\/[\w-]+\.[\w-]+\.[\w-]+$/);
    clock = new Date('2026-03-03T10:05:00+08:00');
    const response = await server.yoga.fetch(link!, { method: 'POST' });
    expect(response.status).toBe(200);
    const escalation = await server.runtime.get('escalation-1');
    expect([escalation.state, escalation.context.acknowledgedBy]).toEqual([
      'acknowledged',
      { userId: 'wang.fang', role: 'supervisor' },
    ]);
  });
});

import type { NotificationEvent } from '@kefu/notify';
import { createNotificationCenter, type NotificationCenter } from '@kefu/notify-store';
import { createRuntime, openStore, type Runtime, type Store } from '@kefu/runtime';
import { defaultWorkflows } from '@kefu/workflows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nobodyOnDuty } from '../notifications.js';
import { createTestServer, subscribeSse, type TestServer } from '../test-support.js';

const manager = { role: 'manager' as const, user: 'wang.fang' };
const agent = { role: 'agent' as const, user: 'li.na', team: 'east' };
const supervisor = { role: 'supervisor' as const, user: 'zhang.wei', team: 'east' };

let store: Store;
let runtime: Runtime;
let center: NotificationCenter;
let server: TestServer;

const breach = (id: string): NotificationEvent => ({
  id,
  type: 'deadline.breached',
  at: '2026-03-02T01:10:00.000Z',
  workflowId: 'c-1',
  complaintId: 'c-1',
  facts: { deadline: 'record', dueAt: '2026-03-02T01:10:00.000Z' },
});

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://notification-graphql-test' });
  runtime = createRuntime({ store, workflows: defaultWorkflows });
  center = createNotificationCenter({
    store,
    directory: nobodyOnDuty,
    pubSub: runtime.pubSub,
    now: () => new Date('2026-03-02T01:10:00.000Z'),
  });
  server = await createTestServer({ runtime, notifications: center });
});

afterAll(async () => {
  await server.close();
  await store.close();
});

const createEndpoint = `mutation ($input: WebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { secret endpoint { id name url format breakerPosition } }
}`;

describe('notification configuration', () => {
  it('shows an endpoint’s secret once, on creation and rotation, to a manager', async () => {
    const created = await server.graphql(
      createEndpoint,
      { input: { name: 'ops', url: 'http://127.0.0.1:1/hooks', format: 'slack' } },
      manager,
    );
    expect(created.errors).toBeUndefined();
    const { secret, endpoint } = created.data.createWebhookEndpoint;
    expect(secret).toMatch(/^whsec_/);
    expect(endpoint).toMatchObject({ name: 'ops', format: 'slack', breakerPosition: 'closed' });
    const listed = await server.graphql('{ webhookEndpoints { id url } }', {}, manager);
    expect(listed.data.webhookEndpoints).toEqual([{ id: endpoint.id, url: 'http://127.0.0.1:1/hooks' }]);
    expect(JSON.stringify(listed)).not.toContain(secret);
    const rotated = await server.graphql(
      'mutation ($id: ID!) { rotateWebhookSecret(id: $id) { secret endpoint { rotatedAt } } }',
      { id: endpoint.id },
      manager,
    );
    expect(rotated.data.rotateWebhookSecret.secret).toMatch(/^whsec_/);
    expect(rotated.data.rotateWebhookSecret.secret).not.toBe(secret);
    expect(rotated.data.rotateWebhookSecret.endpoint.rotatedAt).toBe('2026-03-02T01:10:00.000Z');
    const tested = await server.graphql(
      'mutation ($id: ID!) { testWebhookEndpoint(id: $id) { status responseCode latencyMs } }',
      { id: endpoint.id },
      manager,
    );
    expect(tested.data.testWebhookEndpoint).toMatchObject({ status: 'failed', responseCode: null });
  });

  it('refuses configuration to an agent and writes nothing', async () => {
    const before = await center.listEndpoints();
    const refused = await server.graphql(
      createEndpoint,
      { input: { name: 'mine', url: 'http://127.0.0.1:1/x' } },
      agent,
    );
    expect(refused.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const rule = await server.graphql(
      'mutation ($input: NotificationRuleInput!) { createNotificationRule(input: $input) { id } }',
      { input: { name: 'x', events: ['deadline.breached'], channels: ['inApp'] } },
      supervisor,
    );
    expect(rule.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(await center.listEndpoints()).toEqual(before);
    expect(await center.listRules()).toEqual([]);
  });

  it('names the bad field of a rule and writes nothing', async () => {
    const bad = await server.graphql(
      'mutation ($input: NotificationRuleInput!) { createNotificationRule(input: $input) { id } }',
      { input: { name: 'x', events: ['deadline.missed'], channels: ['inApp'] } },
      manager,
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(bad.errors?.[0]?.extensions.fields[0].field).toBe('input.events.0');
    expect(await center.listRules()).toEqual([]);
  });

  it('creates a rule for a role on duty over email and in-app', async () => {
    const created = await server.graphql(
      `mutation ($input: NotificationRuleInput!) {
        createNotificationRule(input: $input) { name events channels critical recipients { kind role team userId } }
      }`,
      {
        input: {
          name: 'Breaches to the supervisor on duty',
          events: ['deadline.breached'],
          recipients: [
            { kind: 'role', role: 'supervisor' },
            { kind: 'user', userId: 'zhang.wei' },
          ],
          channels: ['email', 'inApp'],
        },
      },
      manager,
    );
    expect(created.data.createNotificationRule).toEqual({
      name: 'Breaches to the supervisor on duty',
      events: ['deadline.breached'],
      channels: ['email', 'inApp'],
      critical: false,
      recipients: [
        { kind: 'role', role: 'supervisor', team: null, userId: null },
        { kind: 'user', role: null, team: null, userId: 'zhang.wei' },
      ],
    });
  });
});

describe('inbox and delivery log', () => {
  it('delivers to the owner’s inbox live, lets only the owner mark it read, and logs the delivery', async () => {
    const live = await subscribeSse(
      server.yoga,
      'subscription { notificationReceived { id subject eventType } }',
      await server.token(supervisor),
    );
    await center.notify(breach('c-1:5:deadline.breached'));
    await center.deliverDue();
    const id = (await center.messages({ channel: 'inApp' }))[0]?.id;
    const event = await live.next();
    live.close();
    expect(event?.data.data.notificationReceived).toMatchObject({ id, eventType: 'deadline.breached' });

    const inbox = await server.graphql('{ notificationInbox { id subject readAt } }', {}, supervisor);
    expect(inbox.data.notificationInbox).toEqual([
      { id, subject: '【超时】投诉 c-1 的 record 时限已过', readAt: null },
    ]);
    expect((await server.graphql('{ notificationInbox { id } }', {}, agent)).data.notificationInbox).toEqual(
      [],
    );
    const stranger = await server.graphql(
      'mutation ($ids: [ID!]!) { markNotificationsRead(ids: $ids) }',
      { ids: [id] },
      agent,
    );
    expect(stranger.data.markNotificationsRead).toEqual([]);
    const owner = await server.graphql(
      'mutation ($ids: [ID!]!) { markNotificationsRead(ids: $ids) }',
      { ids: [id] },
      supervisor,
    );
    expect(owner.data.markNotificationsRead).toEqual([id]);

    const log = await server.graphql(
      `{ notificationMessages(eventId: "c-1:5:deadline.breached") {
          channel target status deliveryAttempts { attempt status }
        } }`,
      {},
      manager,
    );
    expect(log.data.notificationMessages).toEqual([
      { channel: 'email', target: 'zhang.wei', status: 'skipped', deliveryAttempts: [] },
      {
        channel: 'inApp',
        target: 'zhang.wei',
        status: 'delivered',
        deliveryAttempts: [{ attempt: 1, status: 'delivered' }],
      },
    ]);
    const refused = await server.graphql('{ notificationMessages { id } }', {}, supervisor);
    expect(refused.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('masks another user’s email to a manager and shows the owner their own', async () => {
    const own = await server.graphql(
      'mutation { setMyContactPoint(input: { email: "zhang.wei@example.test", locale: en, quietFrom: "22:00", quietUntil: "07:00" }) { email locale quietFrom quietTimeZone } }',
      {},
      supervisor,
    );
    expect(own.data.setMyContactPoint).toEqual({
      email: 'zhang.wei@example.test',
      locale: 'en',
      quietFrom: '22:00',
      quietTimeZone: 'Asia/Shanghai',
    });
    const seen = await server.graphql('{ contactPoint(userId: "zhang.wei") { email } }', {}, manager);
    expect(seen.data.contactPoint.email).toBe('z***@example.test');
  });

  it('shows a statement’s receipts to the crisis room and refuses a replay to a supervisor, changing nothing', async () => {
    await center.createRule({
      name: 'statements',
      events: ['statement.published'],
      recipients: [{ kind: 'user', userId: 'zhang.wei' }],
      channels: ['inApp'],
    });
    await center.notify({
      id: 'k-1:9:statement.published',
      type: 'statement.published',
      at: '2026-03-02T03:00:00.000Z',
      workflowId: 'k-1',
      crisisId: 'k-1',
      statementId: 's-1',
      text: '我们已关注到……',
      facts: {},
    });
    await center.deliverDue();
    const receipts = await server.graphql(
      '{ statementReceipts(statementId: "s-1") { id channel status text statementId } }',
      {},
      supervisor,
    );
    expect(receipts.data.statementReceipts).toMatchObject([
      { channel: 'inApp', status: 'delivered', text: '我们已关注到……', statementId: 's-1' },
    ]);
    const id = receipts.data.statementReceipts[0].id;
    const refused = await server.graphql(
      'mutation ($id: ID!) { replayNotification(id: $id) { id } }',
      { id },
      supervisor,
    );
    expect(refused.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(await center.message(id)).toMatchObject({ status: 'delivered', attempts: 1 });
  });
});

import { createEmailSender, type EmailSender } from '@kefu/notify';
import { createRuntime, InvalidPayload, openStore, type Runtime, type Store } from '@kefu/runtime';
import { defaultReactions, defaultWorkflows } from '@kefu/workflows';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createNotificationCenter,
  type NotificationCenter,
  type NotificationCenterOptions,
} from './notification-center.js';
import {
  createFixedDutyDirectory,
  createTestClock,
  type ReceivedMail,
  startSmtpServer,
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
const director = { userId: 'u-director', role: 'director' };
const directory = createFixedDutyDirectory({
  default: { supervisor: ['zhang.wei'], manager: ['wang.fang'], director: ['u-director'] },
});

let store: Store;
let runtime: Runtime;
let smtp: { url: string; mails: ReceivedMail[]; close(): Promise<void> };
let email: EmailSender;
let center: NotificationCenter;
let clock: ReturnType<typeof createTestClock>;
const receivers: WebhookReceiver[] = [];
let secrets: Record<string, string> = {};

function useCenter(options: Partial<NotificationCenterOptions> = {}) {
  clock = createTestClock('2026-03-02T01:10:00.000Z');
  center = createNotificationCenter({
    store,
    directory,
    email,
    now: clock.now,
    random: () => 0.5,
    context: async (id) => (await runtime.find(id))?.context,
    ...options,
  });
  return center;
}

/** A receiver that verifies with the secret of the endpoint it is given. */
async function receiver(name: string) {
  const started = await startWebhookReceiver(() => secrets[name]!);
  receivers.push(started);
  return started;
}

async function endpointFor(name: string, url: string, format: 'standard' | 'slack' = 'standard') {
  const { endpoint, secret } = await center.createEndpoint({ name, url, format });
  secrets[name] = secret;
  return endpoint;
}

/** Runs the outbox and every delivery it started. */
async function settle() {
  await runtime.deliverOutbox();
  await center.idle();
}

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://notify-center-test' });
  runtime = createRuntime({ store, workflows: defaultWorkflows, reactions: defaultReactions });
  runtime.onOutboxDelivered((topic, payload) => center.handleOutbox(topic, payload));
  smtp = await startSmtpServer();
  email = createEmailSender({ url: smtp.url, from: 'kefu <kefu@example.test>' });
  useCenter();
  await center.ready();
});

beforeEach(async () => {
  smtp.mails.length = 0;
  secrets = {};
  for (const table of [
    'notify_attempts',
    'notify_inbox',
    'notify_messages',
    'notify_rules',
    'notify_endpoints',
    'notify_contact_points',
  ])
    await sql`delete from ${sql.table(table)}`.execute(store.db);
});

afterAll(async () => {
  for (const started of receivers) await started.close();
  email.close();
  await smtp.close();
  await store.close();
});

describe('a missed record deadline', () => {
  it('emails the supervisor on duty and signs a webhook the receiver verifies when the 10-minute deadline passes', async () => {
    useCenter();
    const hooks = await receiver('ops');
    const endpoint = await endpointFor('ops', hooks.url);
    await center.setContactPoint({ userId: 'zhang.wei', email: 'zhang.wei@example.test', locale: 'en' });
    await center.createRule({
      name: 'Escalations reach the level on duty',
      events: ['escalation.raised'],
      recipients: [{ kind: 'addressee' }],
      channels: ['email', 'inApp'],
      endpoints: [endpoint.id],
    });
    const { workflow } = await runtime.start('complaint', opened);
    expect(await runtime.fireDueTimers(new Date('2026-03-02T01:09:59Z'))).toEqual([]);
    await runtime.fireDueTimers(new Date('2026-03-02T01:10:00Z'));
    await settle();

    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]).toMatchObject({
      to: ['zhang.wei@example.test'],
      subject: `[Escalation] escalation:${workflow.id}:2:record reached supervisor`,
    });
    expect(smtp.mails[0]!.text).toContain('Reason: deadlineMissed');
    expect(hooks.refused).toBe(0);
    expect(hooks.received).toHaveLength(1);
    expect(hooks.received[0]!.body).toMatchObject({
      type: 'escalation.raised',
      data: {
        role: 'supervisor',
        complaintId: workflow.id,
        escalationId: `escalation:${workflow.id}:2:record`,
      },
    });
    const [message] = await center.messages({ channel: 'webhook' });
    expect(hooks.received[0]!.id).toBe(message!.id);
    expect(smtp.mails[0]!.kefuMessageId).toBe((await center.messages({ channel: 'email' }))[0]!.id);
    expect((await center.inbox('zhang.wei')).map((item) => item.subject)).toEqual([smtp.mails[0]!.subject]);
    expect(await center.attempts(message!.id)).toMatchObject([
      { attempt: 1, status: 'delivered', responseCode: 204 },
    ]);
  });

  it('enqueues nothing twice when the outbox delivers the same rows again', async () => {
    useCenter();
    await center.createRule({
      name: 'inbox',
      events: ['escalation.raised'],
      recipients: [{ kind: 'addressee' }],
      channels: ['inApp'],
    });
    const { workflow } = await runtime.start('complaint', opened);
    await runtime.fireDueTimers(new Date('2026-03-02T01:10:00Z'));
    await settle();
    const escalation = `escalation:${workflow.id}:2:record`;
    await center.handleOutbox('workflow.changed', {
      workflowId: escalation,
      kind: 'escalation',
      seq: 1,
      at: '2026-03-02T01:10:00.000Z',
    });
    await center.idle();
    expect(
      (await center.inbox('zhang.wei')).filter((item) => item.eventId.startsWith(escalation)),
    ).toHaveLength(1);
  });
});

describe('retries', () => {
  it('retries on an exponential schedule while the receiver is down and delivers each message once when it is back', async () => {
    useCenter({ retry: { baseDelayMs: 10_000, jitter: 0.2, maxAttempts: 8 }, breaker: { threshold: 100 } });
    const hooks = await receiver('ops');
    const endpoint = await endpointFor('ops', hooks.url);
    await center.createRule({ name: 'breaches', events: ['deadline.breached'], endpoints: [endpoint.id] });
    await hooks.stop();
    await runtime.start('complaint', opened);
    await runtime.start('complaint', opened);
    await runtime.fireDueTimers(new Date('2026-03-02T01:10:00Z'));
    await settle();
    const scheduled: string[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const [first] = await center.messages({ channel: 'webhook' });
      scheduled.push(first!.nextAttemptAt!);
      clock.set(first!.nextAttemptAt!);
      await center.deliverDue();
    }
    // 10 s · 2^(n-1) plus 20 % jitter drawn at 0.5: 11 s, 22 s, 44 s after each failed attempt.
    expect(scheduled).toEqual([
      '2026-03-02T01:10:11.000Z',
      '2026-03-02T01:10:33.000Z',
      '2026-03-02T01:11:17.000Z',
    ]);
    const messages = await center.messages({ channel: 'webhook' });
    expect(messages.map((message) => message.attempts)).toEqual([4, 4]);
    expect(
      (await center.attempts(messages[0]!.id)).map((attempt) => [attempt.status, attempt.responseCode]),
    ).toEqual([
      ['failed', null],
      ['failed', null],
      ['failed', null],
      ['failed', null],
    ]);

    await hooks.start();
    clock.advance(60 * 60_000);
    await center.deliverDue();
    await center.deliverDue();
    expect(hooks.countsById()).toEqual(Object.fromEntries(messages.map((message) => [message.id, 1])));
    expect((await center.messages({ status: 'pending' })).length).toBe(0);
  });

  it('opens the breaker after N failures, holds messages while open and lets one trial through when half-open', async () => {
    useCenter({
      retry: { baseDelayMs: 1_000, jitter: 0, maxAttempts: 20 },
      breaker: { threshold: 3, openForMs: 60_000 },
    });
    const hooks = await receiver('ops');
    const endpoint = await endpointFor('ops', hooks.url);
    await center.createRule({ name: 'breaches', events: ['deadline.breached'], endpoints: [endpoint.id] });
    hooks.failWith(503);
    for (let count = 0; count < 5; count++) await runtime.start('complaint', opened);
    await runtime.fireDueTimers(new Date('2026-03-02T01:10:00Z'));
    await settle();
    const attemptsOf = async () =>
      (
        await Promise.all(
          (await center.messages({ channel: 'webhook' })).map((message) => center.attempts(message.id)),
        )
      ).flat();
    // The first three fail (503) and open the breaker; the other two are held without an attempt.
    expect((await attemptsOf()).map((attempt) => attempt.responseCode)).toEqual([503, 503, 503]);
    expect((await center.endpoint(endpoint.id)).breaker).toEqual({
      position: 'open',
      failures: 3,
      openUntil: '2026-03-02T01:11:00.000Z',
    });
    clock.advance(30_000);
    await center.deliverDue();
    expect(await attemptsOf()).toHaveLength(3);

    clock.set('2026-03-02T01:11:00.000Z');
    expect((await center.endpoint(endpoint.id)).breaker.position).toBe('halfOpen');
    await center.deliverDue();
    expect(await attemptsOf()).toHaveLength(4);
    expect((await center.endpoint(endpoint.id)).breaker).toMatchObject({
      position: 'open',
      openUntil: '2026-03-02T01:12:00.000Z',
    });

    hooks.failWith(null);
    clock.set('2026-03-02T01:12:00.000Z');
    await center.deliverDue();
    await center.deliverDue();
    expect((await center.endpoint(endpoint.id)).breaker).toEqual({
      position: 'closed',
      failures: 0,
      openUntil: null,
    });
    expect(Object.values(hooks.countsById())).toEqual([1, 1, 1, 1, 1]);
  });

  it('moves a message to the dead letters after the last attempt, and a replay re-sends it with the same webhook-id', async () => {
    useCenter({ retry: { baseDelayMs: 1_000, jitter: 0, maxAttempts: 3 }, breaker: { threshold: 100 } });
    const hooks = await receiver('ops');
    const endpoint = await endpointFor('ops', hooks.url);
    await center.createRule({ name: 'breaches', events: ['deadline.breached'], endpoints: [endpoint.id] });
    hooks.failWith(500);
    await runtime.start('complaint', opened);
    await runtime.start('complaint', opened);
    await runtime.fireDueTimers(new Date('2026-03-02T01:10:00Z'));
    await settle();
    for (let step = 0; step < 3; step++) {
      clock.advance(60_000);
      await center.deliverDue();
    }
    const dead = await center.deadLetters();
    expect(dead.map((message) => [message.status, message.attempts, message.lastError])).toEqual([
      ['dead', 3, 'HTTP 500'],
      ['dead', 3, 'HTTP 500'],
    ]);
    hooks.failWith(null);
    await center.replay(dead[1]!.id);
    await center.idle();
    expect(hooks.received.map((request) => request.id)).toEqual([dead[1]!.id]);

    const replayed = await center.replayRange({
      from: '2026-03-02T01:00:00Z',
      to: '2026-03-02T02:00:00Z',
      endpointId: endpoint.id,
    });
    await center.idle();
    expect(replayed).toEqual(dead.map((message) => message.id).sort());
    expect(hooks.countsById()).toEqual({ [dead[0]!.id]: 1, [dead[1]!.id]: 2 });
    expect(await center.deadLetters()).toEqual([]);
  });
});

describe('one voice', () => {
  it('sends a published statement to email and two webhook endpoints with the same text and statement id', async () => {
    useCenter();
    const first = await receiver('pr');
    const second = await receiver('chat');
    const standard = await endpointFor('pr', first.url);
    const slack = await endpointFor('chat', second.url, 'slack');
    await center.setContactPoint({ userId: 'u-director', email: 'director@example.test', locale: 'zh-CN' });
    await center.createRule({
      name: 'Statements everywhere',
      events: ['statement.published'],
      recipients: [{ kind: 'user', userId: 'u-director' }],
      channels: ['email'],
      endpoints: [standard.id, slack.id],
    });
    const at = '2026-03-02T03:00:00.000Z';
    const { workflow } = await runtime.start('crisis', {
      at: '2026-03-02T02:00:00.000Z',
      by: director,
      title: '电水壶漏水批量投诉',
      level: 'III',
      reason: '一小时内 12 起同类投诉',
    });
    const text = '我们已关注到部分电水壶漏水问题，正在召回检测。';
    for (const event of [
      { type: 'crisis.activatePlan', plan: '产品质量应急预案' },
      { type: 'crisis.assignRole', role: 'commander', userId: 'u-director' },
      { type: 'crisis.assignRole', role: 'spokesperson', userId: 'u-pr' },
      { type: 'crisis.assignRole', role: 'scribe', userId: 'u-agent' },
      { type: 'crisis.draftStatement', statementId: 's-1', text, by: { userId: 'u-agent', role: 'agent' } },
      { type: 'crisis.approveStatement', statementId: 's-1', by: { userId: 'u-pr', role: 'manager' } },
      { type: 'crisis.publishStatement', statementId: 's-1' },
    ])
      await runtime.send(workflow.id, { by: director, at, ...event });
    await settle();

    expect(smtp.mails.map((mail) => mail.text)).toEqual([text]);
    expect(first.received.map((request) => request.body)).toMatchObject([
      { type: 'statement.published', data: { statementId: 's-1', text, crisisId: workflow.id } },
    ]);
    expect(second.received.map((request) => request.body)).toEqual([{ text }]);
    const receipts = await center.messages({ statementId: 's-1' });
    expect(receipts.map((receipt) => [receipt.channel, receipt.status, receipt.text]).sort()).toEqual([
      ['email', 'delivered', text],
      ['webhook', 'delivered', text],
      ['webhook', 'delivered', text],
    ]);
  });
});

describe('people', () => {
  it('holds back a non-critical email in quiet hours and still sends a critical one', async () => {
    useCenter();
    await center.setContactPoint({
      userId: 'zhang.wei',
      email: 'zhang.wei@example.test',
      locale: 'en',
      quiet: { from: '08:00', until: '12:00', timeZone: 'Asia/Shanghai' },
    });
    await center.createRule({
      name: 'callbacks and breaches',
      events: ['callback.due', 'deadline.breached'],
      recipients: [{ kind: 'user', userId: 'zhang.wei' }],
      channels: ['email'],
    });
    const base = {
      workflowId: 'c-9',
      kind: 'complaint',
      event: { complaintId: 'c-9', dueAt: '2026-03-02T01:10:00.000Z', at: '2026-03-02T01:10:00.000Z' },
    };
    await center.handleOutbox('workflow.emitted', {
      ...base,
      seq: 5,
      event: { ...base.event, type: 'complaint.deadlineBreached', deadline: 'revisit' },
    });
    await center.handleOutbox('workflow.emitted', {
      ...base,
      seq: 6,
      event: { ...base.event, type: 'complaint.deadlineBreached', deadline: 'resolve' },
    });
    await center.idle();
    const messages = await center.messages({ channel: 'email' });
    expect(messages.map((message) => [message.eventType, message.status]).sort()).toEqual([
      ['callback.due', 'suppressed'],
      ['deadline.breached', 'delivered'],
    ]);
    expect(smtp.mails.map((mail) => mail.subject)).toEqual([
      '[Breach] Complaint c-9 missed its resolve deadline',
    ]);
  });

  it('keeps each inbox to its owner: marking another user’s item read changes nothing', async () => {
    useCenter();
    await center.createRule({
      name: 'everyone in the inbox',
      events: ['deadline.breached'],
      recipients: [{ kind: 'team', team: 'default' }],
      channels: ['inApp'],
    });
    await center.handleOutbox('workflow.emitted', {
      workflowId: 'c-10',
      kind: 'complaint',
      seq: 3,
      event: {
        type: 'complaint.deadlineBreached',
        complaintId: 'c-10',
        deadline: 'record',
        dueAt: '2026-03-02T01:10:00.000Z',
        at: '2026-03-02T01:10:00.000Z',
      },
    });
    await center.idle();
    const [mine] = await center.inbox('zhang.wei');
    const [theirs] = await center.inbox('wang.fang');
    expect(await center.markRead('zhang.wei', [theirs!.id])).toEqual([]);
    expect((await center.inbox('wang.fang', { unreadOnly: true })).map((item) => item.id)).toEqual([
      theirs!.id,
    ]);
    expect(await center.markRead('zhang.wei', [mine!.id])).toEqual([mine!.id]);
    expect(await center.inbox('zhang.wei', { unreadOnly: true })).toEqual([]);
    expect(mine!.subject).toBe('【超时】投诉 c-10 的 record 时限已过');
  });
});

describe('endpoints', () => {
  it('signs with the new and the previous secret after a rotation, so a receiver on either verifies', async () => {
    useCenter();
    const hooks = await receiver('ops');
    const endpoint = await endpointFor('ops', hooks.url);
    const original = secrets.ops!;
    const { secret } = await center.rotateEndpointSecret(endpoint.id);
    expect(secret).not.toBe(original);
    expect(secret).toMatch(/^whsec_/);
    expect(JSON.stringify(await center.listEndpoints())).not.toContain(secret);
    await center.sendTest(endpoint.id);
    secrets.ops = secret;
    const attempt = await center.sendTest(endpoint.id);
    expect(attempt).toMatchObject({ status: 'delivered', responseCode: 204 });
    expect(hooks.received).toHaveLength(2);
    expect(hooks.refused).toBe(0);
  });

  it('refuses an endpoint without an http URL and a rule without events, writing nothing', async () => {
    useCenter();
    await expect(center.createEndpoint({ name: 'x', url: 'ftp://example.test' })).rejects.toBeInstanceOf(
      InvalidPayload,
    );
    await expect(center.createRule({ name: 'x', events: [] })).rejects.toThrow(/events/);
    expect(await center.listEndpoints()).toEqual([]);
    expect(await center.listRules()).toEqual([]);
  });
});

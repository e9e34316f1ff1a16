import { createRuntime, createRuntimePubSub, openStore, type Store } from '@kefu/runtime';
import { defaultWorkflows } from '@kefu/workflows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, createTestServer, type TestServer } from './test-support.js';

const redisUrl = process.env.KEFU_TEST_REDIS_URL;

const openMutation = `mutation Open($input: OpenComplaintInput!) { openComplaint(input: $input) { id } }`;
const openInput = (team: string) => ({
  customer: { name: '王伟', phone: '13800001234', grade: 'B' },
  channel: 'phone',
  category: 'product-quality',
  summary: '电水壶漏水',
  team,
});

interface SseEvent {
  event: string;
  data: any;
}

/** Subscribes over SSE (graphql-yoga's GraphQL-over-SSE "distinct connections" mode) and yields each `next` event. */
async function subscribe(server: TestServer, query: string, as: Caller) {
  const controller = new AbortController();
  const response = await server.yoga.fetch('http://kefu.test/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      authorization: `Bearer ${await server.token(as)}`,
    },
    body: JSON.stringify({ query }),
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  async function next(timeoutMs = 5_000): Promise<SseEvent | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const boundary = buffer.indexOf('\n\n');
      if (boundary >= 0) {
        const block = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (data !== undefined) return { event, data: JSON.parse(data) };
        continue;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) return undefined;
      const chunk = await Promise.race([
        reader.read(),
        new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), remaining)),
      ]);
      if (chunk === undefined) return undefined;
      if (chunk.done) return undefined;
      buffer += chunk.value;
    }
  }
  return {
    next,
    close() {
      controller.abort();
      void reader.cancel().catch(() => {});
    },
  };
}

describe('subscriptions in one instance', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await createTestServer({ dataDir: 'memory://subscriptions-test' });
  });
  afterAll(async () => {
    await server.close();
  });

  it('delivers workflowChanged for a complaint opened through a mutation, to a subscriber of that team only', async () => {
    const east = await subscribe(
      server,
      'subscription { workflowChanged(kind: "complaint") { workflowId kind seq type state complaint { id team } } }',
      { role: 'agent', user: 'li.na', team: 'east' },
    );
    const pending = east.next();
    await new Promise((resolve) => setImmediate(resolve));
    const west = await server.graphql(
      openMutation,
      { input: openInput('west') },
      { role: 'agent', user: 'wang.fang', team: 'west' },
    );
    const opened = await server.graphql(
      openMutation,
      { input: openInput('east') },
      { role: 'agent', user: 'zhou.yu', team: 'east' },
    );
    expect(opened.errors).toBeUndefined();
    const event = await pending;
    east.close();
    expect(event?.event).toBe('next');
    expect(event?.data.data.workflowChanged).toEqual({
      workflowId: opened.data.openComplaint.id,
      kind: 'complaint',
      seq: 1,
      type: 'complaint.started',
      state: 'received',
      complaint: { id: opened.data.openComplaint.id, team: 'east' },
    });
    expect(event?.data.data.workflowChanged.workflowId).not.toBe(west.data.openComplaint.id);
  });

  it('refuses a subscription without a token', async () => {
    const response = await server.yoga.fetch('http://kefu.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { workflowChanged { workflowId } }' }),
    });
    const text = await response.text();
    expect(text).toMatch(/needs a bearer token/);
  });

  it('delivers a breached deadline of a visible complaint, with how late it was noticed', async () => {
    const supervisor = { role: 'supervisor', user: 'zhang.wei', team: 'east' } as const;
    const opened = await server.graphql(openMutation, { input: openInput('east') }, supervisor);
    const id = opened.data.openComplaint.id;
    const alerts = await subscribe(
      server,
      'subscription { deadlineBreached(kind: "complaint") { workflowId deadline dueAt at lateByMs } }',
      supervisor,
    );
    const pending = alerts.next();
    await new Promise((resolve) => setImmediate(resolve));
    await server.runtime.pubSub.publish('workflow.emitted', {
      workflowId: id,
      kind: 'complaint',
      seq: 2,
      event: {
        type: 'complaint.deadlineBreached',
        complaintId: id,
        deadline: 'record',
        dueAt: '2026-03-02T01:10:00.000Z',
        at: '2026-03-02T01:10:30.000Z',
      },
    });
    const event = await pending;
    alerts.close();
    expect(event?.data.data.deadlineBreached).toEqual({
      workflowId: id,
      deadline: 'record',
      dueAt: '2026-03-02T01:10:00.000Z',
      at: '2026-03-02T01:10:30.000Z',
      lateByMs: 30_000,
    });
  });

  it('delivers a crisis level change published by the outbox to any signed-in role', async () => {
    const live = await subscribe(
      server,
      'subscription { crisisLevelChanged { crisisId level previousLevel colour reason seq } }',
      {
        role: 'trainer',
        user: 'sun.li',
      },
    );
    const pending = live.next();
    await new Promise((resolve) => setImmediate(resolve));
    await server.runtime.pubSub.publish('workflow.emitted', {
      workflowId: 'crisis-1',
      kind: 'crisis',
      seq: 4,
      event: {
        type: 'crisis.levelChanged',
        from: 'III',
        to: 'II',
        colour: 'orange',
        reason: '舆情扩散',
        at: '2026-03-02T03:00:00.000Z',
      },
    });
    const event = await pending;
    live.close();
    expect(event?.data.data.crisisLevelChanged).toEqual({
      crisisId: 'crisis-1',
      level: 'II',
      previousLevel: 'III',
      colour: 'orange',
      reason: '舆情扩散',
      seq: 4,
    });
  });

  it('delivers a recorded grade to the trainee and not to another agent', async () => {
    const own = await subscribe(server, 'subscription { gradeRecorded { trainee quizId score passed } }', {
      role: 'agent',
      user: 't1',
    });
    const other = await subscribe(server, 'subscription { gradeRecorded { trainee } }', {
      role: 'agent',
      user: 't2',
    });
    const pendingOwn = own.next();
    const pendingOther = other.next(500);
    await new Promise((resolve) => setImmediate(resolve));
    await server.runtime.pubSub.publish('grade.recorded', {
      attemptId: 'a1',
      trainee: 't1',
      quizId: 'q1',
      itemId: null,
      score: 0.75,
      passed: true,
      at: '2026-03-02T03:00:00.000Z',
    });
    expect((await pendingOwn)?.data.data.gradeRecorded).toEqual({
      trainee: 't1',
      quizId: 'q1',
      score: 0.75,
      passed: true,
    });
    expect(await pendingOther).toBeUndefined();
    own.close();
    other.close();
  });

  it('announces a deadline falling due within the window as soon as it is subscribed', async () => {
    const opened = await server.graphql(
      openMutation,
      { input: openInput('east') },
      { role: 'supervisor', user: 'zhang.wei', team: 'east' },
    );
    const id = opened.data.openComplaint.id;
    const alerts = await subscribe(
      server,
      'subscription { deadlineApproaching(withinMinutes: 60) { workflowId kind deadline dueAt } }',
      { role: 'supervisor', user: 'zhang.wei', team: 'east' },
    );
    const seen: string[] = [];
    for (let event = await alerts.next(); event; event = await alerts.next(1_000)) {
      seen.push(
        `${event.data.data.deadlineApproaching.workflowId}:${event.data.data.deadlineApproaching.deadline}`,
      );
      if (seen.some((entry) => entry.startsWith(id))) break;
    }
    alerts.close();
    expect(seen.some((entry) => entry.startsWith(`${id}:`))).toBe(true);
  });
});

describe('subscriptions across instances', () => {
  let store: Store | undefined;
  let first: TestServer | undefined;
  let second: TestServer | undefined;

  beforeAll(async () => {
    if (!redisUrl) return;
    store = await openStore({ dataDir: 'memory://subscriptions-redis-test' });
    // Two instances of the API on one database, each with its own runtime and Redis connection.
    first = await createTestServer({
      runtime: createRuntime({
        store,
        workflows: defaultWorkflows,
        pubSub: createRuntimePubSub({ redisUrl }),
      }),
    });
    second = await createTestServer({
      runtime: createRuntime({
        store,
        workflows: defaultWorkflows,
        pubSub: createRuntimePubSub({ redisUrl }),
      }),
    });
  });

  afterAll(async () => {
    await first?.runtime.pubSub.close();
    await second?.runtime.pubSub.close();
    await first?.close();
    await second?.close();
    await store?.close();
  });

  it.skipIf(!redisUrl)(
    'delivers a mutation on one instance to an SSE subscriber on another through Redis (needs KEFU_TEST_REDIS_URL)',
    async () => {
      const manager = { role: 'manager', user: 'zhao.min' } as const;
      const subscription = await subscribe(
        second!,
        'subscription { workflowChanged { workflowId type seq } }',
        manager,
      );
      const opened = new Set<string>();
      let received: SseEvent | undefined;
      // The Redis SUBSCRIBE completes asynchronously: open complaints until one arrives (bounded).
      for (let attempt = 0; attempt < 10 && !received; attempt++) {
        const pending = subscription.next(1_000);
        const result = await first!.graphql(openMutation, { input: openInput('east') }, manager);
        opened.add(result.data.openComplaint.id);
        received = await pending;
      }
      subscription.close();
      expect(received?.event).toBe('next');
      expect(opened.has(received!.data.data.workflowChanged.workflowId)).toBe(true);
      expect(received!.data.data.workflowChanged).toMatchObject({ type: 'complaint.started', seq: 1 });
    },
  );
});

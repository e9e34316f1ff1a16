import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createRuntime,
  EventNotAccepted,
  eventHash,
  IdempotencyKeyConflict,
  InvalidPayload,
  openStore,
  type Runtime,
  type Store,
  WorkflowNotFound,
} from '@kefu/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultWorkflows } from './default-workflows.js';

const opened = {
  at: '2026-03-02T09:00:00+08:00',
  by: { userId: 'li.na', role: 'agent' },
  customer: { name: '王伟', phone: '13800000000', grade: 'B' },
  channel: 'phone',
  category: 'product-quality',
  summary: '电水壶使用两天后漏水',
};

const record = {
  type: 'complaint.record',
  at: '2026-03-02T09:04:00+08:00',
  by: { userId: 'zhang.wei', role: 'supervisor' },
  report: { facts: '客户反映电水壶底部漏水' },
};

let store: Store;
let runtime: Runtime;
const conflicts: number[] = [];

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://runtime-test' });
  runtime = createRuntime({
    store,
    workflows: defaultWorkflows,
    onConflict: (_id, attempt) => conflicts.push(attempt),
  });
});

afterAll(async () => {
  await store.close();
});

describe('createRuntime', () => {
  it('starts a complaint in received with its record deadline and a first log entry', async () => {
    const { workflow, entry } = await runtime.start('complaint', opened);
    expect(workflow.state).toBe('received');
    expect(workflow.version).toBe(1);
    expect(workflow.machineId).toBe('complaint');
    expect(workflow.context.deadlines).toMatchObject({ record: { dueAt: '2026-03-02T01:10:00.000Z' } });
    expect(entry).toMatchObject({ seq: 1, type: 'complaint.started', fromState: null, toState: 'received' });
    expect(workflow.readModel).toMatchObject({
      status: 'received',
      customerGrade: 'B',
      category: 'product-quality',
    });
  });

  it('applies an accepted event, bumps the version and chains the log hash', async () => {
    const { workflow: started } = await runtime.start('complaint', opened);
    const { workflow, entry, emitted } = await runtime.send(started.id, record);
    expect(workflow.state).toBe('recorded');
    expect(workflow.version).toBe(2);
    expect(emitted.map((event) => event.type)).toEqual(['complaint.recorded']);
    const history = await runtime.history(started.id);
    expect(history.map((item) => [item.seq, item.type, item.fromState, item.toState])).toEqual([
      [1, 'complaint.started', null, 'received'],
      [2, 'complaint.record', 'received', 'recorded'],
    ]);
    expect(entry.previousHash).toBe(history[0]!.hash);
    expect(history[1]!.hash).toBe(eventHash(history[0]!.hash, started.id, 2, history[1]!.event));
  });

  it('rejects an event from the wrong role with the reason and writes nothing', async () => {
    const { workflow: started } = await runtime.start('complaint', opened);
    const error = await runtime
      .send(started.id, { ...record, by: { userId: 'li.na', role: 'agent' } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EventNotAccepted);
    expect((error as EventNotAccepted).message).toMatch(
      /"complaint.record" may be sent by supervisor or manager, not agent/,
    );
    expect((error as EventNotAccepted).accepted).toContain('complaint.record');
    expect((await runtime.get(started.id)).version).toBe(1);
    expect(await runtime.history(started.id)).toHaveLength(1);
  });

  it('lists the actions a role may take now', async () => {
    const { workflow } = await runtime.start('complaint', opened);
    expect(await runtime.availableActions(workflow.id, 'supervisor')).toContain('complaint.record');
    expect(await runtime.availableActions(workflow.id, 'director')).toEqual([]);
    expect(await runtime.availableActions(workflow.id, 'agent')).not.toContain('complaint.record');
  });

  it('rejects an event the state does not accept at all, naming the state', async () => {
    const { workflow: started } = await runtime.start('complaint', opened);
    await runtime.send(started.id, record);
    await expect(runtime.send(started.id, { ...record, at: '2026-03-02T09:05:00+08:00' })).rejects.toThrow(
      /in state "recorded" does not accept "complaint.record"/,
    );
    expect(await runtime.history(started.id)).toHaveLength(2);
  });

  it('rejects an invalid payload naming the field, and writes nothing', async () => {
    const { workflow: started } = await runtime.start('complaint', opened);
    const error = await runtime
      .send(started.id, { ...record, report: { facts: '' } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidPayload);
    expect((error as InvalidPayload).issues.map((issue) => issue.path)).toEqual(['report.facts']);
    expect(await runtime.history(started.id)).toHaveLength(1);
  });

  it('rejects an invalid start input naming the field', async () => {
    await expect(runtime.start('complaint', { ...opened, channel: 'pigeon' })).rejects.toThrow(/channel/);
  });

  it('returns the first result and writes nothing when an idempotency key repeats with the same request', async () => {
    const { workflow: started } = await runtime.start('complaint', opened);
    const first = await runtime.send(started.id, record, { idempotencyKey: 'req-1' });
    const retry = await runtime.send(
      started.id,
      { ...record, at: '2026-03-02T09:06:00+08:00' },
      { idempotencyKey: 'req-1' },
    );
    expect(retry.duplicate).toBe(true);
    expect(retry.entry).toEqual({ ...first.entry, event: first.entry.event });
    expect(retry.workflow.version).toBe(2);
    expect(await runtime.history(started.id)).toHaveLength(2);
  });

  it('refuses with IDEMPOTENCY_KEY_CONFLICT and writes nothing when a used key comes with a different request', async () => {
    const { workflow: started } = await runtime.start('complaint', opened);
    await runtime.send(started.id, record, { idempotencyKey: 'req-2' });
    const otherBody = await runtime
      .send(started.id, { ...record, report: { facts: 'a different body' } }, { idempotencyKey: 'req-2' })
      .catch((caught: unknown) => caught);
    expect(otherBody).toBeInstanceOf(IdempotencyKeyConflict);
    expect((otherBody as IdempotencyKeyConflict).code).toBe('IDEMPOTENCY_KEY_CONFLICT');
    const otherEvent = await runtime
      .send(
        started.id,
        { type: 'complaint.startAnalysis', at: record.at, by: record.by },
        { idempotencyKey: 'req-2' },
      )
      .catch((caught: unknown) => caught);
    expect(otherEvent).toBeInstanceOf(IdempotencyKeyConflict);
    expect((otherEvent as IdempotencyKeyConflict).details).toMatchObject({
      firstEventType: 'complaint.record',
      eventType: 'complaint.startAnalysis',
    });
    expect(await runtime.history(started.id)).toHaveLength(2);
  });

  it('retries a send that lost the version race against the new state', async () => {
    const { workflow: started } = await runtime.start('complaint', opened);
    conflicts.length = 0;
    const results = await Promise.allSettled([
      runtime.send(started.id, record),
      runtime.send(started.id, { ...record, by: { userId: 'wang.fang', role: 'manager' } }),
    ]);
    expect(conflicts).toEqual([1]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(EventNotAccepted);
    const history = await runtime.history(started.id);
    expect(history.map((item) => item.seq)).toEqual([1, 2]);
  });

  it('maps a row selected by the caller exactly as get does, personal data opened', async () => {
    const { workflow } = await runtime.start('complaint', opened);
    const row = await store.db
      .selectFrom('workflows')
      .selectAll()
      .where('id', '=', workflow.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row.snapshot)).not.toContain('王伟');
    const record = runtime.recordFromRow(row);
    expect(record).toEqual(await runtime.get(workflow.id));
    expect((record.context.customer as { name: string }).name).toBe('王伟');
  });

  it('throws WorkflowNotFound for an unknown id', async () => {
    await expect(runtime.send('no-such-id', record)).rejects.toBeInstanceOf(WorkflowNotFound);
    await expect(runtime.get('no-such-id')).rejects.toBeInstanceOf(WorkflowNotFound);
  });

  it('lists complaints, newest first', async () => {
    const list = await runtime.list({ kind: 'complaint', limit: 3 });
    expect(list).toHaveLength(3);
    expect(list.every((item) => item.kind === 'complaint')).toBe(true);
  });
});

describe('persistence', () => {
  it('restores a workflow with its state and history after the database is closed and reopened', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kefu-runtime-'));
    const dataDir = join(root, 'data');
    try {
      const first = await openStore({ dataDir });
      const id = (
        await createRuntime({ store: first, workflows: defaultWorkflows }).start('complaint', opened)
      ).workflow.id;
      await createRuntime({ store: first, workflows: defaultWorkflows }).send(id, record);
      await first.close();

      const second = await openStore({ dataDir });
      const reopened = createRuntime({ store: second, workflows: defaultWorkflows });
      const workflow = await reopened.get(id);
      expect(workflow.state).toBe('recorded');
      expect((workflow.context.report as { facts: string }).facts).toBe('客户反映电水壶底部漏水');
      expect((await reopened.history(id)).map((entry) => entry.type)).toEqual([
        'complaint.started',
        'complaint.record',
      ]);
      expect(await reopened.acceptedEvents(id)).toContain('complaint.startAnalysis');
      await second.close();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('reactions', () => {
  it('starts another workflow from an emitted event once, even when the source is re-delivered', async () => {
    const reactionStore = await openStore({ dataDir: 'memory://reactions' });
    const linked = createRuntime({
      store: reactionStore,
      workflows: defaultWorkflows,
      reactions: {
        'complaint.recorded': (emitted, source) => [
          {
            start: 'complaint',
            id: `follow-up-of-${source.workflow.id}`,
            input: { ...opened, at: String(emitted.at), summary: `follow-up of ${source.workflow.id}` },
          },
        ],
      },
    });
    const { workflow } = await linked.start('complaint', opened);
    await linked.send(workflow.id, record);
    const followUp = await linked.get(`follow-up-of-${workflow.id}`);
    expect(followUp.context.summary).toBe(`follow-up of ${workflow.id}`);
    const again = await linked.start('complaint', opened, { id: followUp.id });
    expect(again.duplicate).toBe(true);
    expect(await linked.list({ kind: 'complaint' })).toHaveLength(2);
    await reactionStore.close();
  });
});

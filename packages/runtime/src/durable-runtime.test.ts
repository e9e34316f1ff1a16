import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from './create-runtime.js';
import { createScheduler } from './create-scheduler.js';
import { createDataCipher, DataKeyError, generateDataKey, loadDataCipher } from './data-cipher.js';
import { openStore, type Store } from './open-store.js';
import { reencryptPersonalData } from './reencrypt-personal-data.js';
import {
  InvalidPayload,
  PayloadTooLarge,
  SnapshotNotRestorable,
  UnknownEventType,
  WorkflowNotFound,
} from './runtime-errors.js';
import { workflowTopics } from './runtime-pub-sub.js';
import { BackupNotSupported, backup, restore } from './store-backup.js';
import { note, testDataKey, ticketInput, ticketWorkflow } from './test-support.js';

const t0 = '2026-03-02T09:00:00.000Z';
const minutes = (n: number) => new Date(Date.parse(t0) + n * 60_000);

let store: Store;
let runtime: Runtime;

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://durable', dataKey: testDataKey });
  runtime = createRuntime({ store, workflows: [ticketWorkflow] });
});

afterAll(async () => {
  await runtime.idle();
  await store.close();
});

async function counts() {
  const { rows } = await sql<{ events: number; outbox: number; timers: number }>`
    select (select count(*) from workflow_events)::int as events, (select count(*) from outbox)::int as outbox,
      (select count(*) from timers)::int as timers`.execute(store.db);
  return rows[0]!;
}

describe('timers', () => {
  it('keeps one pending timer per deadline and removes it when the deadline goes', async () => {
    const { workflow } = await runtime.start('ticket', ticketInput(t0, 30));
    expect(
      (await runtime.timers(workflow.id)).map((timer) => [timer.name, timer.dueAt, timer.firedAt]),
    ).toEqual([['reply', minutes(30).toISOString(), null]]);
    await runtime.send(workflow.id, {
      type: 'ticket.close',
      at: minutes(5).toISOString(),
      by: ticketInput(t0).by,
    });
    expect(await runtime.timers(workflow.id)).toEqual([]);
    expect((await runtime.verify(workflow.id)).timersMatchDeadlines).toBe(true);
  });

  it('fires a due deadline once with lateBy, and not before it is due', async () => {
    const { workflow } = await runtime.start('ticket', ticketInput(t0, 10));
    const scheduler = createScheduler({ runtime, now: () => minutes(9) });
    const early = await scheduler.runOnce();
    expect(early.firings.filter((firing) => firing.timer.workflowId === workflow.id)).toEqual([]);

    const late = createScheduler({ runtime, now: () => minutes(12) });
    const { firings } = await late.runOnce();
    const mine = firings.filter((firing) => firing.timer.workflowId === workflow.id);
    expect(mine.map((firing) => [firing.outcome, firing.lateByMs])).toEqual([['fired', 120_000]]);
    expect((await late.runOnce()).firings).toEqual([]);

    const history = await runtime.history(workflow.id);
    expect(history.at(-1)?.event).toMatchObject({
      type: 'ticket.deadlineReached',
      deadline: 'reply',
      dueAt: minutes(10).toISOString(),
      timerId: mine[0]!.timer.id,
      lateBy: 120_000,
      by: { userId: 'scheduler', role: 'system' },
    });
    expect((await runtime.get(workflow.id)).readModel.breached).toBe(true);
    const [timer] = await runtime.timers(workflow.id);
    expect(timer).toMatchObject({ outcome: 'fired', lateByMs: 120_000, firedSeq: 2 });
    expect(late.metrics()).toMatchObject({ fired: mine.length > 0 ? expect.any(Number) : 0, runs: 2 });
    expect(late.metrics().latenessMs.p50).toBeGreaterThanOrEqual(0);
  });

  it('marks a timer ignored with the reason when the machine refuses its event', async () => {
    const { workflow } = await runtime.start('ticket', ticketInput(t0, 10));
    // The workflow moves to a state where the deadline event is not handled, behind the timers table's back.
    await sql`update workflows set snapshot = jsonb_set(snapshot, '{value}', '"closed"'), state = 'closed'
      where id = ${workflow.id}`.execute(store.db);
    const scheduler = createScheduler({ runtime, now: () => minutes(11) });
    const { firings } = await scheduler.runOnce();
    const mine = firings.find((firing) => firing.timer.workflowId === workflow.id)!;
    expect(mine.outcome).toBe('ignored');
    expect(mine.reason).toMatch(/in state "closed" does not accept "ticket.deadlineReached"/);
    expect((await runtime.timers(workflow.id))[0]).toMatchObject({ outcome: 'ignored' });
    expect((await scheduler.runOnce()).firings).toEqual([]);
  });
});

describe('outbox', () => {
  it('publishes workflow.changed with the sequence number and the emitted events after commit', async () => {
    const received: Array<{ topic: string; detail: any }> = [];
    for (const topic of Object.values(workflowTopics)) {
      runtime.pubSub.eventTarget.addEventListener(topic, (event) =>
        received.push({ topic, detail: (event as CustomEvent).detail }),
      );
    }
    // What each emitted row holds at rest, read while it is being delivered (a delivered row is deleted).
    const atRest: string[] = [];
    const stopReading = runtime.onOutboxDelivered(async (topic, payload) => {
      if (topic !== workflowTopics.emitted) return;
      const { rows } = await sql<{ payload: string }>`select payload::text as payload from outbox
        where workflow_id = ${(payload as { workflowId: string }).workflowId} and topic = ${topic}`.execute(
        store.db,
      );
      atRest.push(...rows.map((row) => row.payload));
    });
    const { workflow } = await runtime.start('ticket', ticketInput(t0, 10));
    await runtime.send(workflow.id, note(minutes(1).toISOString(), 'called back'));
    await createScheduler({ runtime, now: () => minutes(11) }).runOnce();
    const mine = received.filter((message) => message.detail.workflowId === workflow.id);
    expect(
      mine.map((message) => [
        message.topic,
        message.detail.seq,
        message.detail.type ?? message.detail.event.type,
      ]),
    ).toEqual([
      ['workflow.changed', 1, 'ticket.started'],
      ['workflow.changed', 2, 'ticket.note'],
      ['workflow.changed', 3, 'ticket.deadlineReached'],
      ['workflow.emitted', 3, 'ticket.breached'],
    ]);
    expect(mine[1]!.detail).toEqual({
      workflowId: workflow.id,
      kind: 'ticket',
      seq: 2,
      type: 'ticket.note',
      state: 'open',
      version: 2,
      at: minutes(1).toISOString(),
    });
    stopReading();
    expect(atRest).toHaveLength(1);
    expect(atRest[0]).toContain('"event": "kefu-enc:v1:');
    expect(atRest[0]).not.toContain('ticket.breached');
    // Delivered rows are deleted: the outbox keeps only what is still to deliver.
    const { rows } = await sql<{ left: number }>`
      select count(*)::int as left from outbox where workflow_id = ${workflow.id}`.execute(store.db);
    expect(rows[0]!.left).toBe(0);
  });

  it('in the background (awaitDelivery: false), leaves no delivered row behind once idle() resolves', async () => {
    const background = createRuntime({ store, workflows: [ticketWorkflow], awaitDelivery: false });
    const { workflow } = await background.start('ticket', ticketInput(t0));
    for (let minute = 1; minute <= 5; minute++)
      await background.send(workflow.id, note(minutes(minute).toISOString(), `note ${minute}`));
    await background.idle();
    const { rows } = await sql<{ left: number }>`
      select count(*)::int as left from outbox where workflow_id = ${workflow.id}`.execute(store.db);
    expect(rows[0]!.left).toBe(0);
  });

  it('runs a reaction from a row left undelivered by a crash', async () => {
    const reacting = createRuntime({
      store,
      workflows: [ticketWorkflow],
      awaitDelivery: false,
      reactions: {
        'ticket.breached': (emitted, source) => [
          {
            send: source.workflow.id,
            event: note(String(emitted.at), `breach noted (${source.entry.seq})`),
            idempotencyKey: `breach-note-${source.entry.seq}`,
          },
        ],
      },
    });
    // Another process writes the breach and dies while delivering what it emitted: that row stays in the outbox.
    const crashed = createRuntime({ store, workflows: [ticketWorkflow], awaitDelivery: false });
    crashed.onOutboxDelivered((topic) =>
      topic === workflowTopics.emitted ? new Promise<void>(() => {}) : Promise.resolve(),
    );
    const { workflow } = await crashed.start('ticket', ticketInput(t0, 10));
    await crashed.fireNextTimer(minutes(20));
    expect(await reacting.get(workflow.id)).toMatchObject({ version: 2 });
    // Its claim runs out; this process claims the row and the reaction runs.
    await sql`update outbox set claimed_until = null where workflow_id = ${workflow.id}`.execute(store.db);
    await reacting.deliverOutbox();
    await reacting.idle();
    const notes = (await reacting.get(workflow.id)).context.notes;
    expect(notes).toEqual(['breach noted (2)']);
  });
});

describe('results', () => {
  it('returns the context read-only, and the next send plans on it as it was written', async () => {
    const { workflow } = await runtime.start('ticket', ticketInput(t0));
    const { workflow: noted } = await runtime.send(workflow.id, note(minutes(1).toISOString(), 'first'));
    expect(() => (noted.context.notes as string[]).push('changed in place')).toThrow(TypeError);
    const { workflow: again } = await runtime.send(workflow.id, note(minutes(2).toISOString(), 'second'));
    expect(again.context.notes).toEqual(['first', 'second']);
    expect((await runtime.get(workflow.id)).context.notes).toEqual(['first', 'second']);
  });
});

describe('bad input', () => {
  it('throws typed errors and writes nothing for an unknown id, an unknown event type or an oversized payload', async () => {
    const { workflow } = await runtime.start('ticket', ticketInput(t0));
    const before = await counts();
    await expect(runtime.send('no-such-workflow', note(t0, 'x'))).rejects.toBeInstanceOf(WorkflowNotFound);
    const unknown = await runtime
      .send(workflow.id, { type: 'ticket.teleport', at: t0, by: ticketInput(t0).by })
      .catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(UnknownEventType);
    expect((unknown as UnknownEventType).known).toEqual([
      'ticket.close',
      'ticket.deadlineReached',
      'ticket.note',
    ]);
    const huge = await runtime
      .send(workflow.id, note(t0, 'x'.repeat(70_000)))
      .catch((error: unknown) => error);
    expect(huge).toBeInstanceOf(PayloadTooLarge);
    expect((huge as PayloadTooLarge).limit).toBe(65_536);
    await expect(
      runtime.send(workflow.id, { type: 'ticket.note', at: 'yesterday', by: {} }),
    ).rejects.toBeInstanceOf(InvalidPayload);
    expect(await counts()).toEqual(before);
  });
});

describe('personal data', () => {
  it('stores customer name and phone encrypted in snapshots and events, and reads them back', async () => {
    const { workflow } = await runtime.start('ticket', ticketInput(t0));
    const { rows } = await sql<{ snapshot: string; event: string }>`
      select w.snapshot::text as snapshot, e.event::text as event from workflows w
      join workflow_events e on e.workflow_id = w.id where w.id = ${workflow.id}`.execute(store.db);
    const stored = rows[0]!;
    for (const text of [stored.snapshot, stored.event]) {
      expect(text).not.toContain('王伟');
      expect(text).not.toContain('13800000000');
      expect(text).toContain(`kefu-enc:v1:${store.cipher.keyId}:`);
    }
    expect((await runtime.get(workflow.id)).context.customer).toEqual({ name: '王伟', phone: '13800000000' });
    expect((await runtime.history(workflow.id))[0]!.event.customer).toEqual({
      name: '王伟',
      phone: '13800000000',
    });
    expect((await runtime.verify(workflow.id)).hashChainIntact).toBe(true);
  });

  it('reads data written under an old key after rotation, and refuses a key it does not have', () => {
    const oldKey = generateDataKey();
    const newKey = generateDataKey();
    const sealed = createDataCipher(oldKey).encrypt({ name: '王伟' });
    expect(createDataCipher(`${newKey},${oldKey}`).decrypt(sealed)).toEqual({ name: '王伟' });
    expect(createDataCipher(`${newKey},${oldKey}`).encrypt('x')).toContain(`:${newKey.split(':')[0]}:`);
    expect(() => createDataCipher(newKey).decrypt(sealed)).toThrow(DataKeyError);
    expect(() => createDataCipher('short')).toThrow(/32 bytes/);
  });

  it('generates the embedded key file with mode 0600 and reuses it', () => {
    const root = mkdtempSync(join(tmpdir(), 'kefu-key-'));
    try {
      const keyFile = join(root, '.kefu', 'data-key');
      const first = loadDataCipher({ keyFile });
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(loadDataCipher({ keyFile }).keyId).toBe(first.keyId);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('verify', () => {
  it("finds a log entry edited behind the runtime's back", async () => {
    const { workflow } = await runtime.start('ticket', ticketInput(t0));
    await runtime.send(workflow.id, note(minutes(1).toISOString(), 'original'));
    expect((await runtime.verify(workflow.id)).problems).toEqual([]);
    await sql`update workflow_events set event = jsonb_set(event, '{text}', '"edited"')
      where workflow_id = ${workflow.id} and seq = 2`.execute(store.db);
    const verification = await runtime.verify(workflow.id);
    expect(verification.hashChainIntact).toBe(false);
    expect(verification.replayMatchesSnapshot).toBe(false);
  });
});

describe('machine versions', () => {
  it('upgrades an old snapshot through the registry of migrations on load', async () => {
    const { workflow } = await runtime.start('ticket', ticketInput(t0));
    await sql`update workflows set machine_version = 0, snapshot = jsonb_set(snapshot, '{context,notes}', '"legacy"')
      where id = ${workflow.id}`.execute(store.db);
    const upgraded = createRuntime({
      store,
      workflows: [
        {
          ...ticketWorkflow,
          migrations: {
            0: (snapshot) => ({ ...snapshot, context: { ...snapshot.context, notes: ['legacy'] } }),
          },
        },
      ],
    });
    const { workflow: after } = await upgraded.send(workflow.id, note(minutes(1).toISOString(), 'new'));
    expect(after.context.notes).toEqual(['legacy', 'new']);
    expect((await upgraded.get(workflow.id)).machineVersion).toBe(1);
  });

  it('returns SnapshotNotRestorable for a snapshot naming a vanished state while others keep working', async () => {
    const { workflow: broken } = await runtime.start('ticket', ticketInput(t0));
    const { workflow: healthy } = await runtime.start('ticket', ticketInput(t0));
    await sql`update workflows set snapshot = jsonb_set(snapshot, '{value}', '"vanished"') where id = ${broken.id}`.execute(
      store.db,
    );
    const error = await runtime.send(broken.id, note(t0, 'x')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SnapshotNotRestorable);
    expect((error as Error).message).toMatch(/State 'vanished' does not exist/);
    await expect(runtime.acceptedEvents(broken.id)).rejects.toBeInstanceOf(SnapshotNotRestorable);
    expect((await runtime.send(healthy.id, note(t0, 'fine'))).workflow.version).toBe(2);
  });

  it('refuses a snapshot with no migration path', async () => {
    const { workflow } = await runtime.start('ticket', ticketInput(t0));
    await sql`update workflows set machine_version = 0 where id = ${workflow.id}`.execute(store.db);
    await expect(runtime.send(workflow.id, note(t0, 'x'))).rejects.toThrow(/no migration from it to 1/);
  });
});

describe('backup and restore', () => {
  it('restores a PGlite backup into a new directory with every workflow', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kefu-backup-'));
    try {
      const { workflow } = await runtime.start('ticket', ticketInput(t0));
      const { bytes, file } = await backup(store, join(root, 'kefu.tar.gz'));
      expect(bytes).toBeGreaterThan(1000);
      await restore(file, join(root, 'restored'));
      await expect(restore(file, join(root, 'restored'))).rejects.toBeInstanceOf(BackupNotSupported);
      const restored = await openStore({ dataDir: join(root, 'restored'), dataKey: testDataKey });
      const reread = createRuntime({ store: restored, workflows: [ticketWorkflow] });
      expect((await reread.get(workflow.id)).context.customer).toEqual({
        name: '王伟',
        phone: '13800000000',
      });
      await restored.close();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

// Last in the file: afterwards the shared database's personal data is under a key the other tests do not hold.
describe('key rotation', () => {
  it('re-encrypts snapshots and log entries under the new key so the old one can go', async () => {
    const { workflow } = await runtime.start('ticket', ticketInput(t0));
    const newKey = generateDataKey();
    const rotated = { ...store, cipher: createDataCipher(`${newKey},${testDataKey}`) };
    const counts = await reencryptPersonalData({
      store: rotated,
      workflows: [ticketWorkflow],
    });
    expect(counts.snapshots).toBeGreaterThan(0);
    expect(counts.events).toBeGreaterThan(0);
    expect(await reencryptPersonalData({ store: rotated, workflows: [ticketWorkflow] })).toEqual({
      snapshots: 0,
      events: 0,
    });
    const newOnly = createRuntime({
      store: { ...store, cipher: createDataCipher(newKey) },
      workflows: [ticketWorkflow],
    });
    expect((await newOnly.get(workflow.id)).context.customer).toEqual({ name: '王伟', phone: '13800000000' });
    expect(await newOnly.verify(workflow.id)).toMatchObject({
      hashChainIntact: true,
      replayMatchesSnapshot: true,
    });
    await expect(runtime.get(workflow.id)).rejects.toBeInstanceOf(DataKeyError);
  });
});

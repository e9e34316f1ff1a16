import { createRuntime, createRuntimePubSub, createScheduler, openStore, type Store } from '@kefu/runtime';
import { note, ticketInput, ticketWorkflow } from '@kefu/runtime/test-support';
import { defaultWorkflows } from '@kefu/workflows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkHealth } from './health.js';

const redisUrl = process.env.KEFU_TEST_REDIS_URL;
let store: Store;

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://health' });
});

afterAll(async () => {
  await store.close();
});

describe('checkHealth', () => {
  it('reports ok with the database counts and scheduler metrics when the scheduler has just run', async () => {
    const now = new Date('2026-03-02T01:00:00.000Z');
    const runtime = createRuntime({ store, workflows: defaultWorkflows });
    const scheduler = createScheduler({ runtime, now: () => now, pollIntervalMs: 1000 });
    await scheduler.start();
    const report = await checkHealth({ store, scheduler, now: () => now });
    await scheduler.stop();
    expect(report.status).toBe('ok');
    expect(report.database).toMatchObject({
      engine: 'pglite',
      ok: true,
      pendingTimers: 0,
      undeliveredOutbox: 0,
    });
    expect(report.scheduler).toMatchObject({
      running: true,
      runs: 1,
      stale: false,
      lastRunAt: now.toISOString(),
    });
  });

  it('reports degraded when the scheduler is stopped, and down when the database is gone', async () => {
    const runtime = createRuntime({ store, workflows: defaultWorkflows });
    const scheduler = createScheduler({ runtime });
    expect((await checkHealth({ store, scheduler })).status).toBe('degraded');
    const closed = await openStore({ dataDir: 'memory://health-closed' });
    await closed.close();
    const report = await checkHealth({ store: closed });
    expect(report.status).toBe('down');
    expect(report.database.ok).toBe(false);
  });

  it('reports no Redis when none is configured', async () => {
    expect((await checkHealth({ store })).redis).toBeNull();
  });

  // Needs a Redis server: KEFU_TEST_REDIS_URL (CI sets it).
  it.skipIf(!redisUrl)('reports Redis answering when it is configured and up', async () => {
    const pubSub = createRuntimePubSub({ redisUrl });
    try {
      const report = await checkHealth({ store, redis: pubSub });
      expect(report.redis).toMatchObject({ ok: true });
      expect(report.redis?.latencyMs).toBeGreaterThanOrEqual(0);
      expect(report.status).toBe('ok');
    } finally {
      await pubSub.close();
    }
  });

  it('reports degraded with the Redis error when Redis does not answer', async () => {
    // Nothing listens on this port (this worktree's range).
    const pubSub = createRuntimePubSub({ redisUrl: 'redis://127.0.0.1:4139' });
    try {
      const report = await checkHealth({ store, redis: pubSub, redisTimeoutMs: 300 });
      expect(report.status).toBe('degraded');
      expect(report.redis?.ok).toBe(false);
      expect(report.redis?.error).toEqual(expect.any(String));
      expect(report.database.ok).toBe(true);
    } finally {
      await pubSub.close();
    }
  });

  it("reports the writes this instance's runtime tried again, by cause", async () => {
    const at = '2026-03-02T01:00:00.000Z';
    const here = createRuntime({ store, workflows: [ticketWorkflow] });
    const elsewhere = createRuntime({ store, workflows: [ticketWorkflow] });
    const { workflow } = await here.start('ticket', ticketInput(at));
    expect((await checkHealth({ store, runtime: here })).retriedWrites).toEqual({ version: 0, aborted: 0 });
    // Another instance writes the ticket first: this one's write, planned on the row it last wrote, is refused
    // by the version check and tried again on a fresh read.
    await here.send(workflow.id, note(at, 'first'));
    await elsewhere.send(workflow.id, note(at, 'second'));
    await here.send(workflow.id, note(at, 'third'));
    expect((await checkHealth({ store, runtime: here })).retriedWrites).toEqual({ version: 1, aborted: 0 });
    expect((await checkHealth({ store })).retriedWrites).toBeNull();
  });

  it('reports the newest automatic backup when there is one', async () => {
    const at = new Date('2026-12-01T03:00:00.000Z');
    const report = await checkHealth({
      store,
      backups: { lastBackup: () => ({ file: '/srv/kefu/backups/data-x.tar.gz', at }) },
    });
    expect(report.lastBackup).toEqual({
      file: '/srv/kefu/backups/data-x.tar.gz',
      at: '2026-12-01T03:00:00.000Z',
    });
  });
});

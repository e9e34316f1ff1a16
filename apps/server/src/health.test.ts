import { createRuntime, createScheduler, openStore, type Store } from '@kefu/runtime';
import { defaultWorkflows } from '@kefu/workflows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkHealth } from './health.js';

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
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRuntime, type Runtime } from './create-runtime.js';
import { createScheduler, type Scheduler } from './create-scheduler.js';
import { openStore, type Store } from './open-store.js';
import { agent, testDataKey, ticketInput, ticketWorkflow } from './test-support.js';

const t0 = '2026-03-02T09:00:00.000Z';
const minutes = (n: number) => new Date(Date.parse(t0) + n * 60_000);
const hour = 60 * 60_000;

let store: Store;
let runtime: Runtime;

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://scheduler', dataKey: testDataKey });
  runtime = createRuntime({ store, workflows: [ticketWorkflow] });
});

afterAll(async () => {
  await runtime.idle();
  await store.close();
});

const close = (id: string, at: Date) =>
  runtime.send(id, { type: 'ticket.close', at: at.toISOString(), by: agent });

async function planned(scheduler: Scheduler, expected: Date) {
  await vi.waitFor(() => expect(scheduler.metrics().nextRunAt).toBe(expected.toISOString()));
}

/** Planned by the cadence: one poll interval after the run began, less the (real) time the run took. */
async function plannedByCadence(scheduler: Scheduler, runAt: Date) {
  await vi.waitFor(() => {
    const next = Date.parse(scheduler.metrics().nextRunAt ?? '');
    expect(next).toBeGreaterThan(runAt.getTime() + hour - 60_000);
    expect(next).toBeLessThanOrEqual(runAt.getTime() + hour);
  });
}

describe('createScheduler', () => {
  it('plans the next run at the earliest pending due time when it comes before the poll interval', async () => {
    const { workflow } = await runtime.start('ticket', ticketInput(t0, 30));
    const scheduler = createScheduler({ runtime, now: () => minutes(0), pollIntervalMs: hour });
    try {
      expect((await scheduler.start()).firings).toEqual([]);
      await planned(scheduler, minutes(30));
    } finally {
      await scheduler.stop();
      await close(workflow.id, minutes(1));
    }
    expect(scheduler.metrics().nextRunAt).toBeNull();
  });

  it('wakes early when this process commits a deadline nearer than the planned run', async () => {
    const scheduler = createScheduler({ runtime, now: () => minutes(0), pollIntervalMs: hour });
    const opened: string[] = [];
    try {
      await scheduler.start();
      await plannedByCadence(scheduler, minutes(0));
      opened.push((await runtime.start('ticket', ticketInput(t0, 20))).workflow.id);
      expect(scheduler.metrics().nextRunAt).toBe(minutes(20).toISOString());
      opened.push((await runtime.start('ticket', ticketInput(t0, 45))).workflow.id);
      expect(scheduler.metrics().nextRunAt).toBe(minutes(20).toISOString());
    } finally {
      await scheduler.stop();
      for (const id of opened) await close(id, minutes(1));
    }
  });

  it('runs again at once when a run stops at its limit, until every due timer has fired', async () => {
    const ids = await Promise.all(
      [10, 11, 12].map(async (due) => (await runtime.start('ticket', ticketInput(t0, due))).workflow.id),
    );
    const scheduler = createScheduler({
      runtime,
      now: () => minutes(15),
      pollIntervalMs: hour,
      maxPerRun: 1,
    });
    try {
      expect((await scheduler.start()).firings).toHaveLength(1);
      await vi.waitFor(() => expect(scheduler.metrics().fired).toBe(3));
      await plannedByCadence(scheduler, minutes(15));
    } finally {
      await scheduler.stop();
    }
    for (const id of ids)
      expect((await runtime.timers(id)).every((timer) => timer.outcome === 'fired')).toBe(true);
  });

  it('stamps each batch with the clock when that batch fires, not when the run began', async () => {
    await Promise.all([5, 6].map((due) => runtime.start('ticket', ticketInput(t0, due))));
    let reads = 0;
    // Each read of the clock is one second later than the one before.
    const scheduler = createScheduler({
      runtime,
      now: () => new Date(minutes(10).getTime() + 1000 * reads++),
      batchSize: 1,
    });
    const { firings } = await scheduler.runOnce();
    expect(firings.map((firing) => [firing.timer.dueAt, firing.timer.firedAt, firing.lateByMs])).toEqual([
      [minutes(5).toISOString(), minutes(10).toISOString(), 5 * 60_000],
      [minutes(6).toISOString(), new Date(minutes(10).getTime() + 1000).toISOString(), 4 * 60_000 + 1000],
    ]);
  });

  it('plans the next run for a due time its run just missed when the wake-up came a millisecond early', async () => {
    const due = minutes(30).getTime();
    const { workflow } = await runtime.start('ticket', ticketInput(t0, 30));
    // The clock reads `clock`, except that the first read of each run after a wake-up may be scripted earlier.
    let clock = minutes(0).getTime();
    const firstReads: number[] = [];
    let wakeUp: (() => void) | undefined;
    const scheduler = createScheduler({
      runtime,
      now: () => new Date(firstReads.shift() ?? clock),
      pollIntervalMs: hour,
      wake: (run) => {
        wakeUp = run;
        return () => {
          if (wakeUp === run) wakeUp = undefined;
        };
      },
    });
    try {
      await scheduler.start();
      await planned(scheduler, minutes(30));
      // Woken for the due time, the run reads the clock 1 ms before it, so nothing is due yet; by the time the
      // run has finished the clock is past the due time.
      firstReads.push(due - 1);
      clock = due + 1;
      wakeUp!();
      await vi.waitFor(() => expect(scheduler.metrics().runs).toBe(2));
      expect(scheduler.metrics().fired).toBe(0);
      // Planned for the missed due time (at most the 25 ms gap between runs later), not a poll interval later.
      await vi.waitFor(() => expect(scheduler.metrics().nextRunAt).not.toBeNull());
      expect(Date.parse(scheduler.metrics().nextRunAt!)).toBeLessThanOrEqual(due + 1 + 25);
      clock = due + 2;
      wakeUp!();
      await vi.waitFor(() => expect(scheduler.metrics().fired).toBe(1));
      const [timer] = await runtime.timers(workflow.id);
      expect(timer).toMatchObject({ outcome: 'fired', lateByMs: 2 });
    } finally {
      await scheduler.stop();
    }
  });
});

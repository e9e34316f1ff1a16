import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRuntime, type Runtime } from './create-runtime.js';
import { createScheduler } from './create-scheduler.js';
import { openStore, type Store } from './open-store.js';
import type { Projection } from './projection.js';
import {
  PayloadTooLarge,
  SnapshotNotRestorable,
  UnknownEventType,
  WorkflowNotFound,
} from './runtime-errors.js';
import {
  agent,
  createTestSchema,
  note,
  postgresUrl,
  skipPostgres,
  testDataKey,
  ticketInput,
  ticketWorkflow,
} from './test-support.js';

const t0 = '2026-03-02T09:00:00.000Z';
const minutes = (n: number) => new Date(Date.parse(t0) + n * 60_000);

let schema: Awaited<ReturnType<typeof createTestSchema>> | undefined;
const stores: Store[] = [];
const runtimes: Runtime[] = [];

async function instance(poolSize = 10, maxAttempts = 100): Promise<Runtime> {
  const store = await openStore({ databaseUrl: schema!.url, dataKey: testDataKey, poolSize });
  stores.push(store);
  const runtime = createRuntime({ store, workflows: [ticketWorkflow], maxAttempts });
  runtimes.push(runtime);
  return runtime;
}

beforeAll(async () => {
  if (postgresUrl) schema = await createTestSchema(postgresUrl, 'durable');
});

afterAll(async () => {
  await Promise.all(runtimes.map((runtime) => runtime.idle()));
  await Promise.all(stores.map((store) => store.close()));
  await schema?.drop();
});

async function expectCompleteLog(runtime: Runtime, workflowId: string, texts: string[]) {
  const history = await runtime.history(workflowId);
  expect(history.map((entry) => entry.seq)).toEqual(history.map((_, index) => index + 1));
  const applied = history.slice(1).map((entry) => entry.event.text as string);
  expect([...applied].sort()).toEqual([...texts].sort());
  const workflow = await runtime.get(workflowId);
  expect(workflow.version).toBe(texts.length + 1);
  expect(workflow.context.notes).toEqual(applied);
  expect(await runtime.verify(workflowId)).toMatchObject({
    hashChainIntact: true,
    replayMatchesSnapshot: true,
  });
}

/** How long to poll for another session's progress: generous, because CI runs every package's tests at once. */
const patiently = { timeout: 10_000, interval: 20 };

/**
 * A runtime on connections named for `label`, recording why it tried a write again into `causes`; another
 * session (`other`) to hold locks with; and `blocked()`, which resolves once one of the runtime's connections
 * waits for a lock.
 *
 * PostgreSQL looks for a deadlock once per wait, `deadlock_timeout` after the wait began, and the backend that
 * finds the cycle is the one it aborts. With the default (1 s) on both sides, the runtime's check could run before
 * a loaded machine got `other` to its conflicting statement: that check found no cycle, and `other`'s own check
 * then aborted `other` instead. So the runtime's sessions look after 5 s and `other` after 20 s: whatever
 * `other` does within 5 s of the runtime's wait, the runtime's statement is the one aborted.
 */
async function contended(label: string, workflow: typeof ticketWorkflow, causes: string[]) {
  const applicationName = `kefu_${label}_${process.pid}`;
  const url = new URL(schema!.url);
  url.searchParams.set('application_name', applicationName);
  url.searchParams.set('options', `${url.searchParams.get('options') ?? ''} -c deadlock_timeout=5s`.trim());
  const store = await openStore({ databaseUrl: url.toString(), dataKey: testDataKey, poolSize: 2 });
  stores.push(store);
  const runtime = createRuntime({
    store,
    workflows: [workflow],
    onConflict: (id, attempt, cause) => causes.push(`${id} ${attempt} ${cause}`),
  });
  runtimes.push(runtime);
  const other = new pg.Client({ connectionString: schema!.url });
  const watcher = new pg.Client({ connectionString: schema!.url });
  await Promise.all([other.connect(), watcher.connect()]);
  await other.query(`set deadlock_timeout = '20s'`);
  return {
    runtime,
    store,
    other,
    blocked: () =>
      vi.waitFor(async () => {
        const { rows } = await watcher.query(
          "select count(*)::int as waiting from pg_stat_activity where application_name = $1 and wait_event_type = 'Lock'",
          [applicationName],
        );
        expect(rows[0].waiting).toBe(1);
      }, patiently),
    end: () => Promise.all([other.end(), watcher.end()]),
  };
}

describe.skipIf(!postgresUrl)(
  `on PostgreSQL (${postgresUrl ? 'KEFU_TEST_DATABASE_URL' : skipPostgres})`,
  () => {
    it('applies 50 concurrent sends to one workflow each exactly once with contiguous versions', async () => {
      const runtime = await instance(10);
      const { workflow } = await runtime.start('ticket', ticketInput(t0));
      const texts = Array.from({ length: 50 }, (_, index) => `note-${index}`);
      const began = performance.now();
      const results = await Promise.all(
        texts.map((text, index) => runtime.send(workflow.id, note(minutes(index).toISOString(), text))),
      );
      console.info(`50 concurrent sends to one workflow: ${(performance.now() - began).toFixed(0)} ms`);
      expect(results.map((result) => result.entry.seq).sort((a, b) => a - b)).toEqual(
        texts.map((_, index) => index + 2),
      );
      await expectCompleteLog(runtime, workflow.id, texts);
    });

    it('keeps every log complete when 8 clients send 1,000 events over 100 workflows', async () => {
      const clients = await Promise.all(Array.from({ length: 8 }, () => instance(2)));
      const ids = await Promise.all(
        Array.from(
          { length: 100 },
          async () => (await clients[0]!.start('ticket', ticketInput(t0))).workflow.id,
        ),
      );
      const expected = new Map<string, string[]>(ids.map((id) => [id, []]));
      const began = performance.now();
      await Promise.all(
        clients.map(async (client, clientIndex) => {
          for (let index = 0; index < 125; index++) {
            const sendNumber = clientIndex * 125 + index;
            const id = ids[(sendNumber * 37) % 100]!;
            const text = `c${clientIndex}-${index}`;
            expected.get(id)!.push(text);
            await client.send(id, note(minutes(sendNumber).toISOString(), text), { idempotencyKey: text });
          }
        }),
      );
      const elapsed = performance.now() - began;
      console.info(
        `1,000 sends by 8 clients over 100 workflows: ${(1000 / (elapsed / 1000)).toFixed(0)} sends/s`,
      );
      for (const id of ids) await expectCompleteLog(clients[1]!, id, expected.get(id)!);
    });

    it('fires each of 200 deadlines exactly once with two instances, and missed ones on start-up with lateBy', async () => {
      const [a, b] = [await instance(5), await instance(5)];
      const startMany = async (count: number, offset: number) =>
        Promise.all(
          Array.from({ length: count }, async (_, index) => {
            const at = minutes(offset + (index % 5)).toISOString();
            return (await (index % 2 ? a : b).start('ticket', ticketInput(at, 10))).workflow.id;
          }),
        );
      const first = await startMany(200, 0);
      const clock = { now: minutes(20) };
      const schedulers = [a, b].map((runtime) => createScheduler({ runtime, now: () => clock.now }));
      const runs = await Promise.all(schedulers.map((scheduler) => scheduler.runOnce()));
      const fired = runs.flatMap((run) => run.firings);
      expect(fired).toHaveLength(200);
      expect(new Set(fired.map((firing) => firing.timer.workflowId)).size).toBe(200);
      expect(fired.every((firing) => firing.outcome === 'fired')).toBe(true);
      console.info(`two schedulers fired ${runs.map((run) => run.firings.length).join(' + ')} timers`);
      for (const id of first.slice(0, 20)) {
        const deadlineEvents = (await a.history(id)).filter(
          (entry) => entry.type === 'ticket.deadlineReached',
        );
        expect(deadlineEvents).toHaveLength(1);
      }
      const { rows } = await sql<{ events: number }>`
      select count(*)::int as events from workflow_events where type = 'ticket.deadlineReached'`.execute(
        stores[0]!.db,
      );
      expect(rows[0]!.events).toBe(200);

      // Both stop before the next 200 come due; time passes; one instance starts and fires them all, late.
      const second = await startMany(200, 100);
      clock.now = minutes(105);
      await Promise.all(schedulers.map((scheduler) => scheduler.start()));
      await Promise.all(schedulers.map((scheduler) => scheduler.stop()));
      const c = await instance(5);
      const restarted = createScheduler({ runtime: c, now: () => minutes(180) });
      const firingBegan = performance.now();
      const { firings } = await restarted.start();
      console.info(
        `one instance fired 200 missed deadlines on start-up in ${(performance.now() - firingBegan).toFixed(0)} ms`,
      );
      await restarted.stop();
      expect(firings).toHaveLength(200);
      expect(new Set(firings.map((firing) => firing.timer.workflowId))).toEqual(new Set(second));
      for (const firing of firings) {
        expect(firing.lateByMs).toBe(180 * 60_000 - Date.parse(firing.timer.dueAt) + Date.parse(t0));
      }
      const metrics = restarted.metrics();
      expect(metrics.fired).toBe(200);
      expect(metrics.latenessMs.p50).toBeGreaterThanOrEqual(66 * 60_000);
      console.info(`start-up lateness p50 ${metrics.latenessMs.p50} ms, p99 ${metrics.latenessMs.p99} ms`);
      expect(await c.verify(second[0]!)).toMatchObject({
        timersMatchDeadlines: true,
        replayMatchesSnapshot: true,
      });
    });

    it('lets a scheduler fire deadlines while other clients close the same workflows, without deadlocks', async () => {
      // The scheduler claims a batch of due timers and sends to their workflows one by one in one transaction;
      // a client closing one of those workflows meanwhile deletes its timer. Both must lock the workflow row
      // before the timer row, or each waits on the other and PostgreSQL aborts one of them.
      const aborted: string[] = [];
      const firer = await instance(2);
      const writerStore = await openStore({ databaseUrl: schema!.url, dataKey: testDataKey, poolSize: 8 });
      stores.push(writerStore);
      const writer = createRuntime({
        store: writerStore,
        workflows: [ticketWorkflow],
        onConflict: (id, _, cause) => {
          if (cause === 'aborted') aborted.push(id);
        },
      });
      runtimes.push(writer);
      const ids = await Promise.all(
        Array.from(
          { length: 120 },
          async () => (await writer.start('ticket', ticketInput(t0, 5))).workflow.id,
        ),
      );
      const due = minutes(10);
      const retried: unknown[] = [];
      const originalError = console.error;
      console.error = (...args: unknown[]) => retried.push(args);
      const firings: Awaited<ReturnType<Runtime['fireDueTimers']>> = [];
      try {
        const firing = (async () => {
          for (;;) {
            const batch = await firer.fireDueTimers(due, 20);
            if (batch.length === 0) return;
            firings.push(...batch);
          }
        })();
        const queue = [...ids].reverse();
        const closing = Promise.all(
          Array.from({ length: 8 }, async () => {
            for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
              await writer.send(id, { type: 'ticket.close', at: due.toISOString(), by: agent });
            }
          }),
        );
        await Promise.all([firing, closing]);
      } finally {
        console.error = originalError;
      }
      // Nothing was aborted to break a deadlock, on either side (the writer would have retried it).
      expect(aborted).toEqual([]);
      expect(retried).toEqual([]);
      expect(firings.filter((firing) => firing.outcome !== 'fired')).toEqual([]);
      for (const id of ids) expect((await writer.get(id)).state).toBe('closed');
      const { rows } = await sql<{ pending: number }>`
        select count(*)::int as pending from timers where fired_at is null and workflow_id = any(${ids})`.execute(
        stores.at(-1)!.db,
      );
      expect(rows[0]!.pending).toBe(0);
    });

    it("fires other workflows' deadlines while one firing waits for a lock", async () => {
      // A projection keeps one row per ticket; another session holds ticket A's. Firing A's deadline waits for
      // that row, and B's, due later, fires meanwhile on another connection instead of queueing behind it.
      const marks: Projection = {
        id: 'test_marks',
        tables: [
          {
            id: 'test_marks_0001',
            up: 'create table if not exists test_marks (id text primary key, n integer not null)',
          },
        ],
        ctes: () => [
          {
            name: 'test_marks_counted',
            text: `insert into test_marks (id, n) select id, 1 from target
              on conflict (id) do update set n = test_marks.n + 1 returning id`,
            values: [],
          },
        ],
      };
      const { runtime, other, blocked, end } = await contended(
        'timer_parallel',
        { ...ticketWorkflow, projections: [marks] },
        [],
      );
      const a = (await runtime.start('ticket', ticketInput(t0, 5))).workflow.id;
      const b = (await runtime.start('ticket', ticketInput(minutes(1).toISOString(), 5))).workflow.id;
      const deadlineEvents = async (id: string) =>
        (
          await other.query(
            "select count(*)::int as n from workflow_events where workflow_id = $1 and type = 'ticket.deadlineReached'",
            [id],
          )
        ).rows[0].n;
      let firings: Awaited<ReturnType<Runtime['fireDueTimers']>>;
      try {
        await other.query('begin');
        await other.query('select n from test_marks where id = $1 for update', [a]);
        const firing = runtime.fireDueTimers(minutes(10), 20);
        await blocked();
        await vi.waitFor(async () => expect(await deadlineEvents(b)).toBe(1), patiently);
        expect(await deadlineEvents(a)).toBe(0);
        await other.query('commit');
        firings = await firing;
      } finally {
        await end();
      }
      expect(firings.map((firing) => [firing.timer.workflowId, firing.outcome])).toEqual([
        [a, 'fired'],
        [b, 'fired'],
      ]);
      expect((await runtime.history(a)).map((entry) => entry.type)).toEqual([
        'ticket.started',
        'ticket.deadlineReached',
      ]);
    });

    it('sends again, on a fresh read, a write PostgreSQL aborted to break a deadlock', async () => {
      // Another session locks the ticket's timer, the send locks the ticket and waits for that timer (closing
      // deletes it), then the other session asks for the ticket: a real deadlock, which PostgreSQL breaks by
      // aborting the send, whose deadlock check comes first (see `contended`).
      const conflicts: string[] = [];
      const { runtime, other, blocked, end } = await contended('deadlock_send', ticketWorkflow, conflicts);
      const { workflow } = await runtime.start('ticket', ticketInput(t0, 5));
      try {
        await other.query('begin');
        await other.query('select id from timers where workflow_id = $1 for update', [workflow.id]);
        const closing = runtime.send(workflow.id, { type: 'ticket.close', at: t0, by: agent });
        await blocked();
        const touched = await other.query('update workflows set version = version where id = $1', [
          workflow.id,
        ]);
        expect(touched.rowCount).toBe(1);
        await other.query('commit');
        expect((await closing).workflow.state).toBe('closed');
      } finally {
        await end();
      }
      expect(conflicts).toEqual([`${workflow.id} 1 aborted`]);
      expect(runtime.writeRetries()).toEqual({ version: 0, aborted: 1 });
      expect((await runtime.history(workflow.id)).map((entry) => entry.type)).toEqual([
        'ticket.started',
        'ticket.close',
      ]);
      expect(await runtime.timers(workflow.id)).toEqual([]);
    });

    it('starts again a workflow whose first write PostgreSQL aborted to break a deadlock', async () => {
      // The start's statement inserts the workflow and counts it in two rows, locking 'a' and then 'b'. Another
      // session holds 'b'; once the start waits for it, that session asks for 'a': a real deadlock, which
      // PostgreSQL breaks by aborting the start (see `contended`). The other session then holds both rows, so the
      // second attempt waits for its rollback instead of racing it.
      const totals: Projection = {
        id: 'test_total',
        tables: [
          {
            id: 'test_total_0001',
            up: `create table if not exists test_totals (id text primary key, n integer not null);
              insert into test_totals values ('a', 0), ('b', 0) on conflict do nothing`,
          },
        ],
        ctes: () => [
          {
            name: 'test_total_counted',
            text: `update test_totals set n = n + 1 where id in (
                select id from test_totals where exists (select 1 from target) order by id for update
              ) returning id`,
            values: [],
          },
        ],
      };
      const causes: string[] = [];
      const { runtime, store, other, blocked, end } = await contended(
        'deadlock_start',
        { ...ticketWorkflow, projections: [totals] },
        causes,
      );
      await runtime.start('ticket', ticketInput(t0, 5)); // the first start creates the projection's table
      try {
        await other.query('begin');
        await other.query(`select n from test_totals where id = 'b' for update`);
        const starting = runtime.start('ticket', ticketInput(t0, 5), { id: 'ticket-contended' });
        await blocked();
        // Answers once PostgreSQL has aborted the start, which had counted itself in 'a'.
        expect((await other.query(`select n from test_totals where id = 'a' for update`)).rows).toEqual([
          { n: 1 },
        ]);
        await other.query('rollback');
        expect((await starting).workflow.id).toBe('ticket-contended');
      } finally {
        await end();
      }
      const { rows } = await sql<{
        id: string;
        n: number;
      }>`select id, n from test_totals order by id`.execute(store.db);
      expect(rows).toEqual([
        { id: 'a', n: 2 },
        { id: 'b', n: 2 },
      ]);
      expect(causes).toEqual(['ticket-contended 1 aborted']);
      expect((await runtime.history('ticket-contended')).map((entry) => entry.seq)).toEqual([1]);
    });

    it('keeps other workflows working when one stored snapshot names a state the machine lacks', async () => {
      const runtime = await instance(2);
      const { workflow: broken } = await runtime.start('ticket', ticketInput(t0));
      const { workflow: healthy } = await runtime.start('ticket', ticketInput(t0));
      await sql`update workflows set snapshot = jsonb_set(snapshot, '{value}', '"vanished"') where id = ${broken.id}`.execute(
        stores.at(-1)!.db,
      );
      await expect(runtime.send(broken.id, note(t0, 'x'))).rejects.toBeInstanceOf(SnapshotNotRestorable);
      expect((await runtime.send(healthy.id, note(t0, 'ok'))).workflow.version).toBe(2);
    });

    it('migrates once when four instances open a fresh database at the same time', async () => {
      const fresh = await createTestSchema(postgresUrl!, 'migrate');
      try {
        const opened = await Promise.all(
          Array.from({ length: 4 }, () =>
            openStore({ databaseUrl: fresh.url, dataKey: testDataKey, poolSize: 1 }),
          ),
        );
        const { rows } = await sql<{
          count: number;
        }>`select count(*)::int as count from kefu_migrations`.execute(opened[0]!.db);
        expect(rows[0]!.count).toBeGreaterThanOrEqual(2);
        await Promise.all(opened.map((store) => store.close()));
      } finally {
        await fresh.drop();
      }
    });

    it('throws typed errors and writes nothing for bad input', async () => {
      const runtime = await instance(2);
      const { workflow } = await runtime.start('ticket', ticketInput(t0));
      await expect(runtime.send('nope', note(t0, 'x'))).rejects.toBeInstanceOf(WorkflowNotFound);
      await expect(
        runtime.send(workflow.id, { ...note(t0, 'x'), type: 'ticket.fly' }),
      ).rejects.toBeInstanceOf(UnknownEventType);
      await expect(runtime.send(workflow.id, note(t0, 'x'.repeat(66_000)))).rejects.toBeInstanceOf(
        PayloadTooLarge,
      );
      expect(await runtime.history(workflow.id)).toHaveLength(1);
    });
  },
);

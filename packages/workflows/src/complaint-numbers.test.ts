import { createRuntime, openStore, type Runtime, type Store } from '@kefu/runtime';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintIdByNumber } from './complaint-numbers.js';
import { defaultWorkflows } from './default-workflows.js';

const opened = (at: string) => ({
  at,
  by: { userId: 'li.na', role: 'agent' },
  customer: { name: '王伟', phone: '13800000000', grade: 'B' },
  channel: 'phone',
  category: 'product-quality',
  summary: '电水壶使用两天后漏水',
});

const record = {
  type: 'complaint.record',
  at: '2026-03-02T09:04:00+08:00',
  by: { userId: 'zhang.wei', role: 'supervisor' },
  report: { facts: '客户反映电水壶底部漏水' },
};

const assign = {
  type: 'complaint.assign',
  at: '2026-03-02T09:30:00+08:00',
  by: { userId: 'zhang.wei', role: 'supervisor' },
  assignee: 'li.na',
  team: 'after-sales',
};

/** Inserts a complaint row by hand in a transaction that then fails: the number it took must come back. */
async function failedInsert(store: Store): Promise<void> {
  await store.db
    .transaction()
    .execute(async (trx) => {
      await sql`insert into workflows (id, kind, machine_id, machine_version, state, snapshot, version, created_at, updated_at, opened_at)
        values ('rolled-back', 'complaint', 'complaint', 1, 'received', '{}'::jsonb, 1, now(), now(), '2026-03-02T10:00:00+08:00')`.execute(
        trx,
      );
      throw new Error('the insert is rolled back');
    })
    .catch((error: Error) => expect(error.message).toBe('the insert is rolled back'));
}

describe('complaint numbers on the embedded database', () => {
  let store: Store;
  let runtime: Runtime;
  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory://complaint-numbers' });
    runtime = createRuntime({ store, workflows: defaultWorkflows });
  });
  afterAll(() => store.close());

  it('numbers complaints KF-<year>-<six digits> in the order they are opened, and keeps the number through later events', async () => {
    const first = await runtime.get(
      (await runtime.start('complaint', opened('2026-03-02T09:00:00+08:00'))).workflow.id,
    );
    const second = await runtime.get(
      (await runtime.start('complaint', opened('2026-03-02T09:01:00+08:00'))).workflow.id,
    );
    expect([first.readModel.number, second.readModel.number]).toEqual(['KF-2026-000001', 'KF-2026-000002']);
    const recorded = (await runtime.send(first.id, record)).workflow;
    expect(recorded.readModel.number).toBe('KF-2026-000001');
    // The next send plans on the row this process kept after the last one: it carries the number too.
    const assigned = (await runtime.send(first.id, assign)).workflow;
    expect(assigned.version).toBe(3);
    expect(assigned.readModel.number).toBe('KF-2026-000001');
    expect((await runtime.get(first.id)).readModel.number).toBe('KF-2026-000001');
  });

  it('leaves no gap when the transaction inserting a complaint is rolled back', async () => {
    await failedInsert(store);
    const next = await runtime.get(
      (await runtime.start('complaint', opened('2026-03-02T10:00:00+08:00'))).workflow.id,
    );
    expect(next.readModel.number).toBe('KF-2026-000003');
  });

  it('starts each year at 000001, by the opening time in China Standard Time', async () => {
    // 16:30 UTC on 31 December is already 1 January in Beijing.
    const newYear = await runtime.get(
      (await runtime.start('complaint', opened('2026-12-31T16:30:00Z'))).workflow.id,
    );
    expect(newYear.readModel.number).toBe('KF-2027-000001');
  });

  it('finds a complaint by its number, in any case, and nothing for a malformed or unknown number', async () => {
    const workflow = await runtime.get(
      (await runtime.start('complaint', opened('2026-03-03T09:00:00+08:00'))).workflow.id,
    );
    const number = workflow.readModel.number as string;
    expect(await complaintIdByNumber(store, number.toLowerCase())).toBe(workflow.id);
    expect(await complaintIdByNumber(store, 'KF-2026-999999')).toBeUndefined();
    expect(await complaintIdByNumber(store, "KF-2026-000001' or '1'='1")).toBeUndefined();
  });

  it('gives other kinds of workflow no number', async () => {
    const { workflow } = await runtime.start('crisis', {
      at: '2026-03-02T02:00:00.000Z',
      by: { userId: 'zhao.min', role: 'director' },
      title: '电水壶批量质量问题',
      level: 'IV',
      reason: '一小时内 6 起同类投诉',
      category: 'product-quality',
    });
    expect((await runtime.get(workflow.id)).readModel.number).toBeUndefined();
  });
});

const url = process.env.KEFU_TEST_DATABASE_URL;

describe.skipIf(!url)(
  'complaint numbers across server instances on PostgreSQL (needs KEFU_TEST_DATABASE_URL)',
  () => {
    const name = `kefu_numbers_${process.pid}_${Date.now()}`;
    let stores: Store[] = [];
    beforeAll(async () => {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      const scratch = new URL(url as string);
      scratch.pathname = `/${name}`;
      stores = [
        await openStore({ databaseUrl: scratch.toString(), poolSize: 4 }),
        await openStore({ databaseUrl: scratch.toString(), poolSize: 4 }),
      ];
    });
    afterAll(async () => {
      for (const store of stores) await store.close();
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`drop database if exists ${name}`);
      await admin.end();
    });

    it('gives 40 complaints opened at once through two instances the numbers 1 to 40, each once', async () => {
      const runtimes = stores.map((store) => createRuntime({ store, workflows: defaultWorkflows }));
      await Promise.all(runtimes.map((runtime) => runtime.ready()));
      await failedInsert(stores[0]!);
      const started = await Promise.all(
        Array.from({ length: 40 }, (_, index) =>
          runtimes[index % 2]!.start('complaint', opened('2026-03-02T09:00:00+08:00')),
        ),
      );
      const stored = await Promise.all(started.map(({ workflow }) => runtimes[0]!.get(workflow.id)));
      const numbers = stored.map((workflow) => workflow.readModel.number).sort();
      expect(numbers).toEqual(
        Array.from({ length: 40 }, (_, index) => `KF-2026-${String(index + 1).padStart(6, '0')}`),
      );
    });
  },
);

import { createRuntime, openStore, type Runtime, type Store } from '@kefu/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultWorkflows } from './default-workflows.js';

const opened = (at: string, customerId: string, category = 'product-quality') => ({
  at,
  by: { userId: 'li.na', role: 'agent' },
  customer: { name: '王伟', phone: '13800000000', grade: 'B' },
  customerId,
  channel: 'phone',
  category,
  summary: '电水壶使用两天后漏水',
});

describe('possible duplicates', () => {
  let store: Store;
  let runtime: Runtime;
  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory://complaint-duplicates' });
    runtime = createRuntime({ store, workflows: defaultWorkflows });
  });
  afterAll(() => store.close());

  const start = async (input: ReturnType<typeof opened>) =>
    runtime.get((await runtime.start('complaint', input)).workflow.id);

  it('flags the later complaints of one customer and category within 24 hours as possible duplicates of the first', async () => {
    const first = await start(opened('2026-03-02T09:00:00+08:00', 'customer-1'));
    const again = await Promise.all(
      ['09:00:01', '09:00:02', '09:00:03'].map((time) =>
        start(opened(`2026-03-02T${time}+08:00`, 'customer-1')),
      ),
    );
    expect(first.readModel.possibleDuplicateOf).toBeNull();
    expect(again.map((complaint) => complaint.readModel.possibleDuplicateOf)).toEqual([
      first.id,
      first.id,
      first.id,
    ]);
  });

  it('does not flag another customer, another category, or a complaint opened more than 24 hours later', async () => {
    const first = await start(opened('2026-03-05T09:00:00+08:00', 'customer-2'));
    const otherCustomer = await start(opened('2026-03-05T09:01:00+08:00', 'customer-3'));
    const otherCategory = await start(opened('2026-03-05T09:02:00+08:00', 'customer-2', 'logistics'));
    const nextDay = await start(opened('2026-03-06T09:00:01+08:00', 'customer-2'));
    expect(
      [otherCustomer, otherCategory, nextDay].map((complaint) => complaint.readModel.possibleDuplicateOf),
    ).toEqual([null, null, null]);
    expect(first.readModel.possibleDuplicateOf).toBeNull();
  });

  it('keeps the flag through later events', async () => {
    const first = await start(opened('2026-03-08T09:00:00+08:00', 'customer-4'));
    const second = await start(opened('2026-03-08T09:05:00+08:00', 'customer-4'));
    const recorded = await runtime.send(second.id, {
      type: 'complaint.record',
      at: '2026-03-08T09:06:00+08:00',
      by: { userId: 'zhang.wei', role: 'supervisor' },
      report: { facts: '同一客户再次来电' },
    });
    expect(recorded.workflow.readModel.possibleDuplicateOf).toBe(first.id);
    expect((await runtime.get(second.id)).readModel.possibleDuplicateOf).toBe(first.id);
  });
});

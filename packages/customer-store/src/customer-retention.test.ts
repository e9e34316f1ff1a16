import { createDataCipher, generateDataKey, openStore, type Store } from '@kefu/runtime';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CustomerStore, createCustomerStore } from './customer-store.js';

const oldKey = generateDataKey();
let store: Store;
let customers: CustomerStore;

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://customer-retention', dataKey: oldKey });
  customers = createCustomerStore({ store });
  await customers.ready();
});
afterAll(() => store.close());

async function customerWith(phone: string, options: { member?: boolean; closed: boolean; lastAt: string }) {
  const { customer } = await customers.recognise({
    name: '客户',
    phone,
    member: options.member ?? false,
    at: '2025-01-01T00:00:00Z',
  });
  const base = { customerId: customer.customerId, workflowId: `complaint-${phone}` };
  await customers.appendTimeline({ ...base, at: '2025-01-01T00:00:00Z', kind: 'complaint.opened', data: {} });
  if (options.closed)
    await customers.appendTimeline({ ...base, at: options.lastAt, kind: 'complaint.closed', data: {} });
  return customer.customerId;
}

describe('applyRetention', () => {
  let stale: string;
  let recent: string;
  let open: string;
  let member: string;

  beforeAll(async () => {
    stale = await customerWith('13900000011', { closed: true, lastAt: '2025-02-01T00:00:00Z' });
    recent = await customerWith('13900000012', { closed: true, lastAt: '2026-10-01T00:00:00Z' });
    open = await customerWith('13900000013', { closed: false, lastAt: '2025-01-01T00:00:00Z' });
    member = await customerWith('13900000014', {
      member: true,
      closed: true,
      lastAt: '2025-02-01T00:00:00Z',
    });
  });

  it('lists only non-member customers whose complaints all closed longer ago than the policy when run dry', async () => {
    expect(
      await customers.applyRetention({ now: '2026-12-01T00:00:00Z', closedForDays: 365, dryRun: true }),
    ).toEqual([stale]);
    expect((await customers.get(stale)).erasedAt).toBeNull();
  });

  it('erases them with a logged reason and leaves the others readable', async () => {
    expect(await customers.applyRetention({ now: '2026-12-01T00:00:00Z', closedForDays: 365 })).toEqual([
      stale,
    ]);
    expect((await customers.get(stale)).identity).toBeNull();
    expect(await customers.audit(stale)).toMatchObject([
      {
        action: 'retention',
        by: { userId: 'retention', role: 'system' },
        reason: expect.stringContaining('365 days'),
      },
    ]);
    for (const id of [recent, open, member]) expect((await customers.get(id)).identity?.name).toBe('客户');
  });

  it('refuses a retention period below one day and erases nothing', async () => {
    await expect(customers.applyRetention({ now: '2026-12-01T00:00:00Z', closedForDays: 0 })).rejects.toThrow(
      'closedForDays',
    );
    expect((await customers.get(recent)).erasedAt).toBeNull();
  });
});

describe('rewrapKeys', () => {
  it('re-seals every customer key with the new data key so the old one can be dropped', async () => {
    const newKey = generateDataKey();
    const rotated = { ...store, cipher: createDataCipher(`${newKey},${oldKey}`) };
    const rewrapped = await createCustomerStore({ store: rotated }).rewrapKeys();
    const { rows } = await sql<{
      count: number;
    }>`select (select count(*) from customer_keys)::int + (select count(*) from customer_secrets)::int as count`.execute(
      store.db,
    );
    expect(rewrapped).toBe(rows[0]!.count);
    const onlyNew = createCustomerStore({ store: { ...store, cipher: createDataCipher(newKey) } });
    const found = await onlyNew.findByContact({ phone: '13900000012' });
    expect(found?.identity?.name).toBe('客户');
  });
});

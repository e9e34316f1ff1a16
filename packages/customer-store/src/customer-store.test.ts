import { InvalidPayload, openStore, type Store } from '@kefu/runtime';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerActionForbidden, CustomerErased } from './customer-errors.js';
import { type CustomerStore, createCustomerStore } from './customer-store.js';

let store: Store;
let customers: CustomerStore;
const manager = { userId: 'zhao.min', role: 'manager' };
const agent = { userId: 'li.na', role: 'agent' };
const t0 = '2026-12-01T09:00:00.000Z';

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://customer-store' });
  customers = createCustomerStore({ store });
  await customers.ready();
});
afterAll(() => store.close());

/** Every row of every customer table as text, to look for plaintext. */
async function allCustomerText(): Promise<string> {
  const { rows } = await sql<{ text: string }>`
    select row_to_json(c)::text as text from customers c
    union all select row_to_json(k)::text from customer_keys k
    union all select row_to_json(i)::text from customer_contact_index i
    union all select row_to_json(t)::text from customer_timeline t
    union all select row_to_json(s)::text from customer_secrets s`.execute(store.db);
  return rows.map((row) => row.text).join('\n');
}

async function rowCounts() {
  const { rows } = await sql<Record<string, number>>`select
    (select count(*) from customers)::int as customers,
    (select count(*) from customer_keys)::int as keys,
    (select count(*) from customer_grade_log)::int as grades,
    (select count(*) from customer_audit)::int as audit,
    (select count(*) from customer_timeline)::int as timeline,
    (select count(*) from customer_consents)::int as consents`.execute(store.db);
  return rows[0]!;
}

describe('recognition', () => {
  it('finds one customer when the same number is written two ways, and counts the contacts on record', async () => {
    const first = await customers.recognise({ name: '王芳', phone: '138-0000-0000', at: t0 });
    expect(first.created).toBe(true);
    expect(first.contact.level).toBe('first');
    await customers.appendTimeline({
      customerId: first.customer.customerId,
      at: t0,
      kind: 'complaint.opened',
      workflowId: 'complaint-1',
      data: { channel: 'phone' },
    });
    const second = await customers.recognise({
      name: '王芳',
      phone: '+86 13800000000',
      email: 'Wang.Fang@Example.cn',
      at: '2026-12-02T09:00:00Z',
    });
    expect(second.created).toBe(false);
    expect(second.customer.customerId).toBe(first.customer.customerId);
    expect(second.contact).toMatchObject({ previous: 1, level: 'second' });
    // The email given on the second contact now finds the customer too.
    const byEmail = await customers.findByContact({ email: 'wang.fang@example.cn' });
    expect(byEmail?.customerId).toBe(first.customer.customerId);
    expect(second.customer.identity).toEqual({ name: '王芳', phones: ['+8613800000000'] });
  });

  it('creates one customer when two first contacts with the same new number arrive at once', async () => {
    const [one, two] = await Promise.all([
      customers.recognise({ name: '赵敏', phone: '13700000001', at: t0 }),
      customers.recognise({ name: '赵敏', phone: '137-0000-0001', at: t0 }),
    ]);
    expect(two.customer.customerId).toBe(one.customer.customerId);
    expect([one.created, two.created].sort()).toEqual([false, true]);
    const { rows } = await sql<{ count: number }>`select count(*)::int as count from customer_contact_index
      where customer_id = ${one.customer.customerId}`.execute(store.db);
    expect(rows[0]!.count).toBe(1);
  });

  it('stores no name, phone or email in plaintext when a customer is recognised', async () => {
    const text = await allCustomerText();
    expect(text).not.toContain('王芳');
    expect(text).not.toContain('13800000000');
    expect(text).not.toContain('wang.fang');
  });

  it('refuses a phone that is not a number and writes nothing', async () => {
    const before = await rowCounts();
    await expect(customers.recognise({ name: '李雷', phone: 'not a number', at: t0 })).rejects.toBeInstanceOf(
      InvalidPayload,
    );
    expect(await rowCounts()).toEqual(before);
  });
});

describe('grading', () => {
  it('grades from the criteria with an explanation and logs the change when volumes and revisits are recorded', async () => {
    const { customer } = await customers.recognise({
      name: '陈静',
      phone: '13900000001',
      since: '2023-01-01T00:00:00Z',
      at: t0,
    });
    for (let month = 1; month <= 11; month++) {
      await customers.recordVolume({
        customerId: customer.customerId,
        period: `2026-${String(month).padStart(2, '0')}`,
        volume: 1200,
        at: t0,
      });
    }
    await customers.recordVolume({
      customerId: customer.customerId,
      period: '2025-12',
      volume: 1200,
      at: t0,
    });
    await customers.appendTimeline({
      customerId: customer.customerId,
      at: t0,
      kind: 'revisit.recorded',
      data: { satisfaction: 'satisfied' },
    });
    const result = await customers.regrade(customer.customerId, t0);
    expect(result.grade).toBe('A');
    const stored = await customers.get(customer.customerId);
    expect(stored).toMatchObject({ grade: 'A', tier: 'premium', gradeSource: 'computed' });
    expect(stored.gradeExplanation).toEqual(result.explanation);
    expect(stored.gradeExplanation[0]).toContain('Cooperation period (合作时限): 47 months');
    const log = await customers.gradeLog(customer.customerId);
    expect(log.map((entry) => [entry.from, entry.to, entry.source])).toEqual([
      [null, 'B', 'computed'],
      ['B', 'A', 'computed'],
    ]);
    const timeline = await customers.timeline(customer.customerId);
    expect(timeline.at(-1)).toMatchObject({
      kind: 'grade.changed',
      data: { from: 'B', to: 'A', source: 'computed' },
    });
  });

  it('refuses an override by an agent and writes nothing', async () => {
    const { customer } = await customers.recognise({ name: '周强', phone: '13900000002', at: t0 });
    const before = await rowCounts();
    await expect(
      customers.overrideGrade({
        customerId: customer.customerId,
        grade: 'A',
        reason: 'key account',
        by: agent,
        at: t0,
      }),
    ).rejects.toBeInstanceOf(CustomerActionForbidden);
    expect(await rowCounts()).toEqual(before);
  });

  it('logs a manager’s override with its reason and keeps it when the customer is regraded', async () => {
    const { customer } = await customers.recognise({ name: '周强', phone: '13900000002', at: t0 });
    expect(customer.grade).toBe('C');
    const overridden = await customers.overrideGrade({
      customerId: customer.customerId,
      grade: 'A',
      reason: 'strategic distributor',
      by: manager,
      at: '2026-12-01T10:00:00Z',
    });
    expect(overridden).toMatchObject({ grade: 'A', tier: 'premium', gradeSource: 'override' });
    expect(overridden.gradeExplanation[0]).toBe('Grade A set by manager zhao.min: strategic distributor');
    await customers.regrade(customer.customerId, '2026-12-02T10:00:00Z');
    expect((await customers.get(customer.customerId)).grade).toBe('A');
    expect((await customers.gradeLog(customer.customerId)).at(-1)).toMatchObject({
      from: 'C',
      to: 'A',
      source: 'override',
      by: manager,
      reason: 'strategic distributor',
    });
    expect((await customers.audit(customer.customerId)).map((entry) => entry.action)).toEqual(['override']);
  });
});

describe('consent, export and profiles', () => {
  it('records consent with its purpose, who took it and when, and shows it in the timeline', async () => {
    const { customer } = await customers.recognise({
      name: '刘洋',
      phone: '13900000003',
      member: true,
      at: t0,
    });
    await customers.recordConsent({
      customerId: customer.customerId,
      purpose: 'revisit calls',
      given: true,
      by: agent,
      at: t0,
    });
    expect(await customers.consents(customer.customerId)).toMatchObject([
      { purpose: 'revisit calls', given: true, by: agent, at: t0 },
    ]);
    expect((await customers.timeline(customer.customerId)).map((entry) => entry.kind)).toEqual([
      'consent.recorded',
    ]);
  });

  it('exports one customer’s data as JSON and logs the export', async () => {
    const found = await customers.findByContact({ phone: '139 0000 0003' });
    const exported = await customers.exportCustomer(found!.customerId, manager, '2026-12-03T00:00:00Z');
    const json = JSON.parse(JSON.stringify(exported)) as typeof exported;
    expect(json.customer.identity).toEqual({ name: '刘洋', phones: ['+8613900000003'] });
    expect(json.consents).toHaveLength(1);
    expect(json.timeline.map((entry) => entry.kind)).toEqual(['consent.recorded']);
    expect(json.audit.map((entry) => [entry.action, entry.by.userId])).toEqual([['export', 'zhao.min']]);
  });

  it('makes a customer a channel member cooperating since 2023 and regrades it when the profile is updated', async () => {
    const { customer } = await customers.recognise({ name: '吴刚', phone: '13900000009', at: t0 });
    expect([customer.class, customer.member, customer.grade]).toEqual(['terminal', false, 'C']);
    const updated = await customers.updateProfile({
      customerId: customer.customerId,
      class: 'channel',
      member: true,
      since: '2023-01-01T00:00:00Z',
      by: manager,
      at: t0,
    });
    // cooperation 47 months → 2 points, no revisit → 1: grade B
    expect([updated.class, updated.member, updated.grade, updated.since]).toEqual([
      'channel',
      true,
      'B',
      '2023-01-01T00:00:00.000Z',
    ]);
    await expect(
      customers.updateProfile({
        customerId: customer.customerId,
        timeZone: 'Mars/Olympus',
        by: manager,
        at: t0,
      }),
    ).rejects.toBeInstanceOf(InvalidPayload);
    await customers.updateProfile({ customerId: customer.customerId, member: false, by: manager, at: t0 });
  });

  it('lists member profiles without personal data', async () => {
    const members = await customers.profiles({ member: true });
    expect(members).toHaveLength(1);
    expect(Object.keys(members[0]!).sort()).toEqual([
      'class',
      'customerId',
      'grade',
      'member',
      'since',
      'tier',
      'timeZone',
    ]);
  });
});

describe('erasure', () => {
  it('refuses an agent and writes nothing', async () => {
    const { customer } = await customers.recognise({ name: '孙丽', phone: '13900000004', at: t0 });
    const before = await rowCounts();
    await expect(
      customers.erase({
        customerId: customer.customerId,
        reason: 'asked to be forgotten',
        by: agent,
        at: t0,
      }),
    ).rejects.toBeInstanceOf(CustomerActionForbidden);
    expect(await rowCounts()).toEqual(before);
  });

  it('destroys the key and the index entries when a manager erases, and logs it with the reason', async () => {
    const found = await customers.findByContact({ phone: '13900000004' });
    const erased = await customers.erase({
      customerId: found!.customerId,
      reason: 'asked to be forgotten',
      by: manager,
      at: t0,
    });
    expect(erased.identity).toBeNull();
    expect(erased.erasedAt).toBe(t0);
    expect(await customers.findByContact({ phone: '13900000004' })).toBeUndefined();
    const { rows } = await sql<{
      count: number;
    }>`select count(*)::int as count from customer_keys where customer_id = ${found!.customerId}`.execute(
      store.db,
    );
    expect(rows[0]!.count).toBe(0);
    expect(await customers.audit(found!.customerId)).toMatchObject([
      { action: 'erase', by: manager, reason: 'asked to be forgotten' },
    ]);
    await expect(
      customers.appendTimeline({ customerId: found!.customerId, at: t0, kind: 'contact', data: {} }),
    ).rejects.toBeInstanceOf(CustomerErased);
    // A new contact with the same number is a new customer: nothing links it to the erased one.
    const again = await customers.recognise({ name: '孙丽', phone: '13900000004', at: t0 });
    expect(again.created).toBe(true);
  });
});

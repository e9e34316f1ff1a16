import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, subscribeSse, type TestServer } from '../test-support.js';

let server: TestServer;
const clock = new Date('2026-03-31T02:00:00.000Z');
const manager = { user: 'qian.jun', role: 'manager' as const };
const supervisor = { user: 'zhang.wei', role: 'supervisor' as const, team: 'east' };
const agent = { user: 'li.na', role: 'agent' as const, team: 'east' };
const trainer = { user: 'sun.li', role: 'trainer' as const };

beforeAll(async () => {
  server = await createTestServer({ dataDir: 'memory://warning-graphql', now: () => clock });
  // Two customer records and their timelines in the customer store: c-1 complained twice in March, c-2 once.
  const { customers } = server.yoga;
  for (const id of ['c-1', 'c-2']) {
    await customers.createCustomer({
      id,
      name: `客户 ${id}`,
      class: 'channel',
      member: true,
      at: '2025-01-01T00:00:00.000Z',
    });
  }
  for (const [customerId, at, workflowId] of [
    ['c-1', '2026-03-05T02:00:00.000Z', 'k-1'],
    ['c-1', '2026-03-20T02:00:00.000Z', 'k-2'],
    ['c-2', '2026-03-20T02:00:00.000Z', 'k-3'],
  ] as const) {
    await customers.appendTimeline({ customerId, at, kind: 'complaint.opened', workflowId, data: {} });
  }
});

afterAll(async () => {
  await server.close();
});

const evaluate = `mutation { evaluateCustomerWarnings { id customerId rule severity evidence { kind workflowId } } }`;
const list = `query($acknowledged: Boolean) { customerWarnings(acknowledged: $acknowledged) { id rule acknowledgement { userId role note at } } }`;
const acknowledge = `mutation($id: ID!, $note: String!) { acknowledgeCustomerWarning(id: $id, note: $note) { id acknowledgement { userId role note at } } }`;

async function warningRows(): Promise<number> {
  const rows = await server.store.db
    .selectFrom('customer_warnings' as never)
    .selectAll()
    .execute();
  return rows.length;
}

describe('customer warnings over GraphQL', () => {
  it('refuses an agent evaluating warnings and writes nothing', async () => {
    const refused = await server.graphql(evaluate, {}, agent);
    expect(refused.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(await warningRows()).toBe(0);
  });

  it('raises the repeat-complaints warning with its evidence live, and stores it once when evaluated twice', async () => {
    const live = await subscribeSse(
      server.yoga,
      'subscription { customerWarningRaised { id rule customerId } }',
      await server.token(supervisor),
    );
    const raised = await server.graphql(evaluate, {}, supervisor);
    expect(raised.errors).toBeUndefined();
    expect(raised.data.evaluateCustomerWarnings).toEqual([
      {
        id: 'repeatComplaints:c-1:k-1+k-2',
        customerId: 'c-1',
        rule: 'repeatComplaints',
        severity: 'warning',
        evidence: [
          { kind: 'complaint.opened', workflowId: 'k-1' },
          { kind: 'complaint.opened', workflowId: 'k-2' },
        ],
      },
    ]);
    const event = await live.next();
    expect(event?.data.data.customerWarningRaised).toEqual({
      id: 'repeatComplaints:c-1:k-1+k-2',
      rule: 'repeatComplaints',
      customerId: 'c-1',
    });
    live.close();
    const again = await server.graphql(evaluate, {}, supervisor);
    expect(again.data.evaluateCustomerWarnings).toEqual([]);
    expect(await warningRows()).toBe(1);
  });

  it('refuses a trainer acknowledging and leaves the warning open', async () => {
    const refused = await server.graphql(
      acknowledge,
      { id: 'repeatComplaints:c-1:k-1+k-2', note: '已处理' },
      trainer,
    );
    expect(refused.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const open = await server.graphql(list, { acknowledged: false }, manager);
    expect(open.data.customerWarnings).toEqual([
      { id: 'repeatComplaints:c-1:k-1+k-2', rule: 'repeatComplaints', acknowledgement: null },
    ]);
  });

  it('keeps who acknowledged a warning, when and with what note', async () => {
    const acknowledged = await server.graphql(
      acknowledge,
      { id: 'repeatComplaints:c-1:k-1+k-2', note: '已致电客户经理跟进' },
      manager,
    );
    expect(acknowledged.data.acknowledgeCustomerWarning.acknowledgement).toEqual({
      userId: 'qian.jun',
      role: 'manager',
      note: '已致电客户经理跟进',
      at: '2026-03-31T02:00:00.000Z',
    });
    expect((await server.graphql(list, { acknowledged: false }, manager)).data.customerWarnings).toEqual([]);
    const twice = await server.graphql(
      acknowledge,
      { id: 'repeatComplaints:c-1:k-1+k-2', note: '再次' },
      manager,
    );
    expect(twice.errors?.[0]?.extensions.code).toBe('ALREADY_ACKNOWLEDGED');
  });

  it('refuses an empty note with a typed error', async () => {
    const empty = await server.graphql(
      acknowledge,
      { id: 'repeatComplaints:c-1:k-1+k-2', note: '  ' },
      manager,
    );
    expect(empty.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });
});

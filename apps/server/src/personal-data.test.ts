import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, createTestServer, subscribeSse, type TestServer } from './test-support.js';

let server: TestServer;
let complaintId: string;
const at = '2026-03-02T01:00:00.000Z';
const director: Caller = { role: 'director', user: 'chen.jie' };
const manager: Caller = { role: 'manager', user: 'zhao.min' };
const agent: Caller = { role: 'agent', user: 'li.na', team: 'east' };

/** Rows of `access_log` for the complaint, by field. */
async function accessLog() {
  const { rows } = await sql<{ field: string; count: string }>`
    select field, count(*) as count from access_log where workflow_id = ${complaintId} group by field`.execute(
    server.store.db,
  );
  return Object.fromEntries(rows.map((row) => [row.field, Number(row.count)]));
}

/** What `work` added to `access_log` for the complaint, by field. */
async function logged(work: () => Promise<unknown>): Promise<Record<string, number>> {
  const before = await accessLog();
  await work();
  const after = await accessLog();
  return Object.fromEntries(
    Object.entries(after)
      .map(([field, count]) => [field, count - (before[field] ?? 0)] as const)
      .filter(([, added]) => added > 0),
  );
}

const historyQuery = (name: string, copies = 1) =>
  `query ${name}($id: ID!) { complaint(id: $id) { ${Array.from(
    { length: copies },
    (_, index) => `h${index}: history { type payload }`,
  ).join(' ')} } }`;

beforeAll(async () => {
  server = await createTestServer({ dataDir: 'memory://personal-data-test' });
  const { workflow } = await server.runtime.start('complaint', {
    at,
    by: { userId: 'li.na', role: 'agent' },
    customer: { name: '王伟', phone: '13800001234', grade: 'B' },
    channel: 'phone',
    category: 'product-quality',
    summary: '电水壶漏水',
    team: 'east',
  });
  complaintId = workflow.id;
  // The first request applies the API's own migrations (the access_log table).
  await server.graphql('{ __typename }');
});

afterAll(async () => {
  await server.close();
});

describe('history payloads', () => {
  it('masks the customer’s name and phone in a director’s history and logs nothing', async () => {
    let result: Awaited<ReturnType<TestServer['graphql']>> | undefined;
    const added = await logged(async () => {
      result = await server.graphql(historyQuery('DirectorHistory'), { id: complaintId }, director);
    });
    expect(result?.errors).toBeUndefined();
    const data = result?.data;
    const started = data.complaint.h0[0];
    expect(started.type).toBe('complaint.started');
    expect(started.payload.customer).toEqual({ name: '王*', phone: '138****1234', grade: 'B' });
    expect(JSON.stringify(data)).not.toMatch(/13800001234|王伟/);
    expect(added).toEqual({});
  });

  it('shows a manager the history unmasked and logs every read, once per read', async () => {
    let result: Awaited<ReturnType<TestServer['graphql']>> | undefined;
    const added = await logged(async () => {
      result = await server.graphql(historyQuery('ManagerHistory', 2), { id: complaintId }, manager);
    });
    expect(result?.data.complaint.h0[0].payload.customer).toEqual({
      name: '王伟',
      phone: '13800001234',
      grade: 'B',
    });
    expect(added).toEqual({
      'history.customer.name': 2,
      'history.customer.phone': 2,
    });
  });
});

describe('subscriptions', () => {
  it('logs the unmasked reads of every event a subscription delivers, not once per subscription', async () => {
    const before = await accessLog();
    const stream = await subscribeSse(
      server.yoga,
      `subscription Watch { workflowChanged(kind: "complaint") { seq complaint { customer { name phone } } } }`,
      await server.token(agent),
    );
    const first = stream.next();
    await new Promise((resolve) => setImmediate(resolve));
    for (const note of ['客户再次来电', '客户第三次来电']) {
      await server.runtime.send(complaintId, {
        type: 'complaint.contact',
        at,
        by: { userId: 'li.na', role: 'agent' },
        channel: 'phone',
        note,
      });
    }
    const events = [await first, await stream.next()];
    stream.close();
    expect(events.map((event) => event?.data.data.workflowChanged.complaint.customer)).toEqual([
      { name: '王伟', phone: '13800001234' },
      { name: '王伟', phone: '13800001234' },
    ]);
    const after = await accessLog();
    expect({
      name: after['customer.name']! - (before['customer.name'] ?? 0),
      phone: after['customer.phone']! - (before['customer.phone'] ?? 0),
    }).toEqual({ name: 2, phone: 2 });
  });
});

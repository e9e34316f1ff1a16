import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, createTestServer, type TestServer } from './test-support.js';

let server: TestServer;
const supervisor: Caller = { role: 'supervisor', user: 'zhang.wei', team: 'east' };

async function eventCount(): Promise<number> {
  const { rows } = await sql<{ count: string }>`select count(*) as count from workflow_events`.execute(
    server.store.db,
  );
  return Number(rows[0]!.count);
}

const openComplaint = `mutation($input: OpenComplaintInput!) { openComplaint(input: $input) { id } }`;
const openInput = (name: string) => ({
  customer: { name, phone: '13800001234' },
  channel: 'phone',
  category: 'logistics',
  summary: '快递丢失',
});

beforeAll(async () => {
  server = await createTestServer({ dataDir: 'memory://bad-input-test' });
});

afterAll(async () => {
  await server.close();
});

describe('text the database cannot store', () => {
  it('refuses NUL or a lone surrogate with BAD_USER_INPUT naming the field, and writes nothing', async () => {
    const before = await eventCount();
    for (const name of ['王\u0000伟', '王\ud800伟', '\udc00']) {
      const result = await server.graphql(openComplaint, { input: openInput(name) }, supervisor);
      expect(result.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'input.customer.name' }],
      });
    }
    const inline = await server.graphql(
      `mutation { openComplaint(input: { customer: { name: "王伟" }, channel: phone, category: "a\\u0000b", summary: "x" }) { id } }`,
      {},
      supervisor,
    );
    expect(inline.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.category' }],
    });
    expect(await eventCount()).toBe(before);
  });

  it('accepts a character outside the BMP written as a surrogate pair', async () => {
    const result = await server.graphql(openComplaint, { input: openInput('王𠀋') }, supervisor);
    expect(result.errors).toBeUndefined();
  });
});

describe('idempotency keys', () => {
  it('refuses a key reused for a different mutation with IDEMPOTENCY_KEY_CONFLICT, and writes nothing', async () => {
    const opened = await server.graphql(openComplaint, { input: openInput('王伟') }, supervisor);
    const id = opened.data.openComplaint.id;
    const contact = `mutation($input: RecordComplaintContactInput!) { recordComplaintContact(input: $input) { version } }`;
    const first = await server.graphql(
      contact,
      { input: { id, channel: 'phone', note: '客户再次来电', idempotencyKey: 'k-1' } },
      supervisor,
    );
    expect(first.data.recordComplaintContact.version).toBe(2);
    const retried = await server.graphql(
      contact,
      { input: { id, channel: 'phone', note: '客户再次来电', idempotencyKey: 'k-1' } },
      supervisor,
    );
    expect(retried.data.recordComplaintContact.version).toBe(2);
    const before = await eventCount();
    const other = await server.graphql(
      `mutation($input: RecordComplaintInput!) { recordComplaint(input: $input) { version } }`,
      { input: { id, report: { facts: '底部漏水' }, idempotencyKey: 'k-1' } },
      supervisor,
    );
    expect(other.errors?.[0]?.extensions).toMatchObject({
      code: 'IDEMPOTENCY_KEY_CONFLICT',
      firstEventType: 'complaint.contact',
      eventType: 'complaint.record',
    });
    expect(await eventCount()).toBe(before);
  });
});

describe('page sizes', () => {
  it('refuses first: -1 with BAD_USER_INPUT naming the argument', async () => {
    const result = await server.graphql(`{ complaints(first: -1) { totalCount } }`, {}, supervisor);
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'first' }],
    });
  });
});

import { createRuntime, openStore, type Runtime, type Store } from '@kefu/runtime';
import { defaultWorkflows, listComplaintPage } from '@kefu/workflows';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { customerOf } from './personal-data.js';
import { workflowRecordFromRow } from './workflow-rows.js';

let store: Store;
let runtime: Runtime;
let complaintId: string;

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://workflow-rows-test' });
  runtime = createRuntime({ store, workflows: defaultWorkflows });
  const started = await runtime.start('complaint', {
    at: '2026-03-02T01:00:00.000Z',
    by: { userId: 'li.na', role: 'agent' },
    customer: { name: '王小明', phone: '13800001234', grade: 'A' },
    channel: 'phone',
    category: 'product-quality',
    summary: '电水壶漏水',
    team: 'east',
  });
  complaintId = started.workflow.id;
});

afterAll(async () => {
  await store.close();
});

async function pageRow() {
  const page = await listComplaintPage(store.db, {
    visibility: { all: true, userId: 'wang.fang' },
    first: 1,
  });
  expect(page.rows.map((row) => row.id)).toEqual([complaintId]);
  return page.rows[0]!;
}

it('reads a page row the way the runtime reads the workflow, context included', async () => {
  const record = workflowRecordFromRow(runtime, await pageRow());
  const found = await runtime.find(complaintId);
  expect(record.readModel).toEqual(found!.readModel);
  expect(record.context).toEqual(found!.context);
  expect((record.context as { customer: { name: string } }).customer.name).toBe('王小明');
});

it('parses and opens a page row’s snapshot only when its context is read', async () => {
  const row = { ...(await pageRow()), snapshot: 'not JSON' };
  const record = workflowRecordFromRow(runtime, row);
  expect(record.readModel.team).toBe('east');
  expect(record.readModel.customerGrade).toBe('A');
  expect(() => record.context).toThrow(SyntaxError);
});

it('gives a list row’s customer grade from its column, opening nothing, and the rest from the context', async () => {
  const broken = workflowRecordFromRow(runtime, { ...(await pageRow()), snapshot: 'not JSON' });
  const customer = customerOf<{ grade: string; name: string }>(broken, { grade: 'A' });
  expect(customer.grade).toBe('A');
  // GraphQL checks whether a parent is a promise before resolving its fields.
  expect((customer as { then?: unknown }).then).toBeUndefined();
  expect(() => customer.name).toThrow(SyntaxError);
  const whole = customerOf<{ grade: string; name: string }>(workflowRecordFromRow(runtime, await pageRow()));
  expect(whole.name).toBe('王小明');
  expect(whole.grade).toBe('A');
});

it('builds a page row’s record once and opens its personal data once, however often its context is read', async () => {
  const decrypted: string[] = [];
  const counting = {
    ...store,
    cipher: {
      ...store.cipher,
      decrypt: (ciphertext: string) => {
        decrypted.push(ciphertext);
        return store.cipher.decrypt(ciphertext);
      },
    },
  };
  const reader = createRuntime({ store: counting, workflows: defaultWorkflows, migrate: false });
  let built = 0;
  const countingReader: Runtime = {
    ...reader,
    recordFromRow: (row) => {
      built += 1;
      return reader.recordFromRow(row);
    },
  };
  const record = workflowRecordFromRow(countingReader, await pageRow());
  expect(record.readModel.team).toBe('east');
  expect(decrypted).toEqual([]);
  const first = record.context;
  const second = record.context;
  expect(second).toBe(first);
  expect((first as { customer: { name: string } }).customer.name).toBe('王小明');
  expect(record.readModel.team).toBe('east');
  expect(built).toBe(1);
  // The customer's name and phone: each opened once.
  expect(decrypted).toHaveLength(2);
});

import { createRuntime, openStore, type Store } from '@kefu/runtime';
import { defaultWorkflows } from '@kefu/workflows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDevelopmentToken } from './bearer-token.js';
import type { Role } from './context.js';
import { createKefuYoga } from './yoga.js';

const jwtSecret = new TextEncoder().encode('test-secret-test-secret-test-secret-0123');

let store: Store;
let yoga: ReturnType<typeof createKefuYoga>;
let clock = new Date('2026-03-02T01:00:00.000Z');

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://server-test' });
  yoga = createKefuYoga({
    runtime: createRuntime({ store, workflows: defaultWorkflows }),
    now: () => clock,
    jwtSecret,
  });
});

afterAll(async () => {
  await store.close();
});

async function graphql(
  query: string,
  variables: Record<string, unknown> = {},
  as: { user: string; role: string; team?: string } = { user: 'li.na', role: 'agent' },
) {
  const token = await signDevelopmentToken({
    role: as.role as Role,
    userId: as.user,
    team: as.team ?? 'east',
    secret: jwtSecret,
  });
  const response = await yoga.fetch('http://kefu.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: Array<{ message: string; extensions?: any }> };
}

const open = `mutation Open($input: OpenComplaintInput!) {
  openComplaint(input: $input) { id state customer { name grade } deadlines { name dueAt } }
}`;
const record = `mutation Record($input: RecordComplaintInput!) {
  recordComplaint(input: $input) { id state report { facts } deadlines { name } }
}`;
const openInput = {
  customer: { name: '王伟', phone: '13800000000', grade: 'A' },
  channel: 'phone',
  category: 'product-quality',
  summary: '电水壶使用两天后漏水',
  team: 'east',
};

describe('complaints over GraphQL', () => {
  it('opens a complaint with the record deadline stamped by the server clock (5 minutes for a grade-A customer)', async () => {
    const { data, errors } = await graphql(open, { input: openInput });
    expect(errors).toBeUndefined();
    expect(data.openComplaint).toMatchObject({
      state: 'received',
      customer: { name: '王伟', grade: 'A' },
      deadlines: [{ name: 'record', dueAt: '2026-03-02T01:05:00.000Z' }],
    });
    expect(data.openComplaint.id).toMatch(/[0-9a-f-]{36}/);
  });

  it('records a complaint as a supervisor and shows it in the query with its history', async () => {
    clock = new Date('2026-03-02T01:00:00.000Z');
    const id = (await graphql(open, { input: openInput })).data.openComplaint.id;
    clock = new Date('2026-03-02T01:04:00.000Z');
    const recorded = await graphql(
      record,
      { input: { id, report: { facts: '底部漏水' } } },
      { user: 'zhang.wei', role: 'supervisor' },
    );
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data.recordComplaint).toMatchObject({
      state: 'recorded',
      report: { facts: '底部漏水' },
      deadlines: [{ name: 'analyse' }],
    });

    const { data } = await graphql(
      `query One($id: ID!) { complaint(id: $id) { state history { seq type at by { userId role } fromState toState } } }`,
      { id },
    );
    expect(data.complaint.state).toBe('recorded');
    expect(data.complaint.history).toEqual([
      {
        seq: 1,
        type: 'complaint.started',
        at: '2026-03-02T01:00:00.000Z',
        by: { userId: 'li.na', role: 'agent' },
        fromState: null,
        toState: 'received',
      },
      {
        seq: 2,
        type: 'complaint.record',
        at: '2026-03-02T01:04:00.000Z',
        by: { userId: 'zhang.wei', role: 'supervisor' },
        fromState: 'received',
        toState: 'recorded',
      },
    ]);
  });

  it('lists complaints, filtered by state', async () => {
    const { data } = await graphql(
      `{ received: complaints(filter: { state: ["received"] }) { nodes { state } }
         all: complaints { totalCount nodes { id } } }`,
    );
    expect(data.received.nodes.length).toBeGreaterThan(0);
    expect(data.received.nodes.every((item: { state: string }) => item.state === 'received')).toBe(true);
    expect(data.all.totalCount).toBeGreaterThanOrEqual(data.received.nodes.length);
  });

  it('returns null for an unknown complaint id', async () => {
    const { data, errors } = await graphql(`{ complaint(id: "nope") { id } }`);
    expect(errors).toBeUndefined();
    expect(data.complaint).toBeNull();
  });
});

describe('errors', () => {
  it('names the missing field when required input is absent', async () => {
    const { data, errors } = await graphql(open, { input: { ...openInput, customer: { grade: 'A' } } });
    expect(data).toBeUndefined();
    expect(errors?.[0]?.message).toMatch(
      /"input\.customer".*Field "name" of required type "String!" was not provided/,
    );
  });

  it('names the field that fails domain validation, with code BAD_USER_INPUT', async () => {
    const { errors } = await graphql(open, { input: { ...openInput, summary: '   ' } });
    expect(errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.summary' }],
    });
    expect(errors?.[0]?.message).toMatch(/input\.summary/);
  });

  it('refuses a record by an agent, saying which role may, and changes nothing', async () => {
    const id = (await graphql(open, { input: openInput })).data.openComplaint.id;
    const { errors } = await graphql(record, { input: { id, report: { facts: 'x' } } });
    expect(errors?.[0]?.extensions?.code).toBe('EVENT_NOT_ACCEPTED');
    expect(errors?.[0]?.message).toMatch(
      /"complaint.record" may be sent by supervisor or manager, not agent/,
    );
    const { data } = await graphql(`query($id: ID!) { complaint(id: $id) { state version } }`, { id });
    expect(data.complaint).toEqual({ state: 'received', version: 1 });
  });

  it('reports an unknown id on a mutation with code WORKFLOW_NOT_FOUND', async () => {
    const { errors } = await graphql(
      record,
      { input: { id: 'nope', report: { facts: 'x' } } },
      {
        user: 'zhang.wei',
        role: 'supervisor',
      },
    );
    expect(errors?.[0]?.extensions?.code).toBe('WORKFLOW_NOT_FOUND');
  });

  it('rejects malformed GraphQL with a syntax error', async () => {
    const { errors } = await graphql('{ complaints { totalCount ');
    expect(errors?.[0]?.message).toMatch(/Syntax Error/);
  });
});

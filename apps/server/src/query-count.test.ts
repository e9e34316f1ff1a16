import { createRuntime, openStore, type Store } from '@kefu/runtime';
import { statementRecorder } from '@kefu/runtime/test-support';
import { defaultWorkflows } from '@kefu/workflows';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestServer, type TestServer } from './test-support.js';

let store: Store;
let server: TestServer;

/** Counts every statement sent through the Kysely instance (query builder and raw `sql` alike). */
const { plugin: countStatements, statements } = statementRecorder();

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://query-count-test' });
  const counted: Store = { ...store, db: store.db.withPlugin(countStatements) };
  const runtime = createRuntime({ store: counted, workflows: defaultWorkflows });
  server = await createTestServer({ runtime });
  for (let index = 0; index < 104; index++) {
    await runtime.start('complaint', {
      at: new Date(Date.UTC(2026, 2, 2, 1, index)).toISOString(),
      by: { userId: 'li.na', role: 'agent' },
      customer: { name: `客户${index}`, phone: `1380000${String(index).padStart(4, '0')}`, grade: 'B' },
      channel: 'phone',
      category: index % 3 === 0 ? 'logistics' : 'product-quality',
      summary: '电水壶漏水',
      team: index % 2 === 0 ? 'east' : 'west',
    });
  }
  // Ten agents share the work (the read-model column the assignment event would set).
  await sql`update workflows set assignee = 'agent-' || (abs(hashtext(id)) % 10)::text`.execute(store.db);
});

afterAll(async () => {
  await server.close();
  await store.close();
});

const pageQuery = `query Page($first: Int!) {
  complaints(first: $first, orderBy: { field: OPENED_AT, direction: ASC }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id state priority team assignee
      assignedAgent { userId team openComplaints breachedComplaints }
      deadlines { name dueAt startedAt event }
      customer { name phone grade }
    }
  }
}`;

async function statementsFor(first: number) {
  const manager = { role: 'manager', user: 'zhao.min' } as const;
  await server.graphql('{ __typename }', {}, manager); // the API's own migrations run on the first request
  statements.length = 0;
  const result = await server.graphql(pageQuery, { first }, manager);
  expect(result.errors).toBeUndefined();
  return { result, count: statements.length, kinds: [...statements] };
}

it('lists 100 complaints with assignees and deadlines in 4 SQL statements, the same as 10', async () => {
  const hundred = await statementsFor(100);
  const nodes = hundred.result.data.complaints.nodes;
  expect(nodes).toHaveLength(100);
  expect(hundred.result.data.complaints.totalCount).toBe(104);
  expect(hundred.result.data.complaints.pageInfo.hasNextPage).toBe(true);
  expect(
    new Set(nodes.map((node: { assignedAgent: { userId: string } }) => node.assignedAgent.userId)).size,
  ).toBe(10);
  expect(nodes.every((node: { deadlines: unknown[] }) => node.deadlines.length > 0)).toBe(true);
  const agent = nodes[0].assignedAgent;
  expect(agent.openComplaints).toBeGreaterThan(0);
  // The page, the count, one batch for all ten agents, one INSERT into the access log for 200 personal-data reads.
  expect(hundred.kinds).toEqual(['SelectQueryNode', 'SelectQueryNode', 'SelectQueryNode', 'InsertQueryNode']);
  const ten = await statementsFor(10);
  expect(ten.count).toBe(hundred.count);
});

it('reads a page that does not ask for totalCount in one SQL statement, without counting', async () => {
  const manager = { role: 'manager', user: 'zhao.min' } as const;
  await server.graphql('{ __typename }', {}, manager);
  statements.length = 0;
  const result = await server.graphql('{ complaints(first: 5) { nodes { id state } } }', {}, manager);
  expect(result.errors).toBeUndefined();
  expect(result.data.complaints.nodes).toHaveLength(5);
  expect(statements).toEqual(['SelectQueryNode']);
});

it('resolves the possible duplicates of a whole page with one lookup', async () => {
  const manager = { role: 'manager', user: 'zhao.min' } as const;
  const open = (index: number, minute: number) =>
    server.runtime.start('complaint', {
      at: new Date(Date.UTC(2026, 2, 3, 1, minute)).toISOString(),
      by: { userId: 'li.na', role: 'agent' },
      customer: { name: `回头客${index}`, phone: `1390000${String(index).padStart(4, '0')}`, grade: 'B' },
      customerId: `returning-${index}`,
      channel: 'phone',
      category: 'billing',
      summary: '重复扣费',
      team: 'east',
    });
  const originals: string[] = [];
  for (let index = 0; index < 8; index++) originals.push((await open(index, index)).workflow.id);
  for (let index = 0; index < 8; index++) await open(index, 30 + index);
  await server.graphql('{ __typename }', {}, manager);
  statements.length = 0;
  const result = await server.graphql(
    `{ complaints(first: 16, filter: { category: ["billing"] }, orderBy: { field: OPENED_AT, direction: ASC }) {
      nodes { id possibleDuplicateOf { id state } }
    } }`,
    {},
    manager,
  );
  expect(result.errors).toBeUndefined();
  const nodes = result.data.complaints.nodes as Array<{
    id: string;
    possibleDuplicateOf: { id: string } | null;
  }>;
  expect(nodes.map((node) => node.possibleDuplicateOf?.id ?? null)).toEqual([
    ...originals.map(() => null),
    ...originals,
  ]);
  // The page (no count asked), then one select for the eight originals.
  expect(statements).toEqual(['SelectQueryNode', 'SelectQueryNode']);
});

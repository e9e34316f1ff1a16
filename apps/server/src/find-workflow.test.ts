// `escalation(id)`, `crisis(id)` and `revisit(id)` (and `complaint(id)`) answer only their own kind (findWorkflow).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findWorkflow } from './find-workflow.js';
import { createTestServer, type TestServer } from './test-support.js';

let server: TestServer;
let escalationId: string;
const director = { user: 'zhao.min', role: 'director' as const };
const byId = 'query($id: ID!) { escalation(id: $id) { id } crisis(id: $id) { id } revisit(id: $id) { id } }';

beforeAll(async () => {
  server = await createTestServer({ dataDir: 'memory://find-workflow-test' });
  const started = await server.graphql(
    'mutation($input: StartEscalationInput!) { startEscalation(input: $input) { id } }',
    { input: { reason: 'agentRequest', summary: '超出权限的退款' } },
    { user: 'li.na', role: 'agent', team: 'east' },
  );
  expect(started.errors).toBeUndefined();
  escalationId = started.data.startEscalation.id;
});

afterAll(async () => {
  await server.close();
});

it('answers a workflow by its id under its own kind and null under every other kind', async () => {
  expect(await server.graphql(byId, { id: escalationId }, director)).toEqual({
    status: 200,
    data: { escalation: { id: escalationId }, crisis: null, revisit: null },
  });
  expect(await findWorkflow(server.runtime, 'complaint', escalationId)).toBeNull();
  expect(await findWorkflow(server.runtime, 'escalation', escalationId)).toMatchObject({
    id: escalationId,
    kind: 'escalation',
  });
});

it('answers null for an id no workflow has', async () => {
  expect(await server.graphql(byId, { id: 'no-such-id' }, director)).toEqual({
    status: 200,
    data: { escalation: null, crisis: null, revisit: null },
  });
});

import {
  type GraphQLField,
  type GraphQLInputType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
} from 'graphql';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from './schema/index.js';
import { type Caller, createTestServer, type TestServer } from './test-support.js';

/**
 * Every mutation, sent by every role — including an agent and a supervisor of the wrong team and a trainer —
 * against an east complaint, an escalation about it and a crisis. Whatever is refused must leave the
 * workflow, event, timer and outbox tables as they were; what the rules refuse must be refused FORBIDDEN.
 */

let server: TestServer;
const at = '2026-03-02T01:00:00.000Z';
const targets = { complaint: '', west: '', escalation: '', crisis: '' };

const roles: Record<string, Caller> = {
  trainer: { role: 'trainer', user: 'sun.li', team: 'east' },
  agentWest: { role: 'agent', user: 'wang.fang', team: 'west' },
  supervisorWest: { role: 'supervisor', user: 'liu.yang', team: 'west' },
  agentEast: { role: 'agent', user: 'li.na', team: 'east' },
  supervisorEast: { role: 'supervisor', user: 'zhang.wei', team: 'east' },
  manager: { role: 'manager', user: 'zhao.min', team: null },
  director: { role: 'director', user: 'chen.jie', team: null },
};

const mutationFields = Object.values(schema.getMutationType()!.getFields()).sort((a, b) =>
  a.name.localeCompare(b.name),
);

/** A value for an input type: required fields only, plus the fields that point at east's work. */
function valueFor(type: GraphQLInputType, name: string, returns: string): unknown {
  if (isNonNullType(type)) return valueFor(type.ofType, name, returns);
  if (isListType(type)) return [valueFor(type.ofType, name, returns)];
  const named = getNamedType(type);
  if (isEnumType(named)) return named.getValues()[0]!.value;
  if (isInputObjectType(named)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(named.getFields())) {
      const targeting = ['complaintId', 'intoComplaintId', 'team', 'complaintIds'].includes(field.name);
      if (isNonNullType(field.type) || targeting)
        value[field.name] = valueFor(field.type, field.name, returns);
    }
    return value;
  }
  switch (named.name) {
    case 'ID':
      if (name === 'id') {
        if (returns === 'Escalation') return targets.escalation;
        if (returns === 'Crisis') return targets.crisis;
        return targets.complaint;
      }
      if (name === 'intoComplaintId') return targets.west;
      if (name === 'complaintId' || name === 'complaintIds') return targets.complaint;
      return 'item-1';
    case 'String':
      if (name === 'intoComplaintId') return targets.west;
      if (name === 'team') return 'east';
      if (name === 'userId' || name === 'assignee' || name === 'owner') return 'li.na';
      return '说明';
    case 'DateTime':
      return '2026-03-03T02:00:00.000Z';
    case 'Int':
    case 'Float':
      return 1;
    case 'Boolean':
      return true;
    default:
      return null;
  }
}

function operationFor(field: GraphQLField<unknown, unknown>): {
  query: string;
  variables: Record<string, unknown>;
} {
  const returns = getNamedType(field.type).name;
  const variables: Record<string, unknown> = {};
  const declarations: string[] = [];
  const args: string[] = [];
  for (const arg of field.args) {
    if (!isNonNullType(arg.type)) continue;
    variables[arg.name] = valueFor(arg.type, arg.name, returns);
    declarations.push(`$${arg.name}: ${arg.type.toString()}`);
    args.push(`${arg.name}: $${arg.name}`);
  }
  const selection = ['Complaint', 'Escalation', 'Crisis'].includes(returns) ? ' { id }' : '';
  const signature = declarations.length ? `(${declarations.join(', ')})` : '';
  const call = args.length ? `(${args.join(', ')})` : '';
  const unselected = getNamedType(field.type);
  const leaf = selection === '' && 'getFields' in unselected ? ' { __typename }' : selection;
  return { query: `mutation${signature} { ${field.name}${call}${leaf} }`, variables };
}

async function counts() {
  const { rows } = await sql<{ table: string; rows: string }>`
    select 'workflows' as table, count(*) || ':' || coalesce(sum(version), 0) as rows from workflows
    union all select 'crises', count(*)::text from workflows where kind = 'crisis'
    union all select 'workflow_events', count(*)::text from workflow_events
    union all select 'timers', count(*)::text from timers
    union all select 'outbox', count(*)::text from outbox`.execute(server.store.db);
  return Object.fromEntries(rows.map((row) => [row.table, row.rows]));
}

/** Calls the rules refuse: the trainer acts on no workflow; the west roles not on east's complaint or its escalation. */
function mustBeForbidden(roleName: string, field: GraphQLField<unknown, unknown>): boolean {
  const returns = getNamedType(field.type).name;
  const workflow = ['Complaint', 'Escalation', 'Crisis'].includes(returns);
  if (roleName === 'trainer') return workflow;
  if (field.name === 'raiseCrisis') return !['manager', 'director'].includes(roles[roleName]!.role);
  if (roleName === 'agentWest' || roleName === 'supervisorWest') {
    return returns === 'Complaint' || returns === 'Escalation' || field.name === 'linkComplaintToCrisis';
  }
  return false;
}

beforeAll(async () => {
  server = await createTestServer({ dataDir: 'memory://mutation-authorization', now: () => new Date(at) });
  const complaint = (team: string, userId: string) =>
    server.runtime.start('complaint', {
      at,
      by: { userId, role: 'agent' },
      customer: { name: '王伟', phone: '13800001234', grade: 'B' },
      channel: 'phone',
      category: 'product-quality',
      summary: '电水壶漏水',
      team,
    });
  targets.complaint = (await complaint('east', 'li.na')).workflow.id;
  targets.west = (await complaint('west', 'wang.fang')).workflow.id;
  targets.escalation = (
    await server.runtime.start('escalation', {
      at,
      by: { userId: 'li.na', role: 'agent' },
      reason: 'agentRequest',
      complaintId: targets.complaint,
      team: 'east',
    })
  ).workflow.id;
  targets.crisis = (
    await server.runtime.start('crisis', {
      at,
      by: { userId: 'chen.jie', role: 'director' },
      title: '批量漏水',
      level: 'III',
      reason: '同类投诉激增',
      complaintIds: [],
      source: { kind: 'manual' },
    })
  ).workflow.id;
});

afterAll(async () => {
  await server.close();
});

describe('every mutation for every role', () => {
  it('covers every mutation in the schema', () => {
    expect(mutationFields.length).toBeGreaterThan(50);
    expect(mutationFields.map((field) => field.name)).toContain('raiseCrisis');
  });

  it.each(mutationFields.map((field) => [field.name, field] as const))(
    'writes nothing when %s is refused, and refuses it FORBIDDEN when the role or team may not act',
    async (_name, field) => {
      const { query, variables } = operationFor(field);
      const wroteWhileRefused: unknown[] = [];
      const notForbidden: unknown[] = [];
      for (const [roleName, caller] of Object.entries(roles)) {
        // What earlier accepted calls put in the outbox is delivered (and deleted) before counting.
        await server.runtime.idle();
        const before = await counts();
        const result = await server.graphql(query, variables, caller);
        const after = await counts();
        const code = result.errors?.[0]?.extensions?.code ?? null;
        if (result.errors !== undefined && JSON.stringify(after) !== JSON.stringify(before)) {
          wroteWhileRefused.push({ roleName, code, before, after });
        }
        if (mustBeForbidden(roleName, field) && code !== 'FORBIDDEN') {
          notForbidden.push({ roleName, code, message: result.errors?.[0]?.message ?? 'accepted' });
        }
      }
      expect(wroteWhileRefused).toEqual([]);
      expect(notForbidden).toEqual([]);
    },
  );
});

describe('escalation, surge and agent reads', () => {
  it('shows an escalation only to its team and to managers and directors', async () => {
    const one = `query($id: ID!) { escalation(id: $id) { id team } }`;
    const west = await server.graphql(one, { id: targets.escalation }, roles.supervisorWest);
    expect(west.data.escalation).toBeNull();
    expect(west.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const east = await server.graphql(one, { id: targets.escalation }, roles.supervisorEast);
    expect(east.data.escalation).toEqual({ id: targets.escalation, team: 'east' });

    const list = `{ escalations { id team } }`;
    const ids = (result: { data: { escalations: Array<{ id: string }> } }) =>
      result.data.escalations.map((escalation) => escalation.id);
    const westList = await server.graphql(list, {}, roles.agentWest);
    expect(ids(westList as never)).not.toContain(targets.escalation);
    const eastList = await server.graphql(list, {}, roles.agentEast);
    expect(ids(eastList as never)).toContain(targets.escalation);
    expect(new Set(eastList.data.escalations.map((escalation: { team: string }) => escalation.team))).toEqual(
      new Set(['east']),
    );
    const directorList = await server.graphql(list, {}, roles.director);
    expect(ids(directorList as never)).toContain(targets.escalation);
  });

  it('proposes surges from the supervisor’s own team only', async () => {
    const query = `{ surgeProposals(atLeast: 1, windowMinutes: 600) { category count evidence } }`;
    const east = await server.graphql(query, {}, roles.supervisorEast);
    expect(east.errors).toBeUndefined();
    const eastEvidence = east.data.surgeProposals.flatMap(
      (proposal: { evidence: string[] }) => proposal.evidence,
    );
    expect(eastEvidence).toContain(targets.complaint);
    expect(eastEvidence).not.toContain(targets.west);
    const manager = await server.graphql(query, {}, roles.manager);
    expect(
      manager.data.surgeProposals.flatMap((proposal: { evidence: string[] }) => proposal.evidence),
    ).toEqual(expect.arrayContaining([targets.west]));
  });

  it('refuses a supervisor another team’s agent and shows their own team’s', async () => {
    await server.runtime.send(targets.west, {
      type: 'complaint.assign',
      at,
      by: { userId: 'zhao.min', role: 'manager' },
      assignee: 'wang.fang',
    });
    const query = `query($userId: ID!) { agent(userId: $userId) { userId team } }`;
    const other = await server.graphql(query, { userId: 'wang.fang' }, roles.supervisorEast);
    expect(other.data).toBeNull();
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const own = await server.graphql(query, { userId: 'wang.fang' }, roles.supervisorWest);
    expect(own.data.agent).toEqual({ userId: 'wang.fang', team: 'west' });
  });
});

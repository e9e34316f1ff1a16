import { createRuntime, openStore } from '@kefu/runtime';
import { defaultReactions, defaultWorkflows } from '@kefu/workflows';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createTestServer, type TestServer } from '../test-support.js';

let server: TestServer;
let clock = new Date('2026-03-02T01:00:00.000Z');

const agent = { user: 'li.na', role: 'agent' as const, team: 'east' };
const supervisor = { user: 'zhang.wei', role: 'supervisor' as const, team: 'east' };
const director = { user: 'zhao.min', role: 'director' as const };
const spokesperson = { user: 'chen.pr', role: 'manager' as const };

beforeAll(async () => {
  server = await createTestServer({ dataDir: 'memory://escalation-crisis-graphql', now: () => clock });
});

afterAll(async () => {
  await server.close();
});

const escalationFields = 'id state level levelRole round notified availableActions deadlines { name dueAt }';

describe('escalations over GraphQL', () => {
  it('starts an escalation at the supervisor with its acknowledge deadline and the supervisor’s actions', async () => {
    const started = await server.graphql(
      `mutation($input: StartEscalationInput!) { startEscalation(input: $input) { ${escalationFields} } }`,
      { input: { reason: 'agentRequest', summary: '超出权限的退款', note: '客户要求全额退款' } },
      agent,
    );
    expect(started.errors).toBeUndefined();
    expect(started.data.startEscalation).toMatchObject({
      state: 'awaitingAcknowledgement',
      level: 'supervisor',
      levelRole: 'supervisor',
      round: 1,
      notified: ['team-supervisors'],
      deadlines: [{ name: 'acknowledge', dueAt: '2026-03-02T01:15:00.000Z' }],
    });
    const id = started.data.startEscalation.id;

    const asSupervisor = await server.graphql(
      `query($id: ID!) { escalation(id: $id) { availableActions } }`,
      { id },
      supervisor,
    );
    expect(asSupervisor.data.escalation.availableActions).toEqual(
      expect.arrayContaining(['escalation.acknowledge', 'escalation.handOver', 'escalation.resolve']),
    );
    expect(asSupervisor.data.escalation.availableActions).not.toContain('escalation.raiseCrisis');

    clock = new Date('2026-03-02T01:05:00.000Z');
    const acknowledged = await server.graphql(
      `mutation($input: AcknowledgeEscalationInput!) { acknowledgeEscalation(input: $input) { state acknowledgedBy { userId } deadlines { name } } }`,
      { input: { id } },
      supervisor,
    );
    expect(acknowledged.errors).toBeUndefined();
    expect(acknowledged.data.acknowledgeEscalation).toEqual({
      state: 'acknowledged',
      acknowledgedBy: { userId: 'zhang.wei' },
      deadlines: [],
    });
  });

  it('refuses an agent’s acknowledgement with a typed error and changes nothing', async () => {
    const started = await server.graphql(
      `mutation($input: StartEscalationInput!) { startEscalation(input: $input) { id version } }`,
      { input: { reason: 'repeatContacts' } },
      agent,
    );
    const { id, version } = started.data.startEscalation;
    const refused = await server.graphql(
      `mutation($input: AcknowledgeEscalationInput!) { acknowledgeEscalation(input: $input) { id } }`,
      { input: { id } },
      agent,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('EVENT_NOT_ACCEPTED');
    const after = await server.graphql(
      `query($id: ID!) { escalation(id: $id) { version } }`,
      { id },
      supervisor,
    );
    expect(after.data.escalation.version).toBe(version);
  });
});

describe('crises over GraphQL', () => {
  it('publishes only an approved statement, the same on every channel, once the roles are filled', async () => {
    clock = new Date('2026-03-02T02:00:00.000Z');
    const raised = await server.graphql(
      `mutation($input: RaiseCrisisInput!) { raiseCrisis(input: $input) { id state level colour missingActions deadlines { name dueAt } } }`,
      {
        input: {
          title: '电水壶批量漏水',
          level: 'III',
          reason: '一小时内 12 起同类投诉',
          category: 'product-quality',
        },
      },
      director,
    );
    expect(raised.errors).toBeUndefined();
    expect(raised.data.raiseCrisis).toMatchObject({
      state: 'responding',
      level: 'III',
      colour: 'yellow',
      missingActions: ['planActivated', 'rolesFilled'],
      deadlines: [{ name: 'statement', dueAt: '2026-03-02T10:00:00.000Z' }],
    });
    const id = raised.data.raiseCrisis.id;
    const send = (mutation: string, inputType: string, input: Record<string, unknown>, as: object) =>
      server.graphql(
        `mutation($input: ${inputType}!) { ${mutation}(input: $input) { state missingActions statements { id status channels } } }`,
        { input: { id, ...input } },
        as as typeof director,
      );

    await send('activateCrisisPlan', 'ActivateCrisisPlanInput', { plan: '产品质量应急预案' }, director);
    for (const [role, userId] of [
      ['commander', 'zhao.min'],
      ['spokesperson', 'chen.pr'],
      ['scribe', 'li.na'],
    ]) {
      await send('assignCrisisRole', 'AssignCrisisRoleInput', { role, userId }, director);
    }
    const drafted = await send(
      'draftCrisisStatement',
      'DraftCrisisStatementInput',
      { statementId: 's-1', text: '我们已关注到部分电水壶漏水问题,正在全力处理。' },
      agent,
    );
    expect(drafted.data.draftCrisisStatement.missingActions).toEqual([]);
    const tooEarly = await send(
      'publishCrisisStatement',
      'CrisisStatementInput',
      { statementId: 's-1' },
      director,
    );
    expect(tooEarly.errors?.[0]?.extensions?.code).toBe('EVENT_NOT_ACCEPTED');

    await send('approveCrisisStatement', 'CrisisStatementInput', { statementId: 's-1' }, spokesperson);
    const published = await send(
      'publishCrisisStatement',
      'CrisisStatementInput',
      { statementId: 's-1' },
      director,
    );
    expect(published.errors).toBeUndefined();
    expect(published.data.publishCrisisStatement.statements).toEqual([
      { id: 's-1', status: 'published', channels: ['phone', 'chat', 'email', 'social', 'app', 'website'] },
    ]);
    const monitored = await send('monitorCrisis', 'MonitorCrisisInput', {}, director);
    expect(monitored.data.monitorCrisis.state).toBe('monitoring');
  });

  it('offers approve and publish only once there is a statement to approve or publish, and says why not before', async () => {
    clock = new Date('2026-03-02T02:00:00.000Z');
    const fields = 'id availableActions blockedActions { event reason message }';
    const raised = await server.graphql(
      `mutation($input: RaiseCrisisInput!) { raiseCrisis(input: $input) { ${fields} } }`,
      { input: { title: '物流延误', level: 'IV', reason: '同一仓库发货延误集中', category: 'logistics' } },
      director,
    );
    expect(raised.errors).toBeUndefined();
    const crisis = raised.data.raiseCrisis;
    expect(crisis.availableActions).not.toContain('crisis.approveStatement');
    expect(crisis.availableActions).not.toContain('crisis.publishStatement');
    expect(crisis.blockedActions).toEqual(
      expect.arrayContaining([
        {
          event: 'crisis.publishStatement',
          reason: 'noApprovedStatement',
          message: 'no approved statement to publish',
        },
        {
          event: 'crisis.monitor',
          reason: 'levelActionsMissing',
          message: "the level's required actions are not all taken (planActivated)",
        },
      ]),
    );
    const drafted = await server.graphql(
      `mutation($input: DraftCrisisStatementInput!) { draftCrisisStatement(input: $input) { ${fields} } }`,
      { input: { id: crisis.id, statementId: 's-1', text: '部分订单发货延误,我们正在加急处理。' } },
      director,
    );
    expect(
      drafted.data.draftCrisisStatement.blockedActions.map((blocked: { event: string }) => blocked.event),
    ).not.toContain('crisis.approveStatement');
  });

  it('links the complaints a crisis is raised with to the crisis on each complaint’s timeline', async () => {
    clock = new Date('2026-03-02T02:00:00.000Z');
    // The production wiring: the runtime carries out the links between workflows.
    const store = await openStore({ dataDir: 'memory://crisis-links-graphql' });
    const linked = await createTestServer({
      store,
      runtime: createRuntime({ store, workflows: defaultWorkflows, reactions: defaultReactions }),
      now: () => clock,
    });
    onTestFinished(async () => {
      await linked.close();
      await store.close();
    });
    const opened = await linked.graphql(
      `mutation($input: OpenComplaintInput!) { openComplaint(input: $input) { id } }`,
      {
        input: {
          customer: { name: '王伟', phone: '13800000000' },
          channel: 'phone',
          category: 'logistics',
          summary: '快递三天未到',
          team: 'east',
        },
      },
      agent,
    );
    const complaintId = opened.data.openComplaint.id;
    const raised = await linked.graphql(
      `mutation($input: RaiseCrisisInput!) { raiseCrisis(input: $input) { id complaintIds } }`,
      {
        input: {
          title: '仓库停摆',
          level: 'III',
          reason: '华东仓库停摆',
          category: 'logistics',
          complaintIds: [complaintId],
        },
      },
      director,
    );
    expect(raised.errors).toBeUndefined();
    const { data } = await linked.graphql(
      `query($id: ID!) { complaint(id: $id) { links { kind id reason } } }`,
      { id: complaintId },
      director,
    );
    expect(data.complaint.links).toEqual([
      { kind: 'crisis', id: raised.data.raiseCrisis.id, reason: '华东仓库停摆' },
    ]);
  });

  it('rejects a crisis without a reason as bad input', async () => {
    const refused = await server.graphql(
      `mutation($input: RaiseCrisisInput!) { raiseCrisis(input: $input) { id } }`,
      { input: { title: '无理由', level: 'IV', reason: '  ' } },
      director,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, createTestServer, type TestServer } from '../test-support.js';

let server: TestServer;
let clock = new Date('2026-03-02T01:00:00.000Z');
const tick = (minutes: number) => {
  clock = new Date(clock.getTime() + minutes * 60_000);
};

const agent: Caller = { role: 'agent', user: 'li.na', team: 'east' };
const supervisor: Caller = { role: 'supervisor', user: 'zhang.wei', team: 'east' };
const manager: Caller = { role: 'manager', user: 'wang.fang' };
const director: Caller = { role: 'director', user: 'chen.jie' };

beforeAll(async () => {
  server = await createTestServer({ dataDir: 'memory://complaint-schema-test', now: () => clock });
});

afterAll(async () => {
  await server.close();
});

const summary = 'id state availableActions { event mutation }';

async function act(mutation: string, inputType: string, input: Record<string, unknown>, as: Caller) {
  const result = await server.graphql(
    `mutation($input: ${inputType}!) { ${mutation}(input: $input) { ${summary} } }`,
    { input },
    as,
  );
  return { ...result, complaint: result.data?.[mutation] };
}

async function openComplaint() {
  clock = new Date('2026-03-02T01:00:00.000Z');
  const { data, errors } = await server.graphql(
    `mutation($input: OpenComplaintInput!) { openComplaint(input: $input) { id } }`,
    {
      input: {
        customer: { name: '王伟', phone: '13800000000', grade: 'B' },
        channel: 'phone',
        category: 'product-quality',
        summary: '电水壶使用两天后漏水',
        team: 'east',
      },
    },
    agent,
  );
  expect(errors).toBeUndefined();
  return data.openComplaint.id as string;
}

const form = { method: 'phone', actions: '换新壶并致歉', result: '客户接受', customerInformed: true };

async function throughDecision(id: string) {
  tick(4);
  await act('recordComplaint', 'RecordComplaintInput', { id, report: { facts: '底部漏水' } }, supervisor);
  tick(1);
  await act('startComplaintAnalysis', 'StartComplaintAnalysisInput', { id }, supervisor);
  tick(20);
  await act(
    'analyseComplaint',
    'AnalyseComplaintInput',
    { id, analysis: { cause: '密封圈批次不良', classification: 'productQuality', proposedPlan: '换新' } },
    supervisor,
  );
  tick(10);
  return act(
    'decideComplaint',
    'DecideComplaintInput',
    { id, decision: { approved: true, plan: '换新' } },
    director,
  );
}

describe('complaint actions over GraphQL', () => {
  it('runs the procedure to closed with one typed mutation per step', async () => {
    const id = await openComplaint();
    const decided = await throughDecision(id);
    expect(decided.errors).toBeUndefined();
    expect(decided.complaint.state).toBe('handling.awaitingSolution');
    tick(30);
    const temporary = await act(
      'applyTemporarySolution',
      'ApplyTemporarySolutionInput',
      { id, handlingForm: form },
      supervisor,
    );
    expect(temporary.complaint.state).toBe('handling.temporarySolution');
    tick(60);
    await act('applyFormalSolution', 'ApplyFormalSolutionInput', { id, handlingForm: form }, supervisor);
    tick(60);
    await act(
      'followUpComplaint',
      'FollowUpComplaintInput',
      { id, followUp: { note: '客户已收到新壶' } },
      supervisor,
    );
    const resolved = await act(
      'resolveComplaint',
      'ResolveComplaintInput',
      { id, summaryReport: { outcome: '已换新', cause: '密封圈', improvementMeasures: '来料全检' } },
      supervisor,
    );
    expect(resolved.complaint.state).toBe('resolved');
    expect(
      resolved.complaint.availableActions.map((action: { mutation: string }) => action.mutation),
    ).toContain('startComplaintRevisit');
    await act('startComplaintRevisit', 'StartComplaintRevisitInput', { id }, agent);
    const closed = await act(
      'recordComplaintRevisit',
      'RecordComplaintRevisitInput',
      { id, revisitRecord: { method: 'phone', satisfaction: 'satisfied', opinion: '满意' } },
      agent,
    );
    expect(closed.errors).toBeUndefined();
    expect(closed.complaint).toEqual({ id, state: 'closed', availableActions: [] });

    const { data } = await server.graphql(
      `query($id: ID!) { complaint(id: $id) {
        closedAt assignee analysis { cause by { role } } decisions { approved by { role } }
        formalSolution { result } summaryReport { improvementMeasures } revisits { satisfaction }
        history { type toState }
      } }`,
      { id },
      manager,
    );
    expect(data.complaint).toMatchObject({
      closedAt: clock.toISOString(),
      assignee: 'zhang.wei',
      analysis: { cause: '密封圈批次不良', by: { role: 'supervisor' } },
      decisions: [{ approved: true, by: { role: 'director' } }],
      formalSolution: { result: '客户接受' },
      summaryReport: { improvementMeasures: '来料全检' },
      revisits: [{ satisfaction: 'satisfied' }],
    });
    expect(data.complaint.history.at(-1)).toEqual({ type: 'complaint.recordRevisit', toState: 'closed' });
  });

  it('lists only what the caller’s role may do now', async () => {
    const id = await openComplaint();
    const query = `query($id: ID!) { complaint(id: $id) { availableActions { event mutation roles } } }`;
    const asSupervisor = await server.graphql(query, { id }, supervisor);
    expect(asSupervisor.data.complaint.availableActions).toContainEqual({
      event: 'complaint.record',
      mutation: 'recordComplaint',
      roles: ['supervisor', 'manager'],
    });
    const events = asSupervisor.data.complaint.availableActions.map(
      (action: { event: string }) => action.event,
    );
    // In `received` only the record clock runs, and the default policy does not let it be paused.
    expect(events).not.toContain('complaint.pause');
    expect(events).not.toContain('complaint.resume');
    expect(events).not.toContain('complaint.callBack');
    const asDirector = await server.graphql(query, { id }, director);
    expect(asDirector.data.complaint.availableActions).toEqual([]);
  });

  it('refuses a decision by a supervisor, naming the director, and changes nothing', async () => {
    const id = await openComplaint();
    tick(4);
    await act('recordComplaint', 'RecordComplaintInput', { id, report: { facts: '底部漏水' } }, supervisor);
    await act('startComplaintAnalysis', 'StartComplaintAnalysisInput', { id }, supervisor);
    await act(
      'analyseComplaint',
      'AnalyseComplaintInput',
      { id, analysis: { cause: '密封圈', classification: 'productQuality', proposedPlan: '换新' } },
      supervisor,
    );
    const refused = await act(
      'decideComplaint',
      'DecideComplaintInput',
      { id, decision: { approved: true, plan: 'x' } },
      supervisor,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('EVENT_NOT_ACCEPTED');
    expect(refused.errors?.[0]?.message).toMatch(
      /"complaint.decide" may be sent by director, not supervisor/,
    );
    const { data } = await server.graphql(
      `query($id: ID!) { complaint(id: $id) { state version } }`,
      { id },
      manager,
    );
    expect(data.complaint).toEqual({ state: 'awaitingDecision', version: 4 });
  });

  it('names the field when an analysis has a blank cause', async () => {
    const id = await openComplaint();
    tick(4);
    await act('recordComplaint', 'RecordComplaintInput', { id, report: { facts: '底部漏水' } }, supervisor);
    await act('startComplaintAnalysis', 'StartComplaintAnalysisInput', { id }, supervisor);
    const blank = await act(
      'analyseComplaint',
      'AnalyseComplaintInput',
      { id, analysis: { cause: '  ', classification: 'productQuality', proposedPlan: '换新' } },
      supervisor,
    );
    expect(blank.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.analysis.cause' }],
    });
  });

  it('refuses a revisit before resolution, saying why', async () => {
    const id = await openComplaint();
    const early = await act(
      'recordComplaintRevisit',
      'RecordComplaintRevisitInput',
      { id, revisitRecord: { method: 'phone', satisfaction: 'satisfied' } },
      agent,
    );
    expect(early.errors?.[0]?.message).toMatch(
      /a revisit comes after the complaint is resolved \(it is received\)/,
    );
  });

  it('explains each clock, with the paused segment and its reason', async () => {
    const id = await openComplaint();
    tick(4);
    await act('recordComplaint', 'RecordComplaintInput', { id, report: { facts: '底部漏水' } }, supervisor);
    tick(30);
    const paused = await act(
      'pauseComplaintClocks',
      'PauseComplaintClocksInput',
      { id, reason: 'awaitingCustomer' },
      agent,
    );
    expect(paused.errors).toBeUndefined();
    tick(60);
    const { data } = await server.graphql(
      `query($id: ID!) { complaint(id: $id) {
        deadlines { name }
        paused { reason clocks }
        clocks { name status dueAt elapsedSeconds counts summary segments { state reason countedSeconds } }
      } }`,
      { id },
      supervisor,
    );
    expect(data.complaint.deadlines).toEqual([]);
    expect(data.complaint.paused).toEqual({ reason: 'awaitingCustomer', clocks: ['analyse'] });
    const analyse = data.complaint.clocks.find((clock: { name: string }) => clock.name === 'analyse');
    expect(analyse).toMatchObject({
      status: 'paused',
      dueAt: null,
      elapsedSeconds: 30 * 60,
      counts: 'wall-clock time',
      segments: [
        { state: 'running', reason: null, countedSeconds: 30 * 60 },
        { state: 'paused', reason: 'awaitingCustomer', countedSeconds: 0 },
      ],
    });
    expect(analyse.summary).toMatch(/^analyse: paused \(awaitingCustomer\)/);
    expect(data.complaint.clocks.find((clock: { name: string }) => clock.name === 'record')).toMatchObject({
      status: 'stopped',
      elapsedSeconds: 4 * 60,
    });
  });
});

/** Runs a fresh complaint to `resolved` (revisit due next), starting at 09:00 Beijing time. */
async function throughResolution(id: string) {
  await throughDecision(id);
  tick(30);
  await act('applyFormalSolution', 'ApplyFormalSolutionInput', { id, handlingForm: form }, supervisor);
  tick(30);
  const resolved = await act(
    'resolveComplaint',
    'ResolveComplaintInput',
    { id, summaryReport: { outcome: '已换新', cause: '密封圈', improvementMeasures: '来料全检' } },
    supervisor,
  );
  expect(resolved.complaint.state).toBe('resolved');
}

describe('what a person needs to act on a complaint', () => {
  it('gives each complaint a short number to say on the phone, and finds the complaint by it', async () => {
    const first = await openComplaint();
    const second = await openComplaint();
    const { data } = await server.graphql(
      `query($first: ID!, $second: ID!) { first: complaint(id: $first) { number } second: complaint(id: $second) { number } }`,
      { first, second },
      manager,
    );
    const [year, firstSerial] = data.first.number.split('-').slice(1).map(Number);
    expect(year).toBe(2026);
    expect(data.second.number).toBe(`KF-2026-${String(firstSerial + 1).padStart(6, '0')}`);
    const found = await server.graphql(
      `query($number: String!) { complaintByNumber(number: $number) { id number } }`,
      { number: data.second.number.toLowerCase() },
      manager,
    );
    expect(found.data.complaintByNumber).toEqual({ id: second, number: data.second.number });
    const missing = await server.graphql(
      `query { complaintByNumber(number: "KF-1999-000001") { id } }`,
      {},
      manager,
    );
    expect(missing.data.complaintByNumber).toBeNull();
  });

  it('returns the number with the complaint it opens', async () => {
    const { data, errors } = await server.graphql(
      `mutation($input: OpenComplaintInput!) { openComplaint(input: $input) { number } }`,
      {
        input: {
          customer: { name: '李娜', phone: '13900000000' },
          channel: 'chat',
          category: 'logistics',
          summary: '快递三天未到',
          team: 'east',
        },
      },
      agent,
    );
    expect(errors).toBeUndefined();
    expect(data.openComplaint.number).toMatch(/^KF-2026-\d{6}$/);
  });

  it('shows the abnormal situation collected when the complaint was recorded', async () => {
    const id = await openComplaint();
    tick(4);
    await act(
      'recordComplaint',
      'RecordComplaintInput',
      { id, report: { facts: '底部漏水', abnormalSituation: '客户情绪激动,称要投诉到媒体' } },
      supervisor,
    );
    const { data } = await server.graphql(
      `query($id: ID!) { complaint(id: $id) { report { facts abnormalSituation } } }`,
      { id },
      manager,
    );
    expect(data.complaint.report).toEqual({
      facts: '底部漏水',
      abnormalSituation: '客户情绪激动,称要投诉到媒体',
    });
  });

  it('shows the revisit blocked in the customer’s quiet hours with the reason and when it can be made', async () => {
    const id = await openComplaint();
    await throughResolution(id);
    clock = new Date('2026-03-02T14:00:00.000Z'); // 22:00 in Beijing: quiet hours 21:00–09:00
    const { data } = await server.graphql(
      `query($id: ID!) { complaint(id: $id) {
        availableActions { event }
        blockedActions { event mutation reason message availableAt }
      } }`,
      { id },
      agent,
    );
    expect(data.complaint.availableActions.map((action: { event: string }) => action.event)).not.toContain(
      'complaint.startRevisit',
    );
    expect(data.complaint.blockedActions).toContainEqual({
      event: 'complaint.startRevisit',
      mutation: 'startComplaintRevisit',
      reason: 'quietHours',
      message: "the customer's quiet hours (21:00–09:00 Asia/Shanghai)",
      availableAt: '2026-03-03T01:00:00.000Z',
    });
    const refused = await act('startComplaintRevisit', 'StartComplaintRevisitInput', { id }, agent);
    expect(refused.errors?.[0]?.message).toMatch(/cannot take "complaint.startRevisit" now: no revisit call/);
    expect(refused.errors?.[0]?.message).not.toMatch(/accepted now: .*complaint\.startRevisit/);
  });

  it('raises the priority of a complaint analysed as serious', async () => {
    // A first contact of its own customer, so its priority starts at normal.
    clock = new Date('2026-03-02T01:00:00.000Z');
    const opened = await server.graphql(
      `mutation($input: OpenComplaintInput!) { openComplaint(input: $input) { id priority } }`,
      {
        input: {
          customer: { name: '赵敏', phone: '13700000001' },
          channel: 'phone',
          category: 'product-quality',
          summary: '电水壶底部漏电',
          team: 'east',
        },
      },
      agent,
    );
    expect(opened.data.openComplaint.priority).toBe('normal');
    const id = opened.data.openComplaint.id as string;
    tick(4);
    await act('recordComplaint', 'RecordComplaintInput', { id, report: { facts: '底部漏电' } }, supervisor);
    await act('startComplaintAnalysis', 'StartComplaintAnalysisInput', { id }, supervisor);
    await act(
      'analyseComplaint',
      'AnalyseComplaintInput',
      {
        id,
        analysis: {
          cause: '绝缘不良',
          classification: 'productQuality',
          proposedPlan: '召回',
          severity: 'serious',
        },
      },
      supervisor,
    );
    const { data } = await server.graphql(
      `query($id: ID!) { complaint(id: $id) { priority serious } }`,
      { id },
      manager,
    );
    expect(data.complaint).toEqual({ priority: 'high', serious: true });
  });
});

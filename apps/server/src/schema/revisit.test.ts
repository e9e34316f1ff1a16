import { generateCustomerProfiles } from '@kefu/revisit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../test-support.js';

/** 30 customers whose cooperation started long enough ago that every member is due at the period start. */
const profiles = generateCustomerProfiles(30).map((profile) => ({
  ...profile,
  since: '2025-01-01T00:00:00.000Z',
}));
const members = profiles.filter((profile) => profile.member);
let server: TestServer;
/** The server's clock: Monday 2 March 2026, 10:00 Beijing time. */
let clock = new Date('2026-03-02T02:00:00.000Z');
const period = { from: '2026-03-02T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z' };

const director = { user: 'zhao.min', role: 'director' as const };
const supervisor = { user: 'zhang.wei', role: 'supervisor' as const, team: 'east' };
const agent = { user: 'li.na', role: 'agent' as const, team: 'east' };
const otherAgent = { user: 'wang.fang', role: 'agent' as const, team: 'east' };
const trainer = { user: 'sun.li', role: 'trainer' as const };

beforeAll(async () => {
  server = await createTestServer({ dataDir: 'memory://revisit-graphql', now: () => clock });
  // The customer records, in the customer store the API reads (no personal data beyond a name).
  for (const [index, profile] of profiles.entries()) {
    await server.yoga.customers.createCustomer({
      id: profile.customerId,
      name: `客户${index + 1}`,
      class: profile.class,
      member: profile.member,
      timeZone: profile.timeZone,
      since: profile.since,
      at: '2025-01-01T00:00:00.000Z',
    });
  }
});

afterAll(async () => {
  await server.close();
});

async function revisitCount(): Promise<number> {
  const rows = await server.store.db
    .selectFrom('workflows')
    .select('id')
    .where('kind', '=', 'revisit')
    .execute();
  return rows.length;
}

const runPlan = `mutation($from: DateTime!, $to: DateTime!) { runRevisitPlan(from: $from, to: $to) { planned created } }`;
const queue = `query { revisitQueue { id state customerId timeZone assignee scheduledAt attemptCount } }`;
const form = {
  method: 'phone',
  opinionOfCompany: '合作愉快',
  opinionOfService: '送货及时',
  satisfaction: 'satisfied',
};

describe('the revisit programme over GraphQL', () => {
  it('refuses an agent running the plan and writes nothing', async () => {
    const refused = await server.graphql(runPlan, period, agent);
    expect(refused.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(await revisitCount()).toBe(0);
  });

  it('starts a revisit for every member customer and nothing more when the plan runs twice', async () => {
    const first = await server.graphql(runPlan, period, director);
    expect(first.errors).toBeUndefined();
    expect(first.data.runRevisitPlan.created).toHaveLength(members.length);
    const second = await server.graphql(runPlan, period, director);
    expect(second.data.runRevisitPlan.created).toEqual([]);
    expect(await revisitCount()).toBe(members.length);
  });

  it('shows an agent only the revisits assigned to them', async () => {
    const all = await server.graphql(queue, {}, supervisor);
    expect(all.data.revisitQueue).toHaveLength(members.length);
    // A customer in Beijing, so the rest hours below are on the same clock as the comments.
    const { id } = all.data.revisitQueue.find(
      (item: { timeZone: string }) => item.timeZone === 'Asia/Shanghai',
    );
    expect((await server.graphql(queue, {}, agent)).data.revisitQueue).toEqual([]);
    const assigned = await server.graphql(
      `mutation($id: ID!) { assignRevisit(id: $id, assignee: "li.na") { state assignee } }`,
      { id },
      supervisor,
    );
    expect(assigned.data.assignRevisit).toEqual({ state: 'assigned', assignee: 'li.na' });
    expect(
      (await server.graphql(queue, {}, agent)).data.revisitQueue.map((item: { id: string }) => item.id),
    ).toEqual([id]);
  });

  it('refuses another agent acting on the revisit and writes nothing', async () => {
    const [item] = (await server.graphql(queue, {}, agent)).data.revisitQueue;
    const before = await server.runtime.get(item.id);
    const refused = await server.graphql(
      `mutation($id: ID!, $record: RevisitFormInput!) { recordRevisit(id: $id, record: $record) { state } }`,
      { id: item.id, record: form },
      otherAgent,
    );
    expect(refused.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect((await server.runtime.get(item.id)).version).toBe(before.version);
  });

  it('refuses a call in the lunch rest, counts an unreachable call and records the form after the retry', async () => {
    const [item] = (await server.graphql(queue, {}, agent)).data.revisitQueue;
    clock = new Date(Date.parse(item.scheduledAt) + 60_000);
    const unreachable = await server.graphql(
      `mutation($id: ID!) { revisitUnreachable(id: $id, method: phone) { state attemptCount scheduledAt } }`,
      { id: item.id },
      agent,
    );
    expect(unreachable.errors).toBeUndefined();
    expect(unreachable.data.revisitUnreachable).toMatchObject({ state: 'attempted', attemptCount: 1 });
    const retryAt = unreachable.data.revisitUnreachable.scheduledAt;
    await server.runtime.fireDueTimers(new Date(retryAt));

    clock = new Date('2026-03-03T04:30:00.000Z'); // 12:30 in Beijing: the lunch rest
    const atLunch = await server.graphql(
      `mutation($id: ID!, $record: RevisitFormInput!) { recordRevisit(id: $id, record: $record) { state } }`,
      { id: item.id, record: form },
      agent,
    );
    expect(atLunch.errors?.[0]?.extensions.code).toBe('EVENT_NOT_ACCEPTED');

    clock = new Date('2026-03-03T06:30:00.000Z'); // 14:30 in Beijing
    const recorded = await server.graphql(
      `mutation($id: ID!, $record: RevisitFormInput!) { recordRevisit(id: $id, record: $record) { state attemptCount record { satisfaction opinionOfService } } }`,
      { id: item.id, record: form },
      agent,
    );
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data.recordRevisit).toEqual({
      state: 'recorded',
      attemptCount: 2,
      record: { satisfaction: 'satisfied', opinionOfService: '送货及时' },
    });
  });

  it('reports coverage and the summary report with its HTML to leads, and refuses agents', async () => {
    const coverage = await server.graphql(
      `query($from: DateTime!, $to: DateTime!) { revisitCoverage(from: $from, to: $to) { members revisited met } }`,
      { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' },
      supervisor,
    );
    expect(coverage.data.revisitCoverage).toEqual({ members: members.length, revisited: 1, met: false });
    const report = await server.graphql(
      `query($from: DateTime!, $to: DateTime!) { revisitSummaryReport(from: $from, to: $to) { results analysis html } }`,
      period,
      director,
    );
    expect(report.data.revisitSummaryReport.results).toMatchObject({ revisits: members.length, recorded: 1 });
    expect(report.data.revisitSummaryReport.html).toContain('回访总结报告');
    const refused = await server.graphql(
      `query($from: DateTime!, $to: DateTime!) { revisitCoverage(from: $from, to: $to) { members } }`,
      period,
      agent,
    );
    expect(refused.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('gives the summary report as a downloadable HTML page to a lead only', async () => {
    const url = `http://kefu.test/reports/revisit-summary?from=${period.from}&to=${period.to}`;
    const download = await server.yoga.fetch(url, {
      headers: { authorization: `Bearer ${await server.token(director)}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toMatch(/text\/html/);
    expect(download.headers.get('content-disposition')).toMatch(
      /attachment; filename="revisit-summary-2026-03-02/,
    );
    expect(await download.text()).toContain('回访总结报告');
    const refused = await server.yoga.fetch(url, {
      headers: { authorization: `Bearer ${await server.token(trainer)}` },
    });
    expect(refused.status).toBe(403);
  });
});

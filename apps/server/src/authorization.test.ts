import { SignJWT } from 'jose';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDevelopmentToken } from './bearer-token.js';
import { createTestServer, type TestServer, testJwtSecret } from './test-support.js';

let server: TestServer;
let eastId: string;
let westId: string;

const at = '2026-03-02T01:00:00.000Z';
const agentEast = { role: 'agent', user: 'li.na', team: 'east' } as const;
const agentWest = { role: 'agent', user: 'wang.fang', team: 'west' } as const;
const supervisorEast = { role: 'supervisor', user: 'zhang.wei', team: 'east' } as const;
const manager = { role: 'manager', user: 'zhao.min', team: null } as const;
const director = { role: 'director', user: 'chen.jie', team: null } as const;
const trainer = { role: 'trainer', user: 'sun.li', team: 'training' } as const;

async function open(team: string, by: { userId: string; role: string }) {
  const { workflow } = await server.runtime.start('complaint', {
    at,
    by,
    customer: { name: '王伟', phone: '13800001234', grade: 'B' },
    channel: 'phone',
    category: 'product-quality',
    summary: '电水壶漏水',
    team,
  });
  return workflow.id;
}

async function accessLogCount(): Promise<number> {
  const { rows } = await sql<{ count: string }>`select count(*) as count from access_log`.execute(
    server.store.db,
  );
  return Number(rows[0]!.count);
}

const listQuery = `{ complaints(first: 50) { totalCount nodes { id team customer { name phone } } } }`;
const oneQuery = `query($id: ID!) { complaint(id: $id) { id team customer { name phone } } }`;
const window = { from: '2026-03-01T00:00:00Z', to: '2026-03-03T00:00:00Z' };
const dashboardQuery = `query($window: MetricWindow!) { dashboard(window: $window) { team queue { state team count } slaCompliance { complaints } } }`;

beforeAll(async () => {
  server = await createTestServer({ dataDir: 'memory://authorization-test' });
  eastId = await open('east', { userId: 'li.na', role: 'agent' });
  westId = await open('west', { userId: 'wang.fang', role: 'agent' });
});

afterAll(async () => {
  await server.close();
});

describe('tokens', () => {
  it('lets an anonymous request introspect but read nothing', async () => {
    const introspection = await server.graphql('{ __schema { queryType { name } } }');
    expect(introspection.data.__schema.queryType.name).toBe('Query');
    const list = await server.graphql(listQuery);
    expect(list.data).toBeNull();
    expect(list.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(list.errors?.[0]?.message).toMatch(/needs a bearer token/);
  });

  it('refuses a forged token with 401 before running anything', async () => {
    const forged = await signDevelopmentToken({
      role: 'director',
      userId: 'mallory',
      secret: new TextEncoder().encode('not-the-server-secret-not-the-server-secret'),
    });
    const response = await server.yoga.fetch('http://kefu.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${forged}` },
      body: JSON.stringify({ query: listQuery }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/Bearer/);
    const body = (await response.json()) as {
      errors: Array<{ message: string; extensions: { code: string; reason: string } }>;
    };
    expect(body.errors[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'bad-signature' });
    expect(body.errors[0]?.message).toMatch(/signature does not verify/);
  });

  it('refuses an expired token with 401 saying it expired', async () => {
    const expired = await signDevelopmentToken({
      role: 'manager',
      userId: 'zhao.min',
      secret: testJwtSecret,
      issuedAt: new Date(Date.now() - 10 * 3600_000),
      expiresIn: '1h',
    });
    const response = await server.yoga.fetch('http://kefu.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${expired}` },
      body: JSON.stringify({ query: listQuery }),
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as {
      errors: Array<{ message: string; extensions: { reason: string } }>;
    };
    expect(body.errors[0]?.extensions.reason).toBe('expired');
    expect(body.errors[0]?.message).toMatch(/expired/);
  });

  it('refuses a token for another audience and a token with an unknown role', async () => {
    const otherAudience = await new SignJWT({ role: 'manager' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('zhao.min')
      .setIssuer('kefu')
      .setAudience('another-api')
      .setExpirationTime('1h')
      .sign(testJwtSecret);
    const badRole = await new SignJWT({ role: 'root' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('zhao.min')
      .setIssuer('kefu')
      .setAudience('kefu-api')
      .setExpirationTime('1h')
      .sign(testJwtSecret);
    for (const [token, pattern] of [
      [otherAudience, /"aud" claim/],
      [badRole, /"role" claim must be one of/],
      ['not.a.jwt', /not a valid JWT/],
    ] as const) {
      const response = await server.yoga.fetch('http://kefu.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: listQuery }),
      });
      expect(response.status).toBe(401);
      const body = (await response.json()) as { errors: Array<{ message: string }> };
      expect(body.errors[0]?.message).toMatch(pattern);
    }
  });
});

describe('agents', () => {
  it('see only their own team’s complaints, with personal data, each read logged', async () => {
    const before = await accessLogCount();
    const { data, errors } = await server.graphql(listQuery, {}, agentEast);
    expect(errors).toBeUndefined();
    expect(data.complaints.totalCount).toBe(1);
    expect(data.complaints.nodes).toEqual([
      { id: eastId, team: 'east', customer: { name: '王伟', phone: '13800001234' } },
    ]);
    expect(await accessLogCount()).toBe(before + 2);
    const { rows } = await sql<{ user_id: string; role: string; workflow_id: string; field: string }>`
      select user_id, role, workflow_id, field from access_log order by id desc limit 2`.execute(
      server.store.db,
    );
    expect(rows.map((row) => row.field).sort()).toEqual(['customer.name', 'customer.phone']);
    expect(rows[0]).toMatchObject({ user_id: 'li.na', role: 'agent', workflow_id: eastId });
  });

  it('cannot read another team’s complaint by id or by filter', async () => {
    const one = await server.graphql(oneQuery, { id: westId }, agentEast);
    expect(one.data.complaint).toBeNull();
    expect(one.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const filtered = await server.graphql(
      `{ complaints(filter: { team: ["west"] }) { totalCount } }`,
      {},
      agentEast,
    );
    expect(filtered.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(filtered.errors?.[0]?.message).toMatch(/sees only team "east", not "west"/);
    const west = await server.graphql(listQuery, {}, agentWest);
    expect(west.data.complaints.nodes.map((node: { id: string }) => node.id)).toEqual([westId]);
  });

  it('cannot read dashboards or item analysis, but can read their own training results', async () => {
    const dashboard = await server.graphql(dashboardQuery, { window }, agentEast);
    expect(dashboard.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const items = await server.graphql(`{ itemAnalysis { itemId } }`, {}, agentEast);
    expect(items.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const own = await server.graphql(`{ quizPassRates { quizId } skillLevels { skill } }`, {}, agentEast);
    expect(own.errors).toBeUndefined();
    const other = await server.graphql(`{ skillLevels(trainee: "wang.fang") { skill } }`, {}, agentEast);
    expect(other.errors?.[0]?.message).toMatch(/only their own training/);
  });

  it('may not record a complaint (the workflow names the roles that may) and nothing changes', async () => {
    const { errors } = await server.graphql(
      `mutation($input: RecordComplaintInput!) { recordComplaint(input: $input) { id } }`,
      { input: { id: eastId, report: { facts: '底部漏水' } } },
      agentEast,
    );
    expect(errors?.[0]?.extensions?.code).toBe('EVENT_NOT_ACCEPTED');
    expect((await server.runtime.get(eastId)).version).toBe(1);
  });
});

describe('acting on another team’s work', () => {
  it('refuses an agent’s action on another team’s complaint even when the role may send it, and changes nothing', async () => {
    const contact = `mutation($input: RecordComplaintContactInput!) { recordComplaintContact(input: $input) { id version } }`;
    const refused = await server.graphql(
      contact,
      { input: { id: eastId, channel: 'phone', note: '客户再次来电' } },
      agentWest,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refused.errors?.[0]?.message).toMatch(
      /agent of team "west" may not act on complaint .* of team "east"/,
    );
    expect((await server.runtime.get(eastId)).version).toBe(1);
    const allowed = await server.graphql(
      contact,
      { input: { id: westId, channel: 'phone', note: '客户再次来电' } },
      agentWest,
    );
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data.recordComplaintContact.version).toBe(2);
  });
});

describe('supervisors', () => {
  it('see their team’s complaints and dashboards, not another team’s', async () => {
    const list = await server.graphql(listQuery, {}, supervisorEast);
    expect(list.data.complaints.nodes.map((node: { id: string }) => node.id)).toEqual([eastId]);
    const own = await server.graphql(dashboardQuery, { window }, supervisorEast);
    expect(own.errors).toBeUndefined();
    expect(own.data.dashboard.team).toBe('east');
    expect(own.data.dashboard.queue.every((cell: { team: string }) => cell.team === 'east')).toBe(true);
    const other = await server.graphql(
      dashboardQuery,
      { window: { ...window, team: 'west' } },
      supervisorEast,
    );
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('managers and directors', () => {
  it('see every team; managers see personal data, directors see it masked and unlogged', async () => {
    const managed = await server.graphql(listQuery, {}, manager);
    expect(managed.data.complaints.totalCount).toBe(2);
    expect(managed.data.complaints.nodes[0].customer).toEqual({ name: '王伟', phone: '13800001234' });
    const before = await accessLogCount();
    const directed = await server.graphql(listQuery, {}, director);
    expect(directed.data.complaints.totalCount).toBe(2);
    expect(directed.data.complaints.nodes.map((node: { customer: unknown }) => node.customer)).toEqual([
      { name: '王*', phone: '138****1234' },
      { name: '王*', phone: '138****1234' },
    ]);
    expect(await accessLogCount()).toBe(before);
  });

  it('read every team’s dashboard or one team’s', async () => {
    const all = await server.graphql(dashboardQuery, { window }, director);
    expect(all.errors).toBeUndefined();
    expect(all.data.dashboard.slaCompliance.complaints).toBe(2);
    const west = await server.graphql(dashboardQuery, { window: { ...window, team: 'west' } }, manager);
    expect(west.data.dashboard.slaCompliance.complaints).toBe(1);
  });
});

describe('trainers', () => {
  it('read training data but no complaints and no operations dashboard', async () => {
    const training = await server.graphql(
      `{ itemAnalysis { itemId } quizPassRates { quizId } skillLevels { skill } }`,
      {},
      trainer,
    );
    expect(training.errors).toBeUndefined();
    const list = await server.graphql(listQuery, {}, trainer);
    expect(list.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const one = await server.graphql(oneQuery, { id: eastId }, trainer);
    expect(one.data.complaint).toBeNull();
    const dashboard = await server.graphql(dashboardQuery, { window }, trainer);
    expect(dashboard.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('development sign-in and opening complaints', () => {
  it('issues a working development token only when the server allows it', async () => {
    const { createRuntime, openStore } = await import('@kefu/runtime');
    const { defaultWorkflows } = await import('@kefu/workflows');
    const { createKefuYoga } = await import('./yoga.js');
    const store = await openStore({ dataDir: 'memory://development-token' });
    const runtime = createRuntime({ store, workflows: defaultWorkflows });
    const ask = async (yoga: ReturnType<typeof createKefuYoga>, query: string, token?: string) => {
      const response = await yoga.fetch('http://kefu.test/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query }),
      });
      return (await response.json()) as { data?: any; errors?: Array<{ message: string; extensions?: any }> };
    };
    const signIn = 'mutation { developmentToken(userId: "wang.qiang", role: supervisor, team: "east") }';
    const open = await ask(
      createKefuYoga({ runtime, jwtSecret: testJwtSecret, developmentTokens: true }),
      signIn,
    );
    expect(typeof open.data?.developmentToken).toBe('string');
    const closed = await ask(createKefuYoga({ runtime, jwtSecret: testJwtSecret }), signIn);
    expect(closed.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(closed.errors?.[0]?.message).toMatch(/does not issue development tokens here/);

    const yoga = createKefuYoga({ runtime, jwtSecret: testJwtSecret, developmentTokens: true });
    const trainerToken = (await ask(yoga, 'mutation { developmentToken(userId: "liu.yang", role: trainer) }'))
      .data.developmentToken;
    const openComplaint = `mutation { openComplaint(input: { customer: { name: "王伟" }, channel: phone, category: "logistics", summary: "快递丢失" }) { id team } }`;
    const byTrainer = await ask(yoga, openComplaint, trainerToken);
    expect(byTrainer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bySupervisor = await ask(yoga, openComplaint, open.data.developmentToken);
    expect(bySupervisor.errors).toBeUndefined();
    expect(bySupervisor.data.openComplaint.team).toBe('east');
    await store.close();
  });
});

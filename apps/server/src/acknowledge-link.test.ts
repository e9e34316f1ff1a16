import { createRosterBook, createRosterStore, type RosterBook } from '@kefu/roster';
import { createRuntime, openStore, type Store } from '@kefu/runtime';
import { createDefaultWorkflows } from '@kefu/workflows';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acknowledgeAudience } from './acknowledge-link.js';
import { createTestServer, type TestServer } from './test-support.js';

// Tuesday 2026-03-03 in Shanghai; the links are valid for one hour.
let clock = new Date('2026-03-03T10:00:00+08:00');
let store: Store;
let roster: RosterBook;
let server: TestServer;

const dayShift = { from: '09:00', to: '18:00' };

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://acknowledge-link' });
  roster = createRosterBook(createRosterStore(store));
  for (const team of ['east', 'west']) {
    await roster.save(
      {
        team,
        timeZone: 'Asia/Shanghai',
        rotations: [
          { role: 'supervisor', members: [`${team}.supervisor`], startDate: '2026-03-02', hours: dayShift },
          { role: 'agent', members: [`${team}.agent`], startDate: '2026-03-02', every: 'daily' },
        ],
      },
      { by: 'director.zhou', at: '2026-03-01T00:00:00Z' },
    );
  }
  const runtime = createRuntime({
    store,
    workflows: createDefaultWorkflows({ escalationSituation: roster.ladderSituation }),
  });
  server = await createTestServer({
    runtime,
    roster,
    now: () => clock,
    publicUrl: 'https://kefu.example.com/',
    acknowledgeLinkValidForMs: 3_600_000,
  });
});

afterAll(async () => {
  await server.close();
  await server.runtime.idle();
  await store.close();
});

let escalations = 0;
async function startEscalation(team = 'east') {
  const id = `escalation-${++escalations}`;
  await server.runtime.start(
    'escalation',
    { at: clock.toISOString(), by: { userId: `${team}.agent`, role: 'agent' }, reason: 'agentRequest', team },
    { id },
  );
  return id;
}

async function link(escalationId: string, userId: string) {
  return server.yoga.acknowledgeLinks.link({ escalationId, userId, at: clock.toISOString() });
}

function open(url: string, method: 'GET' | 'POST') {
  return server.yoga.fetch(url.replace('https://kefu.example.com', 'http://kefu.test'), { method });
}

async function snapshot(id: string) {
  const workflow = await server.runtime.get(id);
  return { state: workflow.state, version: workflow.version };
}

describe('acknowledgement links', () => {
  it('signs a link under the public URL for the escalation and the user', async () => {
    const id = await startEscalation();
    expect(await link(id, 'east.supervisor')).toMatch(
      /^https:\/\/kefu\.example\.com\/acknowledge\/[\w-]+\.[\w-]+\.[\w-]+$/,
    );
  });

  it('shows a confirmation page and changes nothing when the link is opened with GET', async () => {
    const id = await startEscalation();
    const response = await open(await link(id, 'east.supervisor'), 'GET');
    expect(response.status).toBe(200);
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await response.text()).toContain('<form method="post">');
    expect(await snapshot(id)).toEqual({ state: 'awaitingAcknowledgement', version: 1 });
  });

  it('acknowledges as the linked user with the escalation.acknowledge event when the page is posted', async () => {
    const id = await startEscalation();
    const url = await link(id, 'east.supervisor');
    clock = new Date(clock.getTime() + 5 * 60_000);
    const response = await open(url, 'POST');
    expect(response.status).toBe(200);
    const workflow = await server.runtime.get(id);
    expect(workflow.state).toBe('acknowledged');
    expect(workflow.context.acknowledgedBy).toEqual({
      userId: 'east.supervisor',
      role: 'supervisor',
    });
    const last = (await server.runtime.history(id)).at(-1)!;
    expect([last.type, last.at]).toEqual(['escalation.acknowledge', clock.toISOString()]);
    // Posting again (a double click) is the same request: nothing more is written.
    expect((await open(url, 'POST')).status).toBe(200);
    expect((await snapshot(id)).version).toBe(2);
  });

  it('refuses an expired link with 410 and changes nothing', async () => {
    const id = await startEscalation();
    const url = await link(id, 'east.supervisor');
    clock = new Date(clock.getTime() + 3_600_000);
    for (const method of ['GET', 'POST'] as const) {
      const response = await open(url, method);
      expect(response.status).toBe(410);
      expect(await response.text()).toContain('expired');
    }
    expect(await snapshot(id)).toEqual({ state: 'awaitingAcknowledgement', version: 1 });
  });

  it('refuses an altered link, one signed with another key, and a bearer token with 400, changing nothing', async () => {
    const id = await startEscalation();
    const url = await link(id, 'east.supervisor');
    const [header, payload, signature] = url.split('/acknowledge/')[1]!.split('.') as [
      string,
      string,
      string,
    ];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const director = Buffer.from(JSON.stringify({ ...claims, role: 'director' })).toString('base64url');
    const otherKey = await new SignJWT({ esc: id, role: 'director', team: null })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('mallory')
      .setIssuer('kefu')
      .setAudience(acknowledgeAudience)
      .setJti('x')
      .setIssuedAt(Math.floor(clock.getTime() / 1000))
      .setExpirationTime(Math.floor(clock.getTime() / 1000) + 600)
      .sign(new TextEncoder().encode('another-secret-another-secret-0123456789'));
    const bearer = await server.token({ role: 'director', user: 'director.zhou' });
    for (const token of [`${header}.${director}.${signature}`, otherKey, bearer, 'not-a-token']) {
      const response = await open(`http://kefu.test/acknowledge/${token}`, 'POST');
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('not valid');
    }
    expect(await snapshot(id)).toEqual({ state: 'awaitingAcknowledgement', version: 1 });
  });

  it('is no bearer token: the API refuses a link in the Authorization header', async () => {
    const id = await startEscalation();
    const token = (await link(id, 'east.supervisor')).split('/acknowledge/')[1]!;
    const response = await server.yoga.fetch('http://kefu.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ rosters { team } }' }),
    });
    expect(response.status).toBe(401);
  });

  it('refuses what the acknowledgeEscalation mutation refuses the same user, changing nothing', async () => {
    const id = await startEscalation('east');
    const mutation = `mutation ($id: ID!) { acknowledgeEscalation(input: { id: $id }) { state } }`;
    // Another team's supervisor: FORBIDDEN through the API and through the link.
    const api = await server.graphql(
      mutation,
      { id },
      { role: 'supervisor', user: 'west.supervisor', team: 'west' },
    );
    expect(api.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect((await open(await link(id, 'west.supervisor'), 'POST')).status).toBe(403);
    // The team's own agent may not take the supervisor level: not accepted either way.
    const agent = await server.graphql(mutation, { id }, { role: 'agent', user: 'east.agent', team: 'east' });
    expect(agent.errors?.[0]?.extensions.code).toBe('EVENT_NOT_ACCEPTED');
    expect((await open(await link(id, 'east.agent'), 'POST')).status).toBe(409);
    expect(await snapshot(id)).toEqual({ state: 'awaitingAcknowledgement', version: 1 });
  });

  it('signs no link for a user no roster puts on the ladder', async () => {
    const id = await startEscalation();
    await expect(link(id, 'stranger')).rejects.toThrow(/No roster gives "stranger" a role/);
  });
});

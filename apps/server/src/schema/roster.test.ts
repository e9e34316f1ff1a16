import { createRosterBook, createRosterStore, type RosterBook } from '@kefu/roster';
import { createRuntime, openStore, type Store } from '@kefu/runtime';
import { createDefaultWorkflows } from '@kefu/workflows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../test-support.js';

// Tuesday 2026-03-03, 10:00 in Shanghai.
let clock = new Date('2026-03-03T10:00:00+08:00');
let store: Store;
let roster: RosterBook;
let server: TestServer;

const manager = { role: 'manager', user: 'liu.min', team: 'east' } as const;
const supervisor = { role: 'supervisor', user: 'wang.fang', team: 'east' } as const;
const westAgent = { role: 'agent', user: 'li.na', team: 'west' } as const;

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://roster-api' });
  roster = createRosterBook(createRosterStore(store));
  const runtime = createRuntime({
    store,
    workflows: createDefaultWorkflows({ escalationSituation: roster.ladderSituation }),
  });
  server = await createTestServer({ runtime, roster, now: () => clock });
});

afterAll(async () => {
  await server.close();
  await server.runtime.idle();
  await store.close();
});

const save = `mutation ($input: SaveRosterInput!) { saveRoster(input: $input) { team version updatedBy rotations { role members every hoursFrom hoursTo } } }`;
const east = {
  team: 'east',
  timeZone: 'Asia/Shanghai',
  rotations: [
    {
      role: 'supervisor',
      members: ['wang.fang', 'zhao.lei'],
      startDate: '2026-03-02',
      every: 'daily',
      hoursFrom: '09:00',
      hoursTo: '18:00',
    },
    { role: 'manager', members: ['liu.min'], startDate: '2026-03-02', hoursFrom: '09:00', hoursTo: '18:00' },
  ],
};
const onDuty = `query ($team: String!) { onDuty(team: $team) { team workingHours roles { role userIds } nextHandOver { at role outgoing incoming } } }`;

async function savedRosters() {
  return (await roster.store.list()).map((saved) => [saved.roster.team, saved.version]);
}

describe('roster API', () => {
  it('refuses a supervisor saving a roster and writes nothing', async () => {
    const result = await server.graphql(save, { input: east }, supervisor);
    expect(result.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(await savedRosters()).toEqual([]);
  });

  it('refuses an unknown time zone with the field named and writes nothing', async () => {
    const result = await server.graphql(save, { input: { ...east, timeZone: 'Mars/Olympus' } }, manager);
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.timeZone' }],
    });
    expect(await savedRosters()).toEqual([]);
  });

  it('saves a roster when a manager sends it and says who is on duty now', async () => {
    const saved = await server.graphql(save, { input: east }, manager);
    expect(saved.data.saveRoster).toEqual({
      team: 'east',
      version: 1,
      updatedBy: 'liu.min',
      rotations: [
        {
          role: 'supervisor',
          members: ['wang.fang', 'zhao.lei'],
          every: 'daily',
          hoursFrom: '09:00',
          hoursTo: '18:00',
        },
        { role: 'manager', members: ['liu.min'], every: 'weekly', hoursFrom: '09:00', hoursTo: '18:00' },
      ],
    });
    const now = await server.graphql(onDuty, { team: 'east' }, supervisor);
    expect(now.data.onDuty).toEqual({
      team: 'east',
      workingHours: true,
      roles: [
        { role: 'supervisor', userIds: ['zhao.lei'] },
        { role: 'manager', userIds: ['liu.min'] },
      ],
      nextHandOver: {
        at: '2026-03-03T10:00:00.000Z',
        role: 'supervisor',
        outgoing: ['zhao.lei'],
        incoming: [],
      },
    });
  });

  it('refuses another team’s agent reading the roster', async () => {
    const result = await server.graphql(onDuty, { team: 'east' }, westAgent);
    expect(result.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('puts a stand-in on duty when a manager adds an override, and refuses a stale version', async () => {
    const add = `mutation ($input: AddRosterOverrideInput!) { addRosterOverride(input: $input) { version overrides { userId replaces } } }`;
    const override = {
      role: 'supervisor',
      userId: 'sun.li',
      replaces: 'zhao.lei',
      from: '2026-03-03T09:30:00+08:00',
      to: '2026-03-03T12:00:00+08:00',
    };
    const added = await server.graphql(add, { input: { team: 'east', override } }, manager);
    expect(added.data.addRosterOverride).toEqual({
      version: 2,
      overrides: [{ userId: 'sun.li', replaces: 'zhao.lei' }],
    });
    const stale = await server.graphql(
      add,
      { input: { team: 'east', override, expectedVersion: 1 } },
      manager,
    );
    expect(stale.errors?.[0]?.extensions.code).toBe('ROSTER_VERSION_CONFLICT');
    const now = await server.graphql(onDuty, { team: 'east' }, supervisor);
    expect(now.data.onDuty.roles[0]).toEqual({ role: 'supervisor', userIds: ['sun.li'] });
  });

  it('starts an escalation over the unstaffed levels when nobody is on duty at night and the API gives no situation', async () => {
    clock = new Date('2026-03-03T21:00:00+08:00');
    const result = await server.graphql(
      `mutation { startEscalation(input: { reason: agentRequest }) { level notified steps { level skipped } } }`,
      {},
      { role: 'agent', user: 'li.lei', team: 'east' },
    );
    expect(result.data.startEscalation).toEqual({
      level: 'director',
      notified: ['marketing-director', 'on-call-director'],
      steps: [{ level: 'director', skipped: ['supervisor', 'manager'] }],
    });
  });

  it('briefs the incoming shift at the 18:00 hand-over with follow-ups, call-backs due, breaches and escalations waiting', async () => {
    await roster.save(
      {
        team: 'south',
        timeZone: 'Asia/Shanghai',
        rotations: [
          {
            role: 'supervisor',
            members: ['he.jun'],
            startDate: '2026-03-02',
            every: 'daily',
            hours: { from: '09:00', to: '18:00' },
          },
        ],
      },
      { by: 'liu.min', at: '2026-03-01T00:00:00Z' },
    );
    const agent = { userId: 'south.agent', role: 'agent' };
    const complaint = (at: string) => ({
      at,
      by: agent,
      customer: { name: '王伟', phone: '13800000000', grade: 'B' },
      channel: 'phone',
      category: 'product-quality',
      summary: '电水壶使用两天后漏水',
      team: 'south',
    });
    // Opened before the day shift: breached in the night shift, so only a follow-up for this brief.
    await server.runtime.start('complaint', complaint('2026-03-04T08:00:00+08:00'), { id: 'south-early' });
    await server.runtime.fireDueTimers(new Date('2026-03-04T08:10:00+08:00'));
    await server.runtime.start('complaint', complaint('2026-03-04T16:00:00+08:00'), { id: 'south-late' });
    await server.runtime.send('south-late', {
      type: 'complaint.promiseCallBack',
      at: '2026-03-04T16:05:00+08:00',
      by: agent,
      callBackBy: '2026-03-04T19:00:00+08:00',
      note: '客户晚上方便接电话',
    });
    await server.runtime.fireDueTimers(new Date('2026-03-04T16:10:00+08:00'));
    await server.runtime.start(
      'escalation',
      { at: '2026-03-04T17:00:00+08:00', by: agent, reason: 'agentRequest', team: 'south' },
      { id: 'south-escalation' },
    );
    const result = await server.graphql(
      `query { shiftBrief(team: "south", at: "2026-03-04T18:00:00+08:00") {
        shiftStartedAt shiftEndsAt handOvers { role outgoing incoming } incoming { role userIds }
        openFollowUps { id } callBacksDue { complaint { id } callBackBy overdue note }
        breaches { complaint { id } deadline breachedAt } escalationsWaiting { id level }
      } }`,
      {},
      { role: 'supervisor', user: 'he.jun', team: 'south' },
    );
    expect(result.data.shiftBrief).toEqual({
      shiftStartedAt: '2026-03-04T01:00:00.000Z',
      shiftEndsAt: '2026-03-05T01:00:00.000Z',
      handOvers: [{ role: 'supervisor', outgoing: ['he.jun'], incoming: [] }],
      incoming: [{ role: 'supervisor', userIds: [] }],
      openFollowUps: [{ id: 'south-early' }, { id: 'south-late' }],
      callBacksDue: [
        {
          complaint: { id: 'south-late' },
          callBackBy: '2026-03-04T11:00:00.000Z',
          overdue: false,
          note: '客户晚上方便接电话',
        },
      ],
      breaches: [
        { complaint: { id: 'south-late' }, deadline: 'record', breachedAt: '2026-03-04T08:10:00.000Z' },
      ],
      escalationsWaiting: [{ id: 'south-escalation', level: 'supervisor' }],
    });
  });

  it('refuses an agent the shift brief', async () => {
    const result = await server.graphql(
      `query { shiftBrief(team: "south") { team } }`,
      {},
      { role: 'agent', user: 'x', team: 'south' },
    );
    expect(result.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });
});

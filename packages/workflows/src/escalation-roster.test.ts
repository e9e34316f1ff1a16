import { applyBranches, type EscalationContext } from '@kefu/escalation';
import { createRosterBook, createRosterStore, type RosterBook } from '@kefu/roster';
import { createRuntime, openStore, type Runtime, type Store } from '@kefu/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDefaultWorkflows } from './default-workflows.js';
import { defaultReactions } from './workflow-links.js';

// Times are Asia/Shanghai (UTC+8). Tuesday 2026-03-03. Supervisors and managers work the day shift 09:00–18:00;
// team `east-on-call` also has a manager on call from 18:00 to 23:00 that evening.
const dayShift = { from: '09:00', to: '18:00' };
const east = {
  team: 'east',
  timeZone: 'Asia/Shanghai',
  rotations: [
    {
      role: 'supervisor',
      members: ['wang.fang'],
      startDate: '2026-03-02',
      every: 'daily' as const,
      hours: dayShift,
    },
    {
      role: 'manager',
      members: ['liu.min'],
      startDate: '2026-03-02',
      hours: dayShift,
      days: [1, 2, 3, 4, 5],
    },
  ],
};
const eastOnCall = {
  ...east,
  team: 'east-on-call',
  overrides: [
    {
      role: 'manager',
      userId: 'on.call',
      from: '2026-03-03T18:00:00+08:00',
      to: '2026-03-03T23:00:00+08:00',
    },
  ],
};
// Team `early`: the manager's shift starts at 08:00, the supervisors' at 09:00.
const early = {
  team: 'early',
  timeZone: 'Asia/Shanghai',
  rotations: [
    {
      role: 'supervisor',
      members: ['wang.fang'],
      startDate: '2026-03-02',
      every: 'daily' as const,
      hours: dayShift,
    },
    { role: 'manager', members: ['liu.min'], startDate: '2026-03-02', hours: { from: '08:00', to: '20:00' } },
  ],
};
const agent = { userId: 'li.na', role: 'agent' };

let store: Store;
let runtime: Runtime;
let book: RosterBook;

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://escalation-roster' });
  book = createRosterBook(createRosterStore(store));
  for (const roster of [east, eastOnCall, early])
    await book.save(roster, { by: 'director.zhou', at: '2026-03-01T00:00:00Z' });
  runtime = createRuntime({
    store,
    workflows: createDefaultWorkflows({ escalationSituation: book.ladderSituation }),
    reactions: defaultReactions,
  });
});

afterAll(async () => {
  await runtime.idle();
  await store.close();
});

interface Step {
  level: string;
  cause: string;
  skipped: string[];
}

async function escalation(id: string) {
  const { state, context } = await runtime.get(id);
  return {
    state,
    steps: (context.steps as Step[]).map(({ level, cause, skipped }) => ({ level, cause, skipped })),
    workingHours: context.workingHours,
    dueAt: (context.deadlines as Record<string, { dueAt: string }>).acknowledge?.dueAt,
  };
}

describe('the escalation ladder fed from the roster', () => {
  it('climbs from supervisor to the manager on duty when the acknowledge deadline passes in working hours', async () => {
    await runtime.start(
      'escalation',
      { at: '2026-03-03T10:00:00+08:00', by: agent, reason: 'agentRequest', team: 'east' },
      { id: 'day' },
    );
    await runtime.fireDueTimers(new Date('2026-03-03T10:15:00+08:00'));
    expect(await escalation('day')).toEqual({
      state: 'awaitingAcknowledgement',
      steps: [
        { level: 'supervisor', cause: 'start', skipped: [] },
        { level: 'manager', cause: 'timeout', skipped: [] },
      ],
      workingHours: true,
      dueAt: '2026-03-03T02:45:00.000Z', // 30 minutes: the working-hours timeout of the manager level
    });
  });

  it('skips the manager level to the director when nobody is on duty as manager', async () => {
    await runtime.start(
      'escalation',
      { at: '2026-03-03T17:50:00+08:00', by: agent, reason: 'agentRequest', team: 'east' },
      { id: 'late' },
    );
    await runtime.fireDueTimers(new Date('2026-03-03T18:05:00+08:00'));
    expect((await escalation('late')).steps).toEqual([
      { level: 'supervisor', cause: 'start', skipped: [] },
      { level: 'director', cause: 'timeout', skipped: ['manager'] },
    ]);
    const timeout = (await runtime.history('late')).at(-1)!.event;
    expect(timeout).toMatchObject({
      type: 'escalation.deadlineReached',
      onDuty: ['agent', 'director'],
      workingHours: false,
    });
    expect((await runtime.verify('late')).replayMatchesSnapshot).toBe(true);
  });

  it('starts at the manager, skipping the supervisor level, when no supervisor is on duty yet', async () => {
    await runtime.start(
      'escalation',
      { at: '2026-03-03T08:30:00+08:00', by: agent, reason: 'agentRequest', team: 'early' },
      { id: 'early' },
    );
    expect((await escalation('early')).steps).toEqual([
      { level: 'manager', cause: 'start', skipped: ['supervisor'] },
    ]);
  });

  it('takes the off-hours branch at the manager level when the on-call manager is reached after 18:00', async () => {
    await runtime.start(
      'escalation',
      { at: '2026-03-03T17:50:00+08:00', by: agent, reason: 'agentRequest', team: 'east-on-call' },
      { id: 'on-call' },
    );
    await runtime.fireDueTimers(new Date('2026-03-03T18:05:00+08:00'));
    expect(await escalation('on-call')).toEqual({
      state: 'awaitingAcknowledgement',
      steps: [
        { level: 'supervisor', cause: 'start', skipped: [] },
        { level: 'manager', cause: 'timeout', skipped: [] },
      ],
      workingHours: false,
      dueAt: '2026-03-03T11:05:00.000Z', // one hour: the off-hours branch, not the 30 minutes of working hours
    });
    const { context } = await runtime.get('on-call');
    const ladder = context as unknown as EscalationContext;
    expect(applyBranches(ladder.policy.levels[ladder.levelIndex]!, ladder).notify).toEqual([
      'on-call-manager',
    ]);
  });

  it('starts a missed-deadline escalation of a team complaint above the unstaffed levels at night', async () => {
    await runtime.start(
      'complaint',
      {
        at: '2026-03-03T20:00:00+08:00',
        by: agent,
        customer: { name: '王伟', phone: '13800000000', grade: 'B' },
        channel: 'phone',
        category: 'product-quality',
        summary: '电水壶使用两天后漏水',
        team: 'east',
      },
      { id: 'complaint-night' },
    );
    await runtime.fireDueTimers(new Date('2026-03-03T20:10:00+08:00'));
    await runtime.idle();
    const [started] = await runtime
      .list({ kind: 'escalation' })
      .then((all) => all.filter((workflow) => workflow.context.complaintId === 'complaint-night'));
    expect(started?.context.team).toBe('east');
    expect((await escalation(started!.id)).steps).toEqual([
      { level: 'director', cause: 'start', skipped: ['supervisor', 'manager'] },
    ]);
  });
});

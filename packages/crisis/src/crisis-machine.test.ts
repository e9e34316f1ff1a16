import { getAdjacencyMap } from '@xstate/graph';
import { describe, expect, it } from 'vitest';
import { type ActorLogic, createActor, type SnapshotFrom } from 'xstate';
import { crisisMachine } from './crisis-machine.js';
import type { CrisisEvent } from './crisis-types.js';

type Snapshot = SnapshotFrom<typeof crisisMachine>;

const openedAt = '2026-03-02T02:00:00.000Z';
const director = { userId: 'u-director', role: 'director' as const };
const manager = { userId: 'u-manager', role: 'manager' as const };
const supervisor = { userId: 'u-sup', role: 'supervisor' as const };
const agent = { userId: 'u-agent', role: 'agent' as const };
const scheduler = { userId: 'scheduler', role: 'system' as const };

const opened = {
  crisisId: 'k-1',
  at: openedAt,
  by: director,
  title: '电水壶漏水批量投诉',
  level: 'III' as const,
  reason: '一小时内 12 起同类投诉',
  category: 'product-quality',
  complaintIds: ['c-1', 'c-2'],
};

function start(input: Record<string, unknown> = {}) {
  const actor = createActor(crisisMachine, { input: { ...opened, ...input } as never });
  actor.start();
  return actor;
}

type Actor = ReturnType<typeof start>;

function timer(snapshot: Snapshot, name: string): CrisisEvent {
  const dueAt = snapshot.context.deadlines[name]!.dueAt;
  return { type: 'crisis.deadlineReached', deadline: name, dueAt, at: dueAt, by: scheduler };
}

function fillLevelIII(actor: Actor, at = '2026-03-02T02:05:00.000Z') {
  actor.send({ type: 'crisis.activatePlan', at, by: director, plan: '产品质量应急预案' });
  actor.send({ type: 'crisis.assignRole', at, by: director, role: 'commander', userId: 'u-director' });
  actor.send({ type: 'crisis.assignRole', at, by: director, role: 'spokesperson', userId: 'u-pr' });
  actor.send({ type: 'crisis.assignRole', at, by: director, role: 'scribe', userId: 'u-agent' });
}

describe('crisisMachine', () => {
  it('starts responding at its level with the first statement due by the level cadence', () => {
    const snapshot = start().getSnapshot();
    expect(snapshot.value).toBe('responding');
    expect(snapshot.context.deadlines.statement?.dueAt).toBe('2026-03-02T10:00:00.000Z');
  });

  it('announces once, when it starts, what raised it and the complaints it links', () => {
    const actor = createActor(crisisMachine, { input: opened as never });
    const emitted: Array<{ type: string }> = [];
    actor.on('*', (event) => emitted.push(event));
    actor.start();
    actor.send({ type: 'crisis.activatePlan', at: '2026-03-02T02:05:00.000Z', by: director, plan: '预案' });
    expect(emitted).toEqual([
      {
        type: 'crisis.raised',
        crisisId: 'k-1',
        title: '电水壶漏水批量投诉',
        level: 'III',
        reason: '一小时内 12 起同类投诉',
        complaintIds: ['c-1', 'c-2'],
        source: { kind: 'manual' },
        by: director,
        at: openedAt,
      },
    ]);
  });

  it('does not move on to monitoring until the level’s actions are taken', () => {
    const actor = start();
    const monitor = { type: 'crisis.monitor' as const, at: '2026-03-02T02:10:00.000Z', by: director };
    actor.send({ type: 'crisis.activatePlan', at: openedAt, by: director, plan: '应急预案' });
    expect(actor.getSnapshot().can(monitor)).toBe(false);
    fillLevelIII(actor);
    actor.send(monitor);
    expect(actor.getSnapshot().value).toBe('monitoring');
  });

  it('needs a staffing surge once the level is raised to II, and the cadence tightens', () => {
    const actor = start();
    fillLevelIII(actor);
    const emitted: Array<{ type: string; colour?: string }> = [];
    actor.on('*', (event) => emitted.push(event));
    actor.send({
      type: 'crisis.raiseLevel',
      at: '2026-03-02T02:30:00.000Z',
      by: director,
      level: 'II',
      reason: '社交媒体扩散',
    });
    expect(emitted).toMatchObject([{ type: 'crisis.levelChanged', colour: 'orange' }]);
    expect(actor.getSnapshot().context.deadlines.statement?.dueAt).toBe('2026-03-02T06:30:00.000Z');
    const monitor = { type: 'crisis.monitor' as const, at: '2026-03-02T02:40:00.000Z', by: director };
    expect(actor.getSnapshot().can(monitor)).toBe(false);
    actor.send({ type: 'crisis.requestSurge', at: '2026-03-02T02:35:00.000Z', by: director, target: 20 });
    actor.send(monitor);
    expect(actor.getSnapshot().value).toBe('monitoring');
  });

  it('refuses to raise to a lower level and lets only a lead change the level', () => {
    const snapshot = start().getSnapshot();
    const raise = {
      type: 'crisis.raiseLevel' as const,
      at: openedAt,
      by: director,
      level: 'IV' as const,
      reason: 'x',
    };
    expect(snapshot.can(raise)).toBe(false);
    expect(snapshot.can({ ...raise, level: 'I', by: supervisor })).toBe(false);
    expect(snapshot.can({ ...raise, level: 'I' })).toBe(true);
  });

  it('publishes only approved text, the same on every channel', () => {
    const actor = start();
    fillLevelIII(actor);
    const at = '2026-03-02T03:00:00.000Z';
    actor.send({
      type: 'crisis.draftStatement',
      at,
      by: agent,
      statementId: 's-1',
      text: '我们已关注到部分电水壶漏水问题……',
    });
    const publish = { type: 'crisis.publishStatement' as const, at, by: director, statementId: 's-1' };
    expect(actor.getSnapshot().can(publish)).toBe(false);
    expect(
      actor.getSnapshot().can({ type: 'crisis.approveStatement', at, by: supervisor, statementId: 's-1' }),
    ).toBe(false);
    actor.send({
      type: 'crisis.approveStatement',
      at,
      by: { userId: 'u-pr', role: 'manager' },
      statementId: 's-1',
    });
    const emitted: Array<{ type: string; text?: string; channels?: string[] }> = [];
    actor.on('*', (event) => emitted.push(event));
    actor.send(publish);
    expect(emitted).toEqual([
      {
        type: 'crisis.statementPublished',
        crisisId: 'k-1',
        statementId: 's-1',
        text: '我们已关注到部分电水壶漏水问题……',
        channels: ['phone', 'chat', 'email', 'social', 'app', 'website'],
        at,
      },
    ]);
    expect(actor.getSnapshot().context.deadlines.statement?.dueAt).toBe('2026-03-02T11:00:00.000Z');
    expect(actor.getSnapshot().can(publish)).toBe(false);
  });

  it('records a missed update when the statement deadline passes, and ignores a stale timer', () => {
    const actor = start();
    const due = timer(actor.getSnapshot(), 'statement');
    const emitted: string[] = [];
    actor.on('*', (event) => emitted.push(event.type));
    actor.send(due);
    expect(actor.getSnapshot().context.missedUpdates).toHaveLength(1);
    expect(emitted).toEqual(['crisis.statementOverdue']);
    expect(actor.getSnapshot().can(due)).toBe(false);
  });

  it('emits the linked complaints, one message and a revisit time when it resolves', () => {
    const actor = start();
    fillLevelIII(actor);
    actor.send({
      type: 'crisis.linkComplaint',
      at: '2026-03-02T03:00:00.000Z',
      by: supervisor,
      complaintId: 'c-3',
    });
    actor.send({ type: 'crisis.monitor', at: '2026-03-02T04:00:00.000Z', by: director });
    const emitted: Array<{ type: string }> = [];
    actor.on('*', (event) => emitted.push(event));
    actor.send({
      type: 'crisis.resolve',
      at: '2026-03-03T04:00:00.000Z',
      by: director,
      message: '问题批次已全部召回更换',
    });
    expect(actor.getSnapshot().value).toBe('recovering');
    expect(emitted).toEqual([
      {
        type: 'crisis.resolved',
        crisisId: 'k-1',
        complaintIds: ['c-1', 'c-2', 'c-3'],
        message: '问题批次已全部召回更换',
        revisitBy: '2026-03-06T04:00:00.000Z',
        at: '2026-03-03T04:00:00.000Z',
        by: director,
      },
    ]);
    expect(Object.keys(actor.getSnapshot().context.deadlines)).toEqual(['recovery']);
  });

  it('closes after the review once every follow-up is done, marking a late one overdue', () => {
    const actor = start();
    fillLevelIII(actor);
    actor.send({ type: 'crisis.monitor', at: '2026-03-02T04:00:00.000Z', by: director });
    actor.send({ type: 'crisis.resolve', at: '2026-03-03T04:00:00.000Z', by: director, message: '已解决' });
    actor.send(timer(actor.getSnapshot(), 'recovery'));
    expect(actor.getSnapshot().value).toBe('reviewing');
    const at = '2026-03-10T04:00:00.000Z';
    actor.send({
      type: 'crisis.addFollowUp',
      at,
      by: manager,
      followUpId: 'f-1',
      action: '供应商质检流程整改',
      owner: 'u-quality',
      dueAt: '2026-03-20T04:00:00.000Z',
    });
    actor.send({
      type: 'crisis.addFollowUp',
      at,
      by: manager,
      followUpId: 'f-2',
      action: '更新知识库话术',
      owner: 'u-trainer',
      dueAt: '2026-03-12T04:00:00.000Z',
    });
    actor.send({ type: 'crisis.finishReview', at, by: manager, summary: '复盘完成' });
    expect(actor.getSnapshot().value).toBe('followingUp');
    actor.send(timer(actor.getSnapshot(), 'followUp:f-2'));
    expect(actor.getSnapshot().context.followUps.find(({ id }) => id === 'f-2')?.overdue).toBe(true);
    actor.send({
      type: 'crisis.completeFollowUp',
      at: '2026-03-13T00:00:00.000Z',
      by: agent,
      followUpId: 'f-2',
    });
    expect(actor.getSnapshot().value).toBe('followingUp');
    actor.send({
      type: 'crisis.completeFollowUp',
      at: '2026-03-14T00:00:00.000Z',
      by: agent,
      followUpId: 'f-1',
    });
    expect(actor.getSnapshot().value).toBe('closed');
    expect(actor.getSnapshot().context.deadlines).toEqual({});
  });

  it('refuses a follow-up due before it is added', () => {
    const actor = start();
    fillLevelIII(actor);
    actor.send({ type: 'crisis.monitor', at: '2026-03-02T04:00:00.000Z', by: director });
    actor.send({ type: 'crisis.resolve', at: '2026-03-03T04:00:00.000Z', by: director, message: '已解决' });
    actor.send({ type: 'crisis.startReview', at: '2026-03-04T04:00:00.000Z', by: director });
    expect(
      actor.getSnapshot().can({
        type: 'crisis.addFollowUp',
        at: '2026-03-04T04:00:00.000Z',
        by: manager,
        followUpId: 'f-1',
        action: 'x',
        owner: 'u',
        dueAt: '2026-03-01T00:00:00.000Z',
      }),
    ).toBe(false);
  });
});

describe('crisisMachine, model-based', () => {
  const at = '2026-03-02T05:00:00.000Z';
  const pr = { userId: 'u-pr', role: 'manager' as const };
  function eventsFor(snapshot: Snapshot): CrisisEvent[] {
    const events: CrisisEvent[] = [
      { type: 'crisis.raiseLevel', at, by: director, level: 'I', reason: '升级' },
      { type: 'crisis.lowerLevel', at, by: director, level: 'IV', reason: '缓和' },
      { type: 'crisis.activatePlan', at, by: director, plan: '应急预案' },
      { type: 'crisis.assignRole', at, by: director, role: 'commander', userId: 'u-director' },
      { type: 'crisis.assignRole', at, by: director, role: 'spokesperson', userId: 'u-pr' },
      { type: 'crisis.assignRole', at, by: director, role: 'scribe', userId: 'u-agent' },
      { type: 'crisis.requestSurge', at, by: director, target: 10 },
      { type: 'crisis.draftStatement', at, by: agent, statementId: 's-1', text: '说明' },
      { type: 'crisis.approveStatement', at, by: pr, statementId: 's-1' },
      { type: 'crisis.publishStatement', at, by: pr, statementId: 's-1' },
      { type: 'crisis.linkComplaint', at, by: supervisor, complaintId: 'c-9' },
      { type: 'crisis.monitor', at, by: director },
      { type: 'crisis.resolve', at, by: director, message: '已解决' },
      { type: 'crisis.startReview', at, by: director },
      {
        type: 'crisis.addFollowUp',
        at,
        by: director,
        followUpId: 'f-1',
        action: '整改',
        owner: 'u-quality',
        dueAt: '2026-04-01T00:00:00.000Z',
      },
      { type: 'crisis.finishReview', at, by: director, summary: '复盘' },
      { type: 'crisis.completeFollowUp', at, by: agent, followUpId: 'f-1' },
    ];
    for (const name of Object.keys(snapshot.context.deadlines)) events.push(timer(snapshot, name));
    return events;
  }
  const serialize = (snapshot: Snapshot) =>
    JSON.stringify([
      snapshot.value,
      snapshot.context.level,
      snapshot.context.plan !== undefined,
      Object.keys(snapshot.context.roles).sort(),
      snapshot.context.surge !== undefined,
      snapshot.context.statements.map(({ status }) => status),
      snapshot.context.complaintIds.length,
      snapshot.context.followUps.map(({ doneAt, overdue }) => [doneAt !== undefined, overdue]),
      Object.keys(snapshot.context.deadlines).sort(),
      snapshot.context.missedUpdates.length > 0,
    ]);
  const adjacency = getAdjacencyMap(
    // @xstate/graph's types do not carry a machine's emitted events; the logic is the same.
    crisisMachine as unknown as ActorLogic<Snapshot, CrisisEvent, unknown>,
    {
      input: opened as never,
      events: eventsFor,
      serializeState: serialize,
    },
  );

  it('reaches every state', () => {
    const reached = new Set(Object.values(adjacency).map(({ state }) => String(state.value)));
    expect([...reached].sort()).toEqual(Object.keys(crisisMachine.root.states).sort());
  });

  it('has no dead ends when every reachable state can still reach closed', () => {
    const canFinish = new Set(
      Object.entries(adjacency)
        .filter(([, { state }]) => state.status === 'done')
        .map(([key]) => key),
    );
    let grew = true;
    while (grew) {
      grew = false;
      for (const [key, { transitions }] of Object.entries(adjacency)) {
        if (canFinish.has(key)) continue;
        if (
          (Object.values(transitions) as Array<{ event: CrisisEvent; state: Snapshot }>).some(({ state }) =>
            canFinish.has(serialize(state)),
          )
        ) {
          canFinish.add(key);
          grew = true;
        }
      }
    }
    expect(Object.keys(adjacency).filter((key) => !canFinish.has(key))).toEqual([]);
    expect(Object.keys(adjacency).length).toBeGreaterThan(20);
  });

  it('never publishes a statement that was not approved', () => {
    let published = 0;
    for (const { state, transitions } of Object.values(adjacency)) {
      const steps = Object.values(transitions) as Array<{ event: CrisisEvent; state: Snapshot }>;
      for (const { event, state: next } of steps) {
        if (event.type !== 'crisis.publishStatement') continue;
        const statuses = (snapshot: Snapshot) =>
          snapshot.context.statements.find((statement) => statement.id === event.statementId)?.status;
        if (statuses(next) === 'published' && statuses(state as Snapshot) !== 'published') {
          published++;
          expect(statuses(state as Snapshot)).toBe('approved');
        }
      }
    }
    expect(published).toBeGreaterThan(0);
  });
});

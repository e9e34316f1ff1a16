import { getAdjacencyMap } from '@xstate/graph';
import { describe, expect, it } from 'vitest';
import { type ActorLogic, createActor, type SnapshotFrom } from 'xstate';
import { defaultEscalationPolicy } from './escalation-ladder.js';
import { escalationMachine } from './escalation-machine.js';
import type { EscalationEvent, EscalationPolicy } from './escalation-types.js';
import { escalationPolicySchema } from './escalation-types.js';

type Snapshot = SnapshotFrom<typeof escalationMachine>;

const openedAt = '2026-03-02T01:10:05.000Z';
const scheduler = { userId: 'scheduler', role: 'system' as const };
const director = { userId: 'u-director', role: 'director' as const };
const manager = { userId: 'u-manager', role: 'manager' as const };
const supervisor = { userId: 'u-sup', role: 'supervisor' as const };
const agent = { userId: 'u-agent', role: 'agent' as const };

const opened = {
  escalationId: 'e-1',
  complaintId: 'c-1',
  at: openedAt,
  by: scheduler,
  reason: 'deadlineMissed' as const,
};

function start(input: Partial<typeof opened> & Record<string, unknown> = {}) {
  const actor = createActor(escalationMachine, { input: { ...opened, ...input } as never });
  actor.start();
  return actor;
}

/** The timer event the scheduler sends for the acknowledge deadline that is current in `snapshot`. */
function timeout(snapshot: Snapshot, extra: Partial<EscalationEvent> = {}): EscalationEvent {
  const deadline = snapshot.context.deadlines.acknowledge!;
  return {
    type: 'escalation.deadlineReached',
    deadline: 'acknowledge',
    dueAt: deadline.dueAt,
    at: deadline.dueAt,
    by: scheduler,
    ...extra,
  } as EscalationEvent;
}

function levelOf(snapshot: Snapshot) {
  return snapshot.context.policy.levels[snapshot.context.levelIndex]!.name;
}

describe('escalationMachine', () => {
  it('starts at the supervisor with a 15-minute acknowledge deadline when a complaint deadline was missed', () => {
    const snapshot = start().getSnapshot();
    expect(snapshot.value).toBe('awaitingAcknowledgement');
    expect(levelOf(snapshot)).toBe('supervisor');
    expect(snapshot.context.deadlines.acknowledge).toEqual({
      dueAt: '2026-03-02T01:25:05.000Z',
      event: 'escalation.deadlineReached',
      startedAt: openedAt,
    });
  });

  it('uses the urgent branch (5 minutes) when the priority is urgent', () => {
    const snapshot = start({ priority: 'urgent' } as never).getSnapshot();
    expect(snapshot.context.deadlines.acknowledge!.dueAt).toBe('2026-03-02T01:15:05.000Z');
  });

  it('climbs supervisor → manager → director by acknowledge timeouts, emitting each level change', () => {
    const actor = start();
    const emitted: Array<{ type: string; from?: string; to?: string; cause?: string }> = [];
    actor.on('*', (event) => emitted.push(event));
    actor.send(timeout(actor.getSnapshot()));
    expect(levelOf(actor.getSnapshot())).toBe('manager');
    // Manager level: 30 minutes from the supervisor's timeout.
    expect(actor.getSnapshot().context.deadlines.acknowledge!.dueAt).toBe('2026-03-02T01:55:05.000Z');
    actor.send(timeout(actor.getSnapshot()));
    expect(levelOf(actor.getSnapshot())).toBe('director');
    expect(emitted.map(({ type, from, to, cause }) => ({ type, from, to, cause }))).toEqual([
      { type: 'escalation.levelChanged', from: 'supervisor', to: 'manager', cause: 'timeout' },
      { type: 'escalation.levelChanged', from: 'manager', to: 'director', cause: 'timeout' },
    ]);
  });

  it('ignores a timer whose deadline is no longer current', () => {
    const actor = start();
    const stale = timeout(actor.getSnapshot());
    actor.send({ type: 'escalation.acknowledge', at: '2026-03-02T01:12:00.000Z', by: supervisor });
    expect(actor.getSnapshot().can(stale)).toBe(false);
    const other = start().getSnapshot();
    expect(other.can({ ...timeout(other), dueAt: '2026-03-02T01:20:00.000Z' } as EscalationEvent)).toBe(
      false,
    );
  });

  it('skips a level nobody is on duty for when it climbs', () => {
    const actor = start({ onDuty: ['agent', 'supervisor', 'director'] } as never);
    const emitted: Array<{ type: string; skipped?: string[] }> = [];
    actor.on('*', (event) => emitted.push(event));
    actor.send(timeout(actor.getSnapshot()));
    expect(levelOf(actor.getSnapshot())).toBe('director');
    expect(emitted[0]?.skipped).toEqual(['manager']);
  });

  it('takes on-duty facts carried by the timer event itself', () => {
    const actor = start();
    actor.send(timeout(actor.getSnapshot(), { onDuty: ['supervisor', 'director'] } as never));
    expect(levelOf(actor.getSnapshot())).toBe('director');
  });

  it('runs the ladder again from its start level, then is left unanswered after the last round', () => {
    const actor = start();
    for (let climb = 0; climb < 2; climb++) actor.send(timeout(actor.getSnapshot()));
    actor.send(timeout(actor.getSnapshot()));
    expect(actor.getSnapshot().context.round).toBe(2);
    expect(levelOf(actor.getSnapshot())).toBe('supervisor');
    for (let climb = 0; climb < 2; climb++) actor.send(timeout(actor.getSnapshot()));
    const emitted: string[] = [];
    actor.on('*', (event) => emitted.push(event.type));
    actor.send(timeout(actor.getSnapshot()));
    expect(actor.getSnapshot().value).toBe('unanswered');
    expect(actor.getSnapshot().context.deadlines).toEqual({});
    expect(emitted).toEqual(['escalation.unanswered']);
  });

  it('keeps the policy version it started with', () => {
    const version2: EscalationPolicy = escalationPolicySchema.parse({
      ...defaultEscalationPolicy,
      version: 2,
      levels: defaultEscalationPolicy.levels.map((level) =>
        level.name === 'supervisor' ? { ...level, acknowledgeWithin: { minutes: 1 }, branches: [] } : level,
      ),
    });
    const onVersion1 = start().getSnapshot();
    const onVersion2 = start({ policy: version2 } as never).getSnapshot();
    expect(onVersion1.context.policy.version).toBe(1);
    expect(onVersion1.context.deadlines.acknowledge!.dueAt).toBe('2026-03-02T01:25:05.000Z');
    expect(onVersion2.context.deadlines.acknowledge!.dueAt).toBe('2026-03-02T01:11:05.000Z');
  });

  it('does not let an agent acknowledge a supervisor-level escalation', () => {
    const snapshot = start().getSnapshot();
    expect(snapshot.can({ type: 'escalation.acknowledge', at: '2026-03-02T01:12:00.000Z', by: agent })).toBe(
      false,
    );
  });

  it('hands over to a department, which then acknowledges', () => {
    const actor = start();
    actor.send({ type: 'escalation.acknowledge', at: '2026-03-02T01:12:00.000Z', by: supervisor });
    actor.send({
      type: 'escalation.handOver',
      at: '2026-03-02T01:13:00.000Z',
      by: supervisor,
      department: 'logistics',
    });
    expect(actor.getSnapshot().value).toBe('awaitingAcknowledgement');
    expect(actor.getSnapshot().context.department).toBe('logistics');
    actor.send({
      type: 'escalation.acknowledge',
      at: '2026-03-02T01:14:00.000Z',
      by: { userId: 'u-logistics', role: 'agent' },
    });
    expect(actor.getSnapshot().value).toBe('acknowledged');
  });

  it('de-escalates with a reason to the level below', () => {
    const actor = start({ reason: 'gradeA' } as never);
    expect(levelOf(actor.getSnapshot())).toBe('manager');
    actor.send({
      type: 'escalation.deescalate',
      at: '2026-03-02T01:12:00.000Z',
      by: manager,
      reason: '客户已接受临时方案',
    });
    expect(levelOf(actor.getSnapshot())).toBe('supervisor');
    expect(actor.getSnapshot().context.steps.at(-1)?.cause).toBe('deescalate');
  });

  it('lets only the director at the top of the ladder raise a crisis', () => {
    const actor = start();
    const raise = {
      type: 'escalation.raiseCrisis' as const,
      at: '2026-03-02T02:00:00.000Z',
      by: director,
      level: 'III' as const,
      reason: '同类投诉集中爆发',
    };
    expect(actor.getSnapshot().can(raise)).toBe(false);
    actor.send(timeout(actor.getSnapshot()));
    actor.send(timeout(actor.getSnapshot()));
    expect(actor.getSnapshot().can({ ...raise, by: manager })).toBe(false);
    const emitted: Array<{ type: string; level?: string; complaintId?: string }> = [];
    actor.on('*', (event) => emitted.push(event));
    actor.send(raise);
    expect(actor.getSnapshot().value).toBe('crisisRaised');
    expect(actor.getSnapshot().status).toBe('done');
    expect(emitted).toMatchObject([{ type: 'escalation.crisisRequested', level: 'III', complaintId: 'c-1' }]);
  });
});

describe('escalationMachine, model-based', () => {
  const at = '2026-03-02T03:00:00.000Z';
  function eventsFor(snapshot: Snapshot): EscalationEvent[] {
    const level = snapshot.context.policy.levels[snapshot.context.levelIndex]!;
    const holder = { userId: `u-${level.role}`, role: level.role };
    const events: EscalationEvent[] = [
      { type: 'escalation.acknowledge', at, by: holder },
      { type: 'escalation.escalate', at, by: agent, reason: 'agentRequest' },
      { type: 'escalation.handOver', at, by: supervisor, department: 'product' },
      { type: 'escalation.deescalate', at, by: director, reason: 'back to normal handling' },
      { type: 'escalation.resolve', at, by: director, resolution: '已为客户换货' },
      { type: 'escalation.raiseCrisis', at, by: director, level: 'II', reason: '舆情扩散' },
    ];
    if (snapshot.context.deadlines.acknowledge) events.push(timeout(snapshot));
    return events;
  }
  const adjacency = getAdjacencyMap(
    // @xstate/graph's types do not carry a machine's emitted events; the logic is the same.
    escalationMachine as unknown as ActorLogic<Snapshot, EscalationEvent, unknown>,
    {
      input: opened as never,
      events: eventsFor,
      serializeState: (snapshot) =>
        JSON.stringify([
          snapshot.value,
          snapshot.context.levelIndex,
          snapshot.context.round,
          snapshot.context.department !== undefined,
        ]),
    },
  );

  it('reaches every state when all events are tried from every reachable state', () => {
    const reached = new Set(Object.values(adjacency).map(({ state }) => String(state.value)));
    expect([...reached].sort()).toEqual(Object.keys(escalationMachine.root.states).sort());
  });

  it('has no dead ends when every reachable state can still reach a final state', () => {
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
        const next = (Object.values(transitions) as Array<{ event: EscalationEvent; state: Snapshot }>).map(
          ({ state }) =>
            JSON.stringify([
              state.value,
              state.context.levelIndex,
              state.context.round,
              state.context.department !== undefined,
            ]),
        );
        if (next.some((target) => canFinish.has(target))) {
          canFinish.add(key);
          grew = true;
        }
      }
    }
    const stuck = Object.keys(adjacency).filter((key) => !canFinish.has(key));
    expect(stuck).toEqual([]);
    expect(Object.keys(adjacency).length).toBeGreaterThan(10);
  });

  it('visits every level of every round by timeouts alone', () => {
    const climbs = Object.values(adjacency)
      .filter(({ state }) => state.value === 'awaitingAcknowledgement')
      .map(
        ({ state }) =>
          `${state.context.round}:${state.context.policy.levels[state.context.levelIndex]!.name}`,
      );
    expect(new Set(climbs)).toEqual(
      new Set([
        '1:agent',
        '1:supervisor',
        '1:manager',
        '1:director',
        '2:agent',
        '2:supervisor',
        '2:manager',
        '2:director',
      ]),
    );
  });
});

import { getAdjacencyMap, getShortestPaths } from '@xstate/graph';
import { describe, expect, it } from 'vitest';
import { type AnyActorLogic, createActor, type SnapshotFrom, type StateNode } from 'xstate';
import { complaintEventRoles } from './complaint-event-roles.js';
import { complaintMachine } from './complaint-machine.js';
import { openedInput, people, sample } from './complaint-test-events.js';
import type { Actor, ComplaintEvent, ComplaintEventType } from './complaint-types.js';

type Snapshot = SnapshotFrom<typeof complaintMachine>;

/** Tuesday 10:00 Beijing time: working hours, not quiet hours. */
const at = '2026-03-03T10:00:00+08:00';
const finalStates = ['closed', 'withdrawn', 'merged'];

const firstAllowed = (type: ComplaintEventType): Actor => {
  const role = complaintEventRoles[type][0]!;
  return Object.values(people).find((person) => person.role === role)!;
};

/** Every event the model may try in a state: one sample of each type, plus each branch of the branching ones. */
function eventsFor(snapshot: Snapshot): ComplaintEvent[] {
  const events: ComplaintEvent[] = (Object.keys(complaintEventRoles) as ComplaintEventType[])
    .filter((type) => type !== 'complaint.deadlineReached')
    .map((type) => sample(type, at, firstAllowed(type)));
  events.push(
    sample('complaint.analyse', at, people.supervisor, {
      analysis: {
        cause: '漏电',
        classification: 'productQuality',
        proposedPlan: '召回',
        severity: 'serious',
      },
    }),
    sample('complaint.decide', at, people.director, { decision: { approved: false, plan: '换新' } }),
    sample('complaint.recordRevisit', at, people.agent, {
      revisitRecord: { method: 'phone', satisfaction: 'unsatisfied' },
    }),
  );
  for (const [deadline, { dueAt }] of Object.entries(snapshot.context.deadlines)) {
    events.push(sample('complaint.deadlineReached', at, people.system, { deadline, dueAt }));
  }
  return events;
}

const serializeState = (snapshot: Snapshot) =>
  `${JSON.stringify(snapshot.value)}${snapshot.context.paused ? ' (paused)' : ''}`;
const stateNameOf = (snapshot: Snapshot) =>
  typeof snapshot.value === 'string'
    ? snapshot.value
    : Object.entries(snapshot.value)
        .map(([parent, child]) => `${parent}.${String(child)}`)
        .join();

function leafStates(node: StateNode<any, any>, prefix = ''): string[] {
  const children = Object.values(node.states) as StateNode<any, any>[];
  if (children.length === 0) return [prefix];
  return children.flatMap((child) => leafStates(child, prefix ? `${prefix}.${child.key}` : child.key));
}

// getAdjacencyMap's own typing does not follow the machine's emitted events; the callbacks are typed instead.
const adjacency = getAdjacencyMap(complaintMachine as AnyActorLogic, {
  input: openedInput,
  events: eventsFor,
  serializeState,
});
const graph = new Map(
  Object.entries(adjacency).map(([key, { state, transitions }]) => [
    key,
    {
      state: state as Snapshot,
      next: new Set(
        Object.values(transitions as Record<string, { state: Snapshot }>).map((transition) =>
          serializeState(transition.state),
        ),
      ),
    },
  ]),
);

describe('complaint machine (model-based, @xstate/graph)', () => {
  it('reaches every state of the definition when driven by its events', () => {
    const reached = new Set([...graph.values()].map(({ state }) => stateNameOf(state)));
    expect([...reached].sort()).toEqual(leafStates(complaintMachine.root).sort());
  });

  it('has a way out of every open state and none out of closed, withdrawn and merged', () => {
    for (const [key, { state, next }] of graph) {
      const leaves = [...next].filter((target) => target !== key);
      if (finalStates.includes(stateNameOf(state))) {
        expect(state.status, key).toBe('done');
        expect(leaves, key).toEqual([]);
      } else {
        expect(leaves.length, `${key} has no transition to another state`).toBeGreaterThan(0);
      }
    }
  });

  it('can end in closed, withdrawn or merged from every reachable state', () => {
    const canFinish = new Set(
      [...graph].filter(([, { state }]) => state.status === 'done').map(([key]) => key),
    );
    let grew = true;
    while (grew) {
      grew = false;
      for (const [key, { next }] of graph) {
        if (!canFinish.has(key) && [...next].some((target) => canFinish.has(target))) {
          canFinish.add(key);
          grew = true;
        }
      }
    }
    expect([...graph.keys()].filter((key) => !canFinish.has(key))).toEqual([]);
  });

  it('keeps the invariants along the shortest path to every state when replayed on a live actor', () => {
    const paths = getShortestPaths(complaintMachine, {
      input: openedInput,
      events: eventsFor,
      serializeState,
    });
    expect(paths.length).toBe(graph.size);
    for (const path of paths) {
      const actor = createActor(complaintMachine, { input: openedInput }).start();
      for (const step of path.steps.slice(1)) {
        expect(
          actor.getSnapshot().can(step.event),
          `${step.event.type} along ${serializeState(path.state)}`,
        ).toBe(true);
        actor.send(step.event);
        const { context, status } = actor.getSnapshot();
        for (const [name, deadline] of Object.entries(context.deadlines)) {
          expect(deadline.event).toBe('complaint.deadlineReached');
          expect(context.paused?.clocks ?? []).not.toContain(name);
        }
        if (status === 'done') expect(context.deadlines).toEqual({});
      }
      expect(serializeState(actor.getSnapshot())).toBe(serializeState(path.state));
    }
  });
});

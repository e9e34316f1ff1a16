import { getShortestPaths } from '@xstate/graph';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { complaintEventRoles } from './complaint-event-roles.js';
import { complaintMachine } from './complaint-machine.js';
import { openedInput, people, sample } from './complaint-test-events.js';
import type { ComplaintEvent, ComplaintEventType } from './complaint-types.js';
import { explainComplaintRejection } from './explain-rejection.js';

const at = '2026-03-03T10:00:00+08:00';
const types = Object.keys(complaintEventRoles) as ComplaintEventType[];

/** A sample of each event from its first allowed role, plus one deadline event per running deadline. */
const pathEnds = getShortestPaths(complaintMachine, {
  input: openedInput,
  events: () => [
    ...types
      .filter((type) => type !== 'complaint.deadlineReached')
      .map((type) =>
        sample(type, at, Object.values(people).find((p) => p.role === complaintEventRoles[type][0])!),
      ),
    sample('complaint.analyse', at, people.supervisor, {
      analysis: {
        cause: '漏电',
        classification: 'productQuality',
        proposedPlan: '召回',
        severity: 'serious',
      },
    }),
    sample('complaint.recordRevisit', at, people.agent, {
      revisitRecord: { method: 'phone', satisfaction: 'unsatisfied' },
    }),
  ],
  serializeState: (snapshot) =>
    `${JSON.stringify(snapshot.value)}${snapshot.context.paused ? ' (paused)' : ''}`,
}).map((path) => path.state);

/** The same states with a call-back promise open, so `complaint.callBack` has something to keep. */
const snapshots = [
  ...pathEnds,
  ...pathEnds
    .filter((snapshot) => snapshot.status === 'active')
    .map((snapshot) => {
      const actor = createActor(complaintMachine, { input: openedInput, snapshot }).start();
      actor.send(sample('complaint.promiseCallBack', at, people.agent));
      return actor.getSnapshot();
    }),
];

function eventFor(type: ComplaintEventType, role: keyof typeof people, snapshot: (typeof snapshots)[number]) {
  const overrides =
    type === 'complaint.deadlineReached'
      ? (() => {
          const [deadline, current] = Object.entries(snapshot.context.deadlines)[0] ?? [
            'record',
            { dueAt: at },
          ];
          return { deadline, dueAt: current.dueAt };
        })()
      : {};
  return sample(type, at, people[role], overrides as never) as ComplaintEvent;
}

describe('role guards', () => {
  it.each(types)('accepts %s only from the roles that own the step', (type) => {
    const allowed = complaintEventRoles[type];
    const states = snapshots.filter((snapshot) =>
      snapshot.can(eventFor(type, allowed[0] as never, snapshot)),
    );
    expect(states.length, `no reachable state accepts ${type}`).toBeGreaterThan(0);
    for (const snapshot of states) {
      for (const role of Object.keys(people) as Array<keyof typeof people>) {
        const event = eventFor(type, role, snapshot);
        if (allowed.includes(role)) {
          expect(snapshot.can(event), `${role} may send ${type}`).toBe(true);
        } else {
          expect(snapshot.can(event), `${role} may not send ${type}`).toBe(false);
          expect(explainComplaintRejection(snapshot, event)).toBe(
            `"${type}" may be sent by ${allowed.join(' or ')}, not ${role}`,
          );
        }
      }
    }
  });

  it('names the director when an agent tries to decide the plan', () => {
    const waiting = snapshots.find((snapshot) => snapshot.value === 'awaitingDecision')!;
    const event = sample('complaint.decide', at, people.agent);
    expect(waiting.can(event)).toBe(false);
    expect(explainComplaintRejection(waiting, event)).toBe(
      '"complaint.decide" may be sent by director, not agent',
    );
  });
});

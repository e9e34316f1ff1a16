import { escalationMachine } from '@kefu/escalation';
import { createActor } from 'xstate';

// A complaint's 10-minute record deadline was missed: escalate it. The ladder starts at the supervisor.
const escalation = createActor(escalationMachine, {
  input: {
    escalationId: 'e-1',
    complaintId: 'c-1',
    reason: 'deadlineMissed',
    at: '2026-03-02T01:10:00.000Z',
    by: { userId: 'scheduler', role: 'system' },
  },
}).start();

// Nobody acknowledged within 15 minutes: the scheduler sends the deadline event (deadlines are data).
const { dueAt } = escalation.getSnapshot().context.deadlines.acknowledge!;
escalation.send({
  type: 'escalation.deadlineReached',
  deadline: 'acknowledge',
  dueAt,
  at: dueAt,
  by: { userId: 'scheduler', role: 'system' },
});

const { policy, levelIndex } = escalation.getSnapshot().context;
export const level = policy.levels[levelIndex]!.name;
// level === 'manager'

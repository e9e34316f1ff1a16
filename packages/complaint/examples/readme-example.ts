import {
  complaintEventSchema,
  complaintMachine,
  defaultComplaintPolicy,
  planRevisits,
  toMermaid,
} from '@kefu/complaint';
import { createActor } from 'xstate';

const input = {
  at: '2026-03-02T09:00:00+08:00',
  by: { userId: 'li.na', role: 'agent' },
  customer: { name: '王伟', grade: 'B' },
  channel: 'phone',
  category: 'product-quality',
  summary: '电水壶使用两天后漏水',
} as const;
const actor = createActor(complaintMachine, { input: { ...input, complaintId: 'c-1' } }).start();

// Validate what comes from outside, then send it: a supervisor records the complaint report.
const record = complaintEventSchema.parse({
  type: 'complaint.record',
  at: '2026-03-02T09:04:00+08:00',
  by: { userId: 'zhang.wei', role: 'supervisor' },
  report: { facts: '客户反映电水壶底部漏水' },
});
actor.send(record);

// The customer calls again: the second contact raises the priority.
actor.send({
  type: 'complaint.contact',
  at: '2026-03-02T10:00:00+08:00',
  by: { userId: 'li.na', role: 'agent' },
  channel: 'phone',
  note: '客户再次来电询问进度',
});

const { value, context } = actor.getSnapshot();
export const state = value; // 'recorded'
export const priority = context.priority; // 'high' (second contact)
export const analyseBy = context.deadlines.analyse?.dueAt; // '2026-03-02T03:04:00.000Z': 2 hours, wall-clock (第一时间)

// The record clock cannot be paused (default policy): the deadline stays.
export const mayPauseRecord = createActor(complaintMachine, {
  input: { ...input, complaintId: 'c-2' },
})
  .start()
  .getSnapshot()
  .can({
    type: 'complaint.pause',
    at: '2026-03-02T09:02:00+08:00',
    by: { userId: 'zhang.wei', role: 'supervisor' },
    reason: 'awaitingCustomer',
  }); // false

// A deployment changes the limits without editing code: its policies go in through the input.
const fifteenMinutes = createActor(complaintMachine, {
  input: {
    ...input,
    complaintId: 'c-3',
    policies: {
      standard: { ...defaultComplaintPolicy, record: { budget: { minutes: 15 }, calendar: 'wall' } },
    },
  },
}).start();
export const recordBy = fifteenMinutes.getSnapshot().context.deadlines.record?.dueAt; // '2026-03-02T01:15:00.000Z'

// An agent may not decide the plan: the role guard refuses it.
export const agentMayDecide = actor.getSnapshot().can({
  type: 'complaint.decide',
  at: '2026-03-02T10:05:00+08:00',
  by: { userId: 'li.na', role: 'agent' },
  decision: { approved: true, plan: '换新' },
}); // false

// Periodic revisits by grade, never in quiet hours.
export const revisits = planRevisits({
  customers: [{ customerId: 'cu-9', grade: 'A', since: '2026-02-10T10:00:00+08:00' }],
  from: '2026-03-01T00:00:00+08:00',
  to: '2026-04-01T00:00:00+08:00',
}); // [{ customerId: 'cu-9', grade: 'A', dueAt: '2026-03-12T02:00:00.000Z', reason: 'periodic' }]

export const diagram = toMermaid(); // 'stateDiagram-v2\n  [*] --> received\n …'

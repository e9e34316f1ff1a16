import { complaintMachine } from '@kefu/complaint';
import { createActor } from 'xstate';

const actor = createActor(complaintMachine, {
  input: {
    complaintId: 'c-1',
    at: '2026-03-02T09:00:00+08:00',
    by: { userId: 'li.na', role: 'agent' },
    customer: { name: '王伟', grade: 'B' },
    channel: 'phone',
    category: 'product-quality',
    summary: '电水壶使用两天后漏水',
  },
}).start();

actor.send({
  type: 'complaint.record',
  at: '2026-03-02T09:04:00+08:00',
  by: { userId: 'zhang.wei', role: 'supervisor' },
  report: { facts: '客户反映电水壶底部漏水' },
});

export const state = actor.getSnapshot().value; // 'recorded'

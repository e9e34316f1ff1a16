import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { complaintMachine } from './complaint-machine.js';

const opened = {
  complaintId: 'c-1',
  at: '2026-03-02T09:00:00+08:00',
  by: { userId: 'u-agent', role: 'agent' as const },
  customer: { name: '王伟', phone: '13800000000', grade: 'B' as const },
  channel: 'phone' as const,
  category: 'product-quality',
  summary: '电水壶使用两天后漏水',
};

function start() {
  const actor = createActor(complaintMachine, { input: opened });
  actor.start();
  return actor;
}

describe('complaintMachine', () => {
  it('starts in received with a record deadline 10 minutes after receipt', () => {
    const snapshot = start().getSnapshot();
    expect(snapshot.value).toBe('received');
    expect(snapshot.context.deadlines.record).toEqual({
      dueAt: '2026-03-02T01:10:00.000Z',
      event: 'complaint.deadlineReached',
      startedAt: opened.at,
    });
  });

  it('moves to recorded and clears the record deadline when a supervisor records it', () => {
    const actor = start();
    const emitted: string[] = [];
    actor.on('*', (event) => emitted.push(event.type));
    actor.send({
      type: 'complaint.record',
      at: '2026-03-02T09:04:00+08:00',
      by: { userId: 'u-sup', role: 'supervisor' },
      report: { facts: '客户反映电水壶底部漏水' },
    });
    const snapshot = actor.getSnapshot();
    expect(snapshot.value).toBe('recorded');
    expect(snapshot.context.report?.facts).toBe('客户反映电水壶底部漏水');
    expect(snapshot.context.deadlines.record).toBeUndefined();
    expect(emitted).toEqual(['complaint.recorded']);
  });

  it('does not accept record from an agent', () => {
    const snapshot = start().getSnapshot();
    const event = {
      type: 'complaint.record' as const,
      at: '2026-03-02T09:04:00+08:00',
      by: { userId: 'u-agent', role: 'agent' as const },
      report: { facts: 'x' },
    };
    expect(snapshot.can(event)).toBe(false);
  });

  it('records a breach when the current record deadline is reached', () => {
    const actor = start();
    actor.send({
      type: 'complaint.deadlineReached',
      at: '2026-03-02T01:10:02.000Z',
      by: { userId: 'scheduler', role: 'system' },
      deadline: 'record',
      dueAt: '2026-03-02T01:10:00.000Z',
    });
    const snapshot = actor.getSnapshot();
    expect(snapshot.value).toBe('received');
    expect(snapshot.context.breaches).toEqual([
      { deadline: 'record', dueAt: '2026-03-02T01:10:00.000Z', at: '2026-03-02T01:10:02.000Z' },
    ]);
  });

  it('ignores a deadline event whose due time is no longer current', () => {
    const snapshot = start().getSnapshot();
    expect(
      snapshot.can({
        type: 'complaint.deadlineReached',
        at: '2026-03-02T02:00:00.000Z',
        by: { userId: 'scheduler', role: 'system' },
        deadline: 'record',
        dueAt: '2026-03-02T01:00:00.000Z',
      }),
    ).toBe(false);
  });
});

describe('contacts on the customer record', () => {
  const withPrior = (priorContacts: number) => {
    const actor = createActor(complaintMachine, {
      input: { ...opened, customerId: 'cust-1', priorContacts },
    });
    actor.start();
    return actor;
  };

  it('opens as a second contact with high priority when the record holds one earlier contact', () => {
    const { context } = withPrior(1).getSnapshot();
    expect([context.customerId, context.contactLevel, context.priority]).toEqual([
      'cust-1',
      'second',
      'high',
    ]);
  });

  it('opens as a many-time contact with urgent priority when the record holds two earlier contacts', () => {
    const { context } = withPrior(2).getSnapshot();
    expect([context.contactLevel, context.priority]).toEqual(['many', 'urgent']);
  });

  it('counts a contact on the complaint on top of the record when the customer calls again', () => {
    const actor = withPrior(1);
    actor.send({
      type: 'complaint.contact',
      at: '2026-03-02T09:30:00+08:00',
      by: { userId: 'u-agent', role: 'agent' },
      channel: 'email',
      note: '客户再次来信',
    });
    expect(actor.getSnapshot().context.contactLevel).toBe('many');
  });

  it('keeps no record fields in the context when the complaint has no customer record', () => {
    const { context } = start().getSnapshot();
    expect('customerId' in context || 'priorContacts' in context).toBe(false);
  });
});

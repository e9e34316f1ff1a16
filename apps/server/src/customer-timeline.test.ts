import type { SendResult } from '@kefu/runtime';
import { describe, expect, it } from 'vitest';
import { timelineEntriesOf } from './customer-timeline.js';

const at = '2026-12-01T01:00:00.000Z';

function result(
  entry: { type: string; event?: Record<string, unknown> },
  emitted: SendResult['emitted'] = [],
  context: Record<string, unknown> = { customerId: 'cust-1' },
  kind = 'complaint',
): SendResult {
  return {
    workflow: {
      id: 'complaint-1',
      kind,
      machineId: kind,
      machineVersion: 2,
      state: 'handling',
      version: 3,
      context,
      readModel: {} as SendResult['workflow']['readModel'],
      createdAt: at,
      updatedAt: at,
    },
    entry: {
      seq: 3,
      type: entry.type,
      at,
      by: { userId: 'li.na', role: 'agent' },
      fromState: 'handling',
      toState: 'handling',
      event: { type: entry.type, at, ...entry.event },
      idempotencyKey: null,
      previousHash: null,
      hash: 'h',
    },
    emitted,
    duplicate: false,
  };
}

describe('timelineEntriesOf', () => {
  it('records closing, escalation requests and breaches from what the complaint emitted', () => {
    const entries = timelineEntriesOf(
      result({ type: 'complaint.deadlineReached' }, [
        { type: 'complaint.deadlineBreached', complaintId: 'complaint-1', deadline: 'handle', dueAt: at, at },
        { type: 'complaint.escalationRequested', complaintId: 'complaint-1', reason: 'agentRequest', at },
        { type: 'complaint.closed', complaintId: 'complaint-1', outcome: 'satisfied', at },
      ]),
    );
    expect(entries.map((entry) => [entry.kind, entry.data])).toEqual([
      ['complaint.breached', { deadline: 'handle' }],
      ['escalation.raised', { reason: 'agentRequest' }],
      ['complaint.closed', { outcome: 'satisfied' }],
    ]);
    expect(
      entries.every((entry) => entry.customerId === 'cust-1' && entry.workflowId === 'complaint-1'),
    ).toBe(true);
  });

  it('records a crisis link and a repeat contact from the log entry', () => {
    expect(
      timelineEntriesOf(
        result({ type: 'complaint.linked', event: { link: { kind: 'crisis', id: 'crisis-9' } } }),
      ),
    ).toMatchObject([{ kind: 'crisis.linked', data: { crisisId: 'crisis-9' } }]);
    expect(
      timelineEntriesOf(result({ type: 'complaint.contact', event: { channel: 'email' } })),
    ).toMatchObject([{ kind: 'contact', data: { channel: 'email' } }]);
  });

  it('records nothing when the complaint has no customer record or the workflow is not a complaint', () => {
    const closed = [{ type: 'complaint.closed', complaintId: 'complaint-1', outcome: 'satisfied', at }];
    expect(timelineEntriesOf(result({ type: 'complaint.close' }, closed, {}))).toEqual([]);
    expect(
      timelineEntriesOf(result({ type: 'crisis.link' }, closed, { customerId: 'cust-1' }, 'crisis')),
    ).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { notificationEventsOf } from './notification-events.js';
import { renderNotification } from './notification-templates.js';

const breach = notificationEventsOf({
  workflowId: 'c-1',
  kind: 'complaint',
  seq: 3,
  event: {
    type: 'complaint.deadlineBreached',
    complaintId: 'c-1',
    deadline: 'record',
    dueAt: '2026-03-02T01:10:00.000Z',
    at: '2026-03-02T01:10:00.000Z',
  },
})[0]!;

describe('renderNotification', () => {
  it('renders a missed deadline in Chinese and in English', () => {
    expect(renderNotification(breach, 'zh-CN')).toEqual({
      subject: '【超时】投诉 c-1 的 record 时限已过',
      text: '截止时间：2026-03-02T01:10:00.000Z',
    });
    expect(renderNotification(breach, 'en')).toEqual({
      subject: '[Breach] Complaint c-1 missed its record deadline',
      text: 'Due: 2026-03-02T01:10:00.000Z',
    });
  });

  it('keeps a published statement’s text unchanged as the body in every locale', () => {
    const [statement] = notificationEventsOf({
      workflowId: 'k-1',
      kind: 'crisis',
      seq: 9,
      event: {
        type: 'crisis.statementPublished',
        crisisId: 'k-1',
        statementId: 's-1',
        text: '我们已关注到……',
        at: '2026-03-02T03:00:00.000Z',
      },
    });
    expect(renderNotification(statement!, 'en').text).toBe('我们已关注到……');
    expect(renderNotification(statement!, 'zh-CN').text).toBe('我们已关注到……');
  });

  it('adds the acknowledgement link when one is given', () => {
    const [raised] = notificationEventsOf({
      workflowId: 'e-1',
      kind: 'escalation',
      seq: 1,
      event: { type: 'escalation.started', at: '2026-03-02T01:10:00.000Z' },
      context: {
        escalationId: 'e-1',
        levelIndex: 1,
        reason: 'deadlineMissed',
        policy: {
          levels: [
            { name: 'agent', role: 'agent' },
            { name: 'supervisor', role: 'supervisor' },
          ],
        },
      },
    });
    expect(raised).toMatchObject({
      type: 'escalation.raised',
      role: 'supervisor',
      id: 'e-1:1:escalation.raised',
    });
    expect(renderNotification(raised!, 'en', { acknowledgeUrl: 'https://kefu.test/ack/x' }).text).toBe(
      'Reason: deadlineMissed\nPlease acknowledge.\nAcknowledge: https://kefu.test/ack/x',
    );
  });
});

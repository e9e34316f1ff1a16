import { describe, expect, it } from 'vitest';
import { notificationEventsOf } from './notification-events.js';
import { renderNotification } from './notification-templates.js';
import { webhookPayload } from './webhook-payload.js';

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
const rendered = renderNotification(statement!, 'zh-CN');

describe('webhookPayload', () => {
  it('carries the statement text unchanged in every chat tool’s incoming-webhook body', () => {
    expect(webhookPayload('wecom', statement!, rendered)).toEqual({
      msgtype: 'text',
      text: { content: '我们已关注到……' },
    });
    expect(webhookPayload('dingtalk', statement!, rendered)).toEqual({
      msgtype: 'text',
      text: { content: '我们已关注到……' },
    });
    expect(webhookPayload('feishu', statement!, rendered)).toEqual({
      msg_type: 'text',
      content: { text: '我们已关注到……' },
    });
    expect(webhookPayload('slack', statement!, rendered)).toEqual({ text: '我们已关注到……' });
  });

  it('gives the Standard Webhooks body the event type, time and statement id', () => {
    expect(webhookPayload('standard', statement!, rendered)).toMatchObject({
      type: 'statement.published',
      timestamp: '2026-03-02T03:00:00.000Z',
      data: {
        statementId: 's-1',
        crisisId: 'k-1',
        text: '我们已关注到……',
        eventId: 'k-1:9:statement.published',
      },
    });
  });
});

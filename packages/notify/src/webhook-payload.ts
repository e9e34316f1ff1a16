import type { RenderedNotification } from './notification-templates.js';
import type { NotificationEvent, WebhookFormat } from './notification-types.js';

/**
 * The JSON body a webhook endpoint receives. `standard` follows the Standard Webhooks payload shape
 * (`type`, `timestamp`, `data`); the chat formats are the incoming-webhook bodies of WeCom, DingTalk, Feishu
 * and Slack, carrying the rendered text. The same Standard Webhooks headers sign every format.
 */
export function webhookPayload(
  format: WebhookFormat,
  event: NotificationEvent,
  rendered: RenderedNotification,
): Record<string, unknown> {
  const content =
    event.type === 'statement.published'
      ? (event.text ?? rendered.text)
      : `${rendered.subject}\n${rendered.text}`;
  switch (format) {
    case 'wecom':
    case 'dingtalk':
      return { msgtype: 'text', text: { content } };
    case 'feishu':
      return { msg_type: 'text', content: { text: content } };
    case 'slack':
      return { text: content };
    default:
      return {
        type: event.type,
        timestamp: event.at,
        data: {
          eventId: event.id,
          workflowId: event.workflowId,
          team: event.team ?? null,
          role: event.role ?? null,
          complaintId: event.complaintId ?? null,
          escalationId: event.escalationId ?? null,
          crisisId: event.crisisId ?? null,
          statementId: event.statementId ?? null,
          subject: rendered.subject,
          text: event.type === 'statement.published' ? (event.text ?? rendered.text) : rendered.text,
          facts: event.facts,
        },
      };
  }
}

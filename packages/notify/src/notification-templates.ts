import type { Locale, NotificationEvent, NotificationEventType } from './notification-types.js';

/** A notification as people read it: one subject line and a plain-text body. */
export interface RenderedNotification {
  subject: string;
  text: string;
}

type Facts = NotificationEvent['facts'];
type Template = (event: NotificationEvent, facts: Facts) => { subject: string; lines: string[] };

const reference = (event: NotificationEvent) =>
  event.complaintId ?? event.escalationId ?? event.crisisId ?? event.workflowId;

const templates: Record<Locale, Record<NotificationEventType, Template>> = {
  'zh-CN': {
    'deadline.breached': (event, facts) => ({
      subject: `【超时】投诉 ${reference(event)} 的 ${facts.deadline ?? ''} 时限已过`,
      lines: [`截止时间：${facts.dueAt ?? '—'}`, facts.summary ? `摘要：${facts.summary}` : ''],
    }),
    'escalation.raised': (event, facts) => ({
      subject: `【升级】${event.escalationId ?? reference(event)} 已升级至 ${facts.level ?? event.role ?? ''}`,
      lines: [
        facts.reason ? `原因：${facts.reason}` : '',
        facts.priority ? `优先级：${facts.priority}` : '',
        facts.summary ? `摘要：${facts.summary}` : '',
        '请尽快确认。',
      ],
    }),
    'escalation.unacknowledged': (event, facts) => ({
      subject: `【未确认】升级 ${event.escalationId ?? reference(event)} 在 ${facts.level ?? ''} 级无人确认`,
      lines: [`已轮转 ${facts.rounds ?? '1'} 轮。`, facts.summary ? `摘要：${facts.summary}` : ''],
    }),
    'crisis.levelChanged': (event, facts) => ({
      subject: `【危机】${event.crisisId ?? ''} 预警级别 ${facts.from ?? ''} → ${facts.to ?? ''}（${facts.colour ?? ''}）`,
      lines: [facts.title ? `事件：${facts.title}` : '', facts.reason ? `原因：${facts.reason}` : ''],
    }),
    'statement.published': (event) => ({
      subject: `【声明】危机 ${event.crisisId ?? ''} 发布声明 ${event.statementId ?? ''}`,
      lines: [event.text ?? ''],
    }),
    'warning.raised': (event, facts) => ({
      subject: `【预警】危机 ${event.crisisId ?? ''}：${facts.warning === 'statementOverdue' ? '声明更新逾期' : '需要增援'}`,
      lines: [facts.dueAt ? `截止时间：${facts.dueAt}` : '', facts.target ? `目标人数：${facts.target}` : ''],
    }),
    'callback.due': (event, facts) => ({
      subject: `【回访】投诉 ${reference(event)} 的回访已到期`,
      lines: [`约定时间：${facts.dueAt ?? '—'}`],
    }),
  },
  en: {
    'deadline.breached': (event, facts) => ({
      subject: `[Breach] Complaint ${reference(event)} missed its ${facts.deadline ?? ''} deadline`,
      lines: [`Due: ${facts.dueAt ?? '—'}`, facts.summary ? `Summary: ${facts.summary}` : ''],
    }),
    'escalation.raised': (event, facts) => ({
      subject: `[Escalation] ${event.escalationId ?? reference(event)} reached ${facts.level ?? event.role ?? ''}`,
      lines: [
        facts.reason ? `Reason: ${facts.reason}` : '',
        facts.priority ? `Priority: ${facts.priority}` : '',
        facts.summary ? `Summary: ${facts.summary}` : '',
        'Please acknowledge.',
      ],
    }),
    'escalation.unacknowledged': (event, facts) => ({
      subject: `[Unacknowledged] Escalation ${event.escalationId ?? reference(event)} at ${facts.level ?? ''}`,
      lines: [`Rounds: ${facts.rounds ?? '1'}.`, facts.summary ? `Summary: ${facts.summary}` : ''],
    }),
    'crisis.levelChanged': (event, facts) => ({
      subject: `[Crisis] ${event.crisisId ?? ''} level ${facts.from ?? ''} → ${facts.to ?? ''} (${facts.colour ?? ''})`,
      lines: [facts.title ? `Crisis: ${facts.title}` : '', facts.reason ? `Reason: ${facts.reason}` : ''],
    }),
    'statement.published': (event) => ({
      subject: `[Statement] Crisis ${event.crisisId ?? ''} published statement ${event.statementId ?? ''}`,
      lines: [event.text ?? ''],
    }),
    'warning.raised': (event, facts) => ({
      subject: `[Warning] Crisis ${event.crisisId ?? ''}: ${facts.warning === 'statementOverdue' ? 'statement update overdue' : 'surge requested'}`,
      lines: [facts.dueAt ? `Due: ${facts.dueAt}` : '', facts.target ? `Target: ${facts.target}` : ''],
    }),
    'callback.due': (event, facts) => ({
      subject: `[Call-back] Complaint ${reference(event)} is due for its call-back`,
      lines: [`Agreed time: ${facts.dueAt ?? '—'}`],
    }),
  },
};

/**
 * The subject and body of a notification in a locale. A published statement's body is its approved text,
 * unchanged, so every channel carries the same words. `acknowledgeUrl` adds the signed acknowledgement link.
 */
export function renderNotification(
  event: NotificationEvent,
  locale: Locale,
  options: { acknowledgeUrl?: string | undefined } = {},
): RenderedNotification {
  const { subject, lines } = templates[locale][event.type](event, event.facts);
  const body = lines.filter((line) => line !== '');
  if (options.acknowledgeUrl)
    body.push(`${locale === 'zh-CN' ? '确认链接' : 'Acknowledge'}: ${options.acknowledgeUrl}`);
  return { subject, text: body.join('\n') };
}

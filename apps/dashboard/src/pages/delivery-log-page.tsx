import { useQuery } from 'urql';
import { ErrorNote } from '../components/error-note.js';
import { graphql } from '../graphql.js';
import { useLanguage } from '../i18n.js';
import { Link } from '../router.js';

export interface DeliveryAttempt {
  at: string | null;
  attempt: number | null;
  status: string;
  responseCode: number | null;
  latencyMs: number;
  error: string | null;
}

export interface NotificationMessage {
  id: string;
  channel: string;
  target: string;
  status: string;
  subject: string;
  eventType: string;
  eventId: string;
  eventAt: string;
  deliveredAt: string | null;
  lastError: string | null;
  deliveryAttempts: DeliveryAttempt[];
}

export const messageFields =
  'id channel target status subject eventType eventId eventAt deliveredAt lastError deliveryAttempts { at attempt status responseCode latencyMs error }';

const byEvent = graphql(
  `query Dashboard_deliveryLog($eventId: String) { notificationMessages(eventId: $eventId, first: 200) { id channel target status subject eventType eventId eventAt deliveredAt lastError deliveryAttempts { at attempt status responseCode latencyMs error } } }`,
);

/** Who was told about one event (or the latest messages), on which channel, and every attempt: "was the director told?". */
export function DeliveryLogPage({ eventId }: { eventId: string | undefined }) {
  const { t } = useLanguage();
  return (
    <section className="page delivery-log-page">
      <h1>{t('deliveryLogTitle')}</h1>
      <DeliveryLog eventId={eventId} />
    </section>
  );
}

function DeliveryLog({ eventId }: { eventId: string | undefined }) {
  const { t } = useLanguage();
  const [result] = useQuery({ query: byEvent, variables: { eventId: eventId ?? null } });
  const messages = (result.data as { notificationMessages: NotificationMessage[] } | undefined)
    ?.notificationMessages;
  if (result.error) return <ErrorNote error={result.error} />;
  if (!messages) return <p>{t('loading')}</p>;
  if (eventId === undefined) {
    const events = [...new Map(messages.map((message) => [message.eventId, message])).values()];
    return (
      <ul data-testid="delivery-events">
        {events.map((message) => (
          <li key={message.eventId}>
            <Link to={`/notifications/${encodeURIComponent(message.eventId)}`}>{message.subject}</Link>{' '}
            <small translate="no">{message.eventType}</small>
          </li>
        ))}
      </ul>
    );
  }
  return (
    <>
      <p className="hint">{messages[0]?.subject}</p>
      <MessageTable messages={messages} />
    </>
  );
}

/** One row per message (recipient × channel) with its status and attempts. */
export function MessageTable({ messages }: { messages: NotificationMessage[] }) {
  const { t, formatDateTime } = useLanguage();
  if (messages.length === 0) return <p className="empty">{t('none')}</p>;
  return (
    <table data-testid="delivery-log">
      <thead>
        <tr>
          <th>{t('deliveryRecipient')}</th>
          <th>{t('deliveryChannel')}</th>
          <th>{t('deliveryStatus')}</th>
          <th>{t('deliveryDeliveredAt')}</th>
          <th>{t('deliveryAttempts')}</th>
        </tr>
      </thead>
      <tbody>
        {messages.map((message) => (
          <tr key={message.id} data-testid="delivery-row" data-status={message.status}>
            <td translate="no">{message.target}</td>
            <td>{message.channel}</td>
            <td>
              <span className={`badge status-${message.status}`}>
                {t(`deliveryStatus_${message.status}` as 'deliveryStatus_delivered')}
              </span>
              {message.lastError ? <small> · {message.lastError}</small> : null}
            </td>
            <td>{message.deliveredAt ? formatDateTime(message.deliveredAt) : '—'}</td>
            <td>
              <ol className="attempts">
                {message.deliveryAttempts.map((attempt, index) => (
                  <li key={`${message.id}-${attempt.at ?? index}`}>
                    {attempt.at ? formatDateTime(attempt.at) : ''} · {attempt.status}
                    {attempt.responseCode !== null ? ` · ${attempt.responseCode}` : ''} ·{' '}
                    {Math.round(attempt.latencyMs)} ms{attempt.error ? ` · ${attempt.error}` : ''}
                  </li>
                ))}
              </ol>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

import { useEffect, useState } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import { useApp } from '../app-context.js';
import { ErrorNote } from '../components/error-note.js';
import { graphql } from '../graphql.js';
import { useLanguage } from '../i18n.js';
import { Link } from '../router.js';

interface InboxNotification {
  id: string;
  subject: string;
  text: string;
  eventType: string;
  eventId: string;
  createdAt: string;
  readAt: string | null;
}

const inboxQuery = graphql(
  `query Dashboard_inbox { notificationInbox(first: 50) { id subject text eventType eventId createdAt readAt } }`,
);
const receivedSubscription = graphql(
  `subscription Dashboard_notificationReceived { notificationReceived { id subject text eventType eventId createdAt readAt } }`,
);
const markRead = graphql(
  `mutation Dashboard_markNotificationsRead($ids: [ID!]!) { markNotificationsRead(ids: $ids) }`,
);

/** The caller's in-app notifications, newest first; new ones arrive live over the SSE subscription. */
export function InboxPage() {
  const { t } = useLanguage();
  return (
    <section className="page inbox-page">
      <h1>{t('inboxTitle')}</h1>
      <Inbox />
    </section>
  );
}

function Inbox() {
  const { session } = useApp();
  const { t, formatDateTime } = useLanguage();
  const [result, reexecute] = useQuery({ query: inboxQuery });
  const [live, setLive] = useState<InboxNotification[]>([]);
  const [received] = useSubscription<{ notificationReceived: InboxNotification }>({
    query: receivedSubscription,
  });
  useEffect(() => {
    const item = received.data?.notificationReceived;
    if (item) setLive((items) => (items.some((known) => known.id === item.id) ? items : [item, ...items]));
  }, [received.data]);
  const [, mark] = useMutation(markRead);
  const stored =
    (result.data as { notificationInbox: InboxNotification[] } | undefined)?.notificationInbox ?? [];
  const items = [...live.filter((item) => !stored.some((known) => known.id === item.id)), ...stored];
  const unread = items.filter((item) => !item.readAt);
  const seesLog = session.role === 'manager' || session.role === 'director';
  const read = async (ids: string[]) => {
    await mark({ ids });
    setLive((items) =>
      items.map((item) => (ids.includes(item.id) ? { ...item, readAt: new Date().toISOString() } : item)),
    );
    reexecute({ requestPolicy: 'network-only' });
  };
  return (
    <>
      <p className="hint" data-testid="inbox-live">
        {received.error ? t('liveReconnecting') : t('liveSse')} · {t('inboxUnread', { count: unread.length })}
      </p>
      {result.error ? <ErrorNote error={result.error} /> : null}
      {unread.length > 0 ? (
        <button type="button" onClick={() => read(unread.map((item) => item.id))}>
          {t('inboxMarkAllRead')}
        </button>
      ) : null}
      {items.length === 0 && !result.fetching ? <p className="empty">{t('none')}</p> : null}
      <ul className="inbox" data-testid="inbox">
        {items.map((item) => (
          <li
            key={item.id}
            data-testid="inbox-item"
            data-read={item.readAt ? 'true' : 'false'}
            className={item.readAt ? 'inbox-item read' : 'inbox-item unread'}
          >
            <strong>{item.subject}</strong>{' '}
            <time dateTime={item.createdAt}>{formatDateTime(item.createdAt)}</time>
            <p>{item.text}</p>
            {!item.readAt ? (
              <button type="button" className="link" onClick={() => read([item.id])}>
                {t('inboxMarkRead')}
              </button>
            ) : null}
            {seesLog ? (
              <>
                {' '}
                <Link to={`/notifications/${encodeURIComponent(item.eventId)}`}>{t('deliveryLogLink')}</Link>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Provider } from 'urql';
import { createApiClient, graphqlEndpoint } from './api-client.js';
import { AppContext } from './app-context.js';
import { ErrorNote } from './components/not-in-api.js';
import { useLanguage } from './i18n.js';
import { ComplaintPage } from './pages/complaint-page.js';
import { DeliveryLogPage } from './pages/delivery-log-page.js';
import { EscalationsPage } from './pages/escalations-page.js';
import { InboxPage } from './pages/inbox-page.js';
import { MetricsPage } from './pages/metrics-page.js';
import { QueuePage } from './pages/queue-page.js';
import { RosterPage } from './pages/roster-page.js';
import { SignInPage } from './pages/sign-in-page.js';
import { TrainingPage } from './pages/training-page.js';
import { Link, usePath } from './router.js';
import { fetchCapabilities, type SchemaCapabilities } from './schema-capabilities.js';
import { authHeaders, loadSession, type Session, saveSession } from './session.js';

export function App() {
  const { t, language, setLanguage } = useLanguage();
  const [session, setSession] = useState<Session | undefined>(loadSession);
  const sessionRef = useRef(session);
  sessionRef.current = session;
  const [capabilities, setCapabilities] = useState<SchemaCapabilities>();
  const [error, setError] = useState<Error>();
  const path = usePath();

  // A new client per session, so no cached data leaks from one role to the next.
  const client = useMemo(() => (session ? createApiClient(() => sessionRef.current) : undefined), [session]);

  const load = useCallback(() => {
    if (!session) return;
    setError(undefined);
    fetchCapabilities(graphqlEndpoint, authHeaders(session)).then(setCapabilities, setError);
  }, [session]);
  useEffect(load, [load]);

  const signIn = (next: Session | undefined) => {
    saveSession(next);
    setCapabilities(undefined);
    setSession(next);
  };

  const nav = [
    { to: '/', label: t('navQueue'), active: path === '/' || path.startsWith('/complaints') },
    { to: '/escalations', label: t('navEscalations'), active: path.startsWith('/escalations') },
    { to: '/metrics', label: t('navMetrics'), active: path.startsWith('/metrics') },
    { to: '/training', label: t('navTraining'), active: path.startsWith('/training') },
    { to: '/roster', label: t('navRoster'), active: path.startsWith('/roster') },
    {
      to: '/inbox',
      label: t('navInbox'),
      active: path.startsWith('/inbox') || path.startsWith('/notifications'),
    },
  ];

  let page: React.ReactNode;
  if (!session) page = <SignInPage onSignIn={signIn} />;
  else if (error)
    page = (
      <>
        <ErrorNote error={error} />
        <button type="button" onClick={load}>
          {t('retry')}
        </button>
      </>
    );
  else if (!capabilities || !client) page = <p>{t('loading')}</p>;
  else {
    const complaintMatch = /^\/complaints\/([^/]+)/.exec(path);
    const deliveryMatch = /^\/notifications\/([^/]+)/.exec(path);
    const content = complaintMatch ? (
      <ComplaintPage id={decodeURIComponent(complaintMatch[1]!)} />
    ) : path.startsWith('/escalations') ? (
      <EscalationsPage />
    ) : path.startsWith('/metrics') ? (
      <MetricsPage />
    ) : path.startsWith('/training') ? (
      <TrainingPage />
    ) : path.startsWith('/roster') ? (
      <RosterPage />
    ) : path.startsWith('/inbox') ? (
      <InboxPage />
    ) : path.startsWith('/notifications') ? (
      <DeliveryLogPage eventId={deliveryMatch ? decodeURIComponent(deliveryMatch[1]!) : undefined} />
    ) : (
      <QueuePage />
    );
    page = (
      <Provider value={client}>
        <AppContext.Provider value={{ session, capabilities }}>{content}</AppContext.Provider>
      </Provider>
    );
  }

  return (
    <div className="app" data-ready={capabilities ? 'true' : 'false'}>
      <header className="topbar">
        <span className="brand">{t('appTitle')}</span>
        {session ? (
          <nav>
            {nav.map((item) => (
              <Link key={item.to} to={item.to} className={item.active ? 'active' : ''}>
                {item.label}
              </Link>
            ))}
          </nav>
        ) : null}
        <span className="spacer" />
        <button
          type="button"
          className="link"
          data-testid="language-toggle"
          onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')}
          lang={language === 'zh' ? 'en' : 'zh-CN'}
          translate="no"
        >
          {t('language')}
        </button>
        {session ? (
          <span className="who" data-testid="signed-in-as">
            {t('signedInAs')} <strong translate="no">{session.userId}</strong> · {t(`role_${session.role}`)}{' '}
            <small>({t('tokenBearer')})</small>{' '}
            <button type="button" className="link" onClick={() => signIn(undefined)}>
              {t('signOut')}
            </button>
          </span>
        ) : null}
      </header>
      <main>{page}</main>
    </div>
  );
}

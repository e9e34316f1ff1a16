import { useMemo, useRef, useState } from 'react';
import { Provider } from 'urql';
import { createApiClient } from './api-client.js';
import { AppContext } from './app-context.js';
import { useLanguage } from './i18n.js';
import { AuthoringPage } from './pages/authoring-page.js';
import { ComplaintPage } from './pages/complaint-page.js';
import { CustomerPage } from './pages/customer-page.js';
import { DeliveryLogPage } from './pages/delivery-log-page.js';
import { EscalationsPage } from './pages/escalations-page.js';
import { InboxPage } from './pages/inbox-page.js';
import { MetricsPage } from './pages/metrics-page.js';
import { isQualityPath, qualityPageFor } from './pages/quality-routes.js';
import { QueuePage } from './pages/queue-page.js';
import { QuizAttemptPage } from './pages/quiz-attempt-page.js';
import { QuizzesPage } from './pages/quizzes-page.js';
import { RevisitsPage } from './pages/revisits-page.js';
import { RosterPage } from './pages/roster-page.js';
import { SignInPage } from './pages/sign-in-page.js';
import { TrainingPage } from './pages/training-page.js';
import { WarningsPage } from './pages/warnings-page.js';
import { Link, usePath } from './router.js';
import { loadSession, type Session, saveSession } from './session.js';

export function App() {
  const { t, language, setLanguage } = useLanguage();
  const [session, setSession] = useState<Session | undefined>(loadSession);
  const sessionRef = useRef(session);
  sessionRef.current = session;
  const path = usePath();

  // A new client per session, so no cached data leaks from one role to the next.
  const client = useMemo(() => (session ? createApiClient(() => sessionRef.current) : undefined), [session]);

  const signIn = (next: Session | undefined) => {
    saveSession(next);
    setSession(next);
  };

  const nav = [
    { to: '/', label: t('navQueue'), active: path === '/' || path.startsWith('/complaints') },
    { to: '/escalations', label: t('navEscalations'), active: path.startsWith('/escalations') },
    { to: '/metrics', label: t('navMetrics'), active: path.startsWith('/metrics') },
    { to: '/training', label: t('navTraining'), active: path.startsWith('/training') },
    { to: '/quizzes', label: t('navQuizzes'), active: path.startsWith('/quizzes') },
    ...(session?.role === 'trainer'
      ? [{ to: '/authoring', label: t('navAuthoring'), active: path.startsWith('/authoring') }]
      : []),
    { to: '/reviews', label: t('navQuality'), active: isQualityPath(path) },
    { to: '/revisits', label: t('navRevisits'), active: path.startsWith('/revisits') },
    { to: '/warnings', label: t('navWarnings'), active: path.startsWith('/warnings') },
    { to: '/roster', label: t('navRoster'), active: path.startsWith('/roster') },
    {
      to: '/inbox',
      label: t('navInbox'),
      active: path.startsWith('/inbox') || path.startsWith('/notifications'),
    },
  ];

  let page: React.ReactNode;
  if (!session || !client) page = <SignInPage onSignIn={signIn} />;
  else {
    const complaintMatch = /^\/complaints\/([^/]+)/.exec(path);
    const deliveryMatch = /^\/notifications\/([^/]+)/.exec(path);
    const customerMatch = /^\/customers\/([^/]+)/.exec(path);
    const qualityPage = qualityPageFor(path);
    const attemptMatch = /^\/quizzes\/([^/]+)\/attempts\/([^/]+)/.exec(path);
    const content = customerMatch ? (
      <CustomerPage id={decodeURIComponent(customerMatch[1]!)} />
    ) : attemptMatch ? (
      <QuizAttemptPage
        quizId={decodeURIComponent(attemptMatch[1]!)}
        attemptId={decodeURIComponent(attemptMatch[2]!)}
      />
    ) : path.startsWith('/quizzes') ? (
      <QuizzesPage />
    ) : path.startsWith('/authoring') ? (
      <AuthoringPage />
    ) : complaintMatch ? (
      <ComplaintPage id={decodeURIComponent(complaintMatch[1]!)} />
    ) : path.startsWith('/escalations') ? (
      <EscalationsPage />
    ) : path.startsWith('/metrics') ? (
      <MetricsPage />
    ) : path.startsWith('/training') ? (
      <TrainingPage />
    ) : path.startsWith('/revisits') ? (
      <RevisitsPage />
    ) : path.startsWith('/warnings') ? (
      <WarningsPage />
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
        <AppContext.Provider value={{ session }}>{qualityPage ?? content}</AppContext.Provider>
      </Provider>
    );
  }

  return (
    <div className="app" data-ready={session ? 'true' : 'false'}>
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

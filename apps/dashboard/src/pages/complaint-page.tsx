import { useMemo } from 'react';
import { useQuery } from 'urql';
import type { AvailableAction } from '../action-mutations.js';
import { useApp } from '../app-context.js';
import { ActionButtons } from '../components/action-buttons.js';
import { Countdown } from '../components/countdown.js';
import { ErrorNote, NotInApi } from '../components/not-in-api.js';
import { useNow } from '../components/use-now.js';
import { useLanguage } from '../i18n.js';
import { useLiveUpdates } from '../live-updates.js';
import { Link } from '../router.js';

interface TimelineEntry {
  seq: number;
  type: string;
  at: string;
  by?: { userId: string; role: string } | null;
  fromState?: string | null;
  toState?: string;
  payload?: unknown;
}

interface DeadlineView {
  name: string;
  dueAt: string;
  startedAt?: string;
  event?: string;
  explain?: unknown;
  explanation?: unknown;
}

interface ComplaintDetail {
  id: string;
  state: string;
  summary?: string;
  category?: string;
  channel?: string;
  priority?: string;
  team?: string | null;
  customer?: Record<string, unknown>;
  openedAt?: string;
  report?: Record<string, unknown> | null;
  deadlines?: DeadlineView[];
  breaches?: Array<{ deadline: string; dueAt: string; at: string }>;
  history?: TimelineEntry[];
  timeline?: TimelineEntry[];
  availableActions?: AvailableAction[];
  clocks?: Array<{
    name: string;
    status?: string;
    summary?: string;
    dueAt?: string | null;
    overdue?: boolean;
  }>;
}

const detailFields = [
  'id',
  'state',
  'summary',
  'category',
  'channel',
  'priority',
  'team',
  'assignee',
  'customer',
  'openedAt',
  'report',
  'deadlines',
  'breaches',
  'history',
  'timeline',
  'availableActions',
  'clocks',
  'version',
];

export function ComplaintPage({ id }: { id: string }) {
  const { capabilities, session } = useApp();
  const { t } = useLanguage();
  const now = useNow();
  const document = useMemo(
    () =>
      `query DashboardComplaint($id: ID!) { complaint(id: $id) { ${capabilities.selection('Complaint', detailFields, 2)} } }`,
    [capabilities],
  );
  const [result, reexecute] = useQuery({
    query: document,
    variables: { id },
    pause: !capabilities.query('complaint'),
  });
  useLiveUpdates(capabilities, () => reexecute({ requestPolicy: 'network-only' }));

  if (!capabilities.query('complaint')) return <NotInApi missing={['Query.complaint']} />;
  const complaint = (result.data as { complaint?: ComplaintDetail | null } | undefined)?.complaint;
  const timeline = complaint?.history ?? complaint?.timeline ?? [];
  const hasActions = capabilities.hasField('Complaint', 'availableActions');
  const hasExplanation =
    capabilities.hasField('Deadline', 'explain') ||
    capabilities.hasField('Deadline', 'explanation') ||
    capabilities.hasField('Complaint', 'clocks');

  return (
    <section className="page complaint-page">
      <p>
        <Link to="/">← {t('back')}</Link>
      </p>
      {result.error ? <ErrorNote error={result.error} /> : null}
      {result.fetching && !complaint ? <p>{t('loading')}</p> : null}
      {!result.fetching && result.data && !complaint ? <p>{t('notFound')}</p> : null}
      {complaint ? (
        <>
          <header className="page-header">
            <h1>
              {t('detailTitle')} <code>{complaint.id}</code>
            </h1>
            <span className="state big" data-testid="complaint-state">
              {complaint.state}
            </span>
          </header>
          <div className="columns">
            <div className="panel">
              <dl className="facts">
                <dt>{t('customer')}</dt>
                <dd>
                  {String(complaint.customer?.name ?? '')}{' '}
                  {complaint.customer?.phone ? `· ${String(complaint.customer.phone)}` : ''}{' '}
                  {complaint.customer?.grade ? (
                    <span className="badge">{String(complaint.customer.grade)}</span>
                  ) : null}
                </dd>
                <dt>{t('summary')}</dt>
                <dd>{complaint.summary}</dd>
                <dt>{t('category')}</dt>
                <dd>{complaint.category}</dd>
                <dt>{t('channel')}</dt>
                <dd>{complaint.channel}</dd>
                <dt>{t('priority')}</dt>
                <dd>{complaint.priority}</dd>
                <dt>{t('team')}</dt>
                <dd>{complaint.team ?? '—'}</dd>
                {complaint.report ? (
                  <>
                    <dt>{t('report')}</dt>
                    <dd>
                      {Object.entries(complaint.report)
                        .filter(([key]) => key !== '__typename')
                        .map(([key, value]) => (
                          <div key={key}>
                            <em>{key}</em>: {String(value ?? '')}
                          </div>
                        ))}
                    </dd>
                  </>
                ) : null}
              </dl>
            </div>

            <div className="panel" data-testid="actions">
              <h2>{t('actions')}</h2>
              {!hasActions ? <NotInApi missing={['Complaint.availableActions']} /> : null}
              {hasActions && (complaint.availableActions ?? []).length === 0 ? (
                <p className="hint" data-testid="no-actions">
                  {t('noActions')} ({t(`role_${session.role}`)})
                </p>
              ) : null}
              <ActionButtons
                actions={complaint.availableActions ?? []}
                workflowId={complaint.id}
                onDone={() => reexecute({ requestPolicy: 'network-only' })}
              />
            </div>
          </div>

          <div className="panel">
            <h2>{t('deadlines')}</h2>
            {(complaint.deadlines ?? []).length === 0 ? <p className="empty">{t('none')}</p> : null}
            <ul className="deadlines" data-testid="deadlines">
              {(complaint.deadlines ?? []).map((deadline) => (
                <li key={deadline.name}>
                  <Countdown dueAt={deadline.dueAt} now={now} name={deadline.name} />{' '}
                  <span className="hint">
                    {new Date(deadline.dueAt).toLocaleString()}
                    {deadline.startedAt
                      ? ` · ${t('startedAt')} ${new Date(deadline.startedAt).toLocaleString()}`
                      : ''}
                    {deadline.event ? ` · ${t('deadlineEvent')} ${deadline.event}` : ''}
                  </span>
                  <Explanation value={deadline.explain ?? deadline.explanation} />
                </li>
              ))}
            </ul>
            {!hasExplanation ? <p className="hint">{t('noExplanation')}</p> : null}
            {(complaint.clocks ?? []).length > 0 ? (
              <>
                <h3>{t('explanation')}</h3>
                <ul className="deadlines" data-testid="clocks">
                  {complaint.clocks?.map((clock) => (
                    <li key={clock.name} className={clock.overdue ? 'breached' : ''}>
                      <strong>{clock.name}</strong> <span className="state">{clock.status}</span>{' '}
                      {clock.dueAt ? <Countdown dueAt={clock.dueAt} now={now} /> : null}
                      {clock.summary ? <div className="explanation">{clock.summary}</div> : null}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            {(complaint.breaches ?? []).length > 0 ? (
              <>
                <h3>{t('breaches')}</h3>
                <ul>
                  {complaint.breaches?.map((breach) => (
                    <li key={`${breach.deadline}-${breach.at}`} className="breached">
                      <span className="badge breached">{t('breached')}</span> {breach.deadline}:{' '}
                      {new Date(breach.dueAt).toLocaleString()} → {new Date(breach.at).toLocaleString()}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </div>

          <div className="panel">
            <h2>{t('timeline')}</h2>
            <ol className="timeline" data-testid="timeline">
              {timeline.map((entry) => (
                <li key={entry.seq} data-testid="timeline-entry" data-type={entry.type}>
                  <time dateTime={entry.at}>{new Date(entry.at).toLocaleString()}</time>{' '}
                  <strong>{entry.type}</strong>{' '}
                  {entry.by ? (
                    <span>
                      {t('by')} {entry.by.userId} ({t(`role_${entry.by.role}` as never) ?? entry.by.role})
                    </span>
                  ) : null}{' '}
                  <span className="hint">
                    {entry.fromState ? `${entry.fromState} → ` : ''}
                    {entry.toState}
                  </span>
                  <Payload value={entry.payload} />
                </li>
              ))}
            </ol>
          </div>
        </>
      ) : null}
    </section>
  );
}

function Explanation({ value }: { value: unknown }) {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return <div className="explanation">{value}</div>;
  const entries = Object.entries(value as Record<string, unknown>).filter(([key]) => key !== '__typename');
  return (
    <div className="explanation">
      {entries.map(([key, inner]) => (
        <div key={key}>
          <em>{key}</em>: {typeof inner === 'object' ? JSON.stringify(inner) : String(inner)}
        </div>
      ))}
    </div>
  );
}

function Payload({ value }: { value: unknown }) {
  if (!value || typeof value !== 'object' || Object.keys(value).length === 0) return null;
  return (
    <details className="payload">
      <summary>{Object.keys(value).join(', ')}</summary>
      <pre>{JSON.stringify(value, null, 2)}</pre>
    </details>
  );
}

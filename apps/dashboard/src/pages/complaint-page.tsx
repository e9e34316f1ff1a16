import { useMemo } from 'react';
import { useQuery } from 'urql';
import type { AvailableAction } from '../action-mutations.js';
import { useApp } from '../app-context.js';
import { ActionButtons } from '../components/action-buttons.js';
import { Countdown } from '../components/countdown.js';
import { ErrorNote, NotInApi } from '../components/not-in-api.js';
import { useNow } from '../components/use-now.js';
import { categoryKey } from '../domain-messages.js';
import { useLanguage } from '../i18n.js';
import { useLiveUpdates } from '../live-updates.js';
import { procedureStep } from '../procedure.js';
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
  customerId?: string | null;
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
    remainingSeconds?: number;
    breachedAt?: string | null;
  }>;
  assignee?: string | null;
  analysis?: {
    cause?: string;
    classification?: string;
    proposedPlan?: string;
    severity?: string;
  } | null;
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
  'customerId',
  'openedAt',
  'report',
  'deadlines',
  'breaches',
  'history',
  'timeline',
  'availableActions',
  'clocks',
  'analysis',
  'version',
];

export function ComplaintPage({ id }: { id: string }) {
  const { capabilities, session } = useApp();
  const { t, label, formatDateTime, formatDuration, language } = useLanguage();
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
  const step = complaint ? procedureStep(complaint.state) : undefined;
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
              {t('detailTitle')}{' '}
              <code className="complaint-id" translate="no">
                {complaint.id.slice(0, 8)}
              </code>
            </h1>
            <span className="state big" data-testid="complaint-state" data-state={complaint.state}>
              {label('state', complaint.state)}
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
                    <span className="badge">{label('grade', String(complaint.customer.grade))}</span>
                  ) : null}{' '}
                  {complaint.customerId ? (
                    <Link to={`/customers/${encodeURIComponent(complaint.customerId)}`}>
                      {t('customerOpenRecord')}
                    </Link>
                  ) : null}
                </dd>
                <dt>{t('summary')}</dt>
                <dd>{complaint.summary}</dd>
                <dt>{t('category')}</dt>
                <dd>{label('category', complaint.category ? categoryKey(complaint.category) : undefined)}</dd>
                <dt>{t('channel')}</dt>
                <dd>{label('channel', complaint.channel)}</dd>
                <dt>{t('priority')}</dt>
                <dd>{label('priority', complaint.priority)}</dd>
                <dt>{t('team')}</dt>
                <dd translate="no">{complaint.team ?? '—'}</dd>
                {complaint.report ? (
                  <>
                    <dt>{t('report')}</dt>
                    <dd>
                      {Object.entries(complaint.report)
                        .filter(([key]) => key !== '__typename')
                        .map(([key, value]) => (
                          <div key={key}>
                            <em>{label('field', key)}</em>: {String(value ?? '')}
                          </div>
                        ))}
                    </dd>
                  </>
                ) : null}
                {complaint.analysis ? (
                  <>
                    <dt>{t('analysisTitle')}</dt>
                    <dd data-testid="analysis">
                      <div>
                        <em>{label('field', 'classification')}</em>:{' '}
                        {label('category', complaint.analysis.classification)} ·{' '}
                        {label('severity', complaint.analysis.severity)}
                      </div>
                      <div>
                        <em>{label('field', 'cause')}</em>: {complaint.analysis.cause}
                      </div>
                      <div>
                        <em>{label('field', 'proposedPlan')}</em>: {complaint.analysis.proposedPlan}
                      </div>
                    </dd>
                  </>
                ) : null}
              </dl>
            </div>

            <div className="panel" data-testid="actions">
              <h2>{t('currentStep')}</h2>
              <CurrentStep complaint={complaint} now={now} />
              {!hasActions ? <NotInApi missing={['Complaint.availableActions']} /> : null}
              {hasActions && (complaint.availableActions ?? []).length === 0 ? (
                <p className="hint" data-testid="no-actions">
                  {t('noActions')} ({label('role', session.role)})
                </p>
              ) : null}
              <ActionButtons
                actions={complaint.availableActions ?? []}
                workflowId={complaint.id}
                primaryEvent={step?.next}
                blockedReason={
                  step
                    ? step.owners.includes(session.role)
                      ? t('stepNotNow')
                      : t('stepForRoles', {
                          roles: step.owners.map((role) => label('role', role)).join(' / '),
                        })
                    : undefined
                }
                initialFor={(event): Record<string, string> =>
                  event === 'complaint.decide' && complaint.analysis?.proposedPlan
                    ? { 'decision.plan': complaint.analysis.proposedPlan }
                    : {}
                }
                contextFor={(event) =>
                  event === 'complaint.decide' && complaint.analysis?.proposedPlan ? (
                    <div className="proposed-plan" data-testid="proposed-plan">
                      <h4>{t('proposedPlan')}</h4>
                      <p>{complaint.analysis.proposedPlan}</p>
                      <p className="hint">
                        {label('field', 'cause')}: {complaint.analysis.cause}
                      </p>
                    </div>
                  ) : null
                }
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
                  <Countdown dueAt={deadline.dueAt} now={now} name={label('clock', deadline.name)} />{' '}
                  <span className="hint">
                    {formatDateTime(deadline.dueAt)}
                    {deadline.startedAt ? ` · ${t('startedAt')} ${formatDateTime(deadline.startedAt)}` : ''}
                  </span>
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
                      <strong>{label('clock', clock.name)}</strong>{' '}
                      <span className="state">{label('clockStatus', clock.status)}</span>{' '}
                      {clock.dueAt ? <Countdown dueAt={clock.dueAt} now={now} /> : null}
                      {clock.summary && language === 'en' ? (
                        <div className="explanation">{clock.summary}</div>
                      ) : null}
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
                      <span className="badge breached">{t('breached')}</span>{' '}
                      {label('clock', breach.deadline)}: {formatDateTime(breach.dueAt)} →{' '}
                      {formatDateTime(breach.at)} (
                      {formatDuration((Date.parse(breach.at) - Date.parse(breach.dueAt)) / 1000)})
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
                  <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>{' '}
                  <strong>{label('event', entry.type)}</strong>{' '}
                  {entry.by ? (
                    <span>
                      {t('by')} <span translate="no">{entry.by.userId}</span> ({label('role', entry.by.role)})
                    </span>
                  ) : null}{' '}
                  <span className="hint">
                    {entry.fromState ? `${label('state', entry.fromState)} → ` : ''}
                    {entry.toState ? label('state', entry.toState) : ''}
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

function Payload({ value }: { value: unknown }) {
  const { label } = useLanguage();
  if (!value || typeof value !== 'object' || Object.keys(value).length === 0) return null;
  return (
    <details className="payload">
      <summary>
        {Object.keys(value)
          .map((key) => label('field', key))
          .join(', ')}
      </summary>
      <pre>{JSON.stringify(value, null, 2)}</pre>
    </details>
  );
}

/** The step the complaint is at: its owner, its clock with time left or late, and who is assigned. */
function CurrentStep({ complaint, now }: { complaint: ComplaintDetail; now: number }) {
  const { t, label, formatDuration } = useLanguage();
  const step = procedureStep(complaint.state);
  if (!step) return <p className="hint">{t('procedureDone')}</p>;
  const clock = complaint.clocks?.find(
    (candidate) => candidate.name === step.clock && candidate.status !== 'stopped',
  );
  const dueMs = clock?.dueAt ? Date.parse(clock.dueAt) : undefined;
  const clockText = !clock
    ? '—'
    : clock.status === 'paused'
      ? t('clockPaused', { clock: label('clock', clock.name) })
      : dueMs !== undefined && dueMs < now
        ? t('lateBy', { clock: label('clock', clock.name), time: formatDuration((now - dueMs) / 1000) })
        : t('leftOf', {
            clock: label('clock', clock.name),
            time: formatDuration(dueMs !== undefined ? (dueMs - now) / 1000 : (clock.remainingSeconds ?? 0)),
          });
  return (
    <dl className="facts current-step" data-testid="current-step">
      <dt>{t('nextStep')}</dt>
      <dd>{label('event', step.next)}</dd>
      <dt>{t('stepOwner')}</dt>
      <dd>{step.owners.map((role) => label('role', role)).join(' / ')}</dd>
      <dt>{t('assignee')}</dt>
      <dd translate="no">{complaint.assignee ?? t('unassigned')}</dd>
      <dt>{t('stepClock')}</dt>
      <dd className={dueMs !== undefined && dueMs < now ? 'breached' : ''} data-testid="step-clock">
        {clockText}
      </dd>
    </dl>
  );
}

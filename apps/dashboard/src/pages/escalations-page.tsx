import { useMemo } from 'react';
import { useQuery } from 'urql';
import { useApp } from '../app-context.js';
import { ActionButtons } from '../components/action-buttons.js';
import { ApiPanel } from '../components/api-panel.js';
import { Countdown } from '../components/countdown.js';
import { ErrorNote, NotInApi } from '../components/not-in-api.js';
import { StatementReceipts } from '../components/statement-receipts.js';
import { useNow } from '../components/use-now.js';
import { useLanguage } from '../i18n.js';
import { useLiveUpdates } from '../live-updates.js';
import { Link } from '../router.js';
import { queryFieldsMatching } from './find-fields.js';

interface Actor {
  userId: string;
  role: string;
}
interface Deadline {
  name: string;
  dueAt: string;
}
interface Escalation {
  id: string;
  state: string;
  level?: string;
  levelRole?: string;
  round?: number;
  reason?: string;
  priority?: string;
  summary?: string | null;
  complaintId?: string | null;
  notified?: string[];
  deadlines?: Deadline[];
  policy?: { id: string; repeat?: number; levels?: Array<{ name: string; role: string }> };
  steps?: Array<{ at: string; level: string; cause: string; skipped?: string[]; by?: Actor }>;
  availableActions?: string[];
}
interface Crisis {
  id: string;
  title?: string;
  state: string;
  level?: string;
  colour?: string;
  category?: string | null;
  missingActions?: string[];
  roles?: { commander?: string | null; spokesperson?: string | null; scribe?: string | null };
  statements?: Array<{
    id: string;
    text: string;
    status: string;
    approvedBy?: Actor | null;
    publishedAt?: string | null;
  }>;
  complaintIds?: string[];
  deadlines?: Deadline[];
  levelHistory?: Array<{ at: string; from?: string | null; to: string; reason: string }>;
  availableActions?: string[];
}

const escalationFields = [
  'id',
  'state',
  'level',
  'levelRole',
  'round',
  'reason',
  'priority',
  'summary',
  'complaintId',
  'notified',
  'deadlines',
  'policy',
  'levels',
  'name',
  'role',
  'repeat',
  'steps',
  'availableActions',
];
const crisisFields = [
  'id',
  'title',
  'state',
  'level',
  'colour',
  'category',
  'missingActions',
  'roles',
  'statements',
  'complaintIds',
  'deadlines',
  'levelHistory',
  'availableActions',
];

const levelColour: Record<string, string> = { IV: 'blue', III: 'yellow', II: 'orange', I: 'red' };

/** Escalations (ladder position) and the crisis room (warning level, required actions, statements, linked complaints). */
export function EscalationsPage() {
  const { capabilities } = useApp();
  const { t } = useLanguage();
  const escalations = capabilities.query('escalations');
  const crises = capabilities.query('crises');
  // Other list queries that look related (e.g. a future `surgeProposals`) are shown as they come.
  const others = queryFieldsMatching(capabilities, /escalation|cris|surge/i, [
    'escalations',
    'crises',
  ]).filter((field) => !field.args.some((arg) => arg.type.kind === 'NON_NULL' && arg.defaultValue === null));
  return (
    <section className="page escalations-page">
      <h1>{t('escalationsTitle')}</h1>
      {escalations ? <EscalationList /> : <NotInApi missing={['Query.escalations']} />}
      <h1>{t('crisisTitle')}</h1>
      {crises ? <CrisisList /> : <NotInApi missing={['Query.crises']} />}
      {others.map((field) => (
        <ApiPanel
          key={field.name}
          field={field}
          view="cards"
          title={field.name === 'surgeProposals' ? t('surgeProposals') : undefined}
        />
      ))}
    </section>
  );
}

function useList<T>(queryName: string, typeName: string, wanted: string[]) {
  const { capabilities } = useApp();
  const document = useMemo(() => {
    const field = capabilities.query(queryName);
    const hasLimit = field?.args.some((arg) => arg.name === 'limit');
    return `query Dashboard_${queryName} { ${queryName}${hasLimit ? '(limit: 50)' : ''} { ${capabilities.selection(typeName, wanted, 2)} } }`;
  }, [capabilities, queryName, typeName, wanted]);
  const [result, reexecute] = useQuery({ query: document });
  useLiveUpdates(capabilities, () => reexecute({ requestPolicy: 'network-only' }));
  const items = ((result.data as Record<string, unknown> | undefined)?.[queryName] ?? []) as T[];
  return { result, items, refresh: () => reexecute({ requestPolicy: 'network-only' }) };
}

function EscalationList() {
  const { t, label, formatDateTime } = useLanguage();
  const now = useNow();
  const { result, items, refresh } = useList<Escalation>('escalations', 'Escalation', escalationFields);
  return (
    <>
      {result.error ? <ErrorNote error={result.error} /> : null}
      {result.fetching && items.length === 0 ? <p>{t('loading')}</p> : null}
      {!result.fetching && items.length === 0 && !result.error ? <p className="empty">{t('none')}</p> : null}
      <div className="cards">
        {items.map((escalation) => {
          const levels = escalation.policy?.levels ?? [];
          return (
            <div className="card" key={escalation.id} data-testid="escalation-card">
              <h3>
                {escalation.summary ?? escalation.reason}{' '}
                <span className="state">{label('state', escalation.state)}</span>
              </h3>
              <div className="ladder" data-testid="ladder">
                <span className="hint">{t('ladderPosition')}:</span>
                {(levels.length > 0
                  ? levels
                  : [{ name: escalation.level ?? '?', role: escalation.levelRole ?? '' }]
                ).map((level) => (
                  <span
                    key={level.name}
                    className={level.name === escalation.level ? 'rung current' : 'rung'}
                  >
                    {label('role', level.name)}
                    {level.role && level.role !== level.name ? (
                      <small> ({label('role', level.role)})</small>
                    ) : null}
                  </span>
                ))}
                {escalation.round !== undefined ? (
                  <small>
                    {' '}
                    · {label('field', 'round')} {escalation.round}
                    {escalation.policy?.repeat !== undefined ? `/${escalation.policy.repeat}` : ''}
                  </small>
                ) : null}
              </div>
              <dl className="facts">
                <dt>{t('priority')}</dt>
                <dd>{label('priority', escalation.priority)}</dd>
                <dt>{label('field', 'reason')}</dt>
                <dd>{escalation.reason}</dd>
                {escalation.notified?.length ? (
                  <>
                    <dt>{label('field', 'notified')}</dt>
                    <dd translate="no">{escalation.notified.join(', ')}</dd>
                  </>
                ) : null}
                {escalation.complaintId ? (
                  <>
                    <dt>{t('linkedComplaints')}</dt>
                    <dd>
                      <Link to={`/complaints/${encodeURIComponent(escalation.complaintId)}`}>
                        {escalation.complaintId}
                      </Link>
                    </dd>
                  </>
                ) : null}
                {(escalation.deadlines ?? []).map((deadline) => (
                  <div className="fact" key={deadline.name}>
                    <dt>{label('field', deadline.name)}</dt>
                    <dd>
                      <Countdown dueAt={deadline.dueAt} now={now} />
                    </dd>
                  </div>
                ))}
              </dl>
              {(escalation.steps ?? []).length > 0 ? (
                <ol className="timeline compact">
                  {escalation.steps?.map((step) => (
                    <li key={`${step.at}-${step.level}`}>
                      <time dateTime={step.at}>{formatDateTime(step.at)}</time>{' '}
                      <strong>{label('role', step.level)}</strong> <span className="hint">{step.cause}</span>
                      {step.skipped?.length ? (
                        <small>
                          {' '}
                          ({label('field', 'skipped')}{' '}
                          {step.skipped.map((role) => label('role', role)).join(', ')})
                        </small>
                      ) : null}
                    </li>
                  ))}
                </ol>
              ) : null}
              {escalation.availableActions ? (
                <ActionButtons
                  actions={escalation.availableActions}
                  workflowId={escalation.id}
                  onDone={refresh}
                />
              ) : null}
            </div>
          );
        })}
      </div>
    </>
  );
}

function CrisisList() {
  const { t, label } = useLanguage();
  const now = useNow();
  const { result, items, refresh } = useList<Crisis>('crises', 'Crisis', crisisFields);
  return (
    <>
      {result.error ? <ErrorNote error={result.error} /> : null}
      {result.fetching && items.length === 0 ? <p>{t('loading')}</p> : null}
      {!result.fetching && items.length === 0 && !result.error ? <p className="empty">{t('none')}</p> : null}
      <div className="cards crisis-cards">
        {items.map((crisis) => (
          <div className="card crisis" key={crisis.id} data-testid="crisis-card">
            <h3>
              <span
                className={`level level-${levelColour[crisis.level ?? ''] ?? crisis.colour ?? 'blue'}`}
                data-testid="warning-level"
              >
                {t('warningLevel')} {crisis.level}
              </span>{' '}
              {crisis.title} <span className="state">{label('state', crisis.state)}</span>
            </h3>
            <h4>{t('requiredActions')}</h4>
            {(crisis.missingActions ?? []).length === 0 ? (
              <p className="hint">✓</p>
            ) : (
              <ul data-testid="missing-actions">
                {crisis.missingActions?.map((action) => (
                  <li key={action} className="outstanding">
                    ☐ {label('requirement', action)}
                  </li>
                ))}
              </ul>
            )}
            {crisis.roles ? (
              <p className="hint">
                {label('crisisRole', 'commander')}: {crisis.roles.commander ?? '—'} ·{' '}
                {label('crisisRole', 'spokesperson')}: {crisis.roles.spokesperson ?? '—'} ·{' '}
                {label('crisisRole', 'scribe')}: {crisis.roles.scribe ?? '—'}
              </p>
            ) : null}
            <h4>{t('statements')}</h4>
            {(crisis.statements ?? []).length === 0 ? <p className="empty">{t('none')}</p> : null}
            <ul className="statements" data-testid="statements">
              {crisis.statements?.map((statement) => (
                <li key={statement.id}>
                  <span className={`badge status-${statement.status}`}>
                    {label('statementStatus', statement.status)}
                  </span>{' '}
                  {statement.text}
                  {statement.approvedBy ? (
                    <small>
                      {' '}
                      ✓ {statement.approvedBy.userId} ({label('role', statement.approvedBy.role)})
                    </small>
                  ) : null}
                  {statement.status === 'published' ? <StatementReceipts statementId={statement.id} /> : null}
                </li>
              ))}
            </ul>
            <h4>{t('linkedComplaints')}</h4>
            {(crisis.complaintIds ?? []).length === 0 ? <p className="empty">{t('none')}</p> : null}
            <ul>
              {crisis.complaintIds?.map((id) => (
                <li key={id}>
                  <Link to={`/complaints/${encodeURIComponent(id)}`}>{id}</Link>
                </li>
              ))}
            </ul>
            {(crisis.deadlines ?? []).map((deadline) => (
              <div key={deadline.name}>
                <Countdown dueAt={deadline.dueAt} now={now} name={label('field', deadline.name)} />
              </div>
            ))}
            {crisis.availableActions ? (
              <ActionButtons actions={crisis.availableActions} workflowId={crisis.id} onDone={refresh} />
            ) : null}
          </div>
        ))}
      </div>
    </>
  );
}

import { useState } from 'react';
import { useQuery } from 'urql';
import { actionDocuments } from '../action-documents.js';
import { useApp } from '../app-context.js';
import { ActionButtons } from '../components/action-buttons.js';
import { Countdown } from '../components/countdown.js';
import { ErrorNote } from '../components/error-note.js';
import { OperationForm } from '../components/operation-form.js';
import { StatementReceipts } from '../components/statement-receipts.js';
import { useNow } from '../components/use-now.js';
import { graphql } from '../graphql.js';
import { useLanguage } from '../i18n.js';
import { useLiveUpdates } from '../live-updates.js';
import { Link } from '../router.js';

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

const escalationsQuery = graphql(`
  query DashboardEscalations {
    escalations(limit: 50) {
      id state level levelRole round reason priority summary complaintId notified
      deadlines { name dueAt }
      policy { id repeat levels { name role } }
      steps { at level cause skipped by { userId role } }
      availableActions
    }
  }
`);

const crisesQuery = graphql(`
  query DashboardCrises {
    crises(limit: 50) {
      id title state level colour category missingActions complaintIds availableActions
      roles { commander spokesperson scribe }
      statements { id text status approvedBy { userId role } publishedAt }
      deadlines { name dueAt }
      levelHistory { at from to reason }
    }
  }
`);

const surgeProposalsQuery = graphql(`
  query DashboardSurgeProposals {
    surgeProposals { category count level from to evidence }
  }
`);

const levelColour: Record<string, string> = { IV: 'blue', III: 'yellow', II: 'orange', I: 'red' };

/** Escalations (ladder position) and the crisis room (warning level, required actions, statements, linked complaints). */
export function EscalationsPage() {
  const { t } = useLanguage();
  return (
    <section className="page escalations-page">
      <h1>{t('escalationsTitle')}</h1>
      <EscalationList />
      <h1>{t('crisisTitle')}</h1>
      <CrisisList />
      <SurgeProposals />
    </section>
  );
}

/** The surge detector's proposals: N complaints of one category within the window. */
function SurgeProposals() {
  const { t, label, formatDateTime } = useLanguage();
  const [result] = useQuery({ query: surgeProposalsQuery });
  const proposals = result.data?.surgeProposals ?? [];
  return (
    <div className="panel" data-testid="surge-proposals">
      <h2>{t('surgeProposals')}</h2>
      {result.error ? <ErrorNote error={result.error} /> : null}
      {result.data && proposals.length === 0 ? <p className="empty">{t('none')}</p> : null}
      <ul>
        {proposals.map((proposal) => (
          <li key={`${proposal.category}-${proposal.from}`}>
            <span className={`level level-${levelColour[proposal.level] ?? 'blue'}`}>{proposal.level}</span>{' '}
            {label('category', proposal.category)} × {proposal.count} · {formatDateTime(proposal.from)} –{' '}
            {formatDateTime(proposal.to)}
          </li>
        ))}
      </ul>
    </div>
  );
}

function EscalationList() {
  const { t, label, formatDateTime } = useLanguage();
  const now = useNow();
  const [result, reexecute] = useQuery({ query: escalationsQuery });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  useLiveUpdates(refresh);
  const items: Escalation[] = result.data?.escalations ?? [];
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
                {label('escalationReason', escalation.reason)}{' '}
                <span className="state">{label('state', escalation.state)}</span>
              </h3>
              {escalation.summary ? <p className="hint">{escalation.summary}</p> : null}
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
                <dd>{label('escalationReason', escalation.reason)}</dd>
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

/** The statements approve and publish act on, picked from a list: drafts to approve, approved ones to publish. */
function statementChoices(crisis: Crisis, event: string) {
  const status =
    event === 'crisis.approveStatement'
      ? 'draft'
      : event === 'crisis.publishStatement'
        ? 'approved'
        : undefined;
  if (!status) return undefined;
  const picks = (crisis.statements ?? [])
    .filter((statement) => statement.status === status)
    .map((statement) => ({
      value: statement.id,
      label: statement.text.length > 40 ? `${statement.text.slice(0, 40)}…` : statement.text,
    }));
  return { statementId: picks };
}

/** Raising a crisis directly (managers and directors), not only from the top of an escalation. */
function RaiseCrisis({ onDone }: { onDone: () => void }) {
  const { session } = useApp();
  const { t } = useLanguage();
  const [open, setOpen] = useState(false);
  if (!['manager', 'director'].includes(session.role)) return null;
  return (
    <details className="raise-crisis" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary data-testid="raise-crisis">{t('raiseCrisis')}</summary>
      {open ? (
        <OperationForm
          document={actionDocuments.raiseCrisis!}
          submitLabel={t('raiseCrisis')}
          onCancel={() => setOpen(false)}
          onDone={() => {
            setOpen(false);
            onDone();
          }}
        />
      ) : null}
    </details>
  );
}

function CrisisList() {
  const { t, label } = useLanguage();
  const now = useNow();
  const [result, reexecute] = useQuery({ query: crisesQuery });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  useLiveUpdates(refresh);
  const items: Crisis[] = result.data?.crises ?? [];
  return (
    <>
      <RaiseCrisis onDone={refresh} />
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
              <ActionButtons
                actions={crisis.availableActions}
                workflowId={crisis.id}
                onDone={refresh}
                choicesFor={(event) => statementChoices(crisis, event)}
              />
            ) : null}
          </div>
        ))}
      </div>
    </>
  );
}

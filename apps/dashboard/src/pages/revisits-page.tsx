import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { useApp } from '../app-context.js';
import { ErrorNote } from '../components/error-note.js';
import { graphql } from '../graphql.js';
import { useLanguage } from '../i18n.js';
import { authHeaders } from '../session.js';

interface Revisit {
  id: string;
  state: string;
  customerId: string;
  grade: string;
  scheduledAt: string;
  dueAt: string;
  attemptCount: number;
  assignee: string | null;
  availableActions: string[];
}

const queueQuery = graphql(
  `query RevisitQueue { revisitQueue(limit: 100) { id state customerId grade scheduledAt dueAt attemptCount assignee availableActions } }`,
);
const coverageQuery = graphql(
  `query RevisitCoverage($from: DateTime!, $to: DateTime!) { revisitCoverage(from: $from, to: $to) { members revisited share target met } }`,
);
const leads = new Set(['supervisor', 'manager', 'director']);

/** The current calendar month in UTC, `[from, to)`. */
function thisMonth(now = new Date()) {
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return { from: from.toISOString(), to: to.toISOString() };
}

const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;

/** The revisit queue (回访): coverage of member customers as a metric, then the revisits to make. */
export function RevisitsPage() {
  const { session } = useApp();
  const { t } = useLanguage();
  const lead = leads.has(session.role);
  return (
    <section className="page revisits-page">
      <h1>{t('revisitsTitle')}</h1>
      {lead ? <CoverageMetric /> : null}
      {lead ? <SummaryReport /> : null}
      <RevisitQueue lead={lead} />
    </section>
  );
}

function CoverageMetric() {
  const { t } = useLanguage();
  const { session } = useApp();
  const period = thisMonth();
  const [{ data, error }, refetch] = useQuery({ query: coverageQuery, variables: period });
  const [planState, runPlan] = useMutation(
    graphql(
      `mutation RunRevisitPlan($from: DateTime!, $to: DateTime!) { runRevisitPlan(from: $from, to: $to) { planned created } }`,
    ),
  );
  const coverage = data?.revisitCoverage;
  const download = async () => {
    const response = await fetch(`/reports/revisit-summary?from=${period.from}&to=${period.to}`, {
      headers: authHeaders(session),
    });
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = `revisit-summary-${period.from.slice(0, 7)}.html`;
    link.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div className="metric" data-testid="revisit-coverage">
      <h2>{t('revisitCoverage')}</h2>
      {error ? <ErrorNote error={error} /> : null}
      {coverage ? (
        <p className={coverage.met ? 'ok' : 'warn'}>
          <strong>{percent(coverage.share)}</strong>{' '}
          {t('revisitCoverageValue', {
            revisited: coverage.revisited,
            members: coverage.members,
            share: percent(coverage.share),
            target: percent(coverage.target),
          })}
        </p>
      ) : null}
      <button
        type="button"
        onClick={() => runPlan(period).then(() => refetch({ requestPolicy: 'network-only' }))}
      >
        {t('revisitRunPlan')}
      </button>{' '}
      {planState.data
        ? t('revisitPlanCreated', { count: planState.data.runRevisitPlan.created.length })
        : null}{' '}
      <button type="button" className="link" onClick={download}>
        {t('revisitSummaryDownload')}
      </button>
    </div>
  );
}

/** The month's revisit summary report (回访总结报告): its analysis and the count of follow-ups. */
function SummaryReport() {
  const { t } = useLanguage();
  const [{ data, error }] = useQuery({
    query: graphql(
      `query RevisitSummary($from: DateTime!, $to: DateTime!) { revisitSummaryReport(from: $from, to: $to) { analysis followUps } }`,
    ),
    variables: thisMonth(),
  });
  const report = data?.revisitSummaryReport;
  return (
    <div className="panel" data-testid="revisit-summary">
      <h2>{t('revisitSummaryTitle')}</h2>
      {error ? <ErrorNote error={error} /> : null}
      {report ? (
        <>
          <ul>
            {report.analysis.map((line: string) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <p>
            {t('revisitFollowUps', { count: Array.isArray(report.followUps) ? report.followUps.length : 0 })}
          </p>
        </>
      ) : null}
    </div>
  );
}

function RevisitQueue({ lead }: { lead: boolean }) {
  const { t } = useLanguage();
  const { session } = useApp();
  const [{ data, error, fetching }, refetch] = useQuery({ query: queueQuery });
  const [, assign] = useMutation(
    graphql(
      `mutation AssignRevisit($id: ID!, $assignee: String!) { assignRevisit(id: $id, assignee: $assignee) { id state assignee } }`,
    ),
  );
  const [, unreachable] = useMutation(
    graphql(
      `mutation RevisitUnreachable($id: ID!) { revisitUnreachable(id: $id, method: phone) { id state attemptCount scheduledAt } }`,
    ),
  );
  const [recordState, record] = useMutation(
    graphql(
      `mutation RecordRevisit($id: ID!, $record: RevisitFormInput!) { recordRevisit(id: $id, record: $record) { id state } }`,
    ),
  );
  const [open, setOpen] = useState<string>();
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const revisits: Revisit[] = data?.revisitQueue ?? [];
  if (error) return <ErrorNote error={error} />;
  if (!fetching && revisits.length === 0) return <p>{t('revisitEmpty')}</p>;
  return (
    <>
      {recordState.error ? <ErrorNote error={recordState.error} /> : null}
      <table data-testid="revisit-queue">
        <thead>
          <tr>
            <th>{t('revisitCustomer')}</th>
            <th>{t('revisitGrade')}</th>
            <th>{t('revisitState')}</th>
            <th>{t('revisitNextCall')}</th>
            <th>{t('revisitDue')}</th>
            <th>{t('revisitAttempts')}</th>
            <th>{t('revisitAssignee')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {revisits.map((revisit) => (
            <tr key={revisit.id}>
              <td translate="no">{revisit.customerId}</td>
              <td>{revisit.grade}</td>
              <td>{revisit.state}</td>
              <td>{new Date(revisit.scheduledAt).toLocaleString()}</td>
              <td>{new Date(revisit.dueAt).toLocaleString()}</td>
              <td>{revisit.attemptCount}</td>
              <td translate="no">{revisit.assignee ?? '—'}</td>
              <td>
                {lead && revisit.availableActions.includes('revisit.assign') ? (
                  <button
                    type="button"
                    onClick={() => assign({ id: revisit.id, assignee: session.userId }).then(reload)}
                  >
                    {t('revisitAssignToMe')}
                  </button>
                ) : null}
                {revisit.availableActions.includes('revisit.unreachable') && revisit.state === 'assigned' ? (
                  <button type="button" onClick={() => unreachable({ id: revisit.id }).then(reload)}>
                    {t('revisitUnreachable')}
                  </button>
                ) : null}
                {revisit.state !== 'planned' ? (
                  <button type="button" onClick={() => setOpen(open === revisit.id ? undefined : revisit.id)}>
                    {t('revisitRecord')}
                  </button>
                ) : null}
                {open === revisit.id ? (
                  <RecordForm
                    onSubmit={(form) =>
                      record({ id: revisit.id, record: form }).then((result) => {
                        if (!result.error) setOpen(undefined);
                        reload();
                      })
                    }
                  />
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

interface RecordFormValues {
  method: 'phone';
  satisfaction: 'satisfied' | 'neutral' | 'unsatisfied';
  opinionOfCompany: string;
  opinionOfService: string;
  suggestions?: string;
  unsatisfiedWith?: string;
}

/** 回访记录表: the record form of seed 002. */
function RecordForm({ onSubmit }: { onSubmit: (form: RecordFormValues) => void }) {
  const { t } = useLanguage();
  const [form, setForm] = useState<RecordFormValues>({
    method: 'phone',
    satisfaction: 'satisfied',
    opinionOfCompany: '',
    opinionOfService: '',
  });
  const field = (name: keyof RecordFormValues, label: string) => (
    <label>
      {label}
      <input
        value={form[name] ?? ''}
        onChange={(event) => setForm({ ...form, [name]: event.target.value })}
      />
    </label>
  );
  return (
    <form
      className="record-form"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(form);
      }}
    >
      <label>
        {t('revisitSatisfaction')}
        <select
          value={form.satisfaction}
          onChange={(event) =>
            setForm({ ...form, satisfaction: event.target.value as RecordFormValues['satisfaction'] })
          }
        >
          <option value="satisfied">{t('revisitSatisfied')}</option>
          <option value="neutral">{t('revisitNeutral')}</option>
          <option value="unsatisfied">{t('revisitUnsatisfied')}</option>
        </select>
      </label>
      {field('opinionOfCompany', t('revisitOpinionOfCompany'))}
      {field('opinionOfService', t('revisitOpinionOfService'))}
      {field('suggestions', t('revisitSuggestions'))}
      {form.satisfaction === 'satisfied' ? null : field('unsatisfiedWith', t('revisitUnsatisfiedWith'))}
      <button type="submit">{t('revisitRecord')}</button>
    </form>
  );
}

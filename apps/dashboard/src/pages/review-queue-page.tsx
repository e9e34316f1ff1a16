import { type FormEvent, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { useApp } from '../app-context.js';
import { ErrorNote } from '../components/error-note.js';
import { type MessageKey, useLanguage } from '../i18n.js';
import { Link } from '../router.js';
import { AgentQualityPage } from './agent-quality-page.js';
import { reviewQueueQuery, sampleReviewQueueMutation } from './quality-documents.js';

/** Roles that score reviews (apps/server/src/review-access.ts). */
export const reviewerRoles: readonly string[] = ['supervisor', 'manager'];

/** The QA home: the review queue for reviewers and readers; an agent's own quality and coaching for agents. */
export function ReviewQueuePage() {
  const { session } = useApp();
  if (session.role === 'agent') return <AgentQualityPage agent={session.userId} />;
  return <ReviewQueue />;
}

function ReviewQueue() {
  const { session } = useApp();
  const { t } = useLanguage();
  const [status, setStatus] = useState<'open' | 'reviewed'>('open');
  const [result, reexecute] = useQuery({
    query: reviewQueueQuery,
    variables: { status },
  });
  const rows = result.data?.reviewQueue ?? [];
  return (
    <section className="page quality-page" data-testid="review-queue-page">
      <div className="page-header">
        <h1>{t('qaQueueTitle')}</h1>
        <Link to="/calibration">{t('qaCalibrationLink')}</Link>
      </div>
      {reviewerRoles.includes(session.role) ? (
        <SampleForm onSampled={() => reexecute({ requestPolicy: 'network-only' })} />
      ) : null}
      <div className="panel">
        <button
          type="button"
          className="link"
          onClick={() => setStatus(status === 'open' ? 'reviewed' : 'open')}
        >
          {status === 'open' ? t('qaShowReviewed') : t('qaShowOpen')}
        </button>
        {result.error ? <ErrorNote error={result.error} /> : null}
        {result.data && rows.length === 0 ? <p className="empty">{t('qaQueueEmpty')}</p> : null}
        {rows.length > 0 ? (
          <div className="table-scroll">
            <table className="quality-table" data-testid="review-queue">
              <thead>
                <tr>
                  <th scope="col">{t('qaComplaint')}</th>
                  <th scope="col">{t('qaAgent')}</th>
                  <th scope="col">{t('qaWeek')}</th>
                  <th scope="col">{t('qaReason')}</th>
                  <th scope="col">{t('qaStatus')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('qaReviewAction')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.complaintId} data-testid="queue-row" data-id={row.complaintId}>
                    <td translate="no">
                      <Link to={`/complaints/${encodeURIComponent(row.complaintId)}`}>
                        {row.complaintId.slice(0, 8)}
                      </Link>
                    </td>
                    <td translate="no">
                      <Link to={`/agents/${encodeURIComponent(row.agent)}/quality`}>{row.agent}</Link>
                    </td>
                    <td>{row.week}</td>
                    <td>
                      <span className={`badge reason-${row.reason}`}>
                        {t(`qaReason_${row.reason}` as MessageKey)}
                      </span>
                    </td>
                    <td>{t(`qaStatus_${row.status}` as MessageKey)}</td>
                    <td>
                      {reviewerRoles.includes(session.role) ? (
                        <Link to={`/reviews/complaints/${encodeURIComponent(row.complaintId)}`}>
                          {t('qaReviewAction')}
                        </Link>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </div>
    </section>
  );
}

function SampleForm({ onSampled }: { onSampled: () => void }) {
  const { t } = useLanguage();
  const [week, setWeek] = useState(() => new Date().toISOString().slice(0, 10));
  const [perAgent, setPerAgent] = useState('3');
  const [seed, setSeed] = useState('qa');
  const [result, sample] = useMutation(sampleReviewQueueMutation);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const outcome = await sample({
      input: { week: `${week}T00:00:00Z`, perAgent: Number(perAgent), seed },
    });
    if (!outcome.error) onSampled();
  };
  return (
    <form className="panel inline-form" onSubmit={submit} data-testid="sample-form">
      <h2>{t('qaSampleTitle')}</h2>
      <label>
        {t('qaSampleWeek')}{' '}
        <input type="date" required value={week} onChange={(event) => setWeek(event.target.value)} />
      </label>
      <label>
        {t('qaSamplePerAgent')}{' '}
        <input
          type="number"
          min={0}
          max={100}
          required
          value={perAgent}
          onChange={(event) => setPerAgent(event.target.value)}
        />
      </label>
      <label>
        {t('qaSampleSeed')}{' '}
        <input type="text" required value={seed} onChange={(event) => setSeed(event.target.value)} />
      </label>
      <button type="submit" disabled={result.fetching}>
        {t('qaSampleButton')}
      </button>
      {result.data ? (
        <p role="status">{t('qaSampled', { added: result.data.sampleReviewQueue.added })}</p>
      ) : null}
      {result.error ? <ErrorNote error={result.error} /> : null}
    </form>
  );
}

import type { EChartsCoreOption } from 'echarts/core';
import { type FormEvent, useMemo, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { useApp } from '../app-context.js';
import { Chart } from '../components/chart.js';
import { ErrorNote } from '../components/error-note.js';
import { useLanguage } from '../i18n.js';
import { Link } from '../router.js';
import {
  type AgentQuality,
  acknowledgeCoachingMutation,
  agentQualityQuery,
  type CoachingNote,
} from './quality-documents.js';
import { percent } from './review-form-page.js';

/** The weekly mean score and pass rate, in percent. */
export function qualityTrendChart(
  trend: AgentQuality['trend'],
  names: { meanScore: string; passRate: string },
): EChartsCoreOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 24, top: 32, bottom: 40 },
    xAxis: { type: 'category', data: trend.map((week) => week.week) },
    yAxis: { type: 'value', name: '%', min: 0, max: 100 },
    series: [
      {
        name: names.meanScore,
        type: 'line',
        data: trend.map((week) => Math.round(week.meanScore * 1000) / 10),
      },
      { name: names.passRate, type: 'bar', data: trend.map((week) => Math.round(week.passRate * 1000) / 10) },
    ],
  };
}

/** An agent's quality: trend, certification, recent reviews and coaching (the agent acknowledges it here). */
export function AgentQualityPage({ agent }: { agent: string }) {
  const { session } = useApp();
  const { t, formatDateTime } = useLanguage();
  const [result, reexecute] = useQuery({
    query: agentQualityQuery,
    variables: { agent },
  });
  const quality = result.data?.agentQuality;
  const option = useMemo(
    () =>
      quality?.trend.length
        ? qualityTrendChart(quality.trend, { meanScore: t('qaMeanScore'), passRate: t('qaPassRate') })
        : undefined,
    [quality, t],
  );
  return (
    <section className="page quality-page" data-testid="agent-quality-page">
      <div className="page-header">
        <h1>{session.role === 'agent' ? t('qaMyQuality') : t('qaQualityTitle', { agent })}</h1>
        {session.role === 'agent' ? null : <Link to="/reviews">{t('qaQueueTitle')}</Link>}
      </div>
      {result.error ? <ErrorNote error={result.error} /> : null}
      {quality ? (
        <>
          <div className="cards">
            <div className="card">
              <h2>{t('qaReviews')}</h2>
              <p className="big-number">{quality.reviews}</p>
            </div>
            <div className="card">
              <h2>{t('qaMeanScore')}</h2>
              <p className="big-number">{percent(quality.meanScore)}</p>
            </div>
            <div className="card" data-testid="certification">
              <h2>{t('qaCertification')}</h2>
              {quality.certification ? (
                <>
                  <p
                    className={`big-number ${quality.certification.certified ? 'result-pass' : 'result-fail'}`}
                    data-certified={quality.certification.certified ? 'true' : 'false'}
                  >
                    {quality.certification.certified ? t('qaCertified') : t('qaNotCertified')}
                  </p>
                  <p className="hint">
                    {t('qaCertificationDetail', {
                      lower: percent(quality.certification.lowerBound),
                      cut: percent(quality.certification.cutScore),
                      reviews: quality.reviews,
                    })}
                  </p>
                </>
              ) : (
                <p className="hint">{t('qaNoCertification')}</p>
              )}
            </div>
          </div>
          <figure className="panel">
            <figcaption>{t('qaTrend')}</figcaption>
            {option ? (
              <Chart option={option} height={260} testId="quality-trend" />
            ) : (
              <p className="empty">{t('qaNoReviews')}</p>
            )}
          </figure>
          <div className="panel">
            <h2>{t('qaCoachingNotes')}</h2>
            {quality.coachingNotes.length === 0 ? <p className="empty">{t('qaNoCoaching')}</p> : null}
            <ul className="coaching-notes">
              {quality.coachingNotes.map((note) => (
                <CoachingNoteItem
                  key={note.id}
                  note={note}
                  canAcknowledge={session.role === 'agent' && session.userId === note.agent}
                  onAcknowledged={() => reexecute({ requestPolicy: 'network-only' })}
                />
              ))}
            </ul>
          </div>
          <div className="panel">
            <h2>{t('qaRecentReviews')}</h2>
            {quality.recentReviews.length === 0 ? <p className="empty">{t('qaNoReviews')}</p> : null}
            <ul className="recent-reviews">
              {quality.recentReviews.map((review) => (
                <li key={review.id} data-testid="recent-review">
                  <time dateTime={review.reviewedAt}>{formatDateTime(review.reviewedAt)}</time>{' '}
                  <strong className={review.passed ? 'result-pass' : 'result-fail'}>
                    {review.passed ? t('qaPassed') : t('qaFailed')}
                  </strong>{' '}
                  {t('qaScore', { score: percent(review.score) })}
                  {review.criticalFailures.length
                    ? ` · ${t('qaCriticalFailed', { items: review.criticalFailures.map((failure) => failure.title).join('、') })}`
                    : ''}
                </li>
              ))}
            </ul>
          </div>
        </>
      ) : null}
    </section>
  );
}

function CoachingNoteItem({
  note,
  canAcknowledge,
  onAcknowledged,
}: {
  note: CoachingNote;
  canAcknowledge: boolean;
  onAcknowledged: () => void;
}) {
  const { t, formatDateTime } = useLanguage();
  const [comment, setComment] = useState('');
  const [result, acknowledge] = useMutation(acknowledgeCoachingMutation);
  // From the mutation's answer until the page's refetch brings the note back: both shown together.
  const acknowledgedAt = result.data?.acknowledgeCoaching.acknowledgedAt ?? note.acknowledgedAt;
  const acknowledgement = result.data?.acknowledgeCoaching.acknowledgement ?? note.acknowledgement;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const outcome = await acknowledge({ input: { noteId: note.id, ...(comment.trim() ? { comment } : {}) } });
    if (!outcome.error) onAcknowledged();
  };
  return (
    <li
      className="coaching-note"
      data-testid="coaching-note"
      data-acknowledged={acknowledgedAt ? 'true' : 'false'}
    >
      <p>{note.text}</p>
      <p className="hint">{t('qaFrom', { author: note.author, at: formatDateTime(note.createdAt) })}</p>
      {acknowledgedAt ? (
        <p className="result-pass" data-testid="acknowledged">
          {t('qaAcknowledged', { at: formatDateTime(acknowledgedAt) })}
          {acknowledgement ? ` — ${acknowledgement}` : ''}
        </p>
      ) : canAcknowledge ? (
        <form className="inline-form" onSubmit={submit}>
          <label>
            {t('qaAcknowledgement')}{' '}
            <input type="text" value={comment} onChange={(event) => setComment(event.target.value)} />
          </label>
          <button type="submit" disabled={result.fetching} data-testid="acknowledge">
            {t('qaAcknowledge')}
          </button>
          {result.error ? <ErrorNote error={result.error} /> : null}
        </form>
      ) : (
        <p className="hint">{t('qaAwaitingAcknowledgement')}</p>
      )}
    </li>
  );
}

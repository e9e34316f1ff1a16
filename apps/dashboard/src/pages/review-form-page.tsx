import { type FormEvent, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorNote } from '../components/error-note.js';
import { initialRatings, type RatingInput, ScorecardForm } from '../components/scorecard-form.js';
import { type MessageKey, useLanguage } from '../i18n.js';
import { Link } from '../router.js';
import {
  addCoachingMutation,
  type Review,
  reviewDraftQuery,
  submitReviewMutation,
} from './quality-documents.js';

export const percent = (value: number | null | undefined) =>
  value === null || value === undefined ? '–' : `${Math.round(value * 1000) / 10}%`;

/** A reviewer scores one complaint: its timeline and notes, the scorecard pre-filled by the grader, the result and coaching. */
export function ReviewFormPage({ complaintId }: { complaintId: string }) {
  const { t, label, formatDateTime } = useLanguage();
  const [result] = useQuery({
    query: reviewDraftQuery,
    variables: { complaintId },
  });
  const [submitted, submit] = useMutation(submitReviewMutation);
  const draft = result.data?.reviewDraft;
  const review = submitted.data?.submitReview;

  const send = (ratings: RatingInput[]) => {
    void submit({ input: { complaintId, ratings } });
  };

  return (
    <section className="page quality-page" data-testid="review-form-page">
      <div className="page-header">
        <h1>{t('qaReviewTitle', { id: complaintId.slice(0, 8) })}</h1>
        <Link to="/reviews">{t('qaQueueTitle')}</Link>
      </div>
      {result.error ? <ErrorNote error={result.error} /> : null}
      {result.fetching && !result.data ? <p>{t('loading')}</p> : null}
      {draft ? (
        <div className="review-layout">
          <div>
            <div className="panel">
              <p>
                {t('qaReviewedAgent', { agent: draft.agent })}{' '}
                <Link to={`/agents/${encodeURIComponent(draft.agent)}/quality`}>{t('qaAgentPage')}</Link>
              </p>
              {result.data?.complaint ? <p>{result.data.complaint.summary}</p> : null}
              <h2>{t('qaNotes')}</h2>
              {draft.texts.length ? (
                <ul className="notes" data-testid="review-notes">
                  {draft.texts.map((text) => (
                    <li key={text}>{text}</li>
                  ))}
                </ul>
              ) : (
                <p className="hint">{t('qaNoNotes')}</p>
              )}
            </div>
            {result.data?.complaint ? (
              <div className="panel">
                <h2>{t('timeline')}</h2>
                <ol className="timeline" data-testid="timeline">
                  {result.data.complaint.history.map((entry) => (
                    <li key={entry.seq}>
                      <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>{' '}
                      <strong>{label('event', entry.type)}</strong>{' '}
                      {entry.by ? (
                        <span>
                          {t('by')} <span translate="no">{entry.by.userId}</span> (
                          {label('role', entry.by.role)})
                        </span>
                      ) : null}
                    </li>
                  ))}
                </ol>
              </div>
            ) : null}
          </div>
          <div>
            {review ? (
              <ReviewResult review={review} />
            ) : (
              <div className="panel">
                <h2>
                  {t('qaScorecard', {
                    title: draft.scorecard.title,
                    version: draft.scorecard.version,
                    pass: percent(draft.scorecard.passScore),
                  })}
                </h2>
                <ScorecardForm
                  scorecard={draft.scorecard}
                  suggestions={draft.suggestions}
                  initial={initialRatings(draft.scorecard, draft.suggestions)}
                  idPrefix="review"
                  submitLabel={t('qaSubmitReview')}
                  busy={submitted.fetching}
                  onSubmit={send}
                />
                {submitted.error ? <ErrorNote error={submitted.error} /> : null}
              </div>
            )}
            {review ? <CoachingForm reviewId={review.id} /> : null}
          </div>
        </div>
      ) : null}
    </section>
  );
}

/** A review's score, pass or fail, the critical items that failed it, and each suggestion confirmed or overridden. */
export function ReviewResult({ review }: { review: Review }) {
  const { t } = useLanguage();
  const overridden = review.items.filter((item) => item.decision !== null);
  return (
    <div
      className="panel review-result"
      data-testid="review-result"
      data-passed={review.passed ? 'true' : 'false'}
    >
      <h2>{t('qaResult')}</h2>
      <p className={review.passed ? 'result-pass' : 'result-fail'}>
        <strong data-testid="review-verdict">{review.passed ? t('qaPassed') : t('qaFailed')}</strong> ·{' '}
        <span data-testid="review-score">{t('qaScore', { score: percent(review.score) })}</span>{' '}
        <small>({t('qaWeightedScore', { score: percent(review.weightedScore) })})</small>
      </p>
      {review.criticalFailures.length ? (
        <p className="critical-failure" data-testid="critical-failures" role="alert">
          {t('qaCriticalFailed', {
            items: review.criticalFailures.map((failure) => failure.title).join('、'),
          })}
        </p>
      ) : null}
      {overridden.length ? (
        <ul className="decisions">
          {overridden.map((item) => (
            <li key={item.criterionId} data-testid="decision" data-decision={item.decision ?? ''}>
              <span translate="no">{item.criterionId}</span>: {item.suggestedRating} → {item.rating} (
              {t(`qaDecision_${item.decision}` as MessageKey)})
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function CoachingForm({ reviewId }: { reviewId: string }) {
  const { t } = useLanguage();
  const [text, setText] = useState('');
  const [result, add] = useMutation(addCoachingMutation);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void add({ input: { reviewId, text } });
  };
  return (
    <form className="panel" onSubmit={submit} data-testid="coaching-form">
      <h2>{t('qaCoachingTitle')}</h2>
      <label className="block-label">
        {t('qaCoachingText')}
        <textarea required rows={3} value={text} onChange={(event) => setText(event.target.value)} />
      </label>
      <button type="submit" disabled={result.fetching || Boolean(result.data)}>
        {t('qaAddCoaching')}
      </button>
      {result.data ? (
        <p role="status" data-testid="coaching-sent">
          {t('qaCoachingSent')}
        </p>
      ) : null}
      {result.error ? <ErrorNote error={result.error} /> : null}
    </form>
  );
}

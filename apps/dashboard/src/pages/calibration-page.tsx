import { type FormEvent, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { useApp } from '../app-context.js';
import { ErrorNote } from '../components/error-note.js';
import { initialRatings, type RatingInput, ScorecardForm } from '../components/scorecard-form.js';
import { type MessageKey, useLanguage } from '../i18n.js';
import { Link, navigate } from '../router.js';
import {
  type CalibrationSession,
  calibrationSessionQuery,
  calibrationSessionsQuery,
  closeSessionMutation,
  createSessionMutation,
  type Scorecard,
  submitCalibrationScoreMutation,
} from './quality-documents.js';
import { percent } from './review-form-page.js';
import { reviewerRoles } from './review-queue-page.js';

const lines = (text: string) =>
  text
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter(Boolean);

const kappa = (value: number | null) => (value === null ? '–' : value.toFixed(2));
const signed = (value: number) => `${value > 0 ? '+' : ''}${(value * 100).toFixed(1)}`;

/** Calibration sessions: the list, and a form to open one. */
export function CalibrationListPage() {
  const { session } = useApp();
  const { t, formatDateTime } = useLanguage();
  const [result] = useQuery({
    query: calibrationSessionsQuery,
  });
  const sessions = result.data?.calibrationSessions ?? [];
  return (
    <section className="page quality-page" data-testid="calibration-list-page">
      <div className="page-header">
        <h1>{t('qaCalibrationTitle')}</h1>
        <Link to="/reviews">{t('qaQueueTitle')}</Link>
      </div>
      {reviewerRoles.includes(session.role) ? <NewSessionForm /> : null}
      <div className="panel">
        {result.error ? <ErrorNote error={result.error} /> : null}
        {result.data && sessions.length === 0 ? <p className="empty">{t('qaNoSessions')}</p> : null}
        <ul className="session-list">
          {sessions.map((item) => (
            <li key={item.id} data-testid="session-row">
              <Link to={`/calibration/${encodeURIComponent(item.id)}`}>{item.title}</Link>{' '}
              <span className="badge">{t(`qaSessionStatus_${item.status}` as MessageKey)}</span>{' '}
              <small>
                <span translate="no">{item.reviewers.join(', ')}</span> · {formatDateTime(item.createdAt)}
              </small>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

function NewSessionForm() {
  const { session } = useApp();
  const { t } = useLanguage();
  const [title, setTitle] = useState('');
  const [complaints, setComplaints] = useState('');
  const [reviewers, setReviewers] = useState(session.userId);
  const [result, create] = useMutation(createSessionMutation);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const outcome = await create({
      input: { title, complaintIds: lines(complaints), reviewers: lines(reviewers) },
    });
    const id = outcome.data?.createCalibrationSession.id;
    if (id) navigate(`/calibration/${encodeURIComponent(id)}`);
  };
  return (
    <form className="panel" onSubmit={submit} data-testid="new-session-form">
      <h2>{t('qaNewSession')}</h2>
      <label className="block-label">
        {t('qaSessionTitle')}
        <input
          type="text"
          name="title"
          required
          value={title}
          onChange={(event) => setTitle(event.target.value)}
        />
      </label>
      <label className="block-label">
        {t('qaSessionComplaints')}
        <textarea
          name="complaints"
          required
          rows={3}
          value={complaints}
          onChange={(event) => setComplaints(event.target.value)}
        />
      </label>
      <label className="block-label">
        {t('qaSessionReviewers')}
        <textarea
          name="reviewers"
          required
          rows={2}
          value={reviewers}
          onChange={(event) => setReviewers(event.target.value)}
        />
      </label>
      <button type="submit" disabled={result.fetching}>
        {t('qaCreateSession')}
      </button>
      {result.error ? <ErrorNote error={result.error} /> : null}
    </form>
  );
}

/** One session: blind scoring while open, closing with agreed scores, then kappa, lean and disagreements. */
export function CalibrationSessionPage({ id }: { id: string }) {
  const { session: signedIn } = useApp();
  const { t } = useLanguage();
  const [result, reexecute] = useQuery({
    query: calibrationSessionQuery,
    variables: { id },
  });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const calibration = result.data?.calibrationSession;
  const scorecard = result.data?.scorecard;
  const mine = calibration?.progress.find((entry) => entry.reviewer === signedIn.userId);
  const next = calibration?.complaintIds.find(
    (complaintId) => mine && !mine.complaintIds.includes(complaintId),
  );
  const canClose =
    calibration?.status === 'open' &&
    (calibration.createdBy === signedIn.userId || signedIn.role === 'manager');

  return (
    <section
      className="page quality-page"
      data-testid="calibration-session-page"
      data-status={calibration?.status}
    >
      <div className="page-header">
        <h1>{calibration?.title ?? t('qaCalibrationTitle')}</h1>
        {calibration ? (
          <span className="badge">{t(`qaSessionStatus_${calibration.status}` as MessageKey)}</span>
        ) : null}
        <Link to="/calibration">{t('qaCalibrationLink')}</Link>
      </div>
      {result.error ? <ErrorNote error={result.error} /> : null}
      {calibration && scorecard ? (
        <>
          {calibration.status === 'open' ? <p className="notice">{t('qaBlindNote')}</p> : null}
          <div className="panel">
            <h2>{t('qaProgress')}</h2>
            <table className="quality-table" data-testid="calibration-progress">
              <tbody>
                {calibration.progress.map((entry) => (
                  <tr key={entry.reviewer}>
                    <th scope="row" translate="no">
                      {entry.reviewer}
                    </th>
                    <td>
                      {t('qaScoredCount', {
                        done: entry.complaintIds.length,
                        total: calibration.complaintIds.length,
                      })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {calibration.status === 'open' && next && reviewerRoles.includes(signedIn.role) ? (
            <BlindScoreForm
              key={next}
              sessionId={calibration.id}
              complaintId={next}
              scorecard={scorecard}
              onDone={refresh}
            />
          ) : null}
          {calibration.status === 'open' && calibration.scores.length ? (
            <div className="panel">
              <ul>
                {calibration.scores.map((score) => (
                  <li key={score.id} data-testid="own-score">
                    <Link to={`/complaints/${encodeURIComponent(score.complaintId)}`}>
                      {score.complaintId.slice(0, 8)}
                    </Link>
                    : {t('qaYourScore', { score: percent(score.score) })}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {canClose ? <CloseForm calibration={calibration} scorecard={scorecard} onDone={refresh} /> : null}
          {calibration.report ? <CalibrationReportView calibration={calibration} /> : null}
        </>
      ) : null}
    </section>
  );
}

function BlindScoreForm({
  sessionId,
  complaintId,
  scorecard,
  onDone,
}: {
  sessionId: string;
  complaintId: string;
  scorecard: Scorecard;
  onDone: () => void;
}) {
  const { t } = useLanguage();
  const [result, score] = useMutation(submitCalibrationScoreMutation);
  const send = async (ratings: RatingInput[]) => {
    const outcome = await score({ input: { sessionId, complaintId, ratings } });
    if (!outcome.error) onDone();
  };
  return (
    <div className="panel" data-testid="blind-score" data-complaint={complaintId}>
      <h2>
        {t('qaScoreThis', { id: complaintId.slice(0, 8) })}{' '}
        <Link to={`/complaints/${encodeURIComponent(complaintId)}`}>{t('timeline')}</Link>
      </h2>
      <ScorecardForm
        scorecard={scorecard}
        idPrefix={`blind-${complaintId}`}
        submitLabel={t('qaSubmitReview')}
        busy={result.fetching}
        onSubmit={send}
      />
      {result.error ? <ErrorNote error={result.error} /> : null}
    </div>
  );
}

function CloseForm({
  calibration,
  scorecard,
  onDone,
}: {
  calibration: CalibrationSession;
  scorecard: Scorecard;
  onDone: () => void;
}) {
  const { t } = useLanguage();
  const [agreed, setAgreed] = useState<Record<string, RatingInput[]>>({});
  const [result, close] = useMutation(closeSessionMutation);
  const ready = calibration.complaintIds.every((complaintId) => agreed[complaintId]);
  const submit = async () => {
    const outcome = await close({
      input: {
        sessionId: calibration.id,
        agreed: calibration.complaintIds.map((complaintId) => ({
          complaintId,
          ratings: agreed[complaintId] ?? [],
        })),
      },
    });
    if (!outcome.error) onDone();
  };
  return (
    <div className="panel" data-testid="close-session">
      <h2>{t('qaCloseSession')}</h2>
      {calibration.complaintIds.map((complaintId) => {
        const own = calibration.scores.find((score) => score.complaintId === complaintId);
        return (
          <details
            key={complaintId}
            data-testid="agreed-score"
            data-complaint={complaintId}
            data-agreed={agreed[complaintId] ? 'true' : 'false'}
          >
            <summary>
              {t('qaAgreedFor', { id: complaintId.slice(0, 8) })} {agreed[complaintId] ? '✓' : ''}
            </summary>
            <ScorecardForm
              scorecard={scorecard}
              initial={initialRatings(scorecard, [], own?.items ?? [])}
              idPrefix={`agreed-${complaintId}`}
              submitLabel={t('qaAgreed')}
              onSubmit={(ratings) => setAgreed((current) => ({ ...current, [complaintId]: ratings }))}
            />
          </details>
        );
      })}
      <button type="button" disabled={!ready || result.fetching} onClick={submit} data-testid="close-button">
        {t('qaCloseSession')}
      </button>
      {result.error ? <ErrorNote error={result.error} /> : null}
    </div>
  );
}

function CalibrationReportView({ calibration }: { calibration: CalibrationSession }) {
  const { t } = useLanguage();
  const report = calibration.report!;
  return (
    <>
      <div className="cards">
        <div className="card" data-testid="fleiss-kappa">
          <h2>{t('qaFleissKappa')}</h2>
          <p className="big-number">{kappa(report.fleissKappa)}</p>
        </div>
      </div>
      <div className="columns">
        <div className="panel">
          <h2>{t('qaCohenKappa')}</h2>
          <table className="quality-table" data-testid="kappa-pairs">
            <thead>
              <tr>
                <th scope="col">{t('qaPair')}</th>
                <th scope="col">{t('qaAgreement')}</th>
                <th scope="col">{t('qaCohenKappa')}</th>
              </tr>
            </thead>
            <tbody>
              {report.pairs.map((pair) => (
                <tr key={`${pair.reviewerA}-${pair.reviewerB}`}>
                  <td translate="no">
                    {pair.reviewerA} · {pair.reviewerB}
                  </td>
                  <td>{percent(pair.agreement)}</td>
                  <td data-testid="cohen-kappa">{kappa(pair.cohenKappa)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="panel">
          <h2>{t('qaLean')}</h2>
          <p className="hint">{t('qaLeanHint')}</p>
          <table className="quality-table" data-testid="reviewer-lean">
            <thead>
              <tr>
                <th scope="col">{t('qaReviewer')}</th>
                <th scope="col">{t('qaLean')}</th>
                <th scope="col">{t('qaMeanDeviation')}</th>
              </tr>
            </thead>
            <tbody>
              {report.reviewers.map((reviewer) => (
                <tr key={reviewer.reviewer} data-testid="lean-row" data-reviewer={reviewer.reviewer}>
                  <td translate="no">{reviewer.reviewer}</td>
                  <td data-testid="lean">{signed(reviewer.lean)}</td>
                  <td>{(reviewer.meanAbsoluteDeviation * 100).toFixed(1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <div className="panel" data-testid="disagreements">
        <h2>{t('qaDisagreements')}</h2>
        {report.disagreements.length === 0 ? <p className="empty">{t('qaNoDisagreements')}</p> : null}
        <ul>
          {report.disagreements.map((criterion) => (
            <li key={criterion.criterionId} data-testid="disagreement" data-criterion={criterion.criterionId}>
              {criterion.title} <small>({t('qaUnanimous', { share: percent(criterion.unanimous) })})</small>
            </li>
          ))}
        </ul>
      </div>
      <div className="panel">
        <div className="table-scroll">
          <table className="quality-table" data-testid="calibration-complaints">
            <thead>
              <tr>
                <th scope="col">{t('qaComplaint')}</th>
                {calibration.reviewers.map((reviewer) => (
                  <th key={reviewer} scope="col" translate="no">
                    {reviewer}
                  </th>
                ))}
                <th scope="col">{t('qaConsensus')}</th>
                <th scope="col">{t('qaSpread')}</th>
                <th scope="col">{t('qaAgreed')}</th>
              </tr>
            </thead>
            <tbody>
              {report.complaints.map((complaint) => (
                <tr key={complaint.complaintId}>
                  <td translate="no">{complaint.complaintId.slice(0, 8)}</td>
                  {calibration.reviewers.map((reviewer) => (
                    <td key={reviewer}>
                      {percent(complaint.scores.find((score) => score.reviewer === reviewer)?.score)}
                    </td>
                  ))}
                  <td>{percent(complaint.consensusScore)}</td>
                  <td>{percent(complaint.spread)}</td>
                  <td>
                    {percent(
                      calibration.agreed.find((review) => review.complaintId === complaint.complaintId)
                        ?.score,
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </>
  );
}

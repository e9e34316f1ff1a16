import { useEffect, useState } from 'react';
import { useQuery } from 'urql';
import { useApp } from '../app-context.js';
import { ErrorNote } from '../components/error-note.js';
import { graphql, type ResultOf, readFragment } from '../graphql.js';
import { useLanguage } from '../i18n.js';
import { type AnswerMark, highlightAnswer } from './answer-highlights.js';

const attemptsQuery = graphql(`
  query DashboardAttempts($trainee: String) {
    attempts(trainee: $trainee, first: 20) {
      edges { node { id trainee quizId quizTitle status score passed startedAt } }
    }
  }
`);

/** The explained grade of one answer: what it proved (with evidence), missed and broke (quoted). */
export const explainedGradeFragment = graphql(`
  fragment DashboardExplainedGrade on ExplainedGrade {
    score passed autoFailed
    hits { concept label evidence { start end text tolerance } }
    misses { concept label feedback }
    violations { kind label quote effect spans { start end text } }
    marks { subject awarded available explanation }
    feedback
  }
`);

const attemptQuery = graphql(
  `
  query DashboardAttempt($id: ID!) {
    attempt(id: $id) {
      id trainee quizId quizTitle status score passMark passed startedAt
      responses {
        itemId itemType tryNumber answerText answer score penalty passed
        item { title prompt }
        grade { ...DashboardExplainedGrade }
      }
    }
  }
`,
  [explainedGradeFragment],
);

/** An explained grade as the dashboard shows it. */
export type ExplainedGrade = ResultOf<typeof explainedGradeFragment>;

/** One graded answer: the item, the trainee's text (or choice) and its explained grade. */
export interface AttemptResponse {
  itemId: string;
  itemType: string;
  tryNumber: number;
  answerText: string | null;
  answer: unknown;
  score: number;
  penalty: number;
  passed: boolean;
  item: { title: string | null; prompt: string } | null;
  grade: ExplainedGrade;
}

const percent = (value: number | null | undefined) =>
  value === null || value === undefined ? '–' : `${Math.round(value * 1000) / 10}%`;

/** A trainee's attempts, newest first, and the chosen one with every try and its explained grade. */
export function TraineeAttempts() {
  const { session } = useApp();
  const { t } = useLanguage();
  const [trainee, setTrainee] = useState('');
  const [selected, setSelected] = useState<string | undefined>();
  const [list] = useQuery({
    query: attemptsQuery,
    variables: { trainee: session.role === 'agent' ? null : trainee.trim() || null },
    requestPolicy: 'cache-and-network',
  });
  const attempts = list.data?.attempts.edges.map((edge) => edge.node) ?? [];
  const chosen = selected && attempts.some((attempt) => attempt.id === selected) ? selected : attempts[0]?.id;
  useEffect(() => {
    if (selected && !attempts.some((attempt) => attempt.id === selected)) setSelected(undefined);
  }, [attempts, selected]);

  return (
    <div className="panel trainee-attempts" data-testid="trainee-attempts">
      <h2>{t('traineeAttempt')} </h2>
      {session.role === 'agent' ? (
        <p className="hint">{t('attemptsOwnOnly')}</p>
      ) : (
        <label className="filters">
          {t('attemptTrainee')}
          <input
            name="trainee"
            value={trainee}
            placeholder={t('attemptAllTrainees')}
            onChange={(event) => setTrainee(event.target.value)}
          />
        </label>
      )}
      {list.error ? <ErrorNote error={list.error} /> : null}
      {list.fetching && !list.data ? <p>{t('loading')}</p> : null}
      {list.data && attempts.length === 0 ? <p className="empty">{t('noAttempts')}</p> : null}
      {attempts.length > 0 ? (
        <div className="attempts-layout">
          <table className="attempt-list" data-testid="attempt-list">
            <thead>
              <tr>
                <th>{t('attemptTrainee')}</th>
                <th>{t('attemptQuiz')}</th>
                <th>{t('attemptScore')}</th>
                <th>{t('attemptStarted')}</th>
              </tr>
            </thead>
            <tbody>
              {attempts.map((attempt) => (
                <tr
                  key={attempt.id}
                  className={attempt.id === chosen ? 'selected' : undefined}
                  data-testid="attempt-row"
                  data-attempt-id={attempt.id}
                >
                  <td>
                    <button type="button" className="link" onClick={() => setSelected(attempt.id)}>
                      {attempt.trainee}
                    </button>
                  </td>
                  <td>{attempt.quizTitle ?? attempt.quizId}</td>
                  <td>
                    {percent(attempt.score)}{' '}
                    {attempt.passed === null ? (
                      <span className="badge">{attempt.status}</span>
                    ) : (
                      <span className={`badge ${attempt.passed ? 'pass' : 'fail'}`}>
                        {attempt.passed ? t('attemptPassed') : t('attemptFailed')}
                      </span>
                    )}
                  </td>
                  <td>{new Date(attempt.startedAt).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {chosen ? <AttemptView id={chosen} /> : null}
        </div>
      ) : null}
    </div>
  );
}

function AttemptView({ id }: { id: string }) {
  const { t } = useLanguage();
  const [result] = useQuery({
    query: attemptQuery,
    variables: { id },
    requestPolicy: 'cache-and-network',
  });
  const attempt = result.data?.attempt;
  if (result.error) return <ErrorNote error={result.error} />;
  if (!attempt) return result.fetching ? <p>{t('loading')}</p> : null;
  return (
    <article className="attempt-detail" data-testid="attempt-detail" data-attempt-id={attempt.id}>
      <h3>
        {attempt.trainee} · {attempt.quizTitle ?? attempt.quizId} · {percent(attempt.score)}
        {attempt.passMark !== null ? ` (${t('attemptPassMark')} ${percent(attempt.passMark)})` : ''}
      </h3>
      {attempt.responses.map((response) => (
        <ResponseView
          key={`${response.itemId}#${response.tryNumber}`}
          response={{ ...response, grade: readFragment(explainedGradeFragment, response.grade) }}
        />
      ))}
    </article>
  );
}

/** One graded try: the answer with its marks, then the grade explained; `heading` off where the page names the item. */
export function ResponseView({ response, heading = true }: { response: AttemptResponse; heading?: boolean }) {
  const { t } = useLanguage();
  const { grade } = response;
  const marks: AnswerMark[] = [
    ...grade.hits.flatMap((hit) =>
      hit.evidence.map((evidence) => ({
        start: evidence.start,
        end: evidence.end,
        kind: 'evidence' as const,
        label: `${hit.label} · ${evidence.tolerance}`,
      })),
    ),
    ...grade.violations.flatMap((violation) =>
      violation.spans.map((span) => ({
        start: span.start,
        end: span.end,
        kind: 'violation' as const,
        label: violation.label,
      })),
    ),
  ];
  const shownFeedback = new Set(grade.misses.map((miss) => miss.feedback));
  return (
    <section
      className="attempt-response"
      data-testid="attempt-response"
      data-item-id={response.itemId}
      data-try={response.tryNumber}
    >
      {heading ? (
        <>
          <h4>
            {response.item?.title ?? response.itemId}{' '}
            <small className="hint">
              {response.itemType} · {t('attemptTry').replace('{n}', String(response.tryNumber))}
            </small>{' '}
            <span className={`badge ${response.passed ? 'pass' : 'fail'}`}>
              {percent(response.score)}
              {response.penalty > 0 ? ` (−${percent(response.penalty)})` : ''}
            </span>
          </h4>
        </>
      ) : null}
      {response.item ? <p className="hint prompt">{response.item.prompt}</p> : null}
      <blockquote className="answer" data-testid="answer">
        {response.answerText !== null
          ? highlightAnswer(response.answerText, marks).map((segment) =>
              segment.mark ? (
                <mark
                  key={segment.start}
                  className={segment.mark.kind}
                  data-testid={segment.mark.kind}
                  title={segment.mark.label}
                >
                  {segment.text}
                </mark>
              ) : (
                <span key={segment.start}>{segment.text}</span>
              ),
            )
          : JSON.stringify(response.answer)}
      </blockquote>
      <ul className="grade-explained">
        {grade.hits.map((hit) => (
          <li key={`hit-${hit.concept}`} className="hit" data-testid="grade-hit">
            ✓ {hit.label}
            {hit.evidence[0] ? ` 「${hit.evidence[0].text}」 ${hit.evidence[0].tolerance}` : ''}
          </li>
        ))}
        {grade.misses.map((miss) => (
          <li key={`miss-${miss.concept}`} className="miss" data-testid="grade-miss">
            ✗ {t('attemptMissing')} {miss.label}
            {miss.feedback ? ` — ${miss.feedback}` : ''}
          </li>
        ))}
        {grade.violations.map((violation) => (
          <li
            key={`violation-${violation.kind}-${violation.label}`}
            className="violation"
            data-testid="grade-violation"
          >
            ⚠ {violation.label} 「{violation.quote}」 ({violation.effect})
          </li>
        ))}
        {(response.itemType === 'script' ? [] : grade.marks).map((mark) => (
          <li key={`mark-${mark.subject}`} className={mark.awarded >= mark.available ? 'hit' : 'miss'}>
            {mark.explanation}
          </li>
        ))}
        {grade.feedback
          .filter((line) => !shownFeedback.has(line))
          .map((line) => (
            <li key={`feedback-${line}`} className="feedback" data-testid="grade-feedback">
              → {line}
            </li>
          ))}
      </ul>
    </section>
  );
}

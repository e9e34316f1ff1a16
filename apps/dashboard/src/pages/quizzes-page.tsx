import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorNote } from '../components/error-note.js';
import { graphql } from '../graphql.js';
import { useLanguage } from '../i18n.js';
import { navigate } from '../router.js';

const quizzesQuery = graphql(`
  query DashboardQuizzes {
    quizAssignments { id quizId team trainee dueAt quiz { title } }
    quizzes { id title description passMark maxTries penaltyPerTry version items { weight } }
  }
`);

export const startAttemptMutation = graphql(`
  mutation DashboardStartAttempt($input: StartAttemptInput!) {
    startAttempt(input: $input) { id quizId }
  }
`);

const percent = (value: number) => `${Math.round(value * 100)}%`;

/** The path of an attempt in progress. */
export function attemptPath(quizId: string, attemptId: string): string {
  return `/quizzes/${encodeURIComponent(quizId)}/attempts/${encodeURIComponent(attemptId)}`;
}

/** A trainee's quizzes: those assigned to them or their team first, then every quiz of the bank to practise. */
export function QuizzesPage() {
  const { t, formatDateTime } = useLanguage();
  const [result] = useQuery({ query: quizzesQuery, requestPolicy: 'cache-and-network' });
  const [started, start] = useMutation(startAttemptMutation);
  const [error, setError] = useState<string>();

  const begin = async (quizId: string, assignmentId?: string) => {
    setError(undefined);
    const outcome = await start({ input: { quizId, assignmentId: assignmentId ?? null } });
    if (outcome.data) navigate(attemptPath(quizId, outcome.data.startAttempt.id));
    else if (outcome.error) setError(outcome.error.message);
  };

  const assignments = result.data?.quizAssignments ?? [];
  const quizzes = result.data?.quizzes ?? [];
  return (
    <section className="page quizzes-page">
      <h1>{t('quizzesTitle')}</h1>
      {result.error ? <ErrorNote error={result.error} /> : null}
      {error ? <ErrorNote error={{ message: error }} /> : null}
      <div className="panel">
        <h2>{t('assignedQuizzes')}</h2>
        {result.data && assignments.length === 0 ? <p className="empty">{t('noAssignments')}</p> : null}
        <ul className="quiz-list" data-testid="assigned-quizzes">
          {assignments.map((assignment) => (
            <li key={assignment.id} data-testid="assigned-quiz" data-quiz-id={assignment.quizId}>
              <strong>{assignment.quiz?.title ?? assignment.quizId}</strong>{' '}
              {assignment.team && !assignment.trainee ? (
                <span className="badge">{t('assignedToTeam', { team: assignment.team })}</span>
              ) : null}{' '}
              {assignment.dueAt ? (
                <span className="hint">{t('dueBy', { time: formatDateTime(assignment.dueAt) })}</span>
              ) : null}{' '}
              <button
                type="button"
                className="primary"
                disabled={started.fetching}
                onClick={() => begin(assignment.quizId, assignment.id)}
              >
                {t('startQuiz')}
              </button>
            </li>
          ))}
        </ul>
      </div>
      <div className="panel">
        <h2>{t('allQuizzes')}</h2>
        <ul className="quiz-list" data-testid="all-quizzes">
          {quizzes.map((quiz) => (
            <li key={quiz.id} data-quiz-id={quiz.id}>
              <strong>{quiz.title}</strong>{' '}
              <span className="hint">
                {t('quizItems', {
                  count: quiz.items.length,
                  passMark: percent(quiz.passMark),
                  tries: quiz.maxTries,
                  penalty: percent(quiz.penaltyPerTry),
                })}
              </span>{' '}
              <button type="button" disabled={started.fetching} onClick={() => begin(quiz.id)}>
                {t('startQuiz')}
              </button>
              {quiz.description ? <p className="hint">{quiz.description}</p> : null}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

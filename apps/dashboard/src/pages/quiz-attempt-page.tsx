import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorNote } from '../components/error-note.js';
import { OrderingInput } from '../components/ordering-input.js';
import { graphql, type ResultOf, readFragment } from '../graphql.js';
import { useLanguage } from '../i18n.js';
import { type AnswerDraft, answerInput, draftComplete, emptyDraft, optionLetter } from '../quiz-answers.js';
import { Link } from '../router.js';
import { explainedGradeFragment, ResponseView } from './trainee-attempts.js';

const attemptQuery = graphql(`
  query DashboardQuizAttempt($quizId: ID!, $attemptId: ID!) {
    quiz(id: $quizId) {
      id title passMark maxTries penaltyPerTry certaintyBasedMarking version
      items {
        weight
        item { id type title prompt version options { id text } stems { id text } choices { id text } }
      }
    }
    attempt(id: $attemptId) { id status score passed responses { itemId tryNumber passed } }
  }
`);

const answerItemMutation = graphql(
  `
  mutation DashboardAnswerItem($input: AnswerItemInput!) {
    answerItem(input: $input) {
      itemId tryNumber rawScore penalty score passed final tryAgain triesLeft
      correctAnswer explanation certainty certaintyMark certaintyExplanation
      grade { ...DashboardExplainedGrade }
    }
  }
`,
  [explainedGradeFragment],
);

const finishAttemptMutation = graphql(`
  mutation DashboardFinishAttempt($input: FinishAttemptInput!) {
    finishAttempt(input: $input) { id status score passed passMark }
  }
`);

type QuizItem = NonNullable<ResultOf<typeof attemptQuery>['quiz']>['items'][number]['item'];
type Try = ResultOf<typeof answerItemMutation>['answerItem'];

const percent = (value: number | null | undefined) =>
  value === null || value === undefined ? '–' : `${Math.round(value * 1000) / 10}%`;

/** The first item not yet over (passed, or its tries used up), given the tries recorded so far. */
function firstOpenItem(
  items: readonly { item: { id: string } }[],
  responses: readonly { itemId: string; passed: boolean }[],
  maxTries: number,
): number {
  const index = items.findIndex(({ item }) => {
    const tries = responses.filter((response) => response.itemId === item.id);
    return !tries.some((response) => response.passed) && tries.length < maxTries;
  });
  return index === -1 ? items.length : index;
}

/** Taking a quiz: one item at a time, graded and explained after every try. */
export function QuizAttemptPage({ quizId, attemptId }: { quizId: string; attemptId: string }) {
  const { t } = useLanguage();
  const [result] = useQuery({
    query: attemptQuery,
    variables: { quizId, attemptId },
    requestPolicy: 'network-only',
  });
  const [finishing, finish] = useMutation(finishAttemptMutation);
  const [position, setPosition] = useState<number>();
  const quiz = result.data?.quiz;
  const attempt = result.data?.attempt;

  useEffect(() => {
    if (quiz && attempt && position === undefined)
      setPosition(firstOpenItem(quiz.items, attempt.responses, quiz.maxTries));
  }, [quiz, attempt, position]);

  if (result.error) return <ErrorNote error={result.error} />;
  if (!quiz || !attempt || position === undefined) return <p>{t('loading')}</p>;
  const finished = finishing.data?.finishAttempt ?? (attempt.status === 'finished' ? attempt : undefined);
  const entry = quiz.items[position];

  return (
    <section className="page quiz-attempt-page" data-testid="quiz-attempt" data-attempt-id={attempt.id}>
      <p>
        <Link to="/quizzes">← {t('backToQuizzes')}</Link>
      </p>
      <h1>{quiz.title}</h1>
      <ol className="quiz-progress" aria-label={quiz.title}>
        {quiz.items.map(({ item }, index) => (
          <li
            key={item.id}
            className={index === position ? 'current' : index < position ? 'done' : undefined}
            aria-current={index === position ? 'step' : undefined}
          >
            {index + 1}
          </li>
        ))}
      </ol>
      {finishing.error ? <ErrorNote error={finishing.error} /> : null}
      {finished ? (
        <div
          className="panel quiz-finished"
          data-testid="quiz-finished"
          data-passed={String(finished.passed)}
        >
          <h2>{t('quizFinished', { score: percent(finished.score) })}</h2>
          <p className={`badge ${finished.passed ? 'pass' : 'fail'}`}>
            {finished.passed
              ? t('quizPassed', { passMark: percent(quiz.passMark) })
              : t('quizFailed', { passMark: percent(quiz.passMark) })}
          </p>
        </div>
      ) : entry ? (
        <ItemPanel
          key={entry.item.id}
          attemptId={attempt.id}
          item={entry.item}
          position={position}
          total={quiz.items.length}
          maxTries={quiz.maxTries}
          askCertainty={quiz.certaintyBasedMarking}
          earlierTries={attempt.responses.filter((response) => response.itemId === entry.item.id).length}
          onNext={() => setPosition(position + 1)}
          onFinish={() => finish({ input: { attemptId: attempt.id } })}
        />
      ) : (
        <button
          type="button"
          className="primary"
          onClick={() => finish({ input: { attemptId: attempt.id } })}
        >
          {t('finishQuiz')}
        </button>
      )}
    </section>
  );
}

/** One item of the attempt: the answer form, then the graded try with the explained grade. */
export function ItemPanel({
  attemptId,
  item,
  position,
  total,
  maxTries,
  askCertainty,
  earlierTries,
  onNext,
  onFinish,
}: {
  attemptId: string;
  item: QuizItem;
  position: number;
  total: number;
  maxTries: number;
  askCertainty: boolean;
  earlierTries: number;
  onNext: () => void;
  onFinish: () => void;
}) {
  const { t } = useLanguage();
  const [draft, setDraft] = useState<AnswerDraft>(() => emptyDraft(item.options));
  const [certainty, setCertainty] = useState<number>();
  const [shown, setShown] = useState<{ result: Try; draft: AnswerDraft }>();
  const [answering, answer] = useMutation(answerItemMutation);
  const last = position === total - 1;
  const name = `item-${position}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const outcome = await answer({
      input: {
        attemptId,
        itemId: item.id,
        answer: answerInput(item.type, draft),
        certainty: certainty ?? null,
      },
    });
    if (outcome.data) setShown({ result: outcome.data.answerItem, draft });
  };

  const response = useMemo(() => {
    if (!shown) return undefined;
    const grade = readFragment(explainedGradeFragment, shown.result.grade);
    return {
      itemId: item.id,
      itemType: item.type,
      tryNumber: shown.result.tryNumber,
      answerText: item.type === 'script' ? shown.draft.text : null,
      answer: answerInput(item.type, shown.draft),
      score: shown.result.score,
      penalty: shown.result.penalty,
      passed: shown.result.passed,
      item: null,
      grade,
    };
  }, [shown, item]);

  const locked = shown !== undefined;
  return (
    <article
      className="panel quiz-item"
      data-testid="quiz-item"
      data-item-id={item.id}
      data-item-type={item.type}
    >
      <p className="hint">{t('itemOf', { n: position + 1, total })}</p>
      <h2>{item.title ?? item.id}</h2>
      <p className="prompt" lang="zh-CN">
        {item.prompt}
      </p>
      <form onSubmit={submit}>
        <fieldset disabled={locked} className="answer-fields">
          <legend className="visually-hidden">{t('yourAnswer')}</legend>
          <AnswerFields item={item} draft={draft} onChange={setDraft} name={name} />
        </fieldset>
        <fieldset disabled={locked} className="certainty" data-testid="certainty">
          <legend>
            {t('certaintyLegend')}{' '}
            {askCertainty ? '*' : <small className="hint">{t('certaintyOptional')}</small>}
          </legend>
          {[1, 2, 3].map((level) => (
            <label key={level}>
              <input
                type="radio"
                name={`${name}-certainty`}
                value={level}
                checked={certainty === level}
                required={askCertainty}
                onChange={() => setCertainty(level)}
              />{' '}
              {t(`certainty${level}` as 'certainty1')}
            </label>
          ))}
        </fieldset>
        {answering.error ? <ErrorNote error={answering.error} /> : null}
        {!locked ? (
          <button
            type="submit"
            className="primary"
            disabled={answering.fetching || !draftComplete(item.type, draft, item.stems)}
            data-testid="submit-answer"
          >
            {t('submitAnswer')}
          </button>
        ) : null}
      </form>
      {shown && response ? (
        <div
          className="try-result"
          data-testid="try-result"
          data-passed={String(shown.result.passed)}
          aria-live="polite"
        >
          <p>
            <strong>
              {t('tryResult', { n: shown.result.tryNumber, score: percent(shown.result.score) })}
            </strong>{' '}
            {shown.result.penalty > 0 ? t('tryPenalty', { penalty: percent(shown.result.penalty) }) : null}{' '}
            <span className={`badge ${shown.result.passed ? 'pass' : 'fail'}`} data-testid="try-verdict">
              {shown.result.passed ? t('itemPassed') : t('itemFailed')}
            </span>{' '}
            {shown.result.tryAgain ? (
              <span className="hint">{t('triesLeft', { count: shown.result.triesLeft })}</span>
            ) : null}
          </p>
          {shown.result.certaintyMark !== null ? (
            <p className="hint">{t('certaintyMarkIs', { mark: shown.result.certaintyMark })}</p>
          ) : null}
          {item.type === 'script' ? <p className="hint">{t('evidenceLegend')}</p> : null}
          <ResponseView response={response} heading={false} />
          {shown.result.final ? (
            <RightAnswer
              item={item}
              correct={shown.result.correctAnswer}
              explanation={shown.result.explanation}
            />
          ) : (
            <p className="hint" data-testid="answer-kept-back">
              {t('answerKeptBack')}
            </p>
          )}
          <div className="form-buttons">
            {shown.result.tryAgain ? (
              <button
                type="button"
                className="primary"
                onClick={() => setShown(undefined)}
                data-testid="try-again"
              >
                {t('tryAgain')}
              </button>
            ) : last ? (
              <button type="button" className="primary" onClick={onFinish} data-testid="finish-quiz">
                {t('finishQuiz')}
              </button>
            ) : (
              <button type="button" className="primary" onClick={onNext} data-testid="next-item">
                {t('nextItem')}
              </button>
            )}
          </div>
        </div>
      ) : null}
      {!shown && earlierTries > 0 ? (
        <p className="hint">{t('triesLeft', { count: maxTries - earlierTries })}</p>
      ) : null}
    </article>
  );
}

function AnswerFields({
  item,
  draft,
  onChange,
  name,
}: {
  item: QuizItem;
  draft: AnswerDraft;
  onChange: (draft: AnswerDraft) => void;
  name: string;
}) {
  const { t } = useLanguage();
  switch (item.type) {
    case 'script':
      return (
        <div className="form-row">
          <label htmlFor={`${name}-text`}>{t('yourAnswer')}</label>
          <textarea
            id={`${name}-text`}
            name="answer"
            lang="zh-CN"
            rows={4}
            value={draft.text}
            aria-describedby={`${name}-hint`}
            onChange={(event) => onChange({ ...draft, text: event.target.value })}
          />
          <small id={`${name}-hint`}>{t('answerHint')}</small>
        </div>
      );
    case 'single-choice':
    case 'multiple-choice':
      return (
        <ul className="choice-list" lang="zh-CN">
          {item.options.map((option, index) => {
            const multiple = item.type === 'multiple-choice';
            const checked = multiple ? draft.choices.includes(option.id) : draft.choice === option.id;
            return (
              <li key={option.id}>
                <label>
                  <input
                    type={multiple ? 'checkbox' : 'radio'}
                    name={`${name}-choice`}
                    value={option.id}
                    checked={checked}
                    onChange={(event) =>
                      onChange(
                        multiple
                          ? {
                              ...draft,
                              choices: event.target.checked
                                ? [...draft.choices, option.id]
                                : draft.choices.filter((choice) => choice !== option.id),
                            }
                          : { ...draft, choice: option.id },
                      )
                    }
                  />{' '}
                  <strong>{optionLetter(index)}.</strong> {option.text}
                </label>
              </li>
            );
          })}
        </ul>
      );
    case 'ordering':
      return (
        <OrderingInput
          options={item.options}
          order={draft.order}
          name={name}
          onChange={(order) => onChange({ ...draft, order })}
        />
      );
    default:
      return (
        <table className="matching" lang="zh-CN">
          <tbody>
            {item.stems.map((stem) => (
              <tr key={stem.id}>
                <th scope="row">
                  <label htmlFor={`${name}-${stem.id}`}>{stem.text}</label>
                </th>
                <td>
                  <select
                    id={`${name}-${stem.id}`}
                    value={draft.pairs[stem.id] ?? ''}
                    onChange={(event) =>
                      onChange({ ...draft, pairs: { ...draft.pairs, [stem.id]: event.target.value } })
                    }
                  >
                    <option value="">{t('matchChoose')}</option>
                    {item.choices.map((choice) => (
                      <option key={choice.id} value={choice.id}>
                        {choice.text}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      );
  }
}

/** The right answer in the item's own words, shown once the item is over. */
function RightAnswer({
  item,
  correct,
  explanation,
}: {
  item: QuizItem;
  correct: unknown;
  explanation: string | null;
}) {
  const { t } = useLanguage();
  const textOf = (id: string, from = item.options) => {
    const index = from.findIndex((option) => option.id === id);
    return index === -1
      ? id
      : `${from === item.options ? `${optionLetter(index)}. ` : ''}${from[index]?.text}`;
  };
  let shown: string[] = [];
  if (typeof correct === 'string') shown = [textOf(correct)];
  else if (Array.isArray(correct)) shown = correct.map((id) => textOf(String(id)));
  else if (correct && typeof correct === 'object')
    shown = Object.entries(correct as Record<string, string>).map(
      ([stem, choice]) => `${textOf(stem, item.stems)} → ${textOf(choice, item.choices)}`,
    );
  if (shown.length === 0 && !explanation) return null;
  return (
    <div className="right-answer" data-testid="right-answer" lang="zh-CN">
      {shown.length > 0 ? (
        <>
          <h3>{t('correctAnswerIs')}</h3>
          {item.type === 'ordering' ? (
            <ol>
              {shown.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ol>
          ) : (
            <ul>
              {shown.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
        </>
      ) : null}
      {explanation ? <p className="hint">{explanation}</p> : null}
    </div>
  );
}

import { type FormEvent, useState } from 'react';
import { type MessageKey, useLanguage } from '../i18n.js';
import type { Scorecard, ScorecardCriterion } from '../pages/quality-documents.js';

export interface RatingInput {
  criterionId: string;
  rating: string;
  comment?: string;
}

export interface Suggestion {
  criterionId: string;
  rating: string;
  evidence: string;
}

/** The ratings a criterion can take: yes/no, or 0…maxPoints; N/A where the card allows it. */
export function ratingOptions(criterion: ScorecardCriterion): string[] {
  const values =
    criterion.maxPoints === null
      ? ['yes', 'no']
      : Array.from({ length: criterion.maxPoints + 1 }, (_, points) => String(criterion.maxPoints! - points));
  return criterion.allowNotApplicable ? [...values, 'na'] : values;
}

/** The start of a form: the grader's suggestions, else the given ratings, else nothing. */
export function initialRatings(
  scorecard: Scorecard,
  suggestions: readonly Suggestion[] = [],
  given: readonly { criterionId: string; rating: string }[] = [],
): Record<string, string> {
  const ratings: Record<string, string> = {};
  for (const criterion of scorecard.sections.flatMap((section) => section.criteria)) {
    const value =
      given.find((item) => item.criterionId === criterion.id)?.rating ??
      suggestions.find((item) => item.criterionId === criterion.id)?.rating;
    if (value !== undefined) ratings[criterion.id] = value;
  }
  return ratings;
}

/**
 * A scorecard as a form: one radio group per item (yes / no / points / N/A), the grader's suggestion with its
 * evidence beside it, an optional comment. Submits only when every item is rated.
 */
export function ScorecardForm({
  scorecard,
  suggestions = [],
  initial = {},
  idPrefix,
  submitLabel,
  busy = false,
  onSubmit,
}: {
  scorecard: Scorecard;
  suggestions?: readonly Suggestion[];
  initial?: Record<string, string>;
  idPrefix: string;
  submitLabel: string;
  busy?: boolean;
  onSubmit: (ratings: RatingInput[]) => void;
}) {
  const { t } = useLanguage();
  const [ratings, setRatings] = useState<Record<string, string>>(initial);
  const [comments, setComments] = useState<Record<string, string>>({});
  const criteria = scorecard.sections.flatMap((section) => section.criteria);
  const unrated = criteria.filter((criterion) => !ratings[criterion.id]).length;
  const label = (rating: string) =>
    /^\d+$/.test(rating) ? t('qaPoints', { points: rating }) : t(`qaRating_${rating}` as MessageKey);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (unrated > 0) return;
    onSubmit(
      criteria.map((criterion) => ({
        criterionId: criterion.id,
        rating: ratings[criterion.id] as string,
        ...(comments[criterion.id]?.trim() ? { comment: comments[criterion.id] } : {}),
      })),
    );
  };

  return (
    <form className="scorecard-form" data-testid="scorecard-form" onSubmit={submit}>
      {scorecard.sections.map((section) => (
        <section key={section.id} className="scorecard-section">
          <h3>
            {section.title} <small>({section.weight})</small>
          </h3>
          {section.criteria.map((criterion) => {
            const suggestion = suggestions.find((item) => item.criterionId === criterion.id);
            const name = `${idPrefix}-${criterion.id}`;
            return (
              <fieldset
                key={criterion.id}
                className={`criterion${criterion.critical === 'review' ? ' critical' : ''}`}
                data-testid="criterion"
                data-criterion={criterion.id}
              >
                <legend>
                  {criterion.title}
                  {criterion.critical === 'review' ? (
                    <span className="badge critical-badge">{t('qaCritical')}</span>
                  ) : criterion.critical === 'section' ? (
                    <span className="badge">{t('qaSectionCritical')}</span>
                  ) : null}
                </legend>
                {criterion.guidance ? <p className="hint">{criterion.guidance}</p> : null}
                <div className="rating-options">
                  {ratingOptions(criterion).map((rating) => (
                    <label key={rating} className="rating-option">
                      <input
                        type="radio"
                        name={name}
                        value={rating}
                        checked={ratings[criterion.id] === rating}
                        onChange={() => setRatings((current) => ({ ...current, [criterion.id]: rating }))}
                      />{' '}
                      {label(rating)}
                    </label>
                  ))}
                </div>
                {suggestion ? (
                  <p className="suggestion" data-testid="suggestion" data-rating={suggestion.rating}>
                    {t('qaSuggested', { rating: label(suggestion.rating) })} — {suggestion.evidence}
                  </p>
                ) : null}
                <label className="comment">
                  {t('qaComment')}{' '}
                  <input
                    type="text"
                    name={`${name}-comment`}
                    value={comments[criterion.id] ?? ''}
                    onChange={(event) => {
                      const value = event.target.value;
                      setComments((current) => ({ ...current, [criterion.id]: value }));
                    }}
                  />
                </label>
              </fieldset>
            );
          })}
        </section>
      ))}
      {unrated > 0 ? <p className="hint">{t('qaNotRated', { count: unrated })}</p> : null}
      <button type="submit" disabled={busy || unrated > 0} data-testid="submit-scorecard">
        {submitLabel}
      </button>
    </form>
  );
}

/**
 * A confusion matrix between two raters over the same items. `labels` names the categories in
 * order; `counts[i][j]` counts the items rater A put in `labels[i]` and rater B in `labels[j]`.
 */
export interface ConfusionMatrix<Label extends string | number | boolean = string | number | boolean> {
  readonly labels: readonly Label[];
  readonly counts: readonly (readonly number[])[];
  readonly total: number;
}

/**
 * Builds the confusion matrix of two parallel rating lists. Categories come from `labels` when
 * given (in that order), otherwise from the ratings in order of first appearance (A then B).
 */
export function confusionMatrix<Label extends string | number | boolean>(
  ratingsA: readonly Label[],
  ratingsB: readonly Label[],
  labels?: readonly Label[],
): ConfusionMatrix<Label> {
  if (ratingsA.length !== ratingsB.length) {
    throw new RangeError(
      `confusionMatrix needs two lists of equal length (got ${ratingsA.length} and ${ratingsB.length})`,
    );
  }
  const categories: Label[] = labels ? [...labels] : [];
  const index = new Map<Label, number>();
  for (const label of categories) index.set(label, index.size);
  if (!labels) {
    for (const rating of [...ratingsA, ...ratingsB]) {
      if (!index.has(rating)) {
        index.set(rating, categories.length);
        categories.push(rating);
      }
    }
  }
  const counts = categories.map(() => categories.map(() => 0));
  for (let k = 0; k < ratingsA.length; k++) {
    const i = index.get(ratingsA[k] as Label);
    const j = index.get(ratingsB[k] as Label);
    if (i === undefined || j === undefined) {
      throw new RangeError(
        `confusionMatrix: rating ${String(i === undefined ? ratingsA[k] : ratingsB[k])} is not among the labels`,
      );
    }
    (counts[i] as number[])[j] = ((counts[i] as number[])[j] as number) + 1;
  }
  return { labels: categories, counts, total: ratingsA.length };
}

/**
 * Cohen's kappa of a confusion matrix: (pₒ − pₑ) / (1 − pₑ). Returns 1 when both raters agree
 * perfectly and chance agreement is also 1 (a single category), and NaN for an empty matrix.
 */
export function cohenKappa(matrix: ConfusionMatrix): number;
/** Cohen's kappa of two parallel rating lists. */
export function cohenKappa<Label extends string | number | boolean>(
  ratingsA: readonly Label[],
  ratingsB: readonly Label[],
): number;
export function cohenKappa(
  first: ConfusionMatrix | readonly (string | number | boolean)[],
  second?: readonly (string | number | boolean)[],
): number {
  const matrix = Array.isArray(first)
    ? confusionMatrix(first as readonly (string | number | boolean)[], second ?? [])
    : (first as ConfusionMatrix);
  const { counts, total } = matrix;
  if (total === 0) return Number.NaN;
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < counts.length; i++) {
    const row = counts[i] as readonly number[];
    observed += row[i] as number;
    let rowSum = 0;
    let columnSum = 0;
    for (let j = 0; j < counts.length; j++) {
      rowSum += row[j] as number;
      columnSum += (counts[j] as readonly number[])[i] as number;
    }
    expected += (rowSum / total) * (columnSum / total);
  }
  observed /= total;
  if (expected === 1) return observed === 1 ? 1 : 0;
  return (observed - expected) / (1 - expected);
}

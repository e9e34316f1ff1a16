import { InvalidStatisticsInput } from '../items/scoring-input-error.js';

/** Fleiss' kappa with the agreement figures behind it. */
export interface FleissAgreement {
  kappa: number;
  /** P̄: mean agreement among raters per subject. */
  observedAgreement: number;
  /** P̄ₑ: agreement expected by chance from the overall category proportions. */
  expectedAgreement: number;
  subjects: number;
  ratersPerSubject: number;
  /** pⱼ: share of all ratings that went to each category (same order as the columns). */
  categoryProportions: number[];
}

/**
 * Fleiss' kappa (Fleiss 1971) for many raters: `counts[i][j]` is how many raters put subject i in
 * category j; every subject must have the same number of raters (at least 2). κ = (P̄ − P̄ₑ) / (1 − P̄ₑ).
 * When chance agreement is already 1 (one category used throughout) κ is 1.
 */
export function fleissAgreement(counts: readonly (readonly number[])[]): FleissAgreement {
  if (counts.length === 0) throw new InvalidStatisticsInput("Fleiss' kappa needs at least one subject");
  const categories = (counts[0] as readonly number[]).length;
  if (categories === 0) throw new InvalidStatisticsInput("Fleiss' kappa needs at least one category");
  let raters = -1;
  const columnTotals = new Array<number>(categories).fill(0);
  let agreementTotal = 0;
  counts.forEach((row, index) => {
    if (row.length !== categories) {
      throw new InvalidStatisticsInput(
        `subject ${index} has ${row.length} categories, expected ${categories}`,
      );
    }
    let rowTotal = 0;
    let squares = 0;
    row.forEach((count, column) => {
      if (!Number.isInteger(count) || count < 0) {
        throw new InvalidStatisticsInput(
          `subject ${index}, category ${column}: count must be a whole number ≥ 0`,
        );
      }
      rowTotal += count;
      squares += count * count;
      columnTotals[column] = (columnTotals[column] as number) + count;
    });
    if (raters === -1) raters = rowTotal;
    if (rowTotal !== raters) {
      throw new InvalidStatisticsInput(
        `subject ${index} has ${rowTotal} ratings, expected ${raters} like the first`,
      );
    }
    if (raters < 2) throw new InvalidStatisticsInput("Fleiss' kappa needs at least 2 raters per subject");
    agreementTotal += (squares - raters) / (raters * (raters - 1));
  });
  const total = counts.length * raters;
  const categoryProportions = columnTotals.map((count) => count / total);
  const observedAgreement = agreementTotal / counts.length;
  const expectedAgreement = categoryProportions.reduce((sum, p) => sum + p * p, 0);
  const kappa =
    expectedAgreement >= 1 - 1e-12
      ? observedAgreement >= 1 - 1e-12
        ? 1
        : 0
      : (observedAgreement - expectedAgreement) / (1 - expectedAgreement);
  return {
    kappa,
    observedAgreement,
    expectedAgreement,
    subjects: counts.length,
    ratersPerSubject: raters,
    categoryProportions,
  };
}

/** Fleiss' kappa of a subjects × categories count matrix (see `fleissAgreement`). */
export function fleissKappa(counts: readonly (readonly number[])[]): number {
  return fleissAgreement(counts).kappa;
}

/**
 * Turns per-subject rating lists (`ratings[i]` = the labels raters gave subject i) into the count
 * matrix Fleiss' kappa takes. Categories are `labels` when given, otherwise in order of first use.
 */
export function ratingCounts<Label extends string | number | boolean>(
  ratings: readonly (readonly Label[])[],
  labels?: readonly Label[],
): { labels: Label[]; counts: number[][] } {
  const categories: Label[] = labels ? [...labels] : [];
  if (!labels) {
    for (const subject of ratings)
      for (const rating of subject) if (!categories.includes(rating)) categories.push(rating);
  }
  const index = new Map(categories.map((label, position) => [label, position]));
  const counts = ratings.map((subject, subjectIndex) => {
    const row = new Array<number>(categories.length).fill(0);
    for (const rating of subject) {
      const column = index.get(rating);
      if (column === undefined) {
        throw new InvalidStatisticsInput(
          `subject ${subjectIndex}: rating ${String(rating)} is not among the labels`,
        );
      }
      row[column] = (row[column] as number) + 1;
    }
    return row;
  });
  return { labels: categories, counts };
}

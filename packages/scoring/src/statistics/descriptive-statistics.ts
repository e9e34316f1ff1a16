import { InvalidStatisticsInput } from '../items/scoring-input-error.js';

function checkValues(values: readonly number[], what: string, minimum = 1): void {
  if (values.length < minimum) throw new InvalidStatisticsInput(`${what} needs at least ${minimum} value(s)`);
  for (const value of values) {
    if (!Number.isFinite(value)) throw new InvalidStatisticsInput(`${what}: ${value} is not a finite number`);
  }
}

export function mean(values: readonly number[]): number {
  checkValues(values, 'mean');
  let total = 0;
  for (const value of values) total += value;
  return total / values.length;
}

export function median(values: readonly number[]): number {
  checkValues(values, 'median');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * Variance. `population` (default) divides by n, as KR-20 and the standard error of measurement
 * are usually stated; `sample` divides by n − 1.
 */
export function variance(values: readonly number[], kind: 'population' | 'sample' = 'population'): number {
  checkValues(values, 'variance', kind === 'sample' ? 2 : 1);
  const average = mean(values);
  let squares = 0;
  for (const value of values) squares += (value - average) ** 2;
  return squares / (kind === 'sample' ? values.length - 1 : values.length);
}

export function standardDeviation(
  values: readonly number[],
  kind: 'population' | 'sample' = 'population',
): number {
  return Math.sqrt(variance(values, kind));
}

/** Pearson's correlation; NaN when either list has no spread. */
export function pearsonCorrelation(first: readonly number[], second: readonly number[]): number {
  if (first.length !== second.length) {
    throw new InvalidStatisticsInput(
      `correlation needs two lists of equal length (got ${first.length} and ${second.length})`,
    );
  }
  checkValues(first, 'correlation', 2);
  checkValues(second, 'correlation', 2);
  const meanFirst = mean(first);
  const meanSecond = mean(second);
  let product = 0;
  let squaresFirst = 0;
  let squaresSecond = 0;
  for (let i = 0; i < first.length; i++) {
    const a = (first[i] as number) - meanFirst;
    const b = (second[i] as number) - meanSecond;
    product += a * b;
    squaresFirst += a * a;
    squaresSecond += b * b;
  }
  if (squaresFirst === 0 || squaresSecond === 0) return Number.NaN;
  return product / Math.sqrt(squaresFirst * squaresSecond);
}

/**
 * Certainty-based marking (CBM), as in Moodle (Gardner-Medwin's scheme). With each answer the agent
 * says how sure they are:
 *
 * | certainty | meaning            | correct | wrong |
 * |-----------|--------------------|---------|-------|
 * | 1         | 不太确定 (low)     | 1       | 0     |
 * | 2         | 比较确定 (medium)  | 2       | −2    |
 * | 3         | 非常确定 (high)    | 3       | −6    |
 *
 * A partly right answer (score s > 0) earns s × the correct mark; a score of 0 takes the wrong mark.
 * It pays to claim high certainty only when the chance of being right is above 80 %, medium above
 * 67 %, so guessing with confidence costs. Marks run from −6 to 3.
 */
export type CertaintyLevel = 1 | 2 | 3;

export const certaintyLevels: readonly CertaintyLevel[] = [1, 2, 3];

const correctMarks: Record<CertaintyLevel, number> = { 1: 1, 2: 2, 3: 3 };
const wrongMarks: Record<CertaintyLevel, number> = { 1: 0, 2: -2, 3: -6 };
const labels: Record<CertaintyLevel, string> = { 1: '不太确定', 2: '比较确定', 3: '非常确定' };

export interface CertaintyMark {
  certainty: CertaintyLevel;
  /** The CBM mark, in [−6, 3]. */
  mark: number;
  explanation: string;
}

/** The CBM mark for a score in [0, 1] given with a certainty level. */
export function certaintyMark(score: number, certainty: CertaintyLevel): CertaintyMark {
  if (!certaintyLevels.includes(certainty))
    throw new RangeError(`certainty must be 1, 2 or 3 (got ${certainty})`);
  const wrong = !(score > 1e-7);
  const mark = wrong ? wrongMarks[certainty] : correctMarks[certainty] * Math.min(1, score);
  const explanation = wrong
    ? `答错且${labels[certainty]}:${mark === 0 ? '0' : mark} 分`
    : `${score >= 1 ? '答对' : '部分答对'}且${labels[certainty]}:${Math.round(mark * 100) / 100} 分`;
  return { certainty, mark, explanation };
}

/** Summary of CBM over many answers: the average CBM mark and the plain accuracy (mean score). */
export function summariseCertaintyMarks(entries: readonly { score: number; certainty: CertaintyLevel }[]): {
  count: number;
  averageMark: number;
  accuracy: number;
} {
  if (entries.length === 0) return { count: 0, averageMark: 0, accuracy: 0 };
  let markTotal = 0;
  let scoreTotal = 0;
  for (const entry of entries) {
    markTotal += certaintyMark(entry.score, entry.certainty).mark;
    scoreTotal += entry.score;
  }
  return {
    count: entries.length,
    averageMark: markTotal / entries.length,
    accuracy: scoreTotal / entries.length,
  };
}

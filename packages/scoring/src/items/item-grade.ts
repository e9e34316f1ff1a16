/** The item types the engine grades. `script` answers are graded by the rubric matcher. */
export type ItemType = 'single-choice' | 'multiple-choice' | 'ordering' | 'matching' | 'script';

/** One mark (or lost mark) and why. `awarded` may be negative for a penalty (a wrong pick). */
export interface ItemMark {
  /** What the mark is about: an option id, a stem id, an item in the order, a concept … */
  subject: string;
  awarded: number;
  available: number;
  /** Shown to the agent (Chinese), e.g. 「选对了 B」. */
  explanation: string;
}

export type ItemGradeState = 'correct' | 'partial' | 'incorrect';

/**
 * The grade of one response to one item. `score` is in [0, 1]; `marks` explain it (the sum of
 * awarded over the sum of available, clamped, except where the grading mode says otherwise, e.g.
 * all-or-nothing); `feedback` is what the agent reads.
 */
export interface ItemGrade {
  itemId: string;
  itemType: ItemType;
  score: number;
  state: ItemGradeState;
  /** Objective items pass only when fully correct; script answers pass by their rubric. */
  passed: boolean;
  marks: ItemMark[];
  feedback: string[];
  /**
   * The entries of `feedback` that give the answer away: the right answer and the item's general
   * explanation. `visibleGrade` keeps them back until the item is finished (see `feedbackVisibility`).
   */
  answerFeedback?: string[];
}

const tolerance = 1e-9;

/** Clamps to [0, 1] and snaps values within floating-point noise of 0 or 1. NaN becomes 0. */
export function clampScore(value: number): number {
  if (!Number.isFinite(value)) return value === Number.POSITIVE_INFINITY ? 1 : 0;
  if (value <= tolerance) return 0;
  if (value >= 1 - tolerance) return 1;
  return value;
}

export function gradeState(score: number): ItemGradeState {
  if (score >= 1) return 'correct';
  if (score <= 0) return 'incorrect';
  return 'partial';
}

/** Builds an objective item's grade from its score and marks. */
export function objectiveGrade(
  itemId: string,
  itemType: ItemType,
  rawScore: number,
  marks: ItemMark[],
  feedback: string[],
  answerFeedback: string[] = [],
): ItemGrade {
  const score = clampScore(rawScore);
  const state = gradeState(score);
  return { itemId, itemType, score, state, passed: state === 'correct', marks, feedback, answerFeedback };
}

/** Formats a mark for an explanation: +1, −0.5, +0.33. */
export function formatMark(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  if (rounded === 0) return '0';
  return rounded > 0 ? `+${rounded}` : `−${Math.abs(rounded)}`;
}

import type { ItemGrade } from './item-grade.js';

/** Where a trainee is with one item after a graded try. */
export interface TryState {
  /** 1-based number of the try just graded. */
  tryNumber: number;
  /** Tries the quiz allows at the item (`AttemptPolicy.maxTries`; at least 1). */
  maxTries: number;
  /** Whether the try just graded passed. */
  passed: boolean;
  /** The trainee moved on (gave up the tries left), or the attempt was submitted. */
  finished?: boolean;
}

/** What a client may show after a try (Moodle's interactive-with-multiple-tries behaviour). */
export interface FeedbackVisibility {
  /** The item is over: passed, out of tries, or finished by the trainee. */
  final: boolean;
  /** Another try may be offered. */
  tryAgain: boolean;
  /** Tries still allowed after this one. */
  triesLeft: number;
  /** Score, state and the feedback on this response (an option's own feedback, concepts found and missed). */
  responseFeedback: true;
  /** The right answer, the item's general explanation and the mark-by-mark breakdown of an objective item. */
  rightAnswer: boolean;
}

/**
 * Decides what feedback may be shown after try `tryNumber` of `maxTries`: the feedback on the
 * response always; the right answer and the general explanation only once the item is over
 * (passed, no tries left, or finished), so a retry is never answered for the trainee. The CLI's
 * `kefu quiz run` and the browser client both follow it.
 */
export function feedbackVisibility(state: TryState): FeedbackVisibility {
  if (!(Number.isInteger(state.maxTries) && state.maxTries >= 1))
    throw new RangeError(`maxTries must be a whole number ≥ 1 (got ${state.maxTries})`);
  if (!(Number.isInteger(state.tryNumber) && state.tryNumber >= 1 && state.tryNumber <= state.maxTries))
    throw new RangeError(`tryNumber must be a whole number from 1 to maxTries (got ${state.tryNumber})`);
  const triesLeft = state.passed ? 0 : state.maxTries - state.tryNumber;
  const final = state.passed || triesLeft === 0 || state.finished === true;
  return {
    final,
    tryAgain: !final,
    triesLeft: final ? 0 : triesLeft,
    responseFeedback: true,
    rightAnswer: final,
  };
}

/**
 * The part of a grade a client may show under `visibility`: before the item is over, the entries of
 * `answerFeedback` are dropped from `feedback` and an objective item's `marks` (which name the right
 * options) are left out. A script answer's marks are about the trainee's own words and stay.
 */
export function visibleGrade<Grade extends ItemGrade>(grade: Grade, visibility: FeedbackVisibility): Grade {
  if (visibility.rightAnswer) return grade;
  const hidden = new Set(grade.answerFeedback ?? []);
  return {
    ...grade,
    feedback: grade.feedback.filter((entry) => !hidden.has(entry)),
    answerFeedback: [],
    marks: grade.itemType === 'script' ? grade.marks : [],
  };
}

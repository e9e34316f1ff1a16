import type { CompiledRubric } from '@kefu/scoring';
import type { ItemResponseShape } from './parse-answer.js';

/** An item as the CLI shows, answers and grades it. */
export interface LibraryItem {
  id: string;
  type: string;
  prompt: string;
  /** A short title (the item's `title`), shown with the id in a session and a report. */
  title?: string;
  /** The item's general explanation, shown once the item is over. */
  explanation?: string;
  skill?: string;
  /** The model answer in the JSONL `answer` form (string, list of ids, stem → choice). */
  modelAnswer?: unknown;
  options?: readonly { id: string; text: string }[];
  stems?: readonly { id: string; text: string }[];
  choices?: readonly { id: string; text: string }[];
  /** Where it was defined, for messages. */
  source?: string;
  /** The item version it is graded with (a published version, or 1 for the standard bank's own); none for a --bank directory. */
  version?: number;
}

export interface LibraryQuiz {
  id: string;
  title: string;
  description?: string;
  /** 0..1 */
  passMark: number;
  /** Items in order with their weights in the quiz score. */
  items: readonly { id: string; weight: number }[];
  itemIds: readonly string[];
  /** Show items in a random order. */
  shuffle: boolean;
  /** At most this many tries per item (default 1: no retries). */
  maxTries: number;
  /** Fraction of the item lost per earlier try. */
  penaltyPerTry: number;
  /** Ask how sure the trainee is with every answer and mark it (certainty-based marking). */
  certaintyBasedMarking: boolean;
  /** The quiz version it is graded with (see `LibraryItem.version`); none for a --bank directory. */
  version?: number;
}

export interface GradeHit {
  concept: string;
  label: string;
  /** The text of the answer that proved it, when there is one. */
  quote?: string;
  tolerance?: string;
}

export interface GradeMiss {
  concept: string;
  label: string;
  feedback?: string;
}

export interface GradeViolation {
  id: string;
  kind: string;
  label: string;
  quote?: string;
  effect?: string;
}

/** A rule the grader applied to a script answer, with the words of the answer that decided it. */
export interface GradeRule {
  /** `concept:greeting`, `house-rule:threat`, `fact:customer`, `direction:hang-up`, `order:…` */
  rule: string;
  label: string;
  outcome: 'met' | 'missed' | 'broken';
  /** The spans of the answer that prove the outcome (none for a concept that is missing). */
  evidence: string[];
}

/** One graded answer in the CLI's uniform shape (script and objective items alike). */
export interface CliGrade {
  itemId: string;
  itemType: string;
  score: number;
  passed: boolean;
  hits: GradeHit[];
  misses: GradeMiss[];
  violations: GradeViolation[];
  /** Script items: every rule applied, met, missed or broken, with its evidence; empty for other items. */
  rules: GradeRule[];
  feedback: string[];
  /** The grader's own result, kept for storage. */
  detail: unknown;
}

export interface QuizLibrary {
  /** Where the items came from (the standard bank or a directory). */
  source: string;
  items: ReadonlyMap<string, LibraryItem>;
  quizzes: ReadonlyMap<string, LibraryQuiz>;
  grade(item: LibraryItem, response: ItemResponseShape): CliGrade;
  /** The compiled rubric of a script item (for @kefu/scoring's `testRules`); undefined for other items. */
  rubricFor(itemId: string): CompiledRubric | undefined;
}

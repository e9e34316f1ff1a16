/** The item types the quiz page answers, as the API names them. */
export type ItemType = 'script' | 'single-choice' | 'multiple-choice' | 'ordering' | 'matching';

/** What the trainee has entered for one item, before it is sent. */
export interface AnswerDraft {
  text: string;
  choice: string;
  choices: string[];
  order: string[];
  /** stem id → choice id */
  pairs: Record<string, string>;
}

export function emptyDraft(options: readonly { id: string }[] = []): AnswerDraft {
  return { text: '', choice: '', choices: [], order: options.map((option) => option.id), pairs: {} };
}

/** The API's `AnswerInput` for an item type: the one field that type takes. */
export function answerInput(type: string, draft: AnswerDraft) {
  switch (type) {
    case 'script':
      return { text: draft.text };
    case 'single-choice':
      return { choice: draft.choice };
    case 'multiple-choice':
      return { choices: draft.choices };
    case 'ordering':
      return { order: draft.order };
    default:
      return { pairs: Object.entries(draft.pairs).map(([stem, choice]) => ({ stem, choice })) };
  }
}

/** Whether the draft is complete enough to send (every stem matched, some text, a pick …). */
export function draftComplete(
  type: string,
  draft: AnswerDraft,
  stems: readonly { id: string }[] = [],
): boolean {
  switch (type) {
    case 'script':
      return draft.text.trim().length > 0;
    case 'single-choice':
      return draft.choice !== '';
    case 'multiple-choice':
      return draft.choices.length > 0;
    case 'ordering':
      return draft.order.length > 0;
    default:
      return stems.every((stem) => Boolean(draft.pairs[stem.id]));
  }
}

/** Moves the entry at `from` by `delta` places (keyboard and buttons); out-of-range moves change nothing. */
export function moveEntry<T>(order: readonly T[], from: number, delta: number): T[] {
  const to = from + delta;
  if (from < 0 || from >= order.length || to < 0 || to >= order.length) return [...order];
  return dropEntry(order, from, to);
}

/** Takes the entry at `from` out and puts it at `to` (a drag and drop). */
export function dropEntry<T>(order: readonly T[], from: number, to: number): T[] {
  const next = [...order];
  const [moved] = next.splice(from, 1);
  if (moved === undefined) return [...order];
  next.splice(Math.max(0, Math.min(to, next.length)), 0, moved);
  return next;
}

/** The letter an option is shown with (A, B, C …), by its place in the list. */
export function optionLetter(index: number): string {
  return String.fromCharCode(65 + index);
}

import type { z } from 'zod';
import { ensureItem, ensureResponse } from './ensure-item.js';
import { formatMark, type ItemGrade, objectiveGrade } from './item-grade.js';
import { singleChoiceItemSchema, singleChoiceResponseSchema } from './item-schemas.js';
import { InvalidResponse } from './scoring-input-error.js';

/** Grades a single-choice item: 1 for the correct option, 0 for any other or none. */
export function gradeSingleChoice(
  itemInput: z.input<typeof singleChoiceItemSchema>,
  responseInput: z.input<typeof singleChoiceResponseSchema>,
): ItemGrade {
  const item = ensureItem(singleChoiceItemSchema, itemInput);
  const response = ensureResponse(item.id, singleChoiceResponseSchema, responseInput);
  const picked =
    response.choice === null ? undefined : item.options.find((option) => option.id === response.choice);
  if (response.choice !== null && !picked) {
    throw new InvalidResponse(item.id, [
      { path: 'choice', message: `"${response.choice}" is not an option of this item` },
    ]);
  }
  const correct = item.options.find((option) => option.id === item.answer)!;
  const right = picked?.id === correct.id;
  const explanation = !picked
    ? `未作答,正确答案是 ${correct.id}`
    : right
      ? `选对了 ${picked.id} ${formatMark(1)}`
      : `选了 ${picked.id},正确答案是 ${correct.id}`;
  const feedback: string[] = [];
  const answerFeedback: string[] = [];
  if (picked?.feedback) feedback.push(picked.feedback);
  if (!right) answerFeedback.push(`正确答案:${correct.id}. ${correct.text}`);
  if (item.explanation) answerFeedback.push(item.explanation);
  feedback.push(...answerFeedback);
  return objectiveGrade(
    item.id,
    'single-choice',
    right ? 1 : 0,
    [{ subject: picked?.id ?? correct.id, awarded: right ? 1 : 0, available: 1, explanation }],
    feedback,
    answerFeedback,
  );
}

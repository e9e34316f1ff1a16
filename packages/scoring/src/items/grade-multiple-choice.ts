import type { z } from 'zod';
import { checkResponseIds, ensureItem, ensureResponse } from './ensure-item.js';
import { formatMark, type ItemGrade, type ItemMark, objectiveGrade } from './item-grade.js';
import { multipleChoiceItemSchema, multipleChoiceResponseSchema } from './item-schemas.js';

/**
 * Grades a multiple-choice item Moodle-style: each correct pick earns 1/k (k correct options), each
 * wrong pick costs the item's `wrongPickPenalty` (default 1/(n−k)), the sum is clamped to [0, 1].
 * With `grading: all-or-nothing` only exactly the correct set scores 1. A missed correct option
 * earns nothing and is explained.
 */
export function gradeMultipleChoice(
  itemInput: z.input<typeof multipleChoiceItemSchema>,
  responseInput: z.input<typeof multipleChoiceResponseSchema>,
): ItemGrade {
  const item = ensureItem(multipleChoiceItemSchema, itemInput);
  const response = ensureResponse(item.id, multipleChoiceResponseSchema, responseInput);
  checkResponseIds(item.id, response.choices, new Set(item.options.map((option) => option.id)), 'choices');

  const correct = new Set(item.answer);
  const picked = new Set(response.choices);
  const wrongCount = item.options.length - correct.size;
  const rightValue = 1 / correct.size;
  const penalty = item.wrongPickPenalty ?? (wrongCount > 0 ? 1 / wrongCount : 0);
  const allOrNothing = item.grading === 'all-or-nothing';

  const marks: ItemMark[] = [];
  const feedback: string[] = [];
  let total = 0;
  for (const option of item.options) {
    const isCorrect = correct.has(option.id);
    const isPicked = picked.has(option.id);
    if (isPicked && option.feedback) feedback.push(option.feedback);
    if (isCorrect && isPicked) {
      total += rightValue;
      marks.push({
        subject: option.id,
        awarded: allOrNothing ? 0 : rightValue,
        available: allOrNothing ? 0 : rightValue,
        explanation: `选对了 ${option.id}${allOrNothing ? '' : ` ${formatMark(rightValue)}`}`,
      });
    } else if (isCorrect) {
      marks.push({
        subject: option.id,
        awarded: 0,
        available: allOrNothing ? 0 : rightValue,
        explanation: `漏选了 ${option.id}`,
      });
    } else if (isPicked) {
      total -= penalty;
      marks.push({
        subject: option.id,
        awarded: allOrNothing ? 0 : -penalty,
        available: 0,
        explanation: `错选了 ${option.id}${allOrNothing || penalty === 0 ? '' : ` ${formatMark(-penalty)}`}`,
      });
    }
  }
  const exact = picked.size === correct.size && [...correct].every((id) => picked.has(id));
  const score = allOrNothing ? (exact ? 1 : 0) : total;
  if (allOrNothing) {
    marks.push({
      subject: 'all',
      awarded: exact ? 1 : 0,
      available: 1,
      explanation: exact ? '全部选对 +1' : '须恰好选出全部正确选项才得分',
    });
  }
  const answerFeedback: string[] = [];
  if (!exact) answerFeedback.push(`正确答案:${item.answer.join('、')}`);
  if (item.explanation) answerFeedback.push(item.explanation);
  feedback.push(...answerFeedback);
  return objectiveGrade(item.id, 'multiple-choice', score, marks, feedback, answerFeedback);
}

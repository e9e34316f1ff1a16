import type { z } from 'zod';
import { ensureItem, ensureResponse } from './ensure-item.js';
import { formatMark, type ItemGrade, type ItemMark, objectiveGrade } from './item-grade.js';
import { matchingItemSchema, matchingResponseSchema } from './item-schemas.js';
import { InvalidResponse, type ScoringIssue } from './scoring-input-error.js';

/**
 * Grades a matching item: each stem is worth 1/s (s stems) when paired with its choice; a wrong or
 * missing pair earns nothing (Moodle's matching question has no penalty for wrong pairs).
 */
export function gradeMatching(
  itemInput: z.input<typeof matchingItemSchema>,
  responseInput: z.input<typeof matchingResponseSchema>,
): ItemGrade {
  const item = ensureItem(matchingItemSchema, itemInput);
  const response = ensureResponse(item.id, matchingResponseSchema, responseInput);
  const stemIds = new Set(item.stems.map((stem) => stem.id));
  const choiceIds = new Set(item.choices.map((choice) => choice.id));
  const issues: ScoringIssue[] = [];
  for (const [stemId, choiceId] of Object.entries(response.pairs)) {
    if (!stemIds.has(stemId))
      issues.push({ path: `pairs.${stemId}`, message: `"${stemId}" is not a stem of this item` });
    else if (!choiceIds.has(choiceId)) {
      issues.push({ path: `pairs.${stemId}`, message: `"${choiceId}" is not a choice of this item` });
    }
  }
  if (issues.length) throw new InvalidResponse(item.id, issues);

  const value = 1 / item.stems.length;
  const marks: ItemMark[] = [];
  const feedback: string[] = [];
  let earned = 0;
  for (const stem of item.stems) {
    const expected = item.answer[stem.id] as string;
    const given = response.pairs[stem.id];
    const right = given === expected;
    if (right) earned++;
    marks.push({
      subject: stem.id,
      awarded: right ? value : 0,
      available: value,
      explanation:
        given === undefined
          ? `${stem.id} 未配对,应配 ${expected}`
          : right
            ? `${stem.id} → ${given} 正确 ${formatMark(value)}`
            : `${stem.id} 配了 ${given},应配 ${expected}`,
    });
    if (!right)
      feedback.push(`${stem.text} → ${item.choices.find((choice) => choice.id === expected)?.text}`);
  }
  if (item.explanation) feedback.push(item.explanation);
  // every entry pairs a stem with its right choice, or explains the item: all of it gives the answer away
  return objectiveGrade(item.id, 'matching', earned / item.stems.length, marks, feedback, [...feedback]);
}

import type { z } from 'zod';
import { checkResponseIds, ensureItem, ensureResponse } from './ensure-item.js';
import { type ItemGrade, type ItemMark, objectiveGrade } from './item-grade.js';
import { type OrderingGradingMode, orderingItemSchema, orderingResponseSchema } from './item-schemas.js';
import { InvalidResponse } from './scoring-input-error.js';

/**
 * Grades an ordering item with one of Moodle's grading modes (see `orderingGradingModes`). The
 * response must place every option exactly once. Each item in the answer gets a mark that says
 * what it earned under the mode; the score is marks earned over marks available.
 */
export function gradeOrdering(
  itemInput: z.input<typeof orderingItemSchema>,
  responseInput: z.input<typeof orderingResponseSchema>,
): ItemGrade {
  const item = ensureItem(orderingItemSchema, itemInput);
  const response = ensureResponse(item.id, orderingResponseSchema, responseInput);
  const correctOrder = item.answer ?? item.options.map((option) => option.id);
  const known = new Set(correctOrder);
  const placed = new Set(response.order);
  const missing = correctOrder.filter((id) => !placed.has(id));
  checkResponseIds(
    item.id,
    response.order,
    known,
    'order',
    missing.length
      ? [{ path: 'order', message: `leaves out ${missing.map((id) => `"${id}"`).join(', ')}` }]
      : [],
  );
  if (response.order.length !== correctOrder.length) {
    throw new InvalidResponse(item.id, [
      { path: 'order', message: `must place all ${correctOrder.length} options` },
    ]);
  }

  const { earned, available, marks } = scoreOrdering(item.grading, correctOrder, response.order);
  const score = available === 0 ? 0 : earned / available;
  const answerFeedback: string[] = [];
  if (score < 1) answerFeedback.push(`正确顺序:${correctOrder.join(' → ')}`);
  if (item.explanation) answerFeedback.push(item.explanation);
  return objectiveGrade(item.id, 'ordering', score, marks, [...answerFeedback], answerFeedback);
}

interface OrderingScore {
  earned: number;
  available: number;
  marks: ItemMark[];
}

/** The marks of one answer order under one grading mode (exported for tests and reports). */
export function scoreOrdering(
  mode: OrderingGradingMode,
  correctOrder: readonly string[],
  answerOrder: readonly string[],
): OrderingScore {
  const n = correctOrder.length;
  const correctIndex = new Map(correctOrder.map((id, index) => [id, index]));
  const answerIndex = new Map(answerOrder.map((id, index) => [id, index]));
  /** For each answer position, where that option belongs. */
  const positions = answerOrder.map((id) => correctIndex.get(id) as number);
  const marks: ItemMark[] = [];
  const mark = (subject: string, awarded: number, available: number, explanation: string) =>
    marks.push({ subject, awarded, available, explanation });

  switch (mode) {
    case 'all-or-nothing': {
      const allRight = positions.every((position, index) => position === index);
      answerOrder.forEach((id, index) => {
        const right = positions[index] === index;
        mark(id, 0, 0, right ? `${id} 位置正确` : `${id} 应在第 ${(positions[index] as number) + 1} 位`);
      });
      mark('all', allRight ? 1 : 0, 1, allRight ? '顺序完全正确 +1' : '全部位置正确才得分');
      return { earned: allRight ? 1 : 0, available: 1, marks };
    }
    case 'absolute-position': {
      let earned = 0;
      answerOrder.forEach((id, index) => {
        const right = positions[index] === index;
        if (right) earned++;
        mark(
          id,
          right ? 1 : 0,
          1,
          right
            ? `${id} 在第 ${index + 1} 位,正确`
            : `${id} 应在第 ${(positions[index] as number) + 1} 位,放在了第 ${index + 1} 位`,
        );
      });
      return { earned, available: n, marks };
    }
    case 'relative-to-correct': {
      let earned = 0;
      answerOrder.forEach((id, index) => {
        const distance = Math.abs((positions[index] as number) - index);
        const awarded = Math.max(0, n - 1 - distance);
        earned += awarded;
        mark(id, awarded, n - 1, distance === 0 ? `${id} 位置正确` : `${id} 离正确位置差 ${distance} 位`);
      });
      return { earned, available: n * (n - 1), marks };
    }
    case 'relative-next-exclude-last':
    case 'relative-next-include-last': {
      const includeLast = mode === 'relative-next-include-last';
      let earned = 0;
      let available = 0;
      correctOrder.forEach((id, index) => {
        const isLast = index === n - 1;
        if (isLast && !includeLast) return;
        available++;
        const expectedNext = correctOrder[index + 1];
        const actualNext = answerOrder[(answerIndex.get(id) as number) + 1];
        const right = expectedNext === actualNext;
        if (right) earned++;
        const wanted = expectedNext === undefined ? `${id} 应排在最后` : `${id} 后面应紧跟 ${expectedNext}`;
        mark(id, right ? 1 : 0, 1, right ? `${wanted},正确` : wanted);
      });
      return { earned, available, marks };
    }
    case 'relative-one-previous-and-next': {
      let earned = 0;
      correctOrder.forEach((id, index) => {
        const at = answerIndex.get(id) as number;
        const previousRight = correctOrder[index - 1] === answerOrder[at - 1];
        const nextRight = correctOrder[index + 1] === answerOrder[at + 1];
        const awarded = (previousRight ? 1 : 0) + (nextRight ? 1 : 0);
        earned += awarded;
        const before =
          correctOrder[index - 1] === undefined ? '应排在最前' : `前面应是 ${correctOrder[index - 1]}`;
        const after =
          correctOrder[index + 1] === undefined ? '应排在最后' : `后面应是 ${correctOrder[index + 1]}`;
        mark(id, awarded, 2, `${id}:${before}${previousRight ? '✓' : '✗'},${after}${nextRight ? '✓' : '✗'}`);
      });
      return { earned, available: 2 * n, marks };
    }
    case 'relative-all-previous-and-next': {
      let earned = 0;
      correctOrder.forEach((id, index) => {
        const at = answerIndex.get(id) as number;
        let awarded = 0;
        for (const other of correctOrder) {
          if (other === id) continue;
          const shouldPrecede = (correctIndex.get(other) as number) < index;
          const doesPrecede = (answerIndex.get(other) as number) < at;
          if (shouldPrecede === doesPrecede) awarded++;
        }
        earned += awarded;
        mark(id, awarded, n - 1, `${id} 与其余 ${n - 1} 项的先后关系对了 ${awarded} 项`);
      });
      return { earned, available: n * (n - 1), marks };
    }
    case 'longest-ordered-subset':
    case 'longest-contiguous-subset': {
      const subset =
        mode === 'longest-ordered-subset'
          ? longestOrderedSubset(positions)
          : longestContiguousSubset(positions);
      const counted = subset.length >= 2 ? new Set(subset) : new Set<number>();
      answerOrder.forEach((id, index) => {
        const inSubset = counted.has(index);
        mark(id, inSubset ? 1 : 0, 1, inSubset ? `${id} 在最长的有序序列中` : `${id} 不在最长的有序序列中`);
      });
      return { earned: counted.size, available: n, marks };
    }
  }
}

/**
 * Answer positions of the longest subsequence whose correct positions increase (gaps allowed). Of
 * several equally long, the one that ends first, and within it the leftmost choices, is returned.
 */
function longestOrderedSubset(positions: readonly number[]): number[] {
  const length = positions.map(() => 1);
  const previous = positions.map(() => -1);
  let bestEnd = -1;
  positions.forEach((value, i) => {
    for (let j = 0; j < i; j++) {
      if ((positions[j] as number) < value && (length[j] as number) + 1 > (length[i] as number)) {
        length[i] = (length[j] as number) + 1;
        previous[i] = j;
      }
    }
    if (bestEnd === -1 || (length[i] as number) > (length[bestEnd] as number)) bestEnd = i;
  });
  const subset: number[] = [];
  for (let at = bestEnd; at !== -1; at = previous[at] as number) subset.unshift(at);
  return subset;
}

/** Answer positions of the longest run of adjacent items that are also adjacent and in order in the correct answer. */
function longestContiguousSubset(positions: readonly number[]): number[] {
  let bestStart = 0;
  let bestLength = positions.length ? 1 : 0;
  let start = 0;
  for (let i = 1; i < positions.length; i++) {
    if (positions[i] !== (positions[i - 1] as number) + 1) start = i;
    if (i - start + 1 > bestLength) {
      bestLength = i - start + 1;
      bestStart = start;
    }
  }
  return Array.from({ length: bestLength }, (_, offset) => bestStart + offset);
}

import { describe, expect, it } from 'vitest';
import { certaintyMark, summariseCertaintyMarks } from './certainty-based-marking.js';
import { gradeItem } from './grade-item.js';
import type { ItemGrade } from './item-grade.js';

const item = {
  id: 'polite',
  type: 'multiple-choice' as const,
  prompt: '哪些是礼貌用语?',
  options: [
    { id: 'a', text: '您好' },
    { id: 'b', text: '请问' },
    { id: 'c', text: '喂' },
    { id: 'd', text: '谢谢' },
  ],
  answer: ['a', 'b', 'd'],
};
const _tryWith = (...choices: string[]): ItemGrade => gradeItem(item, { type: 'multiple-choice', choices });

describe('certaintyMark', () => {
  it('follows the Moodle CBM scale when answers are right or wrong', () => {
    expect([1, 2, 3].map((level) => certaintyMark(1, level as 1 | 2 | 3).mark)).toEqual([1, 2, 3]);
    expect([1, 2, 3].map((level) => certaintyMark(0, level as 1 | 2 | 3).mark)).toEqual([0, -2, -6]);
  });

  it('scales the correct mark when the answer is partly right', () => {
    expect(certaintyMark(0.5, 3).mark).toBe(1.5);
    expect(certaintyMark(0.5, 2).explanation).toBe('部分答对且比较确定:1 分');
  });

  it('throws when the certainty is not 1, 2 or 3', () => {
    expect(() => certaintyMark(1, 4 as never)).toThrow(RangeError);
  });

  it('averages CBM marks beside plain accuracy when summarised', () => {
    const summary = summariseCertaintyMarks([
      { score: 1, certainty: 3 },
      { score: 0, certainty: 3 },
      { score: 1, certainty: 1 },
    ]);
    expect(summary).toEqual({ count: 3, averageMark: (3 - 6 + 1) / 3, accuracy: 2 / 3 });
  });
});

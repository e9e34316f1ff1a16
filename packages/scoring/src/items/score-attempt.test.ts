import { describe, expect, it } from 'vitest';
import { gradeItem } from './grade-item.js';
import type { ItemGrade } from './item-grade.js';
import { scoreAttempt } from './score-attempt.js';
import { AttemptClosed, InvalidResponse } from './scoring-input-error.js';

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
const tryWith = (...choices: string[]): ItemGrade => gradeItem(item, { type: 'multiple-choice', choices });

describe('scoreAttempt', () => {
  it('keeps the full score when the first try is right', () => {
    const attempt = scoreAttempt([{ grade: tryWith('a', 'b', 'd') }]);
    expect(attempt).toMatchObject({ itemId: 'polite', score: 1, passed: true, triesUsed: 1 });
  });

  it('takes the penalty for each earlier try when a later try is right', () => {
    const attempt = scoreAttempt(
      [{ grade: tryWith('c') }, { grade: tryWith('a', 'c') }, { grade: tryWith('a', 'b', 'd') }],
      {
        penaltyPerTry: 0.1,
      },
    );
    expect(attempt.tries.map((result) => result.penalty)).toEqual([0, 0.1, 0.2]);
    expect(attempt.score).toBeCloseTo(0.8, 12);
    expect(attempt.passed).toBe(true);
    expect(attempt.explanation).toContain('第 3 次');
  });

  it('keeps the best penalised try when an earlier partial try beats a late right one', () => {
    // Try 1: a, b = 2/3. Try 2 (after 1/3 penalty): c = 0. Try 3: right, 1 − 2/3 = 1/3.
    const attempt = scoreAttempt([
      { grade: tryWith('a', 'b') },
      { grade: tryWith('c') },
      { grade: tryWith('a', 'b', 'd') },
    ]);
    expect(attempt.score).toBeCloseTo(2 / 3, 12);
    expect(attempt.tries[2]?.score).toBeCloseTo(1 / 3, 12);
  });

  it('never goes below 0 when penalties exceed the score', () => {
    const attempt = scoreAttempt(
      [{ grade: tryWith('c') }, { grade: tryWith('c') }, { grade: tryWith('c') }, { grade: tryWith('a') }],
      {
        penaltyPerTry: 0.5,
      },
    );
    expect(attempt.tries.map((result) => result.score)).toEqual([0, 0, 0, 0]);
    expect(attempt.score).toBe(0);
  });

  it('throws AttemptClosed when tries exceed maxTries or follow a right answer', () => {
    expect(() =>
      scoreAttempt([{ grade: tryWith('c') }, { grade: tryWith('a') }, { grade: tryWith('b') }], {
        maxTries: 2,
      }),
    ).toThrow(AttemptClosed);
    expect(() => scoreAttempt([{ grade: tryWith('a', 'b', 'd') }, { grade: tryWith('a') }])).toThrow(
      /already fully correct/,
    );
  });

  it('throws InvalidResponse when tries mix items or CBM lacks a certainty', () => {
    const other = gradeItem(
      {
        id: 'other',
        type: 'single-choice',
        prompt: 'p',
        options: [
          { id: 'a', text: 'A' },
          { id: 'b', text: 'B' },
        ],
        answer: 'a',
      },
      { type: 'single-choice', choice: 'b' },
    );
    expect(() => scoreAttempt([{ grade: tryWith('c') }, { grade: other }])).toThrow(InvalidResponse);
    expect(() => scoreAttempt([{ grade: tryWith('a') }], { certaintyBasedMarking: true })).toThrow(
      /certainty/,
    );
  });

  it('adds the CBM mark of the final score at the last certainty when certainty-based marking is on', () => {
    const sureAndWrong = scoreAttempt([{ grade: tryWith('c'), certainty: 3 }], {
      certaintyBasedMarking: true,
    });
    expect(sureAndWrong.certainty).toMatchObject({ certainty: 3, mark: -6 });
    const unsureRight = scoreAttempt([{ grade: tryWith('a', 'b', 'd'), certainty: 1 }], {
      certaintyBasedMarking: true,
    });
    expect(unsureRight.certainty?.mark).toBe(1);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeText } from '../text/normalize-text.js';
import { compileRubric } from './compile-rubric.js';
import { gradeScriptAnswer } from './grade-script-answer.js';

const rubric = compileRubric({
  concepts: [
    { id: 'greeting', phrases: ['您好'] },
    { id: 'offer', phrases: ['有什么{可以|能}{帮助您|帮您}'], min: 1 },
    { id: 'polite', phrases: ['请您…好吗'], weight: 2 },
  ],
  forbidden: [
    { id: 'wei', phrases: ['喂'] },
    { id: 'rude', phrases: ['快说'], effect: 'penalty', penalty: 0.3 },
  ],
  order: [{ sequence: ['greeting', 'offer'] }],
  proximity: [{ concepts: ['greeting', 'polite'], within: 3 }],
});

const pieces = [
  '您好',
  '請問',
  '有什麼可以幫助您',
  '喂',
  '快说',
  '请您',
  '好吗',
  '嗯',
  '那个',
  ',',
  '。',
  ' ',
  '\u0000',
  '\u200b',
  '😀',
  'é',
  'e\u0301',
  'ｶﾞ',
  '\ud800',
];
const answerArbitrary = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((parts) => parts.join('')),
);

describe('grading properties', () => {
  it('never throws and keeps the score in [0, 1] when the answer is any string', () => {
    fc.assert(
      fc.property(answerArbitrary, (answer) => {
        const grade = gradeScriptAnswer(rubric, answer);
        expect(grade.score).toBeGreaterThanOrEqual(0);
        expect(grade.score).toBeLessThanOrEqual(1);
        expect(Number.isFinite(grade.score)).toBe(true);
        for (const hit of grade.hits)
          for (const evidence of hit.evidence)
            expect(answer.slice(evidence.span.start, evidence.span.end)).toBe(evidence.span.text);
      }),
      { numRuns: 500 },
    );
  });

  it('grades a huge answer without throwing when it is a megabyte long', () => {
    const huge = '您好,请问有什么可以帮助您?😀\u0000'.repeat(60_000);
    const grade = gradeScriptAnswer(rubric, huge);
    expect(grade.score).toBeGreaterThanOrEqual(0);
    expect(grade.score).toBeLessThanOrEqual(1);
  });

  it('is idempotent when normalisation is applied twice', () => {
    fc.assert(
      fc.property(answerArbitrary, (answer) => {
        const once = normalizeText(answer).text;
        expect(normalizeText(once).text).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });
});

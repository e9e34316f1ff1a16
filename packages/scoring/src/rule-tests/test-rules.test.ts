import { describe, expect, it } from 'vitest';
import { compileRubric } from '../rubric/compile-rubric.js';
import { formatRuleTestReport, testRules } from './test-rules.js';

const rubrics = new Map([
  [
    'greeting.reply',
    compileRubric({
      concepts: [
        { id: 'greeting', label: '您好', phrases: ['您好'] },
        { id: 'offer', label: '询问需要什么帮助', phrases: ['有什么{可以|能}{帮助您|帮您}'] },
      ],
      forbidden: [{ id: 'wei', label: '喂', phrases: ['喂'] }],
    }),
  ],
]);

const labelled = [
  { id: '1', item: 'greeting.reply', answer: '您好,请问有什么可以帮助您?', pass: true },
  { id: '2', item: 'greeting.reply', answer: '喂,说吧', pass: false },
  { id: '3', item: 'greeting.reply', answer: '您好,有什么可以帮您?', pass: true },
  { id: '4', item: 'greeting.reply', answer: '请问有什么可以帮助您?', pass: true, why: 'marker was lenient' },
  { id: '5', item: 'unknown.item', answer: '您好', pass: true, line: 5 },
];

describe('testRules', () => {
  it('reports accuracy, kappa and the confusion matrix when answers are labelled', () => {
    const report = testRules(labelled, rubrics);
    expect(report.total).toBe(4);
    expect(report.accuracy).toBe(0.75);
    expect(report.confusion.counts).toEqual([
      [2, 1],
      [0, 1],
    ]);
    expect(report.kappa).toBeCloseTo(0.5, 10);
    expect(report.unknownItems).toEqual([{ id: '5', item: 'unknown.item', line: 5 }]);
  });

  it('explains each disagreement with the grade when the rubric and the label differ', () => {
    const report = testRules(labelled, rubrics);
    expect(report.disagreements).toHaveLength(1);
    expect(report.disagreements[0]).toMatchObject({
      id: '4',
      expected: true,
      got: false,
      why: 'marker was lenient',
    });
    expect(report.disagreements[0]?.reason).toContain('missing "您好"');
    expect(formatRuleTestReport(report)).toContain("Cohen's kappa: 0.500");
  });

  it('counts per-concept coverage among passing and failing answers', () => {
    const report = testRules(labelled, rubrics);
    expect(report.coverage.find((entry) => entry.concept === 'greeting')).toMatchObject({
      answers: 4,
      found: 2,
      foundInPassing: 2,
      foundInFailing: 0,
    });
    expect(report.coverage.find((entry) => entry.concept === 'wei')).toMatchObject({
      kind: 'forbidden',
      found: 1,
      foundInFailing: 1,
    });
  });
});

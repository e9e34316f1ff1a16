import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { offsetOf, RuleTestView } from './authoring-page.js';

type Report = Parameters<typeof RuleTestView>[0]['report'];

describe('the YAML editor', () => {
  it('puts the caret at the start of the named column when an issue is clicked', () => {
    const text = 'id: demo\ntype: essay\nprompt: 请作答\n';
    expect(text.slice(offsetOf(text, 2, 7))).toMatch(/^essay/);
    expect(offsetOf(text, 1, 1)).toBe(0);
  });
});

describe('the rule test', () => {
  it('shows accuracy, kappa to two places, the confusion and the disagreement quoted when a report arrives', () => {
    const grade = {
      score: 0,
      passed: false,
      autoFailed: true,
      hits: [],
      misses: [],
      violations: [
        {
          kind: 'forbidden',
          label: '说"喂"',
          quote: '喂',
          effect: 'auto-fail',
          spans: [{ start: 0, end: 1, text: '喂' }],
        },
      ],
      marks: [],
      feedback: [],
    };
    const report = {
      total: 5,
      agreements: 4,
      accuracy: 0.8,
      kappa: 0.32 / 0.52,
      unknownItems: [],
      confusion: [
        { label: 'pass', rubricPass: 2, rubricFail: 1 },
        { label: 'fail', rubricPass: 0, rubricFail: 2 },
      ],
      disagreements: [
        {
          id: 'r3',
          line: 3,
          answer: '喂,说吧!',
          expected: true,
          got: false,
          score: 0,
          why: '语气还行',
          reason: 'score 0.00',
          grade,
        },
      ],
    } as unknown as Report;
    const html = renderToStaticMarkup(createElement(RuleTestView, { report }));
    expect(html).toContain('data-testid="rule-kappa">0.62<');
    expect(html).toContain('80% (4/5)');
    expect(html).toContain(
      '<mark class="violation" data-testid="violation" title="说&quot;喂&quot;">喂</mark>',
    );
    expect(html).toContain('语气还行');
  });
});

import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it('runs the rule-test example when the README shows examples/rule-test-example.ts verbatim', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('./rule-test-example.ts', import.meta.url), 'utf8');
  expect(readme).toContain(`## Rule tests\n\n\`\`\`ts\n${example.trim()}\n\`\`\``);
  const { report, printed } = await import('./rule-test-example.js');
  // a1 agrees (pass), a2 (forbidden 喂) and a3 (no offer of help) agree (fail); a4 is labelled pass but has no offer.
  expect(report.total).toBe(4);
  expect(report.accuracy).toBe(0.75);
  // Labels pass 2 / fail 2, rubric pass 1 / fail 3: chance agreement 0.5, so kappa = (0.75 − 0.5) / (1 − 0.5).
  expect(report.kappa).toBeCloseTo(0.5, 12);
  expect(report.disagreements).toHaveLength(1);
  expect(report.disagreements[0]).toMatchObject({ id: 'a4', expected: true, got: false, why: '问了来意' });
  expect(report.disagreements[0]?.reason).toContain('missing "询问需要什么帮助"');
  expect(printed).toContain('a4');
});

import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it('runs the items example when the README shows examples/items-example.ts verbatim', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('./items-example.ts', import.meta.url), 'utf8');
  expect(readme).toContain('## Items, attempts, scorecards and assessment');
  expect(readme).toContain(example.trim());
  const { attempt, review, certification } = await import('./items-example.js');
  expect(attempt.tries[0]?.grade.score).toBeCloseTo(0.8, 12);
  expect(attempt.score).toBeCloseTo(0.9, 12);
  expect(review).toMatchObject({ autoFailed: true, score: 0, weightedScore: 0.5 });
  expect(certification.certified).toBe(false);
  expect(certification.standardError).toBeGreaterThan(1);
});

import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it('runs the README example when the README shows examples/readme-example.ts verbatim', {
  timeout: 90_000,
}, async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('./readme-example.ts', import.meta.url), 'utf8');
  expect(readme).toContain(example.trim());
  const { review } = await import('./readme-example.js');
  expect(review).toMatchObject({
    score: 0,
    passed: false,
    criticalFailures: [{ criterionId: 'no-rude-words' }],
  });
});

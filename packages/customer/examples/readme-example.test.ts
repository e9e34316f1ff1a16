import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it('runs the README example when the README shows examples/readme-example.ts verbatim', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('./readme-example.ts', import.meta.url), 'utf8');
  expect(readme).toContain(example.trim());
  const { sameNumber, result, contact } = await import('./readme-example.js');
  expect(sameNumber).toBe(true);
  // cooperation 42 months → 2, volume 1500/12 = 125 a month → 0, satisfaction 100% → 2, loyalty 1 month → 0
  expect([result.grade, result.points]).toEqual(['B', 4]);
  expect(result.explanation).toHaveLength(6);
  expect(contact.level).toBe('second');
});

import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it('runs the README example when the README shows examples/readme-example.ts verbatim', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('./readme-example.ts', import.meta.url), 'utf8');
  expect(readme).toContain(example.trim());
  const { firstCall } = await import('./readme-example.js');
  expect(firstCall).toBe('2026-04-01T06:00:00.000Z');
});

import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it('runs the README example when the README shows examples/readme-example.ts verbatim', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('./readme-example.ts', import.meta.url), 'utf8');
  expect(readme).toContain(example.trim());
  const { result, refused } = await import('./readme-example.js');
  expect(result).toEqual({ data: { complaints: { totalCount: 0, nodes: [] } } });
  expect(refused.errors[0].extensions.code).toBe('UNAUTHENTICATED');
}, 60_000);

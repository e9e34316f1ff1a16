import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it('runs the README example when the README shows examples/readme-example.ts verbatim', {
  timeout: 90_000,
}, async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('./readme-example.ts', import.meta.url), 'utf8');
  expect(readme).toContain(example.trim());
  const { sameCustomer, level, identity } = await import('./readme-example.js');
  expect([sameCustomer, level, identity]).toEqual([true, 'second', null]);
});

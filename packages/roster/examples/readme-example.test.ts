import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it('runs the README example when the README shows examples/readme-example.ts verbatim', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('./readme-example.ts', import.meta.url), 'utf8');
  expect(readme).toContain(example.trim());
  const result = await import('./readme-example.js');
  expect(result.onMonday).toEqual(['zhao.lei']);
  expect(result.onTuesdayAfternoon).toEqual(['sun.li']);
  expect(result.saturdayIsWorkingTime).toBe(false);
  expect(result.changes).toEqual([
    { at: '2026-03-09T00:00:00.000Z', role: 'supervisor', outgoing: ['wang.fang'], incoming: ['zhao.lei'] },
  ]);
});

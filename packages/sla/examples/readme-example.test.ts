import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it('runs the README example when the README shows examples/readme-example.ts verbatim', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('./readme-example.ts', import.meta.url), 'utf8');
  expect(readme).toContain(example.trim());
  const { recordBy, handleBy, callAt, revisit, explained } = await import('./readme-example.js');
  expect(recordBy).toBe('2026-03-02T01:10:00.000Z');
  expect(handleBy).toBe('2026-03-10T04:00:00.000Z');
  expect(callAt).toBe('2026-03-03T01:00:00.000Z');
  expect(revisit.dueAt).toBe('2026-03-05T13:00:00.000Z');
  expect(explained?.summary).toBe(
    'analyse: running, due 2026-03-02T04:30:00.000Z; 45m of 2h 0m used, 1 pause',
  );
  expect(explained?.segments.map((segment) => segment.state)).toEqual(['running', 'paused', 'running']);
});

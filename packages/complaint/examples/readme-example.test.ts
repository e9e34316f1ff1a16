import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it('runs the README example when the README shows examples/readme-example.ts verbatim', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('./readme-example.ts', import.meta.url), 'utf8');
  expect(readme).toContain(example.trim());
  const { state, priority, analyseBy, agentMayDecide, revisits, diagram, mayPauseRecord, recordBy } =
    await import('./readme-example.js');
  expect(mayPauseRecord).toBe(false);
  // 09:00 Beijing time + the deployment's 15 minutes.
  expect(recordBy).toBe('2026-03-02T01:15:00.000Z');
  expect(state).toBe('recorded');
  expect(priority).toBe('high');
  expect(analyseBy).toBe('2026-03-02T03:04:00.000Z');
  expect(agentMayDecide).toBe(false);
  expect(revisits).toEqual([
    { customerId: 'cu-9', grade: 'A', dueAt: '2026-03-12T02:00:00.000Z', reason: 'periodic' },
  ]);
  expect(diagram.startsWith('stateDiagram-v2\n  [*] --> received\n')).toBe(true);
});

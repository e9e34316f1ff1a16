import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it('runs the README example when the README shows examples/readme-example.ts verbatim', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('./readme-example.ts', import.meta.url), 'utf8');
  expect(readme).toContain(example.trim());
  const { good, bad, normalized } = await import('./readme-example.js');
  expect(good).toMatchObject({ passed: true, score: 1 });
  expect(good.hits[1]?.evidence[0]).toMatchObject({
    span: { start: 5, end: 13, text: '有什麼可以幫住您' },
    tolerance: 'same-pinyin',
  });
  expect(bad).toMatchObject({ passed: false, autoFailed: true });
  expect(bad.violations[0]?.quote).toBe('喂');
  expect(bad.feedback[0]).toBe('不要说"喂"。');
  expect(bad.feedback[1]).toBe('请加上"问候"您好"",例如"您好"。');
  expect(normalized.text).toBe(',请问有什么可以帮您?');
});

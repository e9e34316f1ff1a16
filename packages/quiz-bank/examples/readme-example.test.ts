import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it('runs the README example when the README shows examples/readme-example.ts verbatim', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('./readme-example.ts', import.meta.url), 'utf8');
  expect(readme).toContain(example.trim());
  const { grade, ownerGrade, phoneQuiz } = await import('./readme-example.js');
  expect(grade?.passed).toBe(false);
  expect(grade?.feedback[0]).toBe(
    '要先询问"请问有什么可以帮助您",稍停约5秒,再问一次,再稍停约5秒,都没有回应才说"您的电话没有声音"。',
  );
  expect(ownerGrade?.score).toBe(1);
  expect(phoneQuiz).toMatchObject({
    passMark: 0.8,
    attempts: { maxTries: 3, penaltyPerTry: 0.2, certaintyBasedMarking: false },
  });
});

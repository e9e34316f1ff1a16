import { readFileSync } from 'node:fs';
import { Webhook } from 'standardwebhooks';
import { expect, it } from 'vitest';

it('runs the README example when the README shows examples/readme-example.ts verbatim', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('./readme-example.ts', import.meta.url), 'utf8');
  expect(readme).toContain(example.trim());
  const { chinese, english, signature } = await import('./readme-example.js');
  expect(chinese.subject).toBe('【超时】投诉 c-1 的 record 时限已过');
  expect(english.subject).toBe('[Breach] Complaint c-1 missed its record deadline');
  const reference = new Webhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw').sign(
    'msg_1',
    new Date('2026-03-02T01:10:00Z'),
    JSON.stringify({ type: 'deadline.breached' }),
  );
  expect(signature).toBe(reference);
});

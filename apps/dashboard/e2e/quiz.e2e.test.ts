import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, hasChromium, startHarness } from './harness.js';

/** Five answers to greeting.reply labelled by hand for this test; the third is labelled wrongly on purpose. */
const labelledAnswers = [
  { id: 'r1', item: 'greeting.reply', answer: '您好!请问有什么可以帮助您?', pass: true },
  { id: 'r2', item: 'greeting.reply', answer: '您好,请问有什么可以帮助您?', pass: true },
  { id: 'r3', item: 'greeting.reply', answer: '喂,说吧!', pass: true, why: '语气还行' },
  { id: 'r4', item: 'greeting.reply', answer: '喂,说吧!', pass: false },
  { id: 'r5', item: 'greeting.reply', answer: '喂,有事吗?', pass: false },
];

const assign = `mutation Assign($input: AssignQuizInput!) { assignQuiz(input: $input) { id } }`;

/** Answers the item on screen; waits for its graded try. */
async function submitText(harness: Harness, text: string) {
  const { page } = harness;
  await page.locator('[data-testid="quiz-item"] textarea').fill(text);
  await page.locator('[data-testid="submit-answer"]').click();
  await page.locator('[data-testid="try-result"]').waitFor();
}

describe.skipIf(!hasChromium)('taking and authoring quizzes in headless Chromium', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness('dashboard-quiz');
    await harness.graphql(assign, { input: { quizId: 'phone-etiquette', trainee: 'li.na' } }, 'trainer');
  });
  const scratch = mkdtempSync(join(tmpdir(), 'kefu-quiz-e2e-'));
  afterAll(async () => {
    await harness?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('fails a rude script answer quoting the violation and passes good ones with highlighted evidence when a trainee takes the assigned quiz', async () => {
    const { page, origin } = harness;
    await harness.signIn('agent', 'li.na');
    await page.goto(`${origin}/quizzes`);
    const assigned = page.locator('[data-testid="assigned-quiz"][data-quiz-id="phone-etiquette"]');
    await assigned.waitFor();
    await harness.screenshot('quizzes-1440');
    expect(await harness.seriousAccessibilityViolations()).toEqual([]);
    await assigned.getByRole('button').click();

    await page.locator('[data-testid="quiz-item"][data-item-id="greeting.opening"]').waitFor();
    await submitText(harness, '喂,说话呀');
    const result = page.locator('[data-testid="try-result"]');
    expect(await result.getAttribute('data-passed')).toBe('false');
    expect(await page.locator('[data-testid="grade-violation"]').first().textContent()).toContain('「喂」');
    expect(await page.locator('mark.violation').first().textContent()).toBe('喂');
    expect(await page.locator('[data-testid="answer-kept-back"]').count()).toBe(1);
    await harness.screenshot('quiz-fail-1440');
    expect(await harness.seriousAccessibilityViolations()).toEqual([]);

    await page.locator('[data-testid="try-again"]').click();
    await submitText(
      harness,
      '您好,欢迎致电宏远客户服务热线,客服代表小李很高兴为您服务,请问有什么可以帮助您?',
    );
    expect(await result.getAttribute('data-passed')).toBe('true');
    expect(await page.locator('[data-testid="grade-violation"]').count()).toBe(0);
    await page.locator('[data-testid="next-item"]').click();

    await page.locator('[data-testid="quiz-item"][data-item-id="greeting.reply"]').waitFor();
    await submitText(harness, '您好,请问有什么可以帮助您?');
    expect(await result.getAttribute('data-passed')).toBe('true');
    const evidence = await page.locator('[data-testid="answer"] mark.evidence').allTextContents();
    expect(evidence).toContain('您好');
    await harness.screenshot('quiz-pass-1440');
    expect(await harness.seriousAccessibilityViolations()).toEqual([]);

    const stored = await harness.graphql(
      '{ attempts(trainee: "li.na") { edges { node { quizId responses { itemId tryNumber passed itemVersion } } } } }',
      {},
      'trainer',
    );
    expect(stored.attempts.edges[0].node).toEqual({
      quizId: 'phone-etiquette',
      responses: [
        { itemId: 'greeting.opening', tryNumber: 1, passed: false, itemVersion: 1 },
        { itemId: 'greeting.opening', tryNumber: 2, passed: true, itemVersion: 1 },
        { itemId: 'greeting.reply', tryNumber: 1, passed: true, itemVersion: 1 },
      ],
    });
  });

  it('reorders the steps of an ordering item with the keyboard when a trainee practises', async () => {
    const { page, origin } = harness;
    await harness.signIn('agent', 'li.na');
    await page.goto(`${origin}/quizzes`);
    await page.locator('[data-testid="all-quizzes"] li[data-quiz-id="complaints"] button').click();
    const list = page.locator('[data-testid="ordering-list"] li');
    await list.first().waitFor();
    const before = await list.evaluateAll((items) =>
      items.map((item) => item.getAttribute('data-option-id')),
    );
    await list.first().locator('.step-handle').focus();
    await page.keyboard.press('Alt+ArrowDown');
    const after = await list.evaluateAll((items) => items.map((item) => item.getAttribute('data-option-id')));
    expect(after).toEqual([before[1], before[0], ...before.slice(2)]);
    // Focus follows the moved step, so a second press moves it on.
    await page.keyboard.press('Alt+ArrowDown');
    const again = await list.evaluateAll((items) => items.map((item) => item.getAttribute('data-option-id')));
    expect(again.slice(0, 3)).toEqual([before[1], before[2], before[0]]);
    await harness.screenshot('quiz-ordering-1440');
    expect(await harness.seriousAccessibilityViolations()).toEqual([]);
  });

  it('shows the YAML error at its line, then kappa and the disagreement, and publishes version 2 when a trainer uploads a labelled file', async () => {
    const { page, origin } = harness;
    await harness.signIn('trainer', 'liu.yang');
    await page.goto(`${origin}/authoring`);
    await page.locator('#item-choice').selectOption('greeting.reply');
    const editor = page.locator('#item-yaml');
    await expect.poll(() => editor.inputValue()).toContain('id: greeting.reply');
    const source = await editor.inputValue();

    const broken = source.replace('type: script', 'type: essay');
    const line = broken.split('\n').findIndex((text) => text.startsWith('type: essay')) + 1;
    await editor.fill(broken);
    await page.locator('[data-testid="validate-item"]').click();
    const issue = page.locator('[data-testid="yaml-issues"] li').first();
    await issue.waitFor();
    expect([await issue.getAttribute('data-line'), await issue.getAttribute('data-column')]).toEqual([
      String(line),
      '7',
    ]);
    await harness.screenshot('authoring-yaml-error-1440');
    expect(await harness.seriousAccessibilityViolations()).toEqual([]);

    await editor.fill(source.replace(/title: .*/, 'title: 客户先问候时的回应(修订)'));
    await page.locator('[data-testid="validate-item"]').click();
    await page.locator('[data-testid="yaml-valid"]').waitFor();

    const file = join(scratch, 'greeting-reply.jsonl');
    writeFileSync(file, `${labelledAnswers.map((answer) => JSON.stringify(answer)).join('\n')}\n`);
    await page.locator('#labelled-file').setInputFiles(file);
    await page.locator('[data-testid="run-rule-test"]').click();
    await page.locator('[data-testid="rule-test"]').waitFor();
    // Agreement 4/5 = 0.8, by chance 0.48: kappa = 0.32 / 0.52 = 0.62.
    expect(await page.locator('[data-testid="rule-kappa"]').textContent()).toBe('0.62');
    expect(await page.locator('[data-testid="rule-accuracy"]').textContent()).toBe('80% (4/5)');
    const disagreement = page.locator('[data-testid="disagreement"]');
    expect(await disagreement.getAttribute('data-id')).toBe('r3');
    expect(await disagreement.locator('mark.violation').first().textContent()).toBe('喂');
    await harness.screenshot('authoring-rule-test-1440');
    expect(await harness.seriousAccessibilityViolations()).toEqual([]);

    await page.locator('[data-testid="publish-item"]').click();
    await page.locator('[data-testid="published"]').waitFor();
    const quiz = await harness.graphql(
      '{ quiz(id: "phone-etiquette") { version items { item { id version } } } }',
      {},
    );
    expect(quiz.quiz.version).toBe(2);
    expect(quiz.quiz.items[1].item).toEqual({ id: 'greeting.reply', version: 2 });
  });
});

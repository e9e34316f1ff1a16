import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, hasChromium, startHarness } from './harness.js';

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
  afterAll(() => harness?.close());

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
    await list.first().focus();
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
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, hasChromium, startHarness } from './harness.js';

describe.skipIf(!hasChromium)('the crisis room in headless Chromium', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness('dashboard-crisis-room');
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('lets a director raise a crisis directly, then approve and publish a statement picked from a list', async () => {
    const { page, origin } = harness;
    await harness.signIn('director', 'zhao.min');
    await page.goto(`${origin}/escalations`);
    await page.locator('[data-testid="raise-crisis"]').click();
    const form = page.locator('form.operation-form[data-mutation="raiseCrisis"]');
    await form.locator('[name="title"]').fill('华东仓库停摆');
    await form.locator('[name="level"]').selectOption('III');
    await form.locator('[name="reason"]').fill('多个城市发货延误');
    await form.locator('button[type="submit"]').click();

    const card = page.locator('[data-testid="crisis-card"]', { hasText: '华东仓库停摆' });
    await card.waitFor();
    const offered = () =>
      card
        .locator('[data-testid="action-button"]')
        .evaluateAll((buttons) => buttons.map((button) => button.dataset.event));
    // Nothing to approve or publish before a statement exists.
    expect(await offered()).not.toContain('crisis.approveStatement');
    expect(await offered()).not.toContain('crisis.publishStatement');

    const act = async (event: string, fill: (form: ReturnType<typeof page.locator>) => Promise<void>) => {
      await card.locator(`[data-testid="action-button"][data-event="${event}"]`).click();
      const actionForm = card.locator(`.action-form[data-event="${event}"] form`);
      await fill(actionForm);
      await actionForm.locator('button[type="submit"]').click();
      await actionForm.waitFor({ state: 'detached' });
    };
    await act('crisis.assignRole', async (actionForm) => {
      await actionForm.locator('[name="role"]').selectOption('commander');
      await actionForm.locator('[name="userId"]').fill('zhao.min');
    });
    await act('crisis.draftStatement', async (actionForm) => {
      await actionForm.locator('[name="statementId"]').fill('s-1');
      await actionForm
        .locator('[name="text"]')
        .fill('部分订单发货延误,我们正在加急处理,今晚八点前更新进展。');
    });
    await card.locator('[data-testid="action-button"][data-event="crisis.approveStatement"]').waitFor();
    await act('crisis.approveStatement', async (actionForm) => {
      // The statement is picked from the crisis's drafts, not typed.
      const options = await actionForm.locator('select[name="statementId"] option').allTextContents();
      expect(options).toEqual(['部分订单发货延误,我们正在加急处理,今晚八点前更新进展。']);
    });
    await act('crisis.publishStatement', async (actionForm) => {
      expect(await actionForm.locator('select[name="statementId"]').inputValue()).toBe('s-1');
    });
    await card.locator('[data-testid="statements"] .status-published').waitFor();
    await harness.screenshot('crisis-room-1440');
    expect(await harness.seriousAccessibilityViolations()).toEqual([]);
  });
});

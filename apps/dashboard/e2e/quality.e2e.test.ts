import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, hasChromium, startHarness } from './harness.js';

/** Rates every item the grader did not pre-fill with its first option (yes, or full points). */
async function rateTheRest(form: Locator) {
  const fieldsets = form.locator('[data-testid="criterion"]');
  for (let index = 0; index < (await fieldsets.count()); index++) {
    const fieldset = fieldsets.nth(index);
    if ((await fieldset.locator('input:checked').count()) === 0)
      await fieldset.locator('input[type=radio]').first().check();
  }
}

async function rate(form: Locator, ratings: Record<string, string>) {
  for (const [criterionId, rating] of Object.entries(ratings))
    await form.locator(`[data-criterion="${criterionId}"] input[value="${rating}"]`).check();
  await rateTheRest(form);
}

describe.skipIf(!hasChromium)('QA reviews, calibration and coaching in headless Chromium', () => {
  let harness: Harness;
  const complaints: string[] = [];

  beforeAll(async () => {
    harness = await startHarness('dashboard-quality');
    const runtime = harness.started.runtime;
    const notes = [
      '喂,说话呀!再不说话我就挂了啊!',
      '您好,请问有什么可以帮助您?非常感谢您的耐心,我们已为您安排换货,祝您生活愉快,再见!',
      '您好,请问有什么可以帮您?已为您登记退款,请您留意短信,谢谢,再见!',
    ];
    for (const [index, note] of notes.entries()) {
      const at = new Date(Date.now() - (30 - index) * 60_000).toISOString();
      const by = { userId: 'li.na', role: 'agent' };
      const { workflow } = await runtime.start('complaint', {
        at,
        by,
        customer: { name: '周敏', grade: 'B', phone: '13900000000' },
        channel: 'phone',
        category: 'service',
        summary: ['客服态度差', '电水壶漏水', '退款未到账'][index],
        team: 'east',
      });
      await runtime.send(workflow.id, {
        type: 'complaint.assign',
        assignee: 'li.na',
        at,
        by: { userId: 'zhang.sup', role: 'supervisor' },
      });
      await runtime.send(workflow.id, { type: 'complaint.contact', channel: 'phone', note, at, by });
      complaints.push(workflow.id);
    }
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('fails the review on the critical item when a reviewer scores the rude complaint with the standard scorecard', async () => {
    const { page, origin } = harness;
    await harness.signIn('supervisor', 'zhang.sup');
    await page.evaluate(() => localStorage.setItem('kefu.language', 'en'));

    await page.goto(`${origin}/reviews`);
    const sample = page.locator('[data-testid="sample-form"]');
    await sample.getByRole('button', { name: 'Sample' }).click();
    await expect.poll(() => page.locator('[data-testid="queue-row"]').count()).toBe(3);
    await harness.screenshot('qa-review-queue-1440');
    expect(await harness.seriousAccessibilityViolations()).toEqual([]);

    await page
      .locator(`[data-testid="queue-row"][data-id="${complaints[0]}"]`)
      .getByRole('link', { name: 'Review' })
      .click();
    const form = page.locator('[data-testid="scorecard-form"]');
    await form.waitFor();
    const forbidden = form.locator('[data-criterion="no-forbidden-phrases"]');
    expect(await forbidden.locator('[data-testid="suggestion"]').getAttribute('data-rating')).toBe('no');
    expect(await forbidden.locator('[data-testid="suggestion"]').textContent()).toContain('喂');
    expect(await forbidden.locator('input[value="no"]').isChecked()).toBe(true);
    await rateTheRest(form);
    await harness.screenshot('qa-review-form-1440');
    expect(await harness.seriousAccessibilityViolations()).toEqual([]);

    await form.getByRole('button', { name: 'Submit review' }).click();
    const result = page.locator('[data-testid="review-result"]');
    await result.waitFor();
    expect(await result.getAttribute('data-passed')).toBe('false');
    expect(await result.locator('[data-testid="review-score"]').textContent()).toBe('Score 0%');
    expect(await result.locator('[data-testid="critical-failures"]').textContent()).toContain('未使用禁语');

    const coaching = page.locator('[data-testid="coaching-form"]');
    await coaching.locator('textarea').fill('开场先说"您好,请问有什么可以帮助您",任何时候都不要说"喂"。');
    await coaching.getByRole('button', { name: 'Send coaching note' }).click();
    await page.locator('[data-testid="coaching-sent"]').waitFor();
    await harness.screenshot('qa-review-result-1440');
    expect(await harness.seriousAccessibilityViolations()).toEqual([]);
  });

  it('shows kappa and each reviewer’s lean when two reviewers calibrate three complaints', async () => {
    const { page, origin } = harness;
    await harness.signIn('supervisor', 'zhang.sup');
    await page.goto(`${origin}/calibration`);
    const create = page.locator('[data-testid="new-session-form"]');
    await create.locator('[name="title"]').fill('三月第一周校准');
    await create.locator('[name="complaints"]').fill(complaints.join('\n'));
    await create.locator('[name="reviewers"]').fill('zhang.sup\nzhou.sup');
    await create.getByRole('button', { name: 'Open session' }).click();
    await page.locator('[data-testid="calibration-session-page"][data-status="open"]').waitFor();

    const scoreAll = async (ratings: Record<string, Record<string, string>>) => {
      for (const complaintId of complaints) {
        const blind = page.locator(`[data-testid="blind-score"][data-complaint="${complaintId}"]`);
        await blind.waitFor();
        await rate(blind, ratings[complaintId] ?? {});
        await blind.getByRole('button', { name: 'Submit review' }).click();
        await blind.waitFor({ state: 'detached' });
      }
    };
    await scoreAll({ [complaints[0] as string]: { 'no-forbidden-phrases': 'no' } });
    const sessionUrl = page.url();

    await harness.signIn('supervisor', 'zhou.sup');
    await page.goto(sessionUrl);
    await page.locator('[data-testid="blind-score"]').waitFor();
    // Blind: the other reviewer's scores are not shown, only that they scored.
    expect(await page.locator('[data-testid="own-score"]').count()).toBe(0);
    expect(await page.locator('[data-testid="calibration-progress"]').textContent()).toContain('3 of 3');
    await harness.screenshot('qa-calibration-blind-1440');
    expect(await harness.seriousAccessibilityViolations()).toEqual([]);
    await scoreAll({
      [complaints[0] as string]: { 'no-forbidden-phrases': 'no', empathy: 'no' },
      [complaints[1] as string]: { empathy: 'no', 'cause-analysed': '2' },
    });

    await harness.signIn('supervisor', 'zhang.sup');
    await page.goto(sessionUrl);
    const close = page.locator('[data-testid="close-session"]');
    for (const complaintId of complaints) {
      const agreed = close.locator(`[data-testid="agreed-score"][data-complaint="${complaintId}"]`);
      await agreed.locator('summary').click();
      await agreed.getByRole('button', { name: 'Agreed' }).click();
      await close
        .locator(`[data-testid="agreed-score"][data-complaint="${complaintId}"][data-agreed="true"]`)
        .waitFor();
    }
    await close.getByRole('button', { name: 'Close with agreed scores' }).click();
    await page.locator('[data-testid="calibration-session-page"][data-status="closed"]').waitFor();

    expect(await page.locator('[data-testid="fleiss-kappa"] .big-number').textContent()).toMatch(
      /^-?\d\.\d\d$/,
    );
    expect(await page.locator('[data-testid="cohen-kappa"]').textContent()).toMatch(/^-?\d\.\d\d$/);
    // zhang.sup scored higher than zhou.sup on two complaints: zhang leans generous, zhou harsh, by the same amount.
    const lean = (reviewer: string) =>
      page
        .locator(`[data-testid="lean-row"][data-reviewer="${reviewer}"] [data-testid="lean"]`)
        .textContent();
    const generous = (await lean('zhang.sup')) as string;
    expect(generous).toMatch(/^\+\d+\.\d$/);
    expect(await lean('zhou.sup')).toBe(generous.replace('+', '-'));
    expect(
      await page
        .locator('[data-testid="disagreement"]')
        .evaluateAll((items) => items.map((item) => item.getAttribute('data-criterion'))),
    ).toEqual(['empathy', 'cause-analysed']);
    await harness.screenshot('qa-calibration-report-1440');
    expect(await harness.seriousAccessibilityViolations()).toEqual([]);

    // The same report in Chinese, the team's language.
    await page.locator('[data-testid="language-toggle"]').click();
    await page.getByRole('heading', { name: '评分倾向' }).waitFor();
    await harness.screenshot('qa-calibration-report-zh-1440');
    await page.locator('[data-testid="language-toggle"]').click();
    await page.getByRole('heading', { name: 'Lean' }).waitFor();
  });

  it('lets the agent acknowledge the coaching on their quality page', async () => {
    const { page, origin } = harness;
    await harness.signIn('agent', 'li.na');
    await page.goto(`${origin}/reviews`);
    const note = page.locator('[data-testid="coaching-note"]');
    await note.waitFor();
    expect(await note.getAttribute('data-acknowledged')).toBe('false');
    expect(await note.textContent()).toContain('不要说"喂"');
    expect(
      await page.locator('[data-testid="certification"] [data-certified]').getAttribute('data-certified'),
    ).toBe('false');
    await note.locator('input[type="text"]').fill('明白,以后开场先问好');
    await note.getByRole('button', { name: 'Acknowledge' }).click();
    await page.locator('[data-testid="coaching-note"][data-acknowledged="true"]').waitFor();
    expect(await page.locator('[data-testid="acknowledged"]').textContent()).toContain('明白,以后开场先问好');
    await page.locator('[data-testid="quality-trend"][data-rendered="true"]').waitFor();
    await harness.screenshot('qa-agent-quality-1440');
    expect(await harness.seriousAccessibilityViolations()).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, hasChromium, startHarness } from './harness.js';

describe.skipIf(!hasChromium)('the roster page in headless Chromium', () => {
  let harness: Harness;
  let complaintId: string;

  beforeAll(async () => {
    harness = await startHarness('dashboard-roster');
    // Around the clock, so the page's "now" (the server's clock) always finds them on duty.
    await harness.graphql(
      `mutation ($input: SaveRosterInput!) { saveRoster(input: $input) { version } }`,
      {
        input: {
          team: 'east',
          timeZone: 'Asia/Shanghai',
          rotations: [
            { role: 'supervisor', members: ['wang.qiang'], startDate: '2026-01-05' },
            { role: 'manager', members: ['liu.min'], startDate: '2026-01-05' },
          ],
        },
      },
      'manager',
    );
    const opened = await harness.graphql(
      `mutation ($input: OpenComplaintInput!) { openComplaint(input: $input) { id } }`,
      {
        input: {
          customer: { name: '吴芳', grade: 'B' },
          channel: 'chat',
          category: 'billing',
          summary: '物流延误两天',
          team: 'east',
        },
      },
    );
    complaintId = opened.openComplaint.id;
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('shows who is on duty and the shift brief with the open complaint when a supervisor opens the roster', async () => {
    const { page, origin } = harness;
    await harness.signIn('supervisor', 'wang.qiang');
    await page.evaluate(() => localStorage.setItem('kefu.language', 'en'));
    await page.goto(`${origin}/roster`);
    const onDuty = page.locator('[data-testid="on-duty"]');
    await onDuty.waitFor();
    expect(await onDuty.textContent()).toContain('wang.qiang');
    expect(await onDuty.textContent()).toContain('liu.min');
    const brief = page.locator('[data-testid="shift-brief"]');
    await brief.waitFor();
    expect(await brief.textContent()).toContain('Open follow-ups (1)');
    expect(await brief.getByRole('link', { name: complaintId }).count()).toBe(1);
    expect(await page.locator('[data-testid="override-form"]').count()).toBe(0);
    await harness.screenshot('roster');
    expect(await harness.seriousAccessibilityViolations()).toEqual([]);
  });

  it('puts a stand-in on duty when a manager adds an override on the page', async () => {
    const { page, origin } = harness;
    await harness.signIn('manager', 'liu.min');
    await page.goto(`${origin}/roster`);
    const form = page.locator('[data-testid="override-form"]');
    await form.waitFor();
    const local = (offsetMs: number) => {
      const at = new Date(Date.now() + offsetMs - new Date().getTimezoneOffset() * 60_000);
      return at.toISOString().slice(0, 16);
    };
    await form.locator('input').nth(1).fill('sun.li');
    await form.locator('input').nth(2).fill('wang.qiang');
    await form.locator('input').nth(3).fill(local(-3_600_000));
    await form.locator('input').nth(4).fill(local(3_600_000));
    await form.locator('button[type="submit"]').click();
    const supervisors = page.locator('[data-testid="on-duty"] .fact').first();
    await expect.poll(() => supervisors.locator('dd').textContent()).toBe('sun.li');
    // Back to the rotation when the override ends.
    expect(await page.locator('[data-testid="on-duty"]').textContent()).toContain(
      'Supervisor: sun.li → wang.qiang',
    );
  });
});

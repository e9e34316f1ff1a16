import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, hasChromium, startHarness } from './harness.js';

const open = `mutation Open($input: OpenComplaintInput!) { openComplaint(input: $input) { id customerId contactLevel } }`;
const override = `mutation Override($input: OverrideCustomerGradeInput!) { overrideCustomerGrade(input: $input) { grade } }`;

describe.skipIf(!hasChromium)('the customer page in headless Chromium', () => {
  let harness: Harness;
  let secondId: string;

  beforeAll(async () => {
    harness = await startHarness('dashboard-customer');
    const input = (phone: string, channel: string) => ({
      customer: { name: '王芳', phone },
      channel,
      category: 'after-sales',
      summary: '安装师傅迟到',
      team: 'east',
    });
    const first = await harness.graphql(open, { input: input('138-0000-0000', 'phone') });
    const second = await harness.graphql(open, { input: input('+86 13800000000', 'chat') });
    expect(second.openComplaint.customerId).toBe(first.openComplaint.customerId);
    expect(second.openComplaint.contactLevel).toBe('second');
    secondId = second.openComplaint.id;
    await harness.graphql(
      override,
      { input: { customerId: first.openComplaint.customerId, grade: 'A', reason: 'key distributor' } },
      'manager',
    );
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('shows the grade with its explanation and the timeline when a manager follows the link from a complaint', async () => {
    const { page, origin } = harness;
    await harness.signIn('manager', 'zhao.min');
    await page.evaluate(() => localStorage.setItem('kefu.language', 'en'));
    await page.goto(`${origin}/complaints/${secondId}`);
    await page.getByRole('link', { name: 'Customer record' }).click();
    await page.locator('[data-testid="customer-page"] [data-testid="customer-grade"]').waitFor();
    expect(await page.locator('[data-testid="customer-name"]').textContent()).toBe('王芳');
    expect(await page.locator('[data-testid="customer-grade"]').textContent()).toContain('set by a manager');
    const explanation = page.locator('[data-testid="customer-grade-explanation"] li');
    expect(await explanation.first().textContent()).toBe(
      'Grade A set by manager test.manager: key distributor',
    );
    const timeline = await page.locator('[data-testid="customer-timeline"] li strong').allTextContents();
    expect(timeline).toEqual(['complaint.opened', 'complaint.opened', 'grade.changed']);
    await harness.screenshot('customer-1440');
    expect(await harness.seriousAccessibilityViolations()).toEqual([]);
  });
});

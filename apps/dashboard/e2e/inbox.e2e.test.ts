import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, hasChromium, startHarness } from './harness.js';

describe.skipIf(!hasChromium)('the notification inbox in headless Chromium', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness('dashboard-inbox');
    // Wang Qiang is the east team's supervisor around the clock; a rule tells whoever holds the level reached.
    await harness.graphql(
      `mutation ($input: SaveRosterInput!) { saveRoster(input: $input) { version } }`,
      {
        input: {
          team: 'east',
          timeZone: 'Asia/Shanghai',
          rotations: [{ role: 'supervisor', members: ['wang.qiang'], startDate: '2026-01-05' }],
        },
      },
      'manager',
    );
    await harness.graphql(
      `mutation ($input: NotificationRuleInput!) { createNotificationRule(input: $input) { id } }`,
      {
        input: {
          name: 'level reached',
          events: ['escalation.raised'],
          recipients: [{ kind: 'addressee' }],
          channels: ['inApp'],
        },
      },
      'manager',
    );
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('shows a new notification without a reload when an escalation reaches the supervisor on duty, whose link acknowledges it', async () => {
    const { page, origin } = harness;
    await harness.signIn('supervisor', 'wang.qiang');
    await page.evaluate(() => localStorage.setItem('kefu.language', 'en'));
    const subscribed = page.waitForResponse(
      (response) =>
        response.url().endsWith('/graphql') &&
        (response.request().postData() ?? '').includes('notificationReceived'),
    );
    await page.goto(`${origin}/inbox`);
    await page.locator('[data-testid="inbox-live"]').waitFor();
    await subscribed;
    expect(await page.locator('[data-testid="inbox-item"]').count()).toBe(0);
    // A marker on the window: still there afterwards means the page was not reloaded.
    await page.evaluate(() => {
      (window as unknown as { kefuMarker: string }).kefuMarker = 'before';
    });
    await harness.graphql(
      `mutation { startEscalation(input: { reason: agentRequest, summary: "客户要求主管回电" }) { level } }`,
      {},
      'agent',
    );
    const items = page.locator('[data-testid="inbox-item"]');
    await expect.poll(() => items.count(), { timeout: 10_000 }).toBe(1);
    expect(await items.first().getAttribute('data-read')).toBe('false');
    const link = /http:\/\/\S+\/acknowledge\/[\w.-]+/.exec(
      (await items.first().locator('p').textContent()) ?? '',
    )?.[0];
    expect(new URL(link ?? 'http://none').origin).toBe(origin);
    expect(await page.evaluate(() => (window as unknown as { kefuMarker?: string }).kefuMarker)).toBe(
      'before',
    );
    expect(await page.locator('[data-testid="inbox-live"]').textContent()).toContain('1 unread');
    await harness.screenshot('inbox');
    expect(await harness.seriousAccessibilityViolations()).toEqual([]);

    // The link from the message: opening it asks first; the button acknowledges as the supervisor on duty.
    await page.goto(link!);
    expect(await page.locator('h1').textContent()).toContain('Acknowledge escalation');
    await page.getByRole('button', { name: /Acknowledge/ }).click();
    await page.locator('h1', { hasText: 'Acknowledged' }).waitFor();
    const { escalations } = await harness.graphql(
      '{ escalations { state acknowledgedBy { userId role } } }',
      {},
    );
    expect(escalations).toEqual([
      { state: 'acknowledged', acknowledgedBy: { userId: 'wang.qiang', role: 'supervisor' } },
    ]);
  });

  it('answers "was the supervisor told?" in the delivery log when a manager opens the notification', async () => {
    const { page, origin } = harness;
    await harness.signIn('manager', 'liu.min');
    await page.goto(`${origin}/notifications`);
    const events = page.locator('[data-testid="delivery-events"] a');
    await expect.poll(() => events.count()).toBe(1);
    await events.first().click();
    const rows = page.locator('[data-testid="delivery-row"]');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-status')).toBe('delivered');
    expect(await rows.first().locator('td').first().textContent()).toBe('wang.qiang');
    await harness.screenshot('delivery-log');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainZh } from '../src/domain-messages.js';
import { zh } from '../src/messages.js';
import { type Harness, hasChromium, startHarness } from './harness.js';

const open = `mutation Open($input: OpenComplaintInput!) { openComplaint(input: $input) { id } }`;

/**
 * Latin words in the visible text of the page, leaving out what is marked `translate="no"` (user ids, team
 * names, complaint ids: names and codes, not words) and the language switch (labelled in the other language).
 */
function latinWords(harness: Harness): Promise<string[]> {
  return harness.page.evaluate(() => {
    const root = document.body.cloneNode(true) as HTMLElement;
    for (const element of root.querySelectorAll('[translate="no"], script, style, option')) element.remove();
    document.body.appendChild(root);
    root.style.position = 'absolute';
    const text = root.innerText;
    root.remove();
    return [...text.matchAll(/[A-Za-z]{2,}/g)].map(
      (match) => `${match[0]} in «${text.slice(Math.max(0, match.index - 20), match.index + 20)}»`,
    );
  });
}

describe.skipIf(!hasChromium)('triage and the procedure in headless Chromium', () => {
  let harness: Harness;
  let breachedId: string;

  beforeAll(async () => {
    harness = await startHarness('dashboard-triage');
    // A grade-A complaint opened 20 minutes ago: its 5-minute record limit passed 15 minutes ago. Events carry
    // their time, so the runtime takes it as opened then; the scheduler fires the missed deadline at once.
    const at = new Date(Date.now() - 20 * 60_000).toISOString();
    const started = await harness.started.runtime.start('complaint', {
      at,
      by: { userId: 'test.supervisor', role: 'supervisor' },
      customer: { name: '周敏', grade: 'A', phone: '13900000000' },
      channel: 'phone',
      category: 'productQuality',
      summary: '冰箱不制冷,食物变质',
      team: 'east',
    });
    breachedId = started.workflow.id;
    // Complaints opened now, with their deadlines still running, one of them resolved further on.
    for (const [name, grade, summary] of [
      ['钱进', 'C', '发票抬头错误'],
      ['吴芳', 'B', '物流延误两天'],
    ] as const) {
      await harness.graphql(open, {
        input: { customer: { name, grade }, channel: 'chat', category: 'billing', summary, team: 'east' },
      });
    }
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('puts the breached grade-A complaint at the top and does its next step from the primary button when a supervisor opens the queue', async () => {
    const { page, origin } = harness;
    await harness.signIn('supervisor', 'wang.qiang');
    await page.evaluate(() => localStorage.setItem('kefu.language', 'en'));
    await page.goto(`${origin}/`);
    const rows = page.locator('[data-testid="complaint-row"]');
    await expect.poll(() => rows.count()).toBe(3);
    const top = rows.first();
    expect(await top.getAttribute('data-id')).toBe(breachedId);
    // Each row carries the short number a person can say on the phone.
    expect(await top.locator('[data-testid="row-number"]').textContent()).toMatch(/^KF-\d{4}-\d{6}$/);
    // The row names the clock, how late it is, and the owner column says nobody is assigned yet.
    const urgency = await top.locator('[data-testid="row-urgency"]').textContent();
    expect(urgency).toContain('Record the report');
    expect(urgency).toMatch(/overdue by 1[45]m/);
    await harness.screenshot('queue-1440');
    expect(await harness.seriousAccessibilityViolations()).toEqual([]);

    await top.getByRole('link').first().click();
    await page.locator('[data-testid="current-step"]').waitFor();
    expect(await page.locator('[data-testid="step-clock"]').textContent()).toMatch(
      /^Record the report: 1[45] min late$/,
    );
    const primary = page.locator('[data-testid="action-button"][data-primary="true"]');
    expect(await primary.getAttribute('data-event')).toBe('complaint.record');
    expect(await primary.textContent()).toBe('Record the report');
    // Side actions sit in the menu, each with its human label, none as a raw event id.
    const side = page.locator('.side-actions [data-testid="action-button"]');
    expect(await side.count()).toBeGreaterThan(0);
    for (const text of await side.allTextContents()) expect(text).not.toMatch(/complaint\./);
    await harness.screenshot('complaint-1440');
    expect(await harness.seriousAccessibilityViolations()).toEqual([]);

    await primary.click();
    // The step's own form (the complaint report), not one generated from the mutation's input type.
    const form = page.locator('form.step-form[data-mutation="recordComplaint"]');
    expect(await form.locator('label[for$="report.facts"]').textContent()).toBe('Facts *');
    expect(await form.locator('label[for$="report.abnormalSituation"]').textContent()).toBe(
      'Abnormal situation',
    );
    await form.locator('[name="report.facts"]').fill('冰箱购买一周后不制冷');
    await form.getByRole('button', { name: 'Record the report' }).click();
    await expect
      .poll(() => page.locator('[data-testid="complaint-state"]').getAttribute('data-state'))
      .toBe('recorded');
    expect(await primary.getAttribute('data-event')).toBe('complaint.startAnalysis');
  });

  it('shows the proposed plan, and starts the decision from it, when the director decides', async () => {
    const { page, origin, graphql } = harness;
    const opened = await graphql(open, {
      input: {
        customer: { name: '郑红', grade: 'B' },
        channel: 'phone',
        category: 'service',
        summary: '安装师傅迟到三小时',
        team: 'east',
      },
    });
    const id = opened.openComplaint.id as string;
    await graphql(`mutation R($input: RecordComplaintInput!) { recordComplaint(input: $input) { id } }`, {
      input: { id, report: { facts: '约定上午安装,下午才到' } },
    });
    await graphql(
      `mutation S($input: StartComplaintAnalysisInput!) { startComplaintAnalysis(input: $input) { id } }`,
      {
        input: { id },
      },
    );
    const plan = '赠送延保一年并由主管致电道歉';
    await graphql(
      `mutation A($input: AnalyseComplaintInput!) { analyseComplaint(input: $input) { id state } }`,
      {
        input: { id, analysis: { cause: '排班冲突', classification: 'service', proposedPlan: plan } },
      },
    );
    await harness.signIn('director', 'chen.jie');
    await page.goto(`${origin}/complaints/${id}`);
    const primary = page.locator('[data-testid="action-button"][data-primary="true"]');
    await primary.waitFor();
    expect(await primary.getAttribute('data-event')).toBe('complaint.decide');
    await primary.click();
    expect(await page.locator('[data-testid="proposed-plan"]').textContent()).toContain(plan);
    expect(await page.locator('form.operation-form [name="decision.plan"]').inputValue()).toBe(plan);
    await harness.screenshot('decision-1440');
    expect(await harness.seriousAccessibilityViolations()).toEqual([]);
    // The decision form is the step's own: approve (the default) or send back, the plan, a note.
    const decision = page.locator('form.step-form[data-mutation="decideComplaint"]');
    expect(await decision.locator('[name="decision.approved"]').count()).toBe(2);
    await decision.locator('button[type="submit"]').click();
    await expect
      .poll(() => page.locator('[data-testid="complaint-state"]').getAttribute('data-state'))
      .toBe('handling.awaitingSolution');
  });

  it('shows no English word in the queue or on the complaint page when the language is Chinese', async () => {
    const { page, origin } = harness;
    await harness.signIn('supervisor', 'wang.qiang');
    await page.evaluate(() => localStorage.setItem('kefu.language', 'zh'));
    await page.goto(`${origin}/`);
    await page.locator('[data-testid="complaint-row"]').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await latinWords(harness)).toEqual([]);
    // States in the queue are the catalogue's Chinese labels.
    const states = await page.locator('[data-testid="complaint-row"] .state').allTextContents();
    const stateLabels = Object.entries(domainZh)
      .filter(([key]) => key.startsWith('state.'))
      .map(([, value]) => value);
    for (const state of states) expect(stateLabels).toContain(state);
    expect(await harness.seriousAccessibilityViolations()).toEqual([]);

    await page.goto(`${origin}/complaints/${breachedId}`);
    await page.locator('[data-testid="timeline-entry"]').nth(1).waitFor();
    await page.locator('[data-testid="action-button"][data-primary="true"]').click();
    await page.locator('form.operation-form').waitFor();
    expect(await latinWords(harness)).toEqual([]);
    expect(await page.locator('[data-testid="current-step"]').textContent()).toContain(zh.nextStep);
    await harness.screenshot('complaint-zh-1440');
    expect(await harness.seriousAccessibilityViolations()).toEqual([]);
  });

  it('fits the queue and the complaint page in 390 px without sideways scrolling of the page', async () => {
    const { page, origin } = harness;
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      for (const [path, shot] of [
        ['/', 'queue-390'],
        [`/complaints/${breachedId}`, 'complaint-390'],
      ] as const) {
        await page.goto(`${origin}${path}`);
        await page.locator('[data-testid="complaint-row"], [data-testid="current-step"]').first().waitFor();
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        await harness.screenshot(shot);
        expect(await harness.seriousAccessibilityViolations()).toEqual([]);
      }
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
    }
  });
});

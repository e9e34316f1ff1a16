import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readEnvironment, type StartedServer, signDevelopmentToken, startServer } from '@kefu/server';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executablePath, hasChromium, launchChromium } from './harness.js';

if (!hasChromium) {
  console.warn(
    `[dashboard e2e] skipped: ${executablePath} is absent. Install it with \`apt-get update && apt-get install -y chromium\` (.ci/run does).`,
  );
}

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const resultsDir = join(packageRoot, 'test-results', 'screenshots');
const docsDir = join(packageRoot, '..', '..', 'docs', 'screenshots');
const updateDocs = process.env.KEFU_UPDATE_SCREENSHOTS === '1';

type Role = 'agent' | 'supervisor' | 'manager' | 'director' | 'trainer';

let started: StartedServer;
let origin: string;
let context: BrowserContext;
let page: Page;
let userDataDir: string;
let secret: Uint8Array;
const figures: Record<string, number | string> = {};

async function screenshot(name: string) {
  const file = join(resultsDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  if (updateDocs) copyFileSync(file, join(docsDir, `${name}.png`));
}

/** A development token, what `kefu token --role ROLE --user NAME --team east` prints. */
function token(role: Role, userId: string): Promise<string> {
  return signDevelopmentToken({ role, userId, team: 'east', secret });
}

/** A GraphQL request from the test itself, as `role`. */
async function graphql(query: string, variables: Record<string, unknown>, role: Role = 'supervisor') {
  const headers = {
    'content-type': 'application/json',
    authorization: `Bearer ${await token(role, `test.${role}`)}`,
  };
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: Array<{ message: string }> };
  if (body.errors?.length) throw new Error(body.errors.map((error) => error.message).join('; '));
  return body.data;
}

/** Signs in through the sign-in page: picks the role, and pastes a token only when the server cannot issue one itself. */
async function signIn(role: Role, userId: string) {
  await page.goto(`${origin}/`);
  const signOut = page.getByRole('button', { name: /Sign out|退出/ });
  if (await signOut.isVisible().catch(() => false)) await signOut.click();
  await page.locator(`input[name="role"][value="${role}"]`).check();
  await page.locator('input[name="userId"]').fill(userId);
  await page.locator('input[name="team"]').fill('east');
  const offersToken = await page.evaluate(async () => {
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __schema { mutationType { fields { name } } } }' }),
    });
    const body = await response.json();
    return (body.data?.__schema?.mutationType?.fields ?? []).some((field: { name: string }) =>
      /^(development|dev)Token$|^issueDevelopmentToken$|^signInDevelopment$|^createDevelopmentToken$/i.test(
        field.name,
      ),
    );
  });
  if (!offersToken) await page.locator('textarea[name="token"]').fill(await token(role, userId));
  await page.getByRole('button', { name: /^(Sign in|登录)$/ }).click();
  await page.locator('[data-testid="signed-in-as"]').waitFor();
  await page.locator('.app[data-ready="true"]').waitFor();
}

describe.skipIf(!hasChromium)('the dashboard in headless Chromium against the embedded server', () => {
  beforeAll(async () => {
    mkdirSync(resultsDir, { recursive: true });
    if (updateDocs) mkdirSync(docsDir, { recursive: true });
    // One signing key for the server and the tokens this test mints.
    const key = randomBytes(48).toString('base64url');
    secret = new TextEncoder().encode(key);
    started = await startServer(
      readEnvironment({
        PORT: '0',
        HOST: '127.0.0.1',
        KEFU_DATA_DIR: 'memory://dashboard-e2e',
        KEFU_JWT_SECRET: key,
      }),
    );
    origin = new URL(started.url).origin;
    ({ context, page, userDataDir } = await launchChromium({ width: 1360, height: 900 }));
  });

  afterAll(async () => {
    console.log(`[dashboard e2e] figures: ${JSON.stringify(figures)}`);
    await context?.close();
    await started?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it('serves the dashboard at / with an SPA fallback and long-cached assets when the server starts', async () => {
    const index = await fetch(`${origin}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${origin}${script}`);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const deepLink = await fetch(`${origin}/complaints/some-id`);
    expect(deepLink.status).toBe(200);
    expect(await deepLink.text()).toBe(html);
    expect((await fetch(`${origin}/assets/missing.js`)).status).toBe(404);
  });

  it('shows the sign-in page, then the live queue, when the first page loads from the embedded server', async () => {
    await page.goto(`${origin}/`);
    await page.evaluate(() => localStorage.clear());
    const began = Date.now();
    await page.goto(`${origin}/`);
    await page.getByRole('button', { name: /^(Sign in|登录)$/ }).waitFor();
    const signInPage = Date.now() - began;
    await page.locator('input[name="role"][value="supervisor"]').check();
    figures.signInInteractiveMs = signInPage;
    // The picker shows the command that prints a token for the chosen role.
    expect(await page.locator('[data-testid="token-command"]').textContent()).toContain('--role supervisor');
    await screenshot('sign-in');

    await signIn('supervisor', 'wang.qiang');
    const reload = Date.now();
    await page.goto(`${origin}/`);
    await page.locator('.app[data-ready="true"]').waitFor();
    await page.locator('[data-testid="open-complaint"], [data-testid="not-in-api"]').first().waitFor();
    const queuePage = Date.now() - reload;
    const navigation = await page.evaluate(() => {
      const [entry] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
      return entry ? Math.round(entry.domInteractive) : -1;
    });
    figures.queueInteractiveMs = queuePage;
    figures.queueDomInteractiveMs = navigation;
    // The times are printed with the figures, not asserted: speed is measured in `npm run bench`, never in a test.
    expect(await page.locator('.app[data-ready="true"]').count()).toBe(1);
  });

  it('shows a complaint in the queue with a ticking countdown when it is opened through the UI', async () => {
    await signIn('supervisor', 'wang.qiang');
    await page.locator('[data-testid="open-complaint"]').click();
    const form = page.locator('form[data-mutation="openComplaint"]');
    await form.locator('input[name="customer.name"]').fill('王伟');
    await form.locator('input[name="customer.phone"]').fill('13800000000');
    await form.locator('select[name="customer.grade"]').selectOption('A');
    await form.locator('select[name="channel"]').selectOption('phone');
    await form.locator('select[name="category"]').selectOption('productQuality');
    await form.locator('[name="summary"]').fill('洗衣机漏水,第二次来电');
    const team = form.locator('input[name="team"]');
    if (await team.count()) await team.fill('east');
    await form.getByRole('button', { name: /^(Submit|提交)$/ }).click();
    const row = page.locator('[data-testid="complaint-row"]', { hasText: '洗衣机漏水' });
    await row.waitFor();
    expect(await row.getAttribute('data-state')).toBe('received');
    const countdown = row.locator('[data-testid="countdown"]').first();
    const first = await countdown.textContent();
    await expect.poll(() => countdown.textContent(), { timeout: 5000 }).not.toBe(first);
    await screenshot('queue');
  });

  it('changes the timeline when a supervisor records the complaint through its action form', async () => {
    await page
      .locator('[data-testid="complaint-row"]', { hasText: '洗衣机漏水' })
      .getByRole('link')
      .first()
      .click();
    await page.locator('[data-testid="timeline"]').waitFor();
    const entries = page.locator('[data-testid="timeline-entry"]');
    await expect.poll(() => entries.count()).toBe(1);
    const record = page.locator('[data-testid="action-button"][data-event="complaint.record"]');
    await record.click();
    const form = page.locator('form.operation-form').first();
    await form.locator('[name="report.facts"]').fill('客户反映洗衣机使用两周后漏水');
    // The submit button says what it does: the action's label from the catalogue.
    await form.getByRole('button', { name: /^(Record the report|填写报告表)$/ }).click();
    await page
      .locator('[data-testid="timeline-entry"][data-type="complaint.record"]')
      .waitFor({ timeout: 10_000 });
    expect(await entries.count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('[data-testid="complaint-state"]').textContent()).not.toBe('received');
    await screenshot('complaint');
  });

  it('shows a complaint opened elsewhere without a reload when the API reports the change', async () => {
    await page.goto(`${origin}/`);
    await page.locator('[data-testid="complaint-table"]').waitFor();
    await page.evaluate(() => {
      (window as unknown as { kefuNoReload: boolean }).kefuNoReload = true;
    });
    const mode = await page.locator('[data-testid="live-status"]').getAttribute('data-mode');
    figures.liveMode = mode ?? 'unknown';
    const schema = await graphql('{ __schema { subscriptionType { name } } }', {});
    // The server offers subscriptions, so the dashboard must use them rather than polling.
    expect(schema.__schema.subscriptionType).not.toBeNull();
    expect(mode).toBe('sse');
    const began = Date.now();
    await graphql(`mutation Open($input: OpenComplaintInput!) { openComplaint(input: $input) { id } }`, {
      input: {
        customer: { name: '李娜', grade: 'B' },
        channel: 'chat',
        category: 'logistics',
        summary: '快递三天未到,物流无更新',
        team: 'east',
      },
    });
    await page
      .locator('[data-testid="complaint-row"]', { hasText: '快递三天未到' })
      .waitFor({ timeout: 15_000 });
    figures.liveUpdateMs = Date.now() - began;
    expect(await page.evaluate(() => (window as unknown as { kefuNoReload?: boolean }).kefuNoReload)).toBe(
      true,
    );
  });

  it('offers no action button when the signed-in role may not act on the complaint', async () => {
    const opened = await graphql(
      `mutation Open($input: OpenComplaintInput!) { openComplaint(input: $input) { id } }`,
      {
        input: {
          customer: { name: '赵六', grade: 'C' },
          channel: 'email',
          category: 'after-sales',
          summary: '维修预约无人联系',
          team: 'east',
        },
      },
    );
    await signIn('agent', 'li.na');
    await page.goto(`${origin}/complaints/${opened.openComplaint.id}`);
    await page.locator('[data-testid="timeline-entry"]').first().waitFor();
    await page.locator('[data-testid="actions"]').waitFor();
    // Agents may take some actions (e.g. ask for escalation) but never record the report (supervisor, manager).
    await expect
      .poll(() => page.locator('[data-testid="action-button"], [data-testid="no-actions"]').count())
      .toBeGreaterThan(0);
    expect(await page.locator('[data-testid="action-button"][data-event="complaint.record"]').count()).toBe(
      0,
    );
    await signIn('supervisor', 'wang.qiang');
    await page.goto(`${origin}/complaints/${opened.openComplaint.id}`);
    await page.locator('[data-testid="action-button"][data-event="complaint.record"]').waitFor();
  });

  it('switches the interface between Chinese and English when the language toggle is pressed', async () => {
    await page.goto(`${origin}/`);
    const nav = page.locator('.topbar nav');
    const before = await nav.textContent();
    await page.locator('[data-testid="language-toggle"]').click();
    const after = await nav.textContent();
    expect(after).not.toBe(before);
    expect(`${before}${after}`).toContain('Live queue');
    expect(`${before}${after}`).toContain('实时队列');
  });

  it('shows the ladder position, warning level, statements and linked complaints when an escalation and a crisis exist', async () => {
    const opened = await graphql(
      `mutation Open($input: OpenComplaintInput!) { openComplaint(input: $input) { id } }`,
      {
        input: {
          customer: { name: '孙八', grade: 'A' },
          channel: 'social',
          category: 'product-quality',
          summary: '产品起火,网上发帖',
          team: 'east',
        },
      },
    );
    const complaintId = opened.openComplaint.id as string;
    const seeded = { escalation: false, crisis: false };
    try {
      await graphql(
        `mutation Escalate($input: StartEscalationInput!) { startEscalation(input: $input) { id } }`,
        { input: { complaintId, reason: 'seriousCategory', summary: '产品安全问题' } },
        'supervisor',
      );
      seeded.escalation = true;
    } catch (error) {
      figures.escalationSeed = String(error);
    }
    try {
      const crisis = await graphql(
        `mutation Raise($input: RaiseCrisisInput!) { raiseCrisis(input: $input) { id } }`,
        {
          input: {
            title: '产品起火舆情',
            level: 'III',
            reason: '社交媒体扩散',
            category: 'product-quality',
            complaintIds: [complaintId],
          },
        },
        'director',
      );
      await graphql(
        `mutation Draft($input: DraftCrisisStatementInput!) { draftCrisisStatement(input: $input) { id } }`,
        {
          input: {
            id: crisis.raiseCrisis.id,
            statementId: 'statement-1',
            text: '我们已关注到相关情况,正在调查,将于两小时内更新。',
          },
        },
        'director',
      );
      seeded.crisis = true;
    } catch (error) {
      figures.crisisSeed = String(error);
    }
    expect({ seeded, figures }).toMatchObject({ seeded: { escalation: true, crisis: true } });
    await signIn('director', 'chen.jie');
    await page.goto(`${origin}/escalations`);
    const escalation = page.locator('[data-testid="escalation-card"]').first();
    await escalation.waitFor();
    expect(await escalation.locator('.rung.current').count()).toBe(1);
    const crisis = page.locator('[data-testid="crisis-card"]').first();
    await crisis.waitFor();
    expect(await crisis.locator('[data-testid="warning-level"]').textContent()).toContain('III');
    expect(await crisis.locator('[data-testid="statements"]').textContent()).toContain('两小时内更新');
    expect(await crisis.getByRole('link', { name: complaintId }).count()).toBe(1);
  });

  it('charts pass rates, item difficulty and skill levels when trainees have finished attempts', async () => {
    // Attempts are written the way the kefu command records them: through the runtime's training store.
    const { createTrainingStore } = await import('@kefu/training-store');
    const training = createTrainingStore(started.store);
    const at = new Date().toISOString();
    const answers: Record<string, Record<string, boolean[]>> = {
      'li.na': { 'greeting-basics': [true, true, true], 'complaint-procedure': [true, false, true] },
      'zhou.jie': { 'greeting-basics': [true, false, false], 'complaint-procedure': [false, false, true] },
      'wu.fang': { 'greeting-basics': [true, true, false], 'complaint-procedure': [true, true, true] },
    };
    for (const [trainee, quizzes] of Object.entries(answers)) {
      for (const [quizId, results] of Object.entries(quizzes)) {
        const attempt = await training.startAttempt({
          quizId,
          trainee,
          at,
          quizTitle: quizId,
          passMark: 0.6,
        });
        for (const [index, passed] of results.entries()) {
          await training.recordResponse({
            attemptId: attempt.id,
            itemId: `${quizId}-${index + 1}`,
            itemType: 'script',
            tryNumber: 1,
            answer: passed ? '您好,很抱歉给您带来不便' : '嗯',
            rawScore: passed ? 1 : 0,
            passed,
            grade: { score: passed ? 1 : 0 },
            at,
          });
        }
        const score = results.filter(Boolean).length / results.length;
        await training.finishAttempt({ attemptId: attempt.id, at, score, passed: score >= 0.6 });
      }
      const rating = 1500 + 150 * Object.values(quizzes).flat().filter(Boolean).length;
      await training.saveSkillEstimate({
        trainee,
        skill: 'script',
        rating,
        uncertainty: 60,
        evidence: 6,
        at,
      });
    }
    await signIn('trainer', 'liu.yang');
    await page.goto(`${origin}/training`);
    for (const query of ['quizPassRates', 'itemAnalysis', 'skillLevels']) {
      const panel = page.locator(`[data-testid="training-panel"][data-query="${query}"]`);
      await panel.locator('[data-testid="training-chart"][data-rendered="true"]').waitFor();
    }
  });

  it('shows a trainee’s attempt with the evidence highlighted, misses and violations when one is recorded through the API', async () => {
    const recorded = await graphql(
      `mutation Record($input: RecordAttemptInput!) { recordAttempt(input: $input) { id trainee score } }`,
      {
        input: {
          quizId: 'phone-etiquette',
          responses: [
            { itemId: 'greeting.opening', answer: { text: '喂,您好,请问有什么事?' } },
            {
              itemId: 'greeting.opening',
              answer: {
                text: '您好,欢迎致电宏远客户服务热线,客服代表小李很高兴为您服务,请问有什么可以帮助您?',
              },
            },
            { itemId: 'address.surname', answer: { text: '王先生,您好!请问有什么可以帮助您?' } },
          ],
        },
      },
      'agent',
    );
    const { id, trainee } = recorded.recordAttempt as { id: string; trainee: string };
    await signIn('trainer', 'liu.yang');
    await page.goto(`${origin}/training`);
    await page.locator('input[name="trainee"]').fill(trainee);
    await page.locator(`[data-testid="attempt-row"][data-attempt-id="${id}"]`).waitFor();
    const detail = page.locator(`[data-testid="attempt-detail"][data-attempt-id="${id}"]`);
    await detail.waitFor();
    const firstTry = detail.locator(
      '[data-testid="attempt-response"][data-item-id="greeting.opening"][data-try="1"]',
    );
    expect(await firstTry.locator('mark.violation').allTextContents()).toEqual(['喂']);
    expect(await firstTry.locator('mark.evidence').allTextContents()).toContain('您好');
    expect(await firstTry.locator('[data-testid="grade-miss"]').count()).toBeGreaterThan(0);
    expect(await firstTry.locator('[data-testid="grade-violation"]').textContent()).toContain('喂');
    const secondTry = detail.locator(
      '[data-testid="attempt-response"][data-item-id="greeting.opening"][data-try="2"]',
    );
    expect(await secondTry.locator('[data-testid="grade-miss"]').count()).toBe(0);
    expect(await secondTry.locator('mark.evidence').allTextContents()).toContain('高兴为您服务');
    expect(await page.locator('[data-testid="not-in-api"]').count()).toBe(0);
    await screenshot('training-attempt');
  });

  it('renders the escalation, metrics and training pages with what the API offers when they are opened', async () => {
    await signIn('director', 'chen.jie');
    for (const [path, name] of [
      ['/escalations', 'escalations'],
      ['/metrics', 'metrics'],
      ['/training', 'training'],
    ] as const) {
      await page.goto(`${origin}${path}`);
      await page.locator('.app[data-ready="true"]').waitFor();
      await page.locator('h1').first().waitFor();
      // Every panel either draws what the API returned or says what is missing: no error boxes.
      await page.locator('main section.page').waitFor();
      await page.waitForFunction(
        () =>
          !document.body.textContent?.includes('Loading…') && !document.body.textContent?.includes('加载中…'),
      );
      await page.waitForFunction(() =>
        [
          ...document.querySelectorAll(
            '[data-testid="chart"], [data-testid="metrics-chart"], [data-testid="training-chart"]',
          ),
        ].every((chart) => (chart as HTMLElement).dataset.rendered === 'true'),
      );
      expect(await page.locator('.error-note').allTextContents(), `${path} shows an error`).toEqual([]);
      await screenshot(name);
    }
  });
});

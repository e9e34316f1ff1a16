import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readEnvironment, type StartedServer, signDevelopmentToken, startServer } from '@kefu/server';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

export const executablePath = '/usr/bin/chromium';
export const hasChromium = existsSync(executablePath);

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const resultsDir = join(packageRoot, 'test-results', 'screenshots');
const docsDir = join(packageRoot, '..', '..', 'docs', 'screenshots');
const updateDocs = process.env.KEFU_UPDATE_SCREENSHOTS === '1';

export type Role = 'agent' | 'supervisor' | 'manager' | 'director' | 'trainer';

export interface Harness {
  started: StartedServer;
  origin: string;
  page: Page;
  /** A GraphQL request from the test itself, as `role`. */
  graphql(query: string, variables: Record<string, unknown>, role?: Role): Promise<any>;
  /** Signs in through the sign-in page (the embedded server issues the development token). */
  signIn(role: Role, userId: string): Promise<void>;
  /** A full-page screenshot at the current viewport, copied to docs/screenshots with KEFU_UPDATE_SCREENSHOTS=1. */
  screenshot(name: string): Promise<void>;
  /** axe-core's serious and critical violations on the current page: `rule: target, …`. */
  seriousAccessibilityViolations(): Promise<string[]>;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, in a fresh profile; without the background-networking flags it calls out at start. */
export async function launchChromium(viewport: { width: number; height: number }): Promise<{
  context: BrowserContext;
  page: Page;
  userDataDir: string;
}> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'kefu-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport,
    locale: 'en-US',
  });
  return { context, page: context.pages()[0] ?? (await context.newPage()), userDataDir };
}

/** The embedded server on an in-memory PGlite (PORT=0: the OS picks a free port) and a fresh headless Chromium. */
export async function startHarness(name: string): Promise<Harness> {
  mkdirSync(resultsDir, { recursive: true });
  if (updateDocs) mkdirSync(docsDir, { recursive: true });
  const key = randomBytes(48).toString('base64url');
  const secret = new TextEncoder().encode(key);
  const started = await startServer(
    readEnvironment({
      PORT: '0',
      HOST: '127.0.0.1',
      KEFU_DATA_DIR: `memory://${name}`,
      KEFU_JWT_SECRET: key,
    }),
  );
  const origin = new URL(started.url).origin;
  const { context, page, userDataDir } = await launchChromium({ width: 1440, height: 900 });
  const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

  const graphql: Harness['graphql'] = async (query, variables, role = 'supervisor') => {
    const token = await signDevelopmentToken({ role, userId: `test.${role}`, team: 'east', secret });
    const response = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: any; errors?: Array<{ message: string }> };
    if (body.errors?.length) throw new Error(body.errors.map((error) => error.message).join('; '));
    return body.data;
  };

  return {
    started,
    origin,
    page,
    graphql,
    async signIn(role, userId) {
      await page.goto(`${origin}/`);
      const signOut = page.getByRole('button', { name: /Sign out|退出/ });
      if (await signOut.isVisible().catch(() => false)) await signOut.click();
      await page.locator(`input[name="role"][value="${role}"]`).check();
      await page.locator('input[name="userId"]').fill(userId);
      await page.locator('input[name="team"]').fill('east');
      await page.getByRole('button', { name: /^(Sign in|登录)$/ }).click();
      await page.locator('[data-testid="signed-in-as"]').waitFor();
      await page.locator('.app[data-ready="true"]').waitFor();
    },
    async screenshot(shot) {
      const file = join(resultsDir, `${shot}.png`);
      await page.screenshot({ path: file, fullPage: true });
      if (updateDocs) copyFileSync(file, join(docsDir, `${shot}.png`));
    },
    async seriousAccessibilityViolations() {
      if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
      return page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: (context: Document) => Promise<any> } }).axe;
        const results = await axe.run(document);
        return (
          results.violations as Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>
        )
          .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
          .map(
            (violation) =>
              `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
          );
      });
    },
    async close() {
      await context.close();
      await started.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

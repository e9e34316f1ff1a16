// GraphiQL in Debian's headless Chromium with every request beyond this machine blocked: it must render from the
// server's own assets (call-centre networks often have no internet) and sign in through the development token.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnvironment } from './env.js';
import { type StartedServer, startServer } from './start-server.js';

const executablePath = '/usr/bin/chromium';
const hasChromium = existsSync(executablePath);
if (!hasChromium) {
  console.warn(
    `[graphiql e2e] skipped: ${executablePath} is absent. Install it with \`apt-get update && apt-get install -y chromium\` (.ci/run does).`,
  );
}

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const resultsDir = join(packageRoot, 'test-results', 'screenshots');
const docsDir = join(packageRoot, '..', '..', 'docs', 'screenshots');
const updateDocs = process.env.KEFU_UPDATE_SCREENSHOTS === '1';

let started: StartedServer;
let context: BrowserContext;
let page: Page;
let userDataDir: string;
const blocked: string[] = [];

function isThisMachine(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:') return true;
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

describe.skipIf(!hasChromium)('GraphiQL in headless Chromium with no network beyond localhost', () => {
  beforeAll(async () => {
    mkdirSync(resultsDir, { recursive: true });
    started = await startServer(
      readEnvironment({
        PORT: '0',
        HOST: '127.0.0.1',
        KEFU_DATA_DIR: 'memory://graphiql-e2e',
        KEFU_JWT_SECRET: 'graphiql-e2e-secret-graphiql-e2e-secret',
        KEFU_BACKUP_INTERVAL_HOURS: '0',
      }),
    );
    userDataDir = mkdtempSync(join(tmpdir(), 'kefu-graphiql-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
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
      viewport: { width: 1440, height: 900 },
      locale: 'en-US',
    });
    // No internet: every request that leaves this machine fails, as on a call-centre network.
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (isThisMachine(url)) return route.continue();
      blocked.push(url);
      return route.abort('internetdisconnected');
    });
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await context?.close();
    await started?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it('renders the editor and signs in from the default tab when the internet is unreachable', async () => {
    // localhost, as the README says: the development sign-in answers only a loopback Host.
    const endpoint = `http://localhost:${new URL(started.url).port}/graphql`;
    await page.goto(endpoint);
    const editor = page.locator('.graphiql-query-editor .monaco-editor');
    await editor.waitFor({ state: 'visible' });
    await expect(page.locator('.graphiql-query-editor').innerText()).resolves.toContain('developmentToken');
    await expect(page.locator('.graphiql-editor-tool').innerText()).resolves.toContain('Authorization');

    await page.locator('.graphiql-execute-button').click();
    const response = page.locator('.graphiql-response');
    await response.getByText('"developmentToken"').waitFor();
    await expect(response.innerText()).resolves.toMatch(/"developmentToken":\s+"eyJ/);

    const file = join(resultsDir, 'graphiql.png');
    await page.screenshot({ path: file });
    if (updateDocs) copyFileSync(file, join(docsDir, 'graphiql.png'));
    // The page asked nothing of the internet (a blocked request would mean a missing local asset).
    expect(blocked).toEqual([]);
  });
});

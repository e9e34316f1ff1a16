import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphiqlAssetPrefix } from './graphiql-assets.js';
import { createTestServer, type TestServer } from './test-support.js';

let server: TestServer;

async function graphiqlPage(): Promise<string> {
  const response = await server.yoga.fetch('http://localhost/graphql', { headers: { accept: 'text/html' } });
  expect(response.status).toBe(200);
  return response.text();
}

/** Every src/href the page names, and every URL in its worker table. */
function urlsIn(html: string): string[] {
  const attributes = [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
  const workerTable = /const workerUrls = (\{[^\n]*\});/.exec(html)?.[1];
  const workers = Object.values(JSON.parse(workerTable ?? '{}') as Record<string, string>);
  return [...attributes, ...workers];
}

describe('GraphiQL served by the server', () => {
  beforeAll(async () => {
    server = await createTestServer({ dataDir: 'memory://graphiql-assets-test', graphiql: true });
  });

  afterAll(async () => {
    await server.close();
  });

  it('names only this server and data: URLs when GraphiQL is rendered', async () => {
    const html = await graphiqlPage();
    expect(html).not.toContain('unpkg.com');
    const urls = urlsIn(html);
    // The stylesheet, the GraphiQL bundle, the favicon and three editor workers.
    expect(urls).toHaveLength(6);
    for (const url of urls)
      expect(url).toMatch(new RegExp(`^(${graphiqlAssetPrefix}[0-9a-f]{16}/|data:image/)`));
  });

  it('answers every asset the page names with its type and a long cache when the browser asks for it', async () => {
    const html = await graphiqlPage();
    const local = urlsIn(html).filter((url) => url.startsWith('/'));
    expect(local.map((url) => url.split('/').at(-1)).sort()).toEqual([
      'editor.worker.js',
      'graphiql.css',
      'graphiql.js',
      'graphql.worker.js',
      'json.worker.js',
    ]);
    for (const url of local) {
      const response = await server.yoga.fetch(`http://localhost${url}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(
        url.endsWith('.css') ? /^text\/css/ : /^text\/javascript/,
      );
      expect(response.headers.get('cache-control')).toContain('immutable');
      expect((await response.text()).length).toBeGreaterThan(1000);
    }
  });

  it('answers 404 when an asset path names another version or an unknown file', async () => {
    const html = await graphiqlPage();
    const css = urlsIn(html).find((url) => url.endsWith('graphiql.css'))!;
    const stale = css.replace(/[0-9a-f]{16}/, '0000000000000000');
    expect((await server.yoga.fetch(`http://localhost${stale}`)).status).toBe(404);
    expect(
      (await server.yoga.fetch(`http://localhost${css.replace('graphiql.css', 'secret.txt')}`)).status,
    ).toBe(404);
    expect((await server.yoga.fetch(`http://localhost${css}/extra`)).status).toBe(404);
  });

  it('opens with the sign-in mutation and an Authorization header to fill in when nothing is stored', async () => {
    const html = await graphiqlPage();
    expect(html).toContain(
      'developmentToken(\\n    role: agent\\n    userId: \\"li.na\\"\\n    team: \\"east\\"\\n  )',
    );
    expect(html).toContain('"headers":"{\\n  \\"Authorization\\": \\"\\"\\n}"');
  });

  it('serves no GraphiQL page when GraphiQL is turned off', async () => {
    const off = await createTestServer({ dataDir: 'memory://graphiql-off-test', graphiql: false });
    try {
      const response = await off.yoga.fetch('http://localhost/graphql', { headers: { accept: 'text/html' } });
      expect(await response.text()).not.toContain('YogaGraphiQL');
    } finally {
      await off.close();
    }
  });
});

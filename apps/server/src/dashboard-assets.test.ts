import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardAssets } from './dashboard-assets.js';

let root: string;
let server: Server;
let origin: string;
const indexHtml =
  '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/index-abc123.js"></script></body></html>';
const script = `console.log(${JSON.stringify('x'.repeat(4000))});`;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'kefu-dashboard-assets-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), indexHtml);
  writeFileSync(join(root, 'assets', 'index-abc123.js'), script);
  writeFileSync(join(root, 'assets', 'index-abc123.css'), 'body{}');
  const assets = createDashboardAssets({ root });
  server = createServer((request, response) => {
    if (!assets(request, response)) {
      response.statusCode = 299;
      response.end('api');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(root, { recursive: true, force: true });
});

describe('createDashboardAssets', () => {
  it('serves index.html revalidated on every load when / is requested', async () => {
    const response = await fetch(`${origin}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toBe(indexHtml);
  });

  it('answers 304 when the browser already holds the current index.html', async () => {
    const first = await fetch(`${origin}/`);
    const etag = first.headers.get('etag')!;
    const second = await fetch(`${origin}/`, { headers: { 'if-none-match': etag } });
    expect(second.status).toBe(304);
  });

  it('caches hashed assets for a year with their content type when /assets/ files are requested', async () => {
    const js = await fetch(`${origin}/assets/index-abc123.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await js.text()).toBe(script);
    const css = await fetch(`${origin}/assets/index-abc123.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('compresses text with brotli or gzip when the browser accepts it', async () => {
    // fetch() decodes the body itself and hides content-encoding handling; assert the header it received.
    const response = await fetch(`${origin}/assets/index-abc123.js`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(await response.text()).toBe(script);
  });

  it('answers index.html for a dashboard route when the path has no file extension', async () => {
    const response = await fetch(`${origin}/complaints/123`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(indexHtml);
  });

  it('answers 404 when a missing file with an extension is requested', async () => {
    expect((await fetch(`${origin}/assets/missing.js`)).status).toBe(404);
  });

  it('never serves a file outside the build when the path climbs with ..', async () => {
    // fetch() would normalise the path; node:http sends it as written.
    for (const path of [
      '/../../../../etc/passwd',
      '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/assets/..%2f..%2f..%2fetc%2fpasswd',
    ]) {
      const body = await new Promise<string>((resolve, reject) => {
        const { hostname, port } = new URL(origin);
        const request = httpRequest({ hostname, port, path, method: 'GET' }, (response) => {
          let text = '';
          response.on('data', (chunk) => {
            text += chunk;
          });
          response.on('end', () => resolve(text));
        });
        request.on('error', reject);
        request.end();
      });
      expect(body).not.toContain('root:');
    }
  });

  it('passes the request on when it is for the API or not a GET', async () => {
    expect((await fetch(`${origin}/graphql`)).status).toBe(299);
    expect((await fetch(`${origin}/graphql/stream`)).status).toBe(299);
    expect((await fetch(`${origin}/`, { method: 'POST', body: '{}' })).status).toBe(299);
  });

  it('says how to build the dashboard when its build is missing', async () => {
    const assets = createDashboardAssets({ root: join(root, 'nowhere') });
    const bare = createServer((request, response) => {
      if (!assets(request, response)) response.end('api');
    });
    await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
    const response = await fetch(`http://127.0.0.1:${(bare.address() as AddressInfo).port}/`);
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build');
    await new Promise<void>((resolve) => bare.close(() => resolve()));
  });
});

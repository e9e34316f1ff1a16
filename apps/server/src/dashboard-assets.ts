import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

const compressible = /^(text\/|application\/(json|manifest)|image\/svg)/;

/** Where `@kefu/dashboard` keeps its production build, or undefined when the package is not installed. */
export function defaultDashboardRoot(): string | undefined {
  try {
    const manifest = createRequire(import.meta.url).resolve('@kefu/dashboard/package.json');
    return join(dirname(manifest), 'dist');
  } catch {
    return undefined;
  }
}

export interface DashboardAssetsOptions {
  /** The dashboard build directory (default: `@kefu/dashboard`'s `dist/`). */
  root?: string;
  /** Paths under this prefix are the API's, never the dashboard's (default `/graphql`). */
  apiPrefix?: string;
}

/** Node request handler: returns true when it answers the request, false to pass it on (to the API). */
export type DashboardAssets = (request: IncomingMessage, response: ServerResponse) => boolean;

interface Asset {
  body: Buffer;
  gzip?: Buffer;
  brotli?: Buffer;
  etag: string;
  mtimeMs: number;
}

/**
 * Serves the dashboard's static build at `/`: hashed files under `/assets/` are cached for a year
 * (immutable); `index.html` is revalidated on every load (ETag); any other path without a file
 * extension gets `index.html`, so the dashboard's own routes survive a reload (SPA fallback).
 * Text files are sent brotli- or gzip-compressed when the browser accepts it.
 */
export function createDashboardAssets(options: DashboardAssetsOptions = {}): DashboardAssets {
  const root = options.root ?? defaultDashboardRoot();
  const apiPrefix = options.apiPrefix ?? '/graphql';
  const cache = new Map<string, Asset>();

  async function load(file: string): Promise<Asset | undefined> {
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    const cached = cache.get(file);
    if (cached && cached.mtimeMs === info.mtimeMs) return cached;
    const body = await readFile(file);
    const asset: Asset = {
      body,
      etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`,
      mtimeMs: info.mtimeMs,
    };
    const type = contentTypes[extname(file)] ?? '';
    if (compressible.test(type) && body.length > 1024) {
      asset.gzip = gzipSync(body);
      asset.brotli = brotliCompressSync(body);
    }
    cache.set(file, asset);
    return asset;
  }

  function send(
    request: IncomingMessage,
    response: ServerResponse,
    file: string,
    asset: Asset,
    immutable: boolean,
  ) {
    const type = contentTypes[extname(file)] ?? 'application/octet-stream';
    response.setHeader('content-type', type);
    response.setHeader('x-content-type-options', 'nosniff');
    response.setHeader('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    response.setHeader('etag', asset.etag);
    response.setHeader('vary', 'accept-encoding');
    if (request.headers['if-none-match'] === asset.etag) {
      response.statusCode = 304;
      response.end();
      return;
    }
    const accepted = String(request.headers['accept-encoding'] ?? '');
    let body = asset.body;
    if (asset.brotli && /\bbr\b/.test(accepted)) {
      body = asset.brotli;
      response.setHeader('content-encoding', 'br');
    } else if (asset.gzip && /\bgzip\b/.test(accepted)) {
      body = asset.gzip;
      response.setHeader('content-encoding', 'gzip');
    }
    response.setHeader('content-length', body.length);
    response.statusCode = 200;
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  function notBuilt(response: ServerResponse) {
    response.statusCode = 503;
    response.setHeader('content-type', 'text/plain; charset=utf-8');
    response.setHeader('cache-control', 'no-store');
    response.end(
      'The kefu dashboard is not built. Run `npm run build` (or `npm start`, which builds it) at the repository root. The GraphQL API is at /graphql.\n',
    );
  }

  async function serve(request: IncomingMessage, response: ServerResponse, pathname: string) {
    if (!root || !existsSync(join(root, 'index.html'))) return notBuilt(response);
    const relative = normalize(pathname).replace(/^([/\\])+/, '');
    const file = join(root, relative);
    if (file !== root && !file.startsWith(root + sep)) {
      response.statusCode = 404;
      response.end();
      return;
    }
    const asset = relative === '' ? undefined : await load(file);
    if (asset) return send(request, response, file, asset, relative.startsWith(`assets${sep}`));
    if (extname(relative) !== '') {
      response.statusCode = 404;
      response.setHeader('content-type', 'text/plain; charset=utf-8');
      response.end('Not found\n');
      return;
    }
    const index = join(root, 'index.html');
    const page = await load(index);
    if (!page) return notBuilt(response);
    send(request, response, index, page, false);
  }

  return (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://kefu.local').pathname);
    } catch {
      return false;
    }
    if (pathname === apiPrefix || pathname.startsWith(`${apiPrefix}/`)) return false;
    serve(request, response, pathname).catch((error: unknown) => {
      if (!response.headersSent) response.statusCode = 500;
      response.end(error instanceof Error ? error.message : String(error));
    });
    return true;
  };
}

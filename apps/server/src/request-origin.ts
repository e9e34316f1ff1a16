import type { CORSOptions } from 'graphql-yoga';

/** The Host a request names (the header; the URL's host for in-process `yoga.fetch` requests that send none). */
function hostOf(request: Request): string {
  return request.headers.get('host') ?? new URL(request.url).host;
}

/** `localhost`, `*.localhost`, 127.0.0.0/8 and `[::1]`: names that can only mean this machine. */
export function isLoopbackHost(host: string): boolean {
  let hostname: string;
  try {
    hostname = new URL(`http://${host}`).hostname.toLowerCase();
  } catch {
    return false;
  }
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    hostname === '[::1]' ||
    /^127(\.\d{1,3}){3}$/.test(hostname)
  );
}

/**
 * Whether a request may receive a development token: its Host is a loopback name (a page on another site,
 * or a DNS-rebound name, sends its own Host) and its Origin is absent (curl, the CLI) or this server's own
 * (the dashboard it serves).
 */
export function isDevelopmentTokenRequest(request: Request): boolean {
  const host = hostOf(request);
  if (!isLoopbackHost(host)) return false;
  const origin = request.headers.get('origin');
  if (origin === null) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * CORS for the API: none (same origin only) unless the request's Origin is on the allow-list, and then only
 * that origin, with credentials. A preflight from any other origin gets no `Access-Control-Allow-*` headers,
 * so the browser does not send the request.
 */
export function corsFor(allowedOrigins: readonly string[]): (request: Request) => CORSOptions | false {
  const allowed = new Set(allowedOrigins);
  return (request) => {
    const origin = request.headers.get('origin');
    if (origin === null || !allowed.has(origin)) return false;
    return {
      origin: [origin],
      credentials: true,
      methods: ['GET', 'POST', 'OPTIONS'],
      allowedHeaders: ['authorization', 'content-type', 'x-kefu-csrf', 'graphql-preflight'],
      maxAge: 600,
    };
  };
}

import { parse } from 'graphql';
import type { Plugin } from 'graphql-yoga';

function refuse(status: number, message: string, code: string): Response {
  return new Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}

/** Reads at most `limit + 1` bytes of a body stream; returns how many it saw (stopping early). */
async function measure(body: ReadableStream<Uint8Array>, limit: number): Promise<number> {
  const reader = body.getReader();
  let size = 0;
  try {
    while (size <= limit) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return size;
}

/**
 * Refuses a request body larger than `maxBytes` with 413 before anything parses it: by its Content-Length when
 * declared, otherwise by reading at most `maxBytes + 1` bytes of a copy.
 */
export function useRequestSizeLimit(maxBytes: number): Plugin {
  const message = `Request body too large: the limit is ${maxBytes} bytes`;
  return {
    async onRequest({ request, endResponse }) {
      if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return;
      const declared = request.headers.get('content-length');
      if (declared !== null) {
        if (Number(declared) > maxBytes) endResponse(refuse(413, message, 'PAYLOAD_TOO_LARGE'));
        return;
      }
      if (!request.body) return;
      if ((await measure(request.clone().body!, maxBytes)) > maxBytes) {
        endResponse(refuse(413, message, 'PAYLOAD_TOO_LARGE'));
      }
    },
  };
}

const simpleContentTypes = new Set([
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
]);

/**
 * CSRF prevention (as Yoga's and Apollo's): a request a browser could send cross-site without a preflight —
 * GET, or POST with a form/plain-text content type — must carry a non-simple header (`Authorization`,
 * `x-kefu-csrf`, `graphql-preflight` or `apollo-require-preflight`), or it is refused with 403.
 */
export function useCsrfPrevention(
  requestHeaders: readonly string[] = [
    'authorization',
    'x-kefu-csrf',
    'graphql-preflight',
    'apollo-require-preflight',
  ],
): Plugin {
  return {
    onRequest({ request, endResponse, url }) {
      if (!url.pathname.endsWith('/graphql')) return;
      const method = request.method;
      if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') return;
      const contentType = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
      const simple = method !== 'POST' || contentType === undefined || simpleContentTypes.has(contentType);
      if (!simple) return;
      if (requestHeaders.some((header) => request.headers.has(header))) return;
      // GraphiQL: a browser navigating to the endpoint asks for HTML and runs nothing.
      if (
        method === 'GET' &&
        !url.searchParams.has('query') &&
        request.headers.get('accept')?.includes('text/html')
      )
        return;
      endResponse(
        refuse(
          403,
          `Required CSRF header missing: send one of ${requestHeaders.join(', ')} with GET or form/plain-text requests`,
          'CSRF_PREVENTED',
        ),
      );
    },
  };
}

/** Stops parsing a document of more than `maxTokens` tokens (graphql-js' own counter): a syntax error, nothing runs. */
export function useMaxTokens(maxTokens: number): Plugin {
  return {
    onParse({ setParseFn }) {
      setParseFn((source, options) => parse(source, { ...options, maxTokens }));
    },
  };
}

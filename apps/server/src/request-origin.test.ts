import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnvironment } from './env.js';
import { createTestServer, type TestServer } from './test-support.js';

let server: TestServer;
const allowed = 'https://ops.example.com';

beforeAll(async () => {
  server = await createTestServer({ dataDir: 'memory://request-origin-test', corsOrigins: [allowed] });
});

afterAll(async () => {
  await server.close();
});

const preflight = (origin: string) =>
  server.yoga.fetch('http://localhost:4000/graphql', {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type',
    },
  });

const corsHeaders = (response: Response) =>
  Object.fromEntries([...response.headers].filter(([name]) => name.startsWith('access-control-')));

describe('CORS', () => {
  it('grants no preflight to a foreign origin', async () => {
    const response = await preflight('https://attacker.example');
    expect(corsHeaders(response)).toEqual({});
  });

  it('answers a foreign origin’s request without CORS headers, so its page cannot read it', async () => {
    const response = await server.yoga.fetch('http://localhost:4000/graphql', {
      method: 'POST',
      headers: { origin: 'https://attacker.example', 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(corsHeaders(response)).toEqual({});
  });

  it('grants an allow-listed origin, and only that origin, with credentials', async () => {
    const response = await preflight(allowed);
    expect(corsHeaders(response)).toMatchObject({
      'access-control-allow-origin': allowed,
      'access-control-allow-credentials': 'true',
    });
    expect(corsHeaders(response)['access-control-allow-headers']).toMatch(/authorization/);
  });

  it('allows no cross-origin browser access when KEFU_CORS_ORIGINS is unset', () => {
    expect(readEnvironment({}).KEFU_CORS_ORIGINS).toEqual([]);
    expect(
      readEnvironment({ KEFU_CORS_ORIGINS: 'https://ops.example.com, http://localhost:5173' })
        .KEFU_CORS_ORIGINS,
    ).toEqual(['https://ops.example.com', 'http://localhost:5173']);
  });

  it('refuses a wildcard or a URL with a path in KEFU_CORS_ORIGINS, naming the variable', () => {
    for (const value of ['*', 'https://ops.example.com/dashboard', 'ops.example.com']) {
      expect(() => readEnvironment({ KEFU_CORS_ORIGINS: value })).toThrow(/KEFU_CORS_ORIGINS/);
    }
  });
});

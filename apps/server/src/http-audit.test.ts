import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { auditServer } from 'graphql-http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestServer, type TestServer } from './test-support.js';

let server: TestServer;
let http: Server;
let url: string;

beforeAll(async () => {
  server = await createTestServer({ dataDir: 'memory://http-audit-test' });
  http = createServer(server.yoga);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => http.close(() => resolve()));
  await server.close();
});

it('passes every MUST of the GraphQL-over-HTTP audit (graphql-http) over a listening server', async () => {
  const results = await auditServer({ url });
  const mustFailures = results.filter((result) => result.status !== 'ok' && result.name.startsWith('MUST'));
  expect(mustFailures.map((result) => `${result.name}: ${'reason' in result ? result.reason : ''}`)).toEqual(
    [],
  );
  const counts: Record<string, number> = { ok: 0, notice: 0, warn: 0, error: 0 };
  for (const result of results) counts[result.status] = (counts[result.status] ?? 0) + 1;
  // Recorded for the docs: SHOULD/MAY notes are warnings, not failures.
  console.log(
    `graphql-http audit: ${counts.ok} ok, ${counts.notice} notices, ${counts.warn} warnings, ${counts.error} errors of ${results.length}`,
  );
  for (const result of results.filter((r) => r.status !== 'ok'))
    console.log(`  ${result.status}: ${result.name}`);
  expect(counts.error).toBe(0);
});

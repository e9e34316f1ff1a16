import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateWebhookSecret } from '@kefu/notify';
import { createNotificationCenter } from '@kefu/notify-store';
import { openStore } from '@kefu/runtime';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKefu } from '../test-support/run-kefu.js';

let secret = generateWebhookSecret();
const received: string[] = [];
const receiver = createServer((request, response) => {
  let raw = '';
  request.on('data', (chunk) => {
    raw += chunk;
  });
  request.on('end', () => {
    try {
      new Webhook(secret).verify(raw, request.headers as Record<string, string>);
      received.push(String(request.headers['webhook-id']));
      response.writeHead(202).end();
    } catch {
      response.writeHead(401).end();
    }
  });
});
let url = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
});

afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
});

describe('kefu notify test', () => {
  it('prints the delivered attempt with its code when a URL’s receiver verifies the signature', async () => {
    const run = await runKefu(['notify', 'test', url, '--secret', secret, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const attempt = JSON.parse(run.stdout);
    expect(attempt).toMatchObject({ status: 'delivered', responseCode: 202, error: null });
    expect(received).toEqual([attempt.messageId]);
  });

  it('exits 1 and prints the refusal when the receiver rejects the signature', async () => {
    const run = await runKefu(['notify', 'test', url, '--secret', generateWebhookSecret()]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^failed {2}HTTP 401 {2}\d+\.\d ms {2}webhook-id msg_test_\w+ {2}HTTP 401\n$/);
  });

  it('signs with a configured endpoint’s stored secret when given its id', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kefu-notify-'));
    const store = await openStore({ dataDir });
    const center = createNotificationCenter({
      store,
      directory: { onDuty: async () => [], workingHours: async () => true },
    });
    const created = await center.createEndpoint({ name: 'ops', url });
    await store.close();
    secret = created.secret;
    const run = await runKefu(['notify', 'test', created.endpoint.id, '--data-dir', dataDir]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^delivered {2}HTTP 202 {2}/);
    const missing = await runKefu(['notify', 'test', 'ep_missing', '--data-dir', dataDir]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('No webhook endpoint with id "ep_missing"');
  }, 120_000);
});

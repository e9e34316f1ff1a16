// A deployment's complaint time limits from KEFU_COMPLAINT_POLICIES, through the server as `npm start` runs it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultComplaintPolicy } from '@kefu/complaint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnvironment } from './env.js';
import { type StartedServer, startServer } from './start-server.js';

const directory = mkdtempSync(join(tmpdir(), 'kefu-complaint-policies-'));
const twentyMinutes = join(directory, 'twenty-minutes.json');
writeFileSync(
  twentyMinutes,
  JSON.stringify({
    standard: { ...defaultComplaintPolicy, record: { budget: { minutes: 20 }, calendar: 'wall' } },
  }),
);
const environment = (policies: string) => ({
  PORT: '0',
  HOST: '127.0.0.1',
  KEFU_DATA_DIR: 'memory://complaint-policies',
  KEFU_JWT_SECRET: 'complaint-policies-secret-complaint-policies',
  KEFU_BACKUP_INTERVAL_HOURS: '0',
  KEFU_COMPLAINT_POLICIES: policies,
});

let started: StartedServer;

async function post(query: string, token?: string) {
  const response = await fetch(started.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: any; errors?: unknown[] };
}

beforeAll(async () => {
  started = await startServer(readEnvironment(environment(twentyMinutes)));
});

afterAll(async () => {
  await started?.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('KEFU_COMPLAINT_POLICIES', () => {
  it('opens a complaint whose record deadline is 20 minutes after opening when the deployment sets a 20-minute record limit', async () => {
    const signedIn = await post('mutation { developmentToken(role: agent, userId: "li.na", team: "east") }');
    const opened = await post(
      `mutation {
        openComplaint(input: {
          customer: { name: "王伟", phone: "13800000000", grade: B }
          channel: phone
          category: "product-quality"
          summary: "电水壶使用两天后漏水"
        }) { id deadlines { name dueAt } }
      }`,
      signedIn.data.developmentToken,
    );
    expect(opened.errors).toBeUndefined();
    const { id, deadlines } = opened.data.openComplaint as {
      id: string;
      deadlines: Array<{ name: string; dueAt: string }>;
    };
    const openedAt = Date.parse((await started.runtime.get(id)).createdAt);
    const record = deadlines.find((deadline) => deadline.name === 'record');
    expect((Date.parse(record!.dueAt) - openedAt) / 60_000).toBe(20);
  });

  it('stops start-up naming the file and the field when a policy is invalid', () => {
    const invalid = join(directory, 'invalid.json');
    writeFileSync(
      invalid,
      JSON.stringify({ standard: { ...defaultComplaintPolicy, record: { budget: {} } } }),
    );
    expect(() => readEnvironment(environment(invalid))).toThrow(
      `KEFU_COMPLAINT_POLICIES: ${invalid}: standard.record.budget`,
    );
  });

  it('stops start-up naming the file when it cannot be read as JSON', () => {
    const broken = join(directory, 'broken.json');
    writeFileSync(broken, '{ standard: ');
    expect(() => readEnvironment(environment(broken))).toThrow(
      `KEFU_COMPLAINT_POLICIES: cannot read complaint policies from ${broken}`,
    );
    expect(() => readEnvironment(environment(join(directory, 'missing.json')))).toThrow(
      /cannot read complaint policies from .*missing\.json/,
    );
  });
});

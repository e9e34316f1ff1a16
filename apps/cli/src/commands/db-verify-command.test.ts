import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime, openStore } from '@kefu/runtime';
import { defaultWorkflows } from '@kefu/workflows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKefu } from '../test-support/run-kefu.js';

const root = mkdtempSync(join(tmpdir(), 'kefu-verify-'));
const dataDir = join(root, 'data');
const ids: string[] = [];

const opened = {
  at: '2026-03-02T09:00:00+08:00',
  by: { userId: 'li.na', role: 'agent' },
  customer: { name: '王伟', phone: '13800000000', grade: 'B' },
  channel: 'phone',
  category: 'product-quality',
  summary: '电水壶使用两天后漏水',
};
const record = {
  type: 'complaint.record',
  at: '2026-03-02T09:04:00+08:00',
  by: { userId: 'zhang.wei', role: 'supervisor' },
  report: { facts: '客户反映电水壶底部漏水' },
};

beforeAll(async () => {
  const store = await openStore({ dataDir });
  const runtime = createRuntime({ store, workflows: defaultWorkflows });
  for (let index = 0; index < 2; index += 1) {
    const { workflow } = await runtime.start('complaint', opened);
    await runtime.send(workflow.id, record);
    ids.push(workflow.id);
  }
  await store.close();
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('kefu db verify', () => {
  it('exits 0 with a summary when every workflow agrees with its log', async () => {
    const run = await runKefu(['--data-dir', dataDir, 'db', 'verify', '--all']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('verified 2 workflows (4 log entries): every one agrees with its log\n');
    const one = await runKefu(['--data-dir', dataDir, 'db', 'verify', ids[0]!, '--json']);
    expect(one.code, one.stderr).toBe(0);
    expect(JSON.parse(one.stdout)).toEqual({ workflows: 1, events: 2, failed: [], passed: true });
  });

  it('exits 2 naming the id when a workflow id is unknown, and when neither ids nor --all are given', async () => {
    const unknown = await runKefu(['--data-dir', dataDir, 'db', 'verify', ids[0]!, 'no-such-id']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no workflow with id "no-such-id"');
    expect(unknown.stdout).toBe('');
    const nothing = await runKefu(['--data-dir', dataDir, 'db', 'verify']);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('or --all');
  });

  it('exits 1 naming the workflow and the broken log entry when a logged event was changed in place', async () => {
    const store = await openStore({ dataDir });
    await store.pglite!.query(
      `update workflow_events set event = jsonb_set(event, '{report,facts}', '"改过的"') where workflow_id = $1 and seq = 2`,
      [ids[1]],
    );
    await store.close();
    const run = await runKefu(['--data-dir', dataDir, 'db', 'verify', '--all']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`MISMATCH ${ids[1]}\n  log entry 2 does not match its hash chain\n`);
    expect(run.stdout).not.toContain(`MISMATCH ${ids[0]}`);
    expect(run.stdout).toContain('verified 2 workflows (4 log entries): 1 with problems\n');
  });
});

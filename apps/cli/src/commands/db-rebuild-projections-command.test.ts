import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime, openStore } from '@kefu/runtime';
import { defaultWorkflows } from '@kefu/workflows';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKefu } from '../test-support/run-kefu.js';

const root = mkdtempSync(join(tmpdir(), 'kefu-projections-'));
const dataDir = join(root, 'data');

const opened = {
  at: '2026-03-02T09:00:00+08:00',
  by: { userId: 'li.na', role: 'agent' },
  customer: { name: '王伟', phone: '13800000000', grade: 'B' },
  channel: 'phone',
  category: 'product-quality',
  team: 'east',
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
  for (let index = 0; index < 3; index += 1) {
    const { workflow } = await runtime.start('complaint', opened);
    if (index > 0) await runtime.send(workflow.id, record);
  }
  await store.close();
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

async function corruptCounter() {
  const store = await openStore({ dataDir });
  try {
    await sql`update complaint_counts set open = open + 5 where status = 'recorded'`.execute(store.db);
  } finally {
    await store.close();
  }
}

describe('kefu db rebuild-projections', () => {
  it('exits 0 when every projection matches the event log', async () => {
    const run = await runKefu(['--data-dir', dataDir, 'db', 'rebuild-projections', '--check']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('projections match the event log\n');
  });

  it('exits 1 under --check naming the corrupted counter and its rows, and changes nothing', async () => {
    await corruptCounter();
    const run = await runKefu(['--data-dir', dataDir, 'db', 'rebuild-projections', '--check', '--json']);
    expect(run.code, run.stderr).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      differences: [
        { table: 'complaint_counts', stored: ['(recorded,east,2,7,0)'], expected: ['(recorded,east,2,2,0)'] },
      ],
      repaired: false,
    });
    const again = await runKefu(['--data-dir', dataDir, 'db', 'rebuild-projections', '--check']);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('DIFFERENCE complaint_counts');
  });

  it('rebuilds the differing projection without --check, after which --check passes', async () => {
    const rebuilt = await runKefu(['--data-dir', dataDir, 'db', 'rebuild-projections']);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(rebuilt.stdout).toContain('1 projection table(s) differed from the event log: rebuilt');
    const check = await runKefu(['--data-dir', dataDir, 'db', 'rebuild-projections', '--check']);
    expect(check.code, check.stderr).toBe(0);
  });
});

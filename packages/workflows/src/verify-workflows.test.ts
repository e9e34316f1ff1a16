import { createRuntime, openStore, type Runtime, type Store, verifyWorkflows } from '@kefu/runtime';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultWorkflows } from './default-workflows.js';

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

let store: Store;
let runtime: Runtime;
const ids: string[] = [];

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://verify-workflows' });
  runtime = createRuntime({ store, workflows: defaultWorkflows });
  for (let index = 0; index < 3; index += 1) {
    const { workflow } = await runtime.start('complaint', opened);
    await runtime.send(workflow.id, record);
    ids.push(workflow.id);
  }
});

afterAll(async () => {
  await store.close();
});

describe('verifyWorkflows', () => {
  it('finds every workflow consistent, page by page, reporting progress, when nothing was touched', async () => {
    const progress: string[] = [];
    const result = await verifyWorkflows(runtime, {
      batchSize: 2,
      onProgress: (done, total) => progress.push(`${done}/${total}`),
    });
    expect(result).toEqual({ workflows: 3, events: 6, failed: [] });
    expect(progress).toEqual(['1/3', '2/3', '3/3']);
  });

  it('names the workflow whose logged event was changed in place, and only it', async () => {
    const tampered = ids[1]!;
    await sql`update workflow_events set event = jsonb_set(event, '{report,facts}', '"改过的"') where workflow_id = ${tampered} and seq = 2`.execute(
      store.db,
    );
    const all = await verifyWorkflows(runtime);
    expect(all.workflows).toBe(3);
    expect(all.failed.map((failure) => failure.workflowId)).toEqual([tampered]);
    expect(all.failed[0]!.problems).toContain('log entry 2 does not match its hash chain');
    const some = await verifyWorkflows(runtime, { ids: [ids[0]!, tampered] });
    expect(some.failed.map((failure) => failure.workflowId)).toEqual([tampered]);
  });

  it('counts a workflow that cannot be checked as failed, with the reason', async () => {
    const result = await verifyWorkflows(runtime, { ids: ['no-such-workflow'] });
    expect(result.failed).toEqual([
      expect.objectContaining({
        workflowId: 'no-such-workflow',
        problems: [expect.stringContaining('could not be checked')],
      }),
    ]);
  });
});

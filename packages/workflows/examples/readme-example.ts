import { createRuntime, openStore } from '@kefu/runtime';
import { defaultWorkflows } from '@kefu/workflows';

// Embedded PGlite; pass { databaseUrl } for PostgreSQL, or { dataDir: '.kefu/data' } to keep files.
const store = await openStore({ dataDir: 'memory://readme' });
const runtime = createRuntime({ store, workflows: defaultWorkflows });

const { workflow } = await runtime.start('complaint', {
  at: '2026-03-02T09:00:00+08:00',
  by: { userId: 'li.na', role: 'agent' },
  customer: { name: '王伟', grade: 'B' },
  channel: 'phone',
  category: 'product-quality',
  summary: '电水壶使用两天后漏水',
});

await runtime.send(
  workflow.id,
  {
    type: 'complaint.record',
    at: '2026-03-02T09:04:00+08:00',
    by: { userId: 'zhang.wei', role: 'supervisor' },
    report: { facts: '客户反映电水壶底部漏水' },
  },
  { idempotencyKey: 'record-1' }, // a retry with the same key returns the first result
);

export const state = (await runtime.get(workflow.id)).state; // 'recorded'
export const steps = (await runtime.history(workflow.id)).map((entry) => entry.type);
await store.close();

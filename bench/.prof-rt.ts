import { createRuntime, openStore } from '@kefu/runtime';
import { defaultReactions, defaultWorkflows } from '@kefu/workflows';
import { resetSchema, schemaUrl } from './bench-database.js';
import { runClients } from './bench-timing.js';
import { assignEvent, complaintInput } from './machine-sequences.js';

process.env.KEFU_DATA_KEY = 'k1:' + Buffer.alloc(32, 7).toString('base64');
const base = 'postgres://postgres@127.0.0.1:5432/test';
await resetSchema(base, 'kefu_prof');
const store = await openStore({ databaseUrl: schemaUrl(base, 'kefu_prof') });
const runtime = createRuntime({
  store,
  workflows: defaultWorkflows,
  reactions: defaultReactions,
  awaitDelivery: process.argv[2] !== 'nodeliver',
});
const ids: string[] = [];
for (let i = 0; i < 8; i++) {
  const { complaintId: _, ...input } = complaintInput('x');
  ids.push((await runtime.start('complaint', input)).workflow.id);
}
let n = 0;
const cpu = process.cpuUsage();
const r = await runClients(8, 8, async (c) => {
  await runtime.send(ids[c]!, { ...assignEvent(n++), at: new Date().toISOString() });
});
const u = process.cpuUsage(cpu);
console.log(
  process.argv[2] ?? 'default',
  r.perSecond.toFixed(1),
  '/s; node CPU ms per send',
  ((u.user + u.system) / 1000 / r.operations).toFixed(2),
);
await runtime.idle();
await store.close();
await resetSchema(base, 'kefu_prof');

// Sequential and concurrent send throughput on one engine. Usage:
//   node --import tsx test/measure-throughput.ts [postgres-url]     (PGlite memory:// without a URL)
import { createRuntime } from '../src/create-runtime.js';
import { openStore } from '../src/open-store.js';
import { createTestSchema, note, testDataKey, ticketInput, ticketWorkflow } from '../src/test-support.js';

const baseUrl = process.argv[2];
const schema = baseUrl ? await createTestSchema(baseUrl, 'measure') : undefined;
const store = await openStore(
  schema
    ? { databaseUrl: schema.url, dataKey: testDataKey }
    : { dataDir: 'memory://measure', dataKey: testDataKey },
);
const runtime = createRuntime({
  store,
  workflows: [ticketWorkflow],
  maxAttempts: 100,
  awaitDelivery: process.env.AWAIT !== '0',
});
const t0 = Date.parse('2026-03-02T09:00:00.000Z');
const ids: string[] = [];
for (let index = 0; index < 50; index++)
  ids.push((await runtime.start('ticket', ticketInput(new Date(t0).toISOString()))).workflow.id);

let began = performance.now();
const latencies: number[] = [];
for (let index = 0; index < 500; index++) {
  const start = performance.now();
  await runtime.send(ids[index % 50]!, note(new Date(t0 + index * 1000).toISOString(), `s${index}`));
  latencies.push(performance.now() - start);
}
latencies.sort((a, b) => a - b);
const sequential = 500 / ((performance.now() - began) / 1000);
began = performance.now();
await Promise.all(
  Array.from({ length: 8 }, async (_, lane) => {
    for (let index = 0; index < 125; index++) {
      await runtime.send(
        ids[(lane * 125 + index) % 50]!,
        note(new Date(t0 + index * 1000).toISOString(), `c${lane}-${index}`),
      );
    }
  }),
);
const concurrent = 1000 / ((performance.now() - began) / 1000);
console.log(
  `${store.engine}: sequential ${sequential.toFixed(0)} sends/s (p50 ${latencies[250]!.toFixed(2)} ms, p99 ${latencies[495]!.toFixed(2)} ms); 8 concurrent ${concurrent.toFixed(0)} sends/s`,
);
await runtime.idle();
await store.close();
await schema?.drop();

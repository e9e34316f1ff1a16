// A writer for the crash test: sends a stream of events and prints each acknowledged one; the test SIGKILLs it.
// Usage: tsx test/crash-child.ts <databaseUrl> <dataKey> <t0> <workflowId>...
import { createRuntime } from '../src/create-runtime.js';
import { createScheduler } from '../src/create-scheduler.js';
import { openStore } from '../src/open-store.js';
import { note, ticketWorkflow } from '../src/test-support.js';

const [databaseUrl, dataKey, t0, ...ids] = process.argv.slice(2);
const store = await openStore({ databaseUrl: databaseUrl!, dataKey: dataKey!, poolSize: 4 });
const runtime = createRuntime({ store, workflows: [ticketWorkflow], awaitDelivery: false });
const clock = { now: new Date(t0!) };
const scheduler = createScheduler({ runtime, now: () => clock.now });

async function writer(lane: number) {
  for (let index = 0; ; index++) {
    const n = index * 4 + lane;
    const id = ids[n % ids.length]!;
    const text = `n-${n}`;
    const at = new Date(Date.parse(t0!) + n * 1000).toISOString();
    const { entry } = await runtime.send(id, note(at, text), { idempotencyKey: text });
    process.stdout.write(`ack ${id} ${entry.seq} ${text}\n`);
  }
}

async function ticker() {
  for (;;) {
    clock.now = new Date(clock.now.getTime() + 60_000);
    await scheduler.runOnce();
  }
}

process.stdout.write('ready\n');
await Promise.all([writer(0), writer(1), writer(2), writer(3), ticker()]);

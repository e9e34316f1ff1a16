// A writer for the projection crash test: moves complaints between teams, states and contacts from four lanes
// while the scheduler fires their deadlines, printing each acknowledged send; the test SIGKILLs it.
// Usage: tsx test/crash-child.ts <databaseUrl> <dataKey> <t0> <workflowId>...
import { createRuntime, createScheduler, EventNotAccepted, openStore } from '@kefu/runtime';
import { defaultWorkflows } from '../src/default-workflows.js';
import { defaultReactions } from '../src/workflow-links.js';

const [databaseUrl, dataKey, t0, ...ids] = process.argv.slice(2);
const store = await openStore({ databaseUrl: databaseUrl!, dataKey: dataKey!, poolSize: 4 });
const runtime = createRuntime({ store, workflows: defaultWorkflows, reactions: defaultReactions });
const clock = { now: new Date(t0!) };
const scheduler = createScheduler({ runtime, now: () => clock.now });
const supervisor = { userId: 'zhang.wei', role: 'supervisor' };
const agent = { userId: 'li.na', role: 'agent' };

function eventFor(n: number, at: string) {
  switch (n % 3) {
    case 0:
      return { type: 'complaint.record', at, by: supervisor, report: { facts: `第${n}次记录` } };
    case 1:
      return {
        type: 'complaint.assign',
        at,
        by: supervisor,
        assignee: `agent-${n % 5}`,
        team: n % 2 ? 'east' : 'west',
      };
    default:
      return { type: 'complaint.contact', at, by: agent, channel: 'phone', note: `第${n}次来电` };
  }
}

async function writer(lane: number) {
  for (let index = 0; ; index++) {
    const n = index * 4 + lane;
    const id = ids[n % ids.length]!;
    const at = new Date(Date.parse(t0!) + n * 1000).toISOString();
    try {
      const { entry } = await runtime.send(id, eventFor(n, at), { idempotencyKey: `n-${n}` });
      process.stdout.write(`ack ${id} ${entry.seq}\n`);
    } catch (error) {
      if (!(error instanceof EventNotAccepted)) throw error;
    }
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

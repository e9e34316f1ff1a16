import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from './create-runtime.js';
import { openStore, type Store } from './open-store.js';
import {
  createTestSchema,
  postgresUrl,
  skipPostgres,
  testDataKey,
  ticketInput,
  ticketWorkflow,
} from './test-support.js';

const t0 = '2026-03-02T09:00:00.000Z';
let schema: Awaited<ReturnType<typeof createTestSchema>> | undefined;
let store: Store | undefined;

beforeAll(async () => {
  if (postgresUrl) schema = await createTestSchema(postgresUrl, 'crash');
});

afterAll(async () => {
  await store?.close();
  await schema?.drop();
});

describe.skipIf(!postgresUrl)(`crash (${postgresUrl ? 'PostgreSQL' : skipPostgres})`, () => {
  it('keeps snapshot, log and timers in agreement and loses no acknowledged event when the writer is SIGKILLed', async () => {
    store = await openStore({ databaseUrl: schema!.url, dataKey: testDataKey, poolSize: 4 });
    const runtime = createRuntime({ store, workflows: [ticketWorkflow] });
    const ids: string[] = [];
    for (let index = 0; index < 12; index++) {
      ids.push((await runtime.start('ticket', ticketInput(t0, 2 + index * 3))).workflow.id);
    }
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        fileURLToPath(new URL('../test/crash-child.ts', import.meta.url)),
        schema!.url,
        testDataKey,
        t0,
        ...ids,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const acks: Array<{ id: string; seq: number; text: string }> = [];
    let buffered = '';
    // Kill it mid-stream, while sends are in flight; a writer that dies first ends the wait too, and the
    // assertion below then shows what it printed.
    const ended = await new Promise<string>((resolve) => {
      child.once('exit', (code, signal) => resolve(signal ?? `exit code ${code}`));
      child.stdout!.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const line of lines) {
          const [word, id, seq, text] = line.split(' ');
          if (word === 'ack') acks.push({ id: id!, seq: Number(seq), text: text! });
        }
        if (acks.length >= 300) child.kill('SIGKILL');
      });
    });
    expect({ ended, stderr }).toEqual({ ended: 'SIGKILL', stderr: '' });
    expect(acks.length).toBeGreaterThanOrEqual(300);

    const after = createRuntime({ store, workflows: [ticketWorkflow] });
    for (const id of ids) {
      const verification = await after.verify(id);
      expect(verification, id).toMatchObject({
        hashChainIntact: true,
        replayMatchesSnapshot: true,
        timersMatchDeadlines: true,
        problems: [],
      });
    }
    for (const ack of acks) {
      const history = await after.history(ack.id);
      expect(history[ack.seq - 1]?.event.text, `${ack.text} at ${ack.id}#${ack.seq}`).toBe(ack.text);
    }
    const fired = (await Promise.all(ids.map((id) => after.timers(id))))
      .flat()
      .filter((timer) => timer.outcome === 'fired');
    console.info(
      `crash: ${acks.length} acknowledged sends before SIGKILL, ${fired.length} timers fired, all present`,
    );
    // A child process started through tsx can take long to start on a loaded machine.
  }, 180_000);
});

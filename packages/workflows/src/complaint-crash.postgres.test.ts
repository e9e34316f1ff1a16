import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createRuntime, generateDataKey, openStore, type Store } from '@kefu/runtime';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultWorkflows } from './default-workflows.js';
import { openedComplaint } from './projection-test-support.js';
import { rebuildProjections } from './rebuild-projections.js';

const postgresUrl = process.env.KEFU_TEST_DATABASE_URL;
const t0 = '2026-03-02T01:00:00.000Z';
const dataKey = generateDataKey();
let schema = '';
let url = '';
let store: Store | undefined;

async function admin(statement: string) {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  await client.query(statement);
  await client.end();
}

beforeAll(async () => {
  if (!postgresUrl) return;
  schema = `kefu_test_projection_crash_${process.pid}_${Date.now().toString(36)}`;
  await admin(`create schema ${schema}`);
  const withPath = new URL(postgresUrl);
  withPath.searchParams.set('options', `-c search_path=${schema}`);
  url = withPath.toString();
});

afterAll(async () => {
  await store?.close();
  if (schema) await admin(`drop schema if exists ${schema} cascade`);
});

describe.skipIf(!postgresUrl)('complaint projections after a crash (PostgreSQL)', () => {
  it('match a recomputation from the log when the writer is SIGKILLed mid-stream', async () => {
    store = await openStore({ databaseUrl: url, dataKey, poolSize: 4 });
    const runtime = createRuntime({ store, workflows: defaultWorkflows });
    const ids: string[] = [];
    for (let index = 0; index < 8; index++) {
      ids.push(
        (await runtime.start('complaint', openedComplaint(t0, index % 2 ? 'east' : 'west'))).workflow.id,
      );
    }
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        fileURLToPath(new URL('../test/crash-child.ts', import.meta.url)),
        url,
        dataKey,
        t0,
        ...ids,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    let acks = 0;
    // Kill it mid-stream, while sends and timer firings are in flight; a writer that dies first ends the wait
    // too, and the assertion below then shows what it printed.
    const ended = await new Promise<string>((resolve) => {
      child.once('exit', (code, signal) => resolve(signal ?? `exit code ${code}`));
      child.stdout!.on('data', (chunk: Buffer) => {
        acks += chunk
          .toString()
          .split('\n')
          .filter((line) => line.startsWith('ack ')).length;
        if (acks >= 120) child.kill('SIGKILL');
      });
    });
    expect({ ended, stderr }).toEqual({ ended: 'SIGKILL', stderr: '' });
    expect(acks).toBeGreaterThanOrEqual(120);
    expect(await rebuildProjections(store.db)).toEqual([]);
    // A child process started through tsx can take long to start on a loaded machine.
  }, 180_000);
});

// The real server process (node dist/main.js: `npm test` builds it first, apps/server/turbo.json) on an embedded data directory.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { signDevelopmentToken } from './bearer-token.js';

const serverMain = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'kefu-main-'));
const dataDir = join(root, 'data');
const secret = 'main-test-secret-main-test-secret-0123456789';
// This worktree's port range (4120–4139).
const firstPort = 4121;
const secondPort = 4122;

interface Running {
  child: ChildProcess & { pid: number };
  output: () => string;
  exited: Promise<number | null>;
}

const running: Running[] = [];

function startProcess(port: number): Running {
  const { DATABASE_URL: _database, REDIS_URL: _redis, ...environment } = process.env;
  const child = spawn(process.execPath, [serverMain], {
    cwd: root,
    env: {
      ...environment,
      PORT: String(port),
      HOST: '127.0.0.1',
      KEFU_DATA_DIR: dataDir,
      KEFU_JWT_SECRET: secret,
      KEFU_POLL_INTERVAL_MS: '1000',
      KEFU_BACKUP_INTERVAL_HOURS: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as ChildProcess & { pid: number };
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const process_ = { child, output: () => output, exited };
  running.push(process_);
  return process_;
}

/** Polls until `check` holds or `deadlineMs` passes (then fails with `what`). */
async function waitFor<T>(what: string, check: () => Promise<T | undefined>, deadlineMs: number): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const value = await check().catch((error: Error) => {
      if (error.message.startsWith('exited')) throw error;
      return undefined;
    });
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function healthy(port: number, server: Running): Promise<void> {
  await waitFor(
    `the server on ${port} to answer /health (output: ${server.output()})`,
    async () => {
      if (server.child.exitCode !== null)
        throw new Error(`exited ${server.child.exitCode}: ${server.output()}`);
      return (await fetch(`http://127.0.0.1:${port}/health`)).status === 200 ? true : undefined;
    },
    90_000,
  );
}

async function graphql(port: number, query: string, token: string) {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
}

const supervisor = await signDevelopmentToken({
  role: 'supervisor',
  userId: 'zhou.li',
  team: 'east',
  secret: new TextEncoder().encode(secret),
});
const manager = await signDevelopmentToken({
  role: 'manager',
  userId: 'zhao.min',
  secret: new TextEncoder().encode(secret),
});

async function openComplaints(port: number, count: number, label: string): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const result = await graphql(
      port,
      `mutation { openComplaint(input: { customer: { name: "王伟" }, channel: phone, category: "logistics", summary: "${label} ${index}" }) { id } }`,
      supervisor,
    );
    expect(result.errors).toBeUndefined();
    ids.push(result.data!.openComplaint.id);
  }
  return ids;
}

async function complaintIds(port: number): Promise<string[]> {
  const result = await graphql(port, '{ complaints(first: 100) { nodes { id } } }', manager);
  expect(result.errors).toBeUndefined();
  return result.data!.complaints.nodes.map((node: { id: string }) => node.id).sort();
}

async function stop(server: Running, signal: NodeJS.Signals): Promise<number | null> {
  server.child.kill(signal);
  return server.exited;
}

afterAll(async () => {
  for (const server of running) if (server.child.exitCode === null) await stop(server, 'SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

describe('the server process on an embedded data directory', () => {
  it('refuses a second server on the same data directory, naming the holder, while the first keeps serving every write', async () => {
    const first = startProcess(firstPort);
    await healthy(firstPort, first);
    const before = await openComplaints(firstPort, 5, 'before');

    // Same data directory, another port: refused by the lock.
    const second = startProcess(secondPort);
    const secondCode = await Promise.race([
      second.exited,
      new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), 60_000)),
    ]);
    expect(secondCode).toBe(1);
    expect(second.output()).toContain(
      `The embedded database ${dataDir} is in use by process ${first.child.pid}`,
    );
    const holder = JSON.parse(readFileSync(`${dataDir}.lock`, 'utf8'));
    expect(second.output()).toContain(`started ${holder.startedAt}`);

    // Same port and data directory: the port clash stops it before it looks at the data.
    const clash = startProcess(firstPort);
    expect(await clash.exited).toBe(1);
    expect(clash.output()).toContain(`127.0.0.1:${firstPort} is in use by another process; set PORT`);
    expect(clash.output()).not.toContain('embedded database');
    expect(JSON.parse(readFileSync(`${dataDir}.lock`, 'utf8')).token).toBe(holder.token);

    const after = await openComplaints(firstPort, 5, 'after');
    expect(await complaintIds(firstPort)).toEqual([...before, ...after].sort());

    // Killed without warning, the lock's process is gone: a restart takes the directory over and has every write.
    expect(await stop(first, 'SIGKILL')).toBe(null);
    const restarted = startProcess(secondPort);
    await healthy(secondPort, restarted);
    expect(await complaintIds(secondPort)).toEqual([...before, ...after].sort());
    const report = await (await fetch(`http://127.0.0.1:${secondPort}/health`)).json();
    expect(report.retriedWrites).toEqual({ version: 0, aborted: 0 });
    expect(await stop(restarted, 'SIGTERM')).toBe(0);
  }, 300_000);
});

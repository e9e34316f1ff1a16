import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  DataDirectoryLocked,
  type LockHolder,
  lockDataDirectory,
  lockFileOf,
} from './data-directory-lock.js';

const root = mkdtempSync(join(tmpdir(), 'kefu-lock-'));
let count = 0;
const children: ChildProcess[] = [];

function freshDataDir(): string {
  count += 1;
  return join(root, `data-${count}`);
}

/** A live process other than this one (it only waits), and its pid. */
async function liveProcess(): Promise<ChildProcess & { pid: number }> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 60_000)'], { stdio: 'ignore' });
  children.push(child);
  await new Promise((resolve) => child.once('spawn', resolve));
  return child as ChildProcess & { pid: number };
}

function processStartOf(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
}

function writeHolder(dataDir: string, holder: Partial<LockHolder>): string {
  const file = lockFileOf(dataDir);
  const full: LockHolder = {
    pid: 1,
    hostname: hostname(),
    startedAt: '2026-12-01T09:00:00.000Z',
    lockedAt: '2026-12-01T09:00:01.000Z',
    command: '/usr/bin/node apps/server/dist/main.js',
    token: 'someone-else',
    ...holder,
  };
  writeFileSync(file, JSON.stringify(full));
  return file;
}

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('lockDataDirectory', () => {
  it('writes a lock file beside the directory naming this process, owner-only, and removes it on release', () => {
    const dataDir = freshDataDir();
    const lock = lockDataDirectory(dataDir);
    expect(lock.file).toBe(`${dataDir}.lock`);
    const holder = JSON.parse(readFileSync(lock.file, 'utf8')) as LockHolder;
    expect(holder).toMatchObject({ pid: process.pid, hostname: hostname(), token: lock.holder.token });
    expect(Date.parse(holder.startedAt)).toBeLessThanOrEqual(Date.parse(holder.lockedAt));
    expect(statSync(lock.file).mode & 0o777).toBe(0o600);
    lock.release();
    expect(existsSync(lock.file)).toBe(false);
    lock.release();
  });

  it('refuses with the holder named when a live process holds the directory', async () => {
    const dataDir = freshDataDir();
    const child = await liveProcess();
    const file = writeHolder(dataDir, { pid: child.pid, processStart: processStartOf(child.pid) });
    let refusal: unknown;
    try {
      lockDataDirectory(dataDir);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DataDirectoryLocked);
    expect((refusal as DataDirectoryLocked).holder.pid).toBe(child.pid);
    expect((refusal as Error).message).toContain(`in use by process ${child.pid}`);
    expect((refusal as Error).message).toContain('started 2026-12-01T09:00:00.000Z');
    expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(child.pid);
  });

  it('refuses a second lock in the same process while the first is held', () => {
    const dataDir = freshDataDir();
    const first = lockDataDirectory(dataDir);
    expect(() => lockDataDirectory(dataDir)).toThrow(DataDirectoryLocked);
    first.release();
    lockDataDirectory(dataDir).release();
  });

  it('takes the lock over when its process has exited', async () => {
    const dataDir = freshDataDir();
    const child = await liveProcess();
    writeHolder(dataDir, { pid: child.pid, processStart: processStartOf(child.pid) });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const lock = lockDataDirectory(dataDir);
    expect(JSON.parse(readFileSync(lock.file, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('takes the lock over when its pid now belongs to a process started at another time', async () => {
    const dataDir = freshDataDir();
    const child = await liveProcess();
    writeHolder(dataDir, { pid: child.pid, processStart: String(Number(processStartOf(child.pid)) - 1) });
    const lock = lockDataDirectory(dataDir);
    expect(lock.holder.pid).toBe(process.pid);
    lock.release();
  });

  it('takes the lock over when it names this pid but this process does not hold it', () => {
    const dataDir = freshDataDir();
    writeHolder(dataDir, { pid: process.pid });
    const lock = lockDataDirectory(dataDir);
    expect(JSON.parse(readFileSync(lock.file, 'utf8')).token).toBe(lock.holder.token);
    lock.release();
  });

  it('takes the lock over when the lock file cannot be read as a holder', () => {
    const dataDir = freshDataDir();
    writeFileSync(lockFileOf(dataDir), '');
    const lock = lockDataDirectory(dataDir);
    expect(lock.holder.pid).toBe(process.pid);
    lock.release();
  });

  it('refuses and says how to clear it when the holder ran on another host', () => {
    const dataDir = freshDataDir();
    const file = writeHolder(dataDir, { pid: 4242, hostname: 'other-host.example' });
    expect(() => lockDataDirectory(dataDir)).toThrow(`on host other-host.example`);
    expect(() => lockDataDirectory(dataDir)).toThrow(`delete ${file}`);
  });

  it('leaves a lock taken over by another process alone when releasing', () => {
    const dataDir = freshDataDir();
    const lock = lockDataDirectory(dataDir);
    const file = writeHolder(dataDir, { pid: 4242, token: 'newer' });
    lock.release();
    expect(JSON.parse(readFileSync(file, 'utf8')).token).toBe('newer');
  });
});

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI; `npm test` runs tsup first, so it is always current. */
export const kefuMain = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export interface KefuRun {
  code: number | null;
  stdout: string;
  stderr: string;
  milliseconds: number;
}

/**
 * Spawns `node dist/main.js ...args` with `input` piped to standard input, in `cwd`, or else in a fresh empty
 * temporary directory (removed when kefu exits): kefu uses an embedded database wherever `.kefu/data` exists in its
 * working directory, so one left in the checkout by a developer's run must not change what a test sees. For the
 * same reason `KEFU_DATA_DIR` (like `DATABASE_URL`) is not passed on from the test's environment unless `env` sets it.
 */
export function runKefu(
  args: readonly string[],
  options: { input?: string; cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<KefuRun> {
  const scratch = options.cwd === undefined ? mkdtempSync(join(tmpdir(), 'kefu-run-')) : undefined;
  const removeScratch = () => {
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  };
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [kefuMain, ...args], {
      cwd: options.cwd ?? scratch,
      env: { ...process.env, DATABASE_URL: '', KEFU_DATA_DIR: undefined, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => {
      removeScratch();
      reject(error);
    });
    child.on('close', (code) => {
      removeScratch();
      resolve({
        code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        milliseconds: performance.now() - started,
      });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}

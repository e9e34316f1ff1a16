import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built CLI; `npm test` runs tsup first, so it is always current. */
export const kefuMain = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export interface KefuRun {
  code: number | null;
  stdout: string;
  stderr: string;
  milliseconds: number;
}

/** Spawns `node dist/main.js ...args` with `input` piped to standard input. */
export function runKefu(
  args: readonly string[],
  options: { input?: string; cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<KefuRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [kefuMain, ...args], {
      cwd: options.cwd,
      env: { ...process.env, DATABASE_URL: '', NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        milliseconds: performance.now() - started,
      }),
    );
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}

import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { createProgram } from './create-program.js';

/** The committed bin npm links as `kefu`; it loads the built dist/main.js (`npm test` runs tsup first). */
const kefuBin = fileURLToPath(new URL('../bin/kefu.js', import.meta.url));

interface ClosedPipeRun {
  code: number | null;
  stderr: string;
}

/** Runs kefu with its stdout pipe closed by the reader before kefu writes, as `kefu … | head` ends up. */
function runWithClosedStdout(
  bin: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<ClosedPipeRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, DATABASE_URL: '', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    const stderr: Buffer[] = [];
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr: Buffer.concat(stderr).toString('utf8') }));
  });
}

function commandPaths(command: Command, path: string[] = []): string[][] {
  return command.commands
    .filter((sub) => sub.name() !== 'help')
    .flatMap((sub) => [[...path, sub.name()], ...commandPaths(sub, [...path, sub.name()])]);
}

describe('kefu when its reader goes away', () => {
  const paths = [[], ...commandPaths(createProgram())];

  it('finds the commands to check when it reads the program', () => {
    expect(paths).toContainEqual(['db']);
    expect(paths).toContainEqual(['quiz', 'test-rules']);
  });

  it.each(paths.map((path) => [path.join(' ') || '(kefu)', path] as const))(
    'exits 0 without a stack trace when stdout is closed before `%s --help` writes',
    async (_name, path) => {
      const run = await runWithClosedStdout(kefuBin, [...path, '--help']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    },
  );

  it('exits 0 without a stack trace when stdout is closed before `quiz list` writes its table', async () => {
    const run = await runWithClosedStdout(kefuBin, ['quiz', 'list']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });
});

describe('the kefu bin', () => {
  const directory = mkdtempSync(join(tmpdir(), 'kefu-bin-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('says how to build and exits 3 when the command is not built and it cannot build it', async () => {
    // A copy of the bin with no dist/ beside it and no repository around it to build in.
    mkdirSync(join(directory, 'apps/cli/bin'), { recursive: true });
    const copy = join(directory, 'apps/cli/bin/kefu.js');
    copyFileSync(kefuBin, copy);
    const run = await runWithClosedStdout(copy, ['--help']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('kefu: the command is not built yet');
    expect(run.stderr).toContain('npx turbo run build --filter=@kefu/cli...');
  });
});

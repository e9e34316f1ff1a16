import { describe, expect, it } from 'vitest';
import { runKefu } from './test-support/run-kefu.js';

describe('kefu help', () => {
  it('lists every command and the exit codes when asked for help', async () => {
    const run = await runKefu(['--help']);
    expect(run.code).toBe(0);
    for (const command of ['quiz', 'report', 'token', 'db']) expect(run.stdout).toContain(command);
    expect(run.stdout).toContain('Exit codes:');
  });

  it.each([
    ['quiz', 'list'],
    ['quiz', 'show'],
    ['quiz', 'validate'],
    ['quiz', 'run'],
    ['quiz', 'grade'],
    ['quiz', 'test-rules'],
    ['report'],
    ['token'],
    ['db', 'migrate'],
    ['db', 'backup'],
    ['db', 'restore'],
  ])('describes its options when asked for help on %s %s', async (...command) => {
    const run = await runKefu([...command, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: kefu /);
  });

  it('exits 2 when the command or option is unknown', async () => {
    expect((await runKefu(['quiz', 'frobnicate'])).code).toBe(2);
    const run = await runKefu(['report', '--colour']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option '--colour'");
  });
});

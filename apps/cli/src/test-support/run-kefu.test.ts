import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runKefu } from './run-kefu.js';

const checkouts: string[] = [];

/** A working directory like a checkout a developer ran kefu in: it holds a `.kefu/data` (here, junk). */
function checkoutWithData(): string {
  const checkout = mkdtempSync(join(tmpdir(), 'kefu-checkout-'));
  checkouts.push(checkout);
  mkdirSync(join(checkout, '.kefu', 'data'), { recursive: true });
  writeFileSync(join(checkout, '.kefu', 'data', 'PG_VERSION'), 'not a database\n');
  return checkout;
}

const startedIn = process.cwd();
const inheritedDataDir = process.env.KEFU_DATA_DIR;
afterEach(() => {
  process.chdir(startedIn);
  if (inheritedDataDir === undefined) delete process.env.KEFU_DATA_DIR;
  else process.env.KEFU_DATA_DIR = inheritedDataDir;
  for (const checkout of checkouts.splice(0)) rmSync(checkout, { recursive: true, force: true });
});

describe('runKefu', () => {
  it("runs kefu outside the test's working directory, so a .kefu/data there configures no database", async () => {
    process.chdir(checkoutWithData());
    const run = await runKefu(['quiz', 'show', 'greeting.opening']);
    expect(run.stderr).toBe('kefu: items from the standard bank as written (no database configured)\n');
    expect(run.code).toBe(0);
  });

  it("does not pass on the test's KEFU_DATA_DIR", async () => {
    process.env.KEFU_DATA_DIR = join(checkoutWithData(), '.kefu', 'data');
    const run = await runKefu(['quiz', 'show', 'greeting.opening']);
    expect(run.stderr).toBe('kefu: items from the standard bank as written (no database configured)\n');
    expect(run.code).toBe(0);
  });
});

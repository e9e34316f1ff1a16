import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataKey } from './data-cipher.js';
import { openStore, type Store } from './open-store.js';
import { listAutomaticBackups, scheduleBackups, writeAutomaticBackup } from './store-backup.js';

const root = mkdtempSync(join(tmpdir(), 'kefu-backups-'));
let store: Store;

beforeAll(async () => {
  store = await openStore({ dataDir: join(root, 'data'), dataKey: generateDataKey() });
});

afterAll(async () => {
  await store.close();
  rmSync(root, { recursive: true, force: true });
});

async function until<T>(what: string, value: () => T | null, deadlineMs: number): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const found = value();
    if (found !== null) return found;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('automatic backups', () => {
  it('keeps only the newest N automatic backups when more are written', async () => {
    const directory = join(root, 'kept');
    for (const day of ['01', '02', '03']) {
      await writeAutomaticBackup(store, {
        reason: 'scheduled',
        directory,
        keep: 2,
        now: new Date(`2026-12-${day}T00:00:00Z`),
      });
    }
    expect(
      listAutomaticBackups(store.location, directory)
        .map((backup) => basename(backup.file))
        .sort(),
    ).toEqual([
      'data-2026-12-02T00-00-00-000Z-scheduled.tar.gz',
      'data-2026-12-03T00-00-00-000Z-scheduled.tar.gz',
    ]);
  });

  it('writes the first scheduled backup after the start delay when there is none, owner-only, and reports it', async () => {
    const directory = join(root, 'scheduled');
    const written: string[] = [];
    const schedule = scheduleBackups({
      store,
      intervalMs: 3_600_000,
      startDelayMs: 0,
      directory,
      onBackup: (result) => written.push(result.file),
    });
    expect(schedule.lastBackup()).toBeNull();
    const last = await until('the first scheduled backup', () => schedule.lastBackup(), 60_000);
    await schedule.stop();
    expect(written).toEqual([last.file]);
    expect(last.file).toMatch(/-scheduled\.tar\.gz$/);
    expect(statSync(last.file).mode & 0o777).toBe(0o600);
    // A new schedule starts from the backup on disk: the next one is an interval after it.
    const next = scheduleBackups({ store, intervalMs: 3_600_000, directory });
    expect(next.lastBackup()?.file).toBe(last.file);
    await next.stop();
    expect(listAutomaticBackups(store.location, directory)).toHaveLength(1);
  });
});

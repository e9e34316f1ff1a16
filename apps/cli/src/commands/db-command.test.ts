import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@kefu/runtime';
import { describe, expect, it } from 'vitest';
import { runKefu } from '../test-support/run-kefu.js';

const directory = mkdtempSync(join(tmpdir(), 'kefu-db-'));
const dataDir = join(directory, 'data');

describe('kefu db', () => {
  it('applies the migrations once and then reports the database up to date when run twice', async () => {
    const first = await runKefu(['--data-dir', dataDir, 'db', 'migrate']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('0100_training');
    // Everything the server would apply at its start, the read models included (a deployment migrates first).
    for (const id of [
      'complaints_0001_numbers',
      'workflows_0002_complaint_facts',
      'workflows_0003_complaint_rollups',
      'server_0001_access_log',
      'reviews_0001_tables',
    ]) {
      expect(first.stdout).toContain(id);
    }
    const second = await runKefu(['--data-dir', dataDir, 'db', 'migrate']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('up to date');
  });

  it('backs up an embedded database that has data before migrating it, and a new one not at all', async () => {
    const fresh = join(mkdtempSync(join(tmpdir(), 'kefu-db-fresh-')), 'data');
    const created = await runKefu(['--data-dir', fresh, 'db', 'migrate']);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).not.toContain('backed up');
    expect(existsSync(join(fresh, '..', 'backups'))).toBe(false);

    // A database an older kefu left: the engine's tables only, the rest pending.
    const older = join(mkdtempSync(join(tmpdir(), 'kefu-db-older-')), 'data');
    await (await openStore({ dataDir: older })).close();
    const migrated = await runKefu(['--data-dir', older, 'db', 'migrate']);
    expect(migrated.code, migrated.stderr).toBe(0);
    const backups = join(older, '..', 'backups');
    expect(readdirSync(backups)).toEqual([expect.stringMatching(/^data-.+-before-migration\.tar\.gz$/)]);
    expect(migrated.stdout).toContain(`backed up to ${join(backups, readdirSync(backups)[0]!)}`);
    expect(migrated.stdout).toContain('0100_training');

    const again = await runKefu(['--data-dir', older, 'db', 'migrate']);
    expect(again.stdout).toContain('up to date');
    expect(readdirSync(backups)).toHaveLength(1);
  });

  it('restores the quiz results a backup holds when restored into an empty directory', async () => {
    const quiz = await runKefu(
      ['--data-dir', dataDir, 'quiz', 'run', 'phone-etiquette', '--trainee', 'backup.test'],
      {
        input: '\n'.repeat(16),
      },
    );
    expect(quiz.stdout).toContain('已保存 ');
    const file = join(directory, 'kefu.tar.gz');
    const backup = await runKefu(['--data-dir', dataDir, 'db', 'backup', file]);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/backed up .* \(\d+ bytes\)/);
    expect((await runKefu(['--data-dir', dataDir, 'db', 'backup', file])).code).toBe(2);

    const restoredDir = join(directory, 'restored');
    const restore = await runKefu(['--data-dir', restoredDir, 'db', 'restore', file]);
    expect(restore.code, restore.stderr).toBe(0);
    const report = await runKefu(['--data-dir', restoredDir, 'report', '--json']);
    expect(JSON.parse(report.stdout).trainees.map((row: { trainee: string }) => row.trainee)).toEqual([
      'backup.test',
    ]);

    const again = await runKefu(['--data-dir', restoredDir, 'db', 'restore', file]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('is not empty');
  });

  it('exits 2 and writes nothing when the backup to restore does not exist', async () => {
    const run = await runKefu([
      '--data-dir',
      join(directory, 'never'),
      'db',
      'restore',
      '/nonexistent/backup.tar',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('/nonexistent/backup.tar: no such file');
  });
});

import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataDirectoryLocked } from './data-directory-lock.js';
import { extractDataTemplate, writeDataTemplate } from './data-template.js';
import { openStore } from './open-store.js';
import { testDataKey } from './test-support.js';

const root = mkdtempSync(join(tmpdir(), 'kefu-template-'));
const template = join(root, 'template.tar.gz');

beforeAll(async () => {
  await writeDataTemplate(template);
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('extractDataTemplate', () => {
  it('unpacks a database directory with owner-only modes and leaves nothing beside it', () => {
    const directory = join(root, 'unpacked', 'data');
    expect(extractDataTemplate(template, directory)).toBe(true);
    expect(existsSync(join(directory, 'PG_VERSION'))).toBe(true);
    expect(statSync(directory).mode & 0o777).toBe(0o700);
    expect(statSync(join(directory, 'PG_VERSION')).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(root, 'unpacked'))).toEqual(['data']);
  });

  it('changes nothing and says so when there is no template', () => {
    const directory = join(root, 'none');
    expect(extractDataTemplate(join(root, 'missing.tar.gz'), directory)).toBe(false);
    expect(existsSync(directory)).toBe(false);
  });
});

describe('openStore from a template', () => {
  it('finds the engine tables in place before any migration runs', async () => {
    const dataDir = join(root, 'premigrated');
    const store = await openStore({
      dataDir,
      dataTemplate: template,
      dataKey: testDataKey,
      backups: false,
      migrate: false,
    });
    const applied = await store.db.selectFrom('kefu_migrations').select('id').execute();
    const workflows = await store.db.selectFrom('workflows').select('id').execute();
    await store.close();
    expect(applied.map((row) => row.id)).toEqual(['0001_workflows', '0002_timers_outbox']);
    expect(workflows).toEqual([]);
  });

  it('creates a new embedded database from the template and finds its data again after a restart', async () => {
    const dataDir = join(root, 'store');
    const first = await openStore({ dataDir, dataTemplate: template, dataKey: testDataKey, backups: false });
    await sql`create table kept (value text)`.execute(first.db);
    await sql`insert into kept values ('still here')`.execute(first.db);
    await first.close();
    const again = await openStore({ dataDir, dataTemplate: template, dataKey: testDataKey, backups: false });
    const { rows } = await sql<{ value: string }>`select value from kept`.execute(again.db);
    const applied = await again.db.selectFrom('kefu_migrations').select('id').execute();
    await again.close();
    expect(rows).toEqual([{ value: 'still here' }]);
    expect(applied.map((row) => row.id)).toContain('0001_workflows');
  });

  it('refuses a second open of a directory made from the template while the first holds it', async () => {
    const dataDir = join(root, 'locked');
    const first = await openStore({ dataDir, dataTemplate: template, dataKey: testDataKey, backups: false });
    try {
      await expect(
        openStore({ dataDir, dataTemplate: template, dataKey: testDataKey, backups: false }),
      ).rejects.toBeInstanceOf(DataDirectoryLocked);
    } finally {
      await first.close();
    }
  });

  it('runs initdb instead when the template is not a database', async () => {
    const broken = join(root, 'broken.tar.gz');
    writeFileSync(broken, 'not a tar');
    const dataDir = join(root, 'fallback');
    const store = await openStore({ dataDir, dataTemplate: broken, dataKey: testDataKey, backups: false });
    const applied = await store.db.selectFrom('kefu_migrations').select('id').execute();
    await store.close();
    expect(applied.map((row) => row.id)).toContain('0001_workflows');
    expect(readdirSync(root).filter((name) => name.startsWith('fallback.new-'))).toEqual([]);
  });

  it('never unpacks over files that are not a database', async () => {
    const dataDir = join(root, 'occupied');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'notes.txt'), 'mine');
    await expect(
      openStore({ dataDir, dataTemplate: template, dataKey: testDataKey, backups: false }),
    ).rejects.toThrow(/PG_VERSION is missing/);
    expect(readdirSync(dataDir)).toEqual(['notes.txt']);
  });
});

import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateDataKey } from './data-cipher.js';
import { DataDirectoryLocked, lockFileOf } from './data-directory-lock.js';
import { migrations } from './migrations.js';
import { openStore, SchemaBehind, type Store, StoreNotFound, StoreOpenFailed } from './open-store.js';
import { listAutomaticBackups, restore } from './store-backup.js';

const root = mkdtempSync(join(tmpdir(), 'kefu-open-store-'));
const dataKey = generateDataKey();

const template = join(root, 'template', 'data');

// One migrated database, copied for each test that needs one: initdb is the slow part of opening.
beforeAll(async () => {
  await (await openStore({ dataDir: template, dataKey, backups: false })).close();
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

function copyOfTemplate(dataDir: string): string {
  cpSync(template, dataDir, { recursive: true });
  return dataDir;
}

/** Every path under `directory` whose mode grants anything to group or others. */
function openToOthers(directory: string): string[] {
  const found: string[] = [];
  const walk = (path: string) => {
    const stat = statSync(path);
    if ((stat.mode & 0o077) !== 0) found.push(`${path} ${(stat.mode & 0o777).toString(8)}`);
    if (stat.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(directory);
  return found;
}

describe('openStore on an embedded data directory', () => {
  it('keeps the data directory and every file in it owner-only when opened, written and closed', async () => {
    const dataDir = join(root, 'modes', 'data');
    const store = await openStore({ dataDir, dataKey });
    expect(openToOthers(dataDir)).toEqual([]);
    await sql`create table notes (text text)`.execute(store.db);
    await sql`insert into notes values ('x')`.execute(store.db);
    await store.close();
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(openToOthers(dataDir)).toEqual([]);
  });

  it('refuses a second open of the same directory while the first is open, and allows it after close', async () => {
    const dataDir = copyOfTemplate(join(root, 'twice', 'data'));
    const first = await openStore({ dataDir, dataKey });
    await expect(openStore({ dataDir, dataKey })).rejects.toBeInstanceOf(DataDirectoryLocked);
    await sql`select 1`.execute(first.db);
    await first.close();
    expect(existsSync(lockFileOf(dataDir))).toBe(false);
    const second = await openStore({ dataDir, dataKey });
    await second.close();
  });

  it('refuses a non-empty directory that holds no database and leaves its files alone', async () => {
    const dataDir = join(root, 'not-a-database');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'notes.txt'), 'keep me');
    const opening = openStore({ dataDir, dataKey });
    await expect(opening).rejects.toBeInstanceOf(StoreOpenFailed);
    await expect(opening).rejects.toThrow('PG_VERSION is missing');
    expect(readdirSync(dataDir)).toEqual(['notes.txt']);
    expect(existsSync(lockFileOf(dataDir))).toBe(false);
  });

  it('backs the database up before applying pending migrations, and the backup restores the old schema', async () => {
    const parent = join(root, 'migrating');
    const dataDir = join(parent, 'data');
    mkdirSync(dataDir, { recursive: true });
    // A database of an older kefu: only the first migration applied.
    const old = await PGlite.create(dataDir);
    await old.exec(
      'create table kefu_migrations (id text primary key, applied_at timestamptz not null default now())',
    );
    await old.exec(migrations[0]!.up);
    await old.query('insert into kefu_migrations (id) values ($1)', [migrations[0]!.id]);
    await old.close();

    const store = await openStore({ dataDir, dataKey });
    const applied = await store.db.selectFrom('kefu_migrations').select('id').execute();
    expect(applied).toHaveLength(migrations.length);
    await store.close();

    const backups = listAutomaticBackups(dataDir);
    expect(backups.map((backup) => backup.file)).toEqual([
      expect.stringMatching(/\/migrating\/backups\/data-.*-before-migration\.tar\.gz$/),
    ]);
    expect(statSync(backups[0]!.file).mode & 0o777).toBe(0o600);
    const restoredDir = join(parent, 'restored');
    await restore(backups[0]!.file, restoredDir);
    const restored = await PGlite.create(restoredDir);
    const rows = await restored.query<{ id: string }>('select id from kefu_migrations');
    await restored.close();
    expect(rows.rows.map((row) => row.id)).toEqual([migrations[0]!.id]);

    // Up to date now: opening again takes no second backup.
    await (await openStore({ dataDir, dataKey })).close();
    expect(listAutomaticBackups(dataDir)).toHaveLength(1);
  }, 120_000); // two PGlite opens, a backup and a restore: slow on a loaded 2-core CI machine

  it('applies the given migrations on open, backing up first when only they are pending, and says what it did', async () => {
    const parent = join(root, 'application-migrations');
    const dataDir = copyOfTemplate(join(parent, 'data'));
    const notes = { id: 'app_0001_notes', up: 'create table app_notes (text text)' };

    const store = await openStore({ dataDir, dataKey, migrations: [notes] });
    const applied = await store.db.selectFrom('kefu_migrations').select('id').execute();
    await sql`insert into app_notes values ('x')`.execute(store.db);
    const opened = store.opened;
    await store.close();

    expect(applied.map((row) => row.id).sort()).toEqual([...migrations.map((m) => m.id), notes.id].sort());
    const backups = listAutomaticBackups(dataDir).map((backup) => backup.file);
    expect(backups).toEqual([expect.stringMatching(/-before-migration\.tar\.gz$/)]);
    expect(opened).toEqual({ created: false, applied: [notes.id], backup: backups[0] });
    // Up to date now: opening again takes no second backup.
    const again = await openStore({ dataDir, dataKey, migrations: [notes] });
    await again.close();
    expect(listAutomaticBackups(dataDir)).toHaveLength(1);
    expect(again.opened).toEqual({ created: false, applied: [], backup: undefined });

    // A new database has nothing to lose: no backup before its migrations.
    const newDir = join(parent, 'new');
    const created = await openStore({ dataDir: newDir, dataKey, migrations: [notes] });
    await created.close();
    expect(listAutomaticBackups(newDir)).toEqual([]);
    expect(created.opened).toEqual({
      created: true,
      applied: [...migrations.map((m) => m.id), notes.id],
      backup: undefined,
    });
  }, 120_000);

  it('fails with what happened and the last automatic backup to restore when the database is damaged', async () => {
    const parent = join(root, 'damaged');
    const dataDir = join(parent, 'data');
    const backups = join(parent, 'backups');
    mkdirSync(backups, { recursive: true });
    writeFileSync(join(backups, 'data-2026-11-30T00-00-00-000Z-scheduled.tar.gz'), 'older');
    copyOfTemplate(dataDir);
    writeFileSync(join(backups, 'data-2026-12-01T00-00-00-000Z-scheduled.tar.gz'), 'newer');
    writeFileSync(join(dataDir, 'global', 'pg_control'), Buffer.alloc(8192));

    let failure: unknown;
    try {
      await openStore({ dataDir, dataKey });
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(StoreOpenFailed);
    const message = (failure as Error).message;
    expect(message).toContain(`Could not open the embedded database in ${dataDir}`);
    expect(message).toContain(`mv ${dataDir} ${dataDir}.broken`);
    expect((failure as StoreOpenFailed).lastBackup).toMatch(
      /data-2026-12-01T00-00-00-000Z-scheduled\.tar\.gz$/,
    );
    expect(message).toContain(`db restore ${(failure as StoreOpenFailed).lastBackup}`);
    // The failed open let go of the directory.
    expect(existsSync(lockFileOf(dataDir))).toBe(false);
  });

  it('names kefu db backup when a damaged database has no automatic backup', async () => {
    const dataDir = copyOfTemplate(join(root, 'damaged-alone', 'data'));
    writeFileSync(join(dataDir, 'global', 'pg_control'), Buffer.alloc(8192));
    const opening = openStore({ dataDir, dataKey });
    await expect(opening).rejects.toThrow('restore a backup written by kefu db backup');
    await expect(opening).rejects.toThrow('no automatic backup found in');
  });
});

describe('openStore: what opening an existing embedded database does', () => {
  /** The statements kefu sends while `open` runs (PGlite's own start-up query on pg_catalog left out). */
  async function statementsOf(open: () => Promise<unknown>): Promise<string[]> {
    const query = vi.spyOn(PGlite.prototype, 'query');
    const exec = vi.spyOn(PGlite.prototype, 'exec');
    try {
      await open();
      return [...query.mock.calls, ...exec.mock.calls]
        .map(([text]) => text)
        .filter((text) => !/pg_catalog\./.test(text));
    } finally {
      query.mockRestore();
      exec.mockRestore();
    }
  }

  it('knows an up-to-date database from one statement: no transaction, no lock, no table created', async () => {
    const dataDir = copyOfTemplate(join(root, 'one-statement', 'data'));
    let store: Store | undefined;
    const statements = await statementsOf(async () => {
      store = await openStore({ dataDir, dataKey });
    });
    await store?.close();
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/^select .* from "kefu_migrations"$/);
  });

  it("with migrate: 'check', refuses a database behind the schema and applies and backs up nothing", async () => {
    const dataDir = copyOfTemplate(join(root, 'behind', 'data'));
    const notes = { id: 'check_0001_notes', up: 'create table check_notes (text text)' };
    const opening = openStore({ dataDir, dataKey, migrate: 'check', migrations: [notes] });
    await expect(opening).rejects.toBeInstanceOf(SchemaBehind);
    await expect(opening).rejects.toThrow(/migrations not applied: check_0001_notes\).*kefu db migrate/);
    expect(existsSync(lockFileOf(dataDir))).toBe(false);
    expect(listAutomaticBackups(dataDir)).toEqual([]);
    const store = await openStore({ dataDir, dataKey, migrate: false });
    const applied = await store.db.selectFrom('kefu_migrations').select('id').execute();
    const table = await sql<{
      table: string | null;
    }>`select to_regclass('check_notes')::text as table`.execute(store.db);
    await store.close();
    expect(applied.map((row) => row.id).sort()).toEqual(migrations.map((m) => m.id).sort());
    expect(table.rows).toEqual([{ table: null }]);
  }, 120_000);

  it("with migrate: 'check', opens an up-to-date database", async () => {
    const dataDir = copyOfTemplate(join(root, 'checked', 'data'));
    const store = await openStore({ dataDir, dataKey, migrate: 'check' });
    const { rows } = await sql<{ one: number }>`select 1 as one`.execute(store.db);
    await store.close();
    expect(rows).toEqual([{ one: 1 }]);
  });

  it('with create: false, refuses a directory that holds no database and makes nothing', async () => {
    const dataDir = join(root, 'absent', 'data');
    const opening = openStore({ dataDir, dataKey, create: false });
    await expect(opening).rejects.toBeInstanceOf(StoreNotFound);
    await expect(opening).rejects.toThrow(`There is no embedded database in ${dataDir}`);
    expect(existsSync(dataDir)).toBe(false);
    expect(existsSync(lockFileOf(dataDir))).toBe(false);
  });
});

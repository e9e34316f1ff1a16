import { Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database-schema.js';
import { migrate, migrateOnce, migrations, pendingMigrations } from './migrations.js';
import { openStore, type Store } from './open-store.js';
import { type EmbeddedDatabase, PGliteDialect } from './pglite-dialect.js';

let store: Store;

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://migrations-test' });
});

afterAll(async () => {
  await store.close();
});

it('applies a list once per database handle; later calls share the first result', async () => {
  const tables = [{ id: 'once_0001_notes', up: 'create table once_notes (text text)' }];
  expect(await migrateOnce(store.db, tables)).toEqual(['once_0001_notes']);
  // Forgotten by the database: a second migrate would apply it again, migrateOnce does not.
  await sql`delete from kefu_migrations where id = 'once_0001_notes'`.execute(store.db);
  expect(await migrateOnce(store.db, tables)).toEqual(['once_0001_notes']);
  const rows = await sql<{ id: string }>`select id from kefu_migrations where id = 'once_0001_notes'`.execute(
    store.db,
  );
  expect(rows.rows).toEqual([]);
});

it('tries a failed list again on the next call', async () => {
  const tables = [{ id: 'once_0002_copy', up: 'insert into once_later values (1)' }];
  await expect(migrateOnce(store.db, tables)).rejects.toThrow('once_later');
  await sql`create table once_later (n integer)`.execute(store.db);
  expect(await migrateOnce(store.db, tables)).toEqual(['once_0002_copy']);
  const rows = await sql<{ n: number }>`select n from once_later`.execute(store.db);
  expect(rows.rows).toEqual([{ n: 1 }]);
});

/** A second handle on the store's database that records the statements sent through it. */
function recording(store: Store): { db: Kysely<Database>; statements: string[] } {
  const pglite = store.pglite!;
  const statements: string[] = [];
  const counted: EmbeddedDatabase = {
    get waitReady() {
      return pglite.waitReady;
    },
    get closed() {
      return pglite.closed;
    },
    query(text, parameters) {
      statements.push(text);
      return pglite.query(text, parameters);
    },
    exec(text) {
      statements.push(text);
      return pglite.exec(text);
    },
    dumpDataDir: (compression) => pglite.dumpDataDir(compression),
    close: () => Promise.resolve(), // the store closes the database
  };
  return { db: new Kysely<Database>({ dialect: new PGliteDialect(counted) }), statements };
}

describe('migrate', () => {
  it('knows an up-to-date database from one statement: no transaction, no lock', async () => {
    await migrate(store.db);
    const { db, statements } = recording(store);
    expect(await migrate(db)).toEqual([]);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toContain('kefu_migrations');
  });

  it('applies what is pending under the migration lock, in one transaction', async () => {
    const { db, statements } = recording(store);
    const tables = [{ id: 'fast_0001_pins', up: 'create table fast_pins (n integer)' }];
    expect(await migrate(db, tables)).toEqual(['fast_0001_pins']);
    expect(statements.filter((text) => /advisory_xact_lock/.test(text))).toHaveLength(1);
    expect(statements.filter((text) => /^begin/.test(text))).toHaveLength(1);
    expect(await pendingMigrations(store.db, tables)).toEqual([]);
  });
});

describe('pendingMigrations', () => {
  it('lists every migration of a database without kefu_migrations, in order', async () => {
    const bare = await openStore({ dataDir: 'memory://pending-test', migrate: false });
    try {
      const notes = { id: 'pending_0001_notes', up: 'create table notes (text text)' };
      expect((await pendingMigrations(bare.db, [notes])).map((migration) => migration.id)).toEqual([
        ...migrations.map((migration) => migration.id),
        notes.id,
      ]);
    } finally {
      await bare.close();
    }
  });
});

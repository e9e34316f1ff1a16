import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrateOnce } from './migrations.js';
import { openStore, type Store } from './open-store.js';

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

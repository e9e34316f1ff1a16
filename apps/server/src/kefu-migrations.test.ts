// One migration list: what a server applies to an empty database is exactly the engine's and `kefuMigrations`.
import { migrations } from '@kefu/runtime';
import { afterEach, describe, expect, it } from 'vitest';
import { signDevelopmentToken } from './bearer-token.js';
import { readEnvironment } from './env.js';
import { kefuMigrations, migrateKefu } from './kefu-migrations.js';
import { type StartedServer, startServer } from './start-server.js';
import { createTestServer, type TestServer } from './test-support.js';

const trainer = { role: 'trainer', user: 'zhao.min' } as const;
const secret = 'kefu-migrations-secret-kefu-migrations-secret';
/** Fields that open the stores made per request (reviews, training) besides those the server holds. */
const storeFields = '{ reviews { id } quizAssignments { id } }';
const listed = [...migrations, ...kefuMigrations].map((migration) => migration.id).sort();

async function appliedIds(server: { store: StartedServer['store'] }): Promise<string[]> {
  const rows = await server.store.db.selectFrom('kefu_migrations').select('id').orderBy('id').execute();
  return rows.map((row) => row.id);
}

let started: StartedServer | undefined;
let testServer: TestServer | undefined;

afterEach(async () => {
  await started?.close();
  await testServer?.close();
  started = undefined;
  testServer = undefined;
});

describe('kefuMigrations', () => {
  it('names each migration once', () => {
    expect(new Set(listed).size).toBe(listed.length);
  });

  it('is exactly what startServer applies to an empty database, and kefu db migrate then has nothing to do', async () => {
    started = await startServer(
      readEnvironment({
        PORT: '0',
        HOST: '127.0.0.1',
        KEFU_DATA_DIR: 'memory://kefu-migrations',
        KEFU_JWT_SECRET: secret,
        KEFU_BACKUP_INTERVAL_HOURS: '0',
      }),
    );
    // Fields that open the stores created per request (reviews, training) besides those the server holds.
    const token = await signDevelopmentToken({
      role: 'trainer',
      userId: 'zhao.min',
      secret: new TextEncoder().encode(secret),
    });
    const response = await fetch(started.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: storeFields }),
    });
    expect(await response.json()).toEqual({ data: { reviews: [], quizAssignments: [] } });
    expect(await appliedIds(started)).toEqual(listed);
    expect(await migrateKefu(started.store.db)).toEqual([]);
  });

  it('is exactly what createKefuYoga applies before its first request to an empty database', async () => {
    testServer = await createTestServer({ dataDir: 'memory://kefu-migrations-yoga' });
    const result = await testServer.graphql(storeFields, {}, trainer);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ reviews: [], quizAssignments: [] });
    expect(await appliedIds(testServer)).toEqual(listed);
    expect(await migrateKefu(testServer.store.db)).toEqual([]);
  });
});

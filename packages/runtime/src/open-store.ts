import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database-schema.js';
import { migrate } from './migrations.js';
import { PGliteDialect } from './pglite-dialect.js';

export interface StoreOptions {
  /** A PostgreSQL connection string. When absent, the embedded PGlite database is used. */
  databaseUrl?: string | undefined;
  /** Where PGlite keeps its files (default `.kefu/data`); `memory://` keeps nothing on disk. */
  dataDir?: string | undefined;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
  /** Connections in the PostgreSQL pool (default 10). */
  poolSize?: number;
}

export interface Store {
  db: Kysely<Database>;
  engine: 'pglite' | 'postgres';
  /** Where the data lives: a directory for PGlite, the connection string without password for PostgreSQL. */
  location: string;
  close(): Promise<void>;
}

export const defaultDataDir = '.kefu/data';

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres';
  }
}

/** Opens the database: PostgreSQL when `databaseUrl` is given, embedded PGlite otherwise; migrates it. */
export async function openStore(options: StoreOptions = {}): Promise<Store> {
  let store: Store;
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    store = { db, engine: 'postgres', location: redact(options.databaseUrl), close: () => db.destroy() };
  } else {
    const dataDir = options.dataDir ?? defaultDataDir;
    const inMemory = dataDir.startsWith('memory://');
    const location = inMemory ? dataDir : resolve(dataDir);
    if (!inMemory) mkdirSync(location, { recursive: true });
    const pglite = await PGlite.create(inMemory ? undefined : location, { relaxedDurability: true });
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    store = { db, engine: 'pglite', location, close: () => db.destroy() };
  }
  if (options.migrate !== false) await migrate(store.db);
  return store;
}

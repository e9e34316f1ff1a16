import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { type DataCipher, loadDataCipher } from './data-cipher.js';
import type { Database } from './database-schema.js';
import { migrate } from './migrations.js';
import { type EmbeddedDatabase, PGliteDialect } from './pglite-dialect.js';

export interface StoreOptions {
  /** A PostgreSQL connection string. When absent, the embedded PGlite database is used. */
  databaseUrl?: string | undefined;
  /** Where PGlite keeps its files (default `.kefu/data`); `memory://` keeps nothing on disk. */
  dataDir?: string | undefined;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
  /** Connections in the PostgreSQL pool (default 10). */
  poolSize?: number;
  /**
   * Keys for personal data at rest (`KEFU_DATA_KEY` format: `<id>:<base64 32 bytes>`, comma-separated, first
   * current). Default: the `KEFU_DATA_KEY` environment variable, else the key file.
   */
  dataKey?: string | undefined;
  /**
   * Where a generated key is kept when no `dataKey` is given (created with mode 0600). Default: `data-key` beside
   * the PGlite directory (`.kefu/data-key`), or `.kefu/data-key` in the working directory for PostgreSQL.
   * `memory://` databases get a key that lives as long as the process.
   */
  keyFile?: string | undefined;
}

export interface Store {
  db: Kysely<Database>;
  engine: 'pglite' | 'postgres';
  /** Where the data lives: a directory for PGlite, the connection string without password for PostgreSQL. */
  location: string;
  /** Encrypts and decrypts the personal data inside snapshots and events. */
  cipher: DataCipher;
  /** The embedded database itself (PGlite only), for backups. */
  pglite?: EmbeddedDatabase;
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
  const dataKey = options.dataKey ?? process.env.KEFU_DATA_KEY;
  if (options.databaseUrl) {
    const cipher = loadDataCipher({ dataKey, keyFile: options.keyFile ?? join('.kefu', 'data-key') });
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    store = {
      db,
      engine: 'postgres',
      location: redact(options.databaseUrl),
      cipher,
      close: () => db.destroy(),
    };
  } else {
    const dataDir = options.dataDir ?? defaultDataDir;
    const inMemory = dataDir.startsWith('memory://');
    const location = inMemory ? dataDir : resolve(dataDir);
    const cipher = loadDataCipher({
      dataKey,
      keyFile: options.keyFile ?? (inMemory ? undefined : join(dirname(location), 'data-key')),
    });
    if (!inMemory) mkdirSync(location, { recursive: true });
    const pglite = await PGlite.create(inMemory ? undefined : location, { relaxedDurability: true });
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    store = { db, engine: 'pglite', location, cipher, pglite, close: () => db.destroy() };
  }
  if (options.migrate !== false) await migrate(store.db);
  return store;
}

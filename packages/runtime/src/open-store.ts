import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { createPGlite } from './create-pglite.js';
import { type DataCipher, loadDataCipher } from './data-cipher.js';
import { lockDataDirectory } from './data-directory-lock.js';
import { builtInDataTemplate, extractDataTemplate } from './data-template.js';
import type { Database } from './database-schema.js';
import { appliedMigrationIds, type Migration, migrate, pendingAfter } from './migrations.js';
import { type EmbeddedDatabase, PGliteDialect } from './pglite-dialect.js';
import { KefuError } from './runtime-errors.js';
import { automaticBackupDirectory, listAutomaticBackups, writeAutomaticBackup } from './store-backup.js';

export interface StoreOptions {
  /** A PostgreSQL connection string. When absent, the embedded PGlite database is used. */
  databaseUrl?: string | undefined;
  /** Where PGlite keeps its files (default `.kefu/data`); `memory://` keeps nothing on disk. */
  dataDir?: string | undefined;
  /**
   * Apply pending migrations on open (default true). `'check'`: apply none and take no automatic backup, but refuse
   * to open (`SchemaBehind`) unless the engine's migrations and `migrations` are all applied, for a command that
   * only reads the tables they make. An up-to-date database costs one query either way.
   */
  migrate?: boolean | 'check';
  /**
   * PGlite: create the database when the data directory holds none (default true). `false`: refuse
   * (`StoreNotFound`) and leave the directory as it is.
   */
  create?: boolean;
  /**
   * Migrations applied on open after the engine's (default none): an application's whole list, so its tables are in
   * place before anything uses the store, and the automatic backup before pending migrations counts them too.
   */
  migrations?: readonly Migration[];
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
  /** PostgreSQL: give up connecting after this many milliseconds (default: wait as long as `pg` does). */
  connectTimeoutMs?: number | undefined;
  /**
   * PGlite: where the automatic backup taken before pending migrations goes (default `backups/` beside the data
   * directory), and how many automatic backups to keep (default 7). `false`: take none.
   */
  backups?: { directory?: string | undefined; keep?: number | undefined } | false;
  /**
   * PGlite: a new data directory is unpacked from this template (a gzipped tar by `writeDataTemplate`) instead of
   * running initdb. Default: the one built into this package; `false`: always initdb.
   */
  dataTemplate?: string | false | undefined;
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
  /** What opening it did (set by `openStore`): for a command that reports it, as `kefu db migrate` does. */
  opened?: StoreOpened;
  close(): Promise<void>;
}

/** What `openStore` did to the database before returning it. */
export interface StoreOpened {
  /** The embedded database was made by this open (none in the data directory, or `memory://`). Never for PostgreSQL. */
  created: boolean;
  /** The ids of the migrations this open applied, in order (none when it was up to date, or `migrate` was off). */
  applied: readonly string[];
  /** The automatic backup taken before applying them (an embedded database that was there before), if any. */
  backup: string | undefined;
}

export const defaultDataDir = '.kefu/data';

/** The embedded database could not be opened (damaged, unreadable, not a database). What to do is in the message. */
export class StoreOpenFailed extends KefuError {
  constructor(
    readonly location: string,
    readonly reason: string,
    /** The newest automatic backup, when there is one. */
    readonly lastBackup: string | undefined,
  ) {
    const recover = lastBackup
      ? `restore the last automatic backup: kefu --data-dir ${location} db restore ${lastBackup}`
      : 'restore a backup written by kefu db backup: kefu --data-dir ' +
        `${location} db restore FILE (no automatic backup found in ${automaticBackupDirectory(location)})`;
    super(
      'STORE_OPEN_FAILED',
      `Could not open the embedded database in ${location}: ${reason}. ` +
        `It may be damaged. Keep it for inspection (mv ${location} ${location}.broken), then ${recover}.`,
      { location, reason, lastBackup },
    );
  }
}

/** The embedded data directory holds no database, and the store was opened with `create: false`. Nothing was made. */
export class StoreNotFound extends KefuError {
  constructor(readonly location: string) {
    super(
      'STORE_NOT_FOUND',
      `There is no embedded database in ${location}. Check the data directory (--data-dir, KEFU_DATA_DIR), or ` +
        'create the database first (kefu db migrate).',
      { location },
    );
  }
}

/** The database's schema is older than this kefu's, and the store was opened with `migrate: 'check'`. */
export class SchemaBehind extends KefuError {
  constructor(
    readonly location: string,
    /** The ids of the migrations not applied yet, in the order they apply. */
    readonly pending: readonly string[],
  ) {
    const shown =
      pending.slice(0, 3).join(', ') + (pending.length > 3 ? `, … (${pending.length} in all)` : '');
    super(
      'SCHEMA_BEHIND',
      `The database ${location} is not up to date with this kefu (migrations not applied: ${shown}), and this ` +
        'command only reads it. Apply them first: kefu db migrate (or start the server, which applies them).',
      { location, pending: [...pending] },
    );
  }
}

/** Owner-only modes on the data directory and everything in it (PGlite creates its files 0666). */
function restrictModes(path: string): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    if ((stat.mode & 0o077) !== 0) chmodSync(path, 0o700);
    for (const name of readdirSync(path)) restrictModes(join(path, name));
  } else if ((stat.mode & 0o077) !== 0) {
    chmodSync(path, 0o600);
  }
}

/** A new database from the template: unpacked files instead of initdb (seconds and hundreds of MiB in WASM). */
async function createFromTemplate(location: string, template: string): Promise<PGlite | undefined> {
  try {
    if (!extractDataTemplate(template, location)) return undefined;
    return await createPGlite(location);
  } catch {
    // A damaged template, or one this PGlite cannot open (another PostgreSQL version): initdb, as without one.
    rmSync(location, { recursive: true, force: true });
    return undefined;
  }
}

async function openEmbedded(location: string, template: string | false): Promise<PGlite> {
  // PGlite runs initdb in any directory without PG_VERSION: never over files that are there already.
  if (existsSync(location) && readdirSync(location).length > 0 && !existsSync(join(location, 'PG_VERSION'))) {
    throw new Error('the directory is not empty but holds no database (PG_VERSION is missing)');
  }
  if (template !== false && !existsSync(join(location, 'PG_VERSION'))) {
    const created = await createFromTemplate(location, template);
    if (created) return created;
  }
  // A new database, or a directory not yet owner-only (an older kefu's): every file gets its mode now. Otherwise
  // the 0700 directory already shields files made since the last close, and close() fixes their modes.
  const needsModes = !existsSync(join(location, 'PG_VERSION')) || (statSync(location).mode & 0o077) !== 0;
  mkdirSync(location, { recursive: true, mode: 0o700 });
  const pglite = await createPGlite(location);
  try {
    if (needsModes) restrictModes(location);
  } catch (error) {
    await pglite.close();
    throw error;
  }
  return pglite;
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres';
  }
}

/** Opens the database: PostgreSQL when `databaseUrl` is given, embedded PGlite otherwise; applies the engine's migrations and `migrations`. */
export async function openStore(options: StoreOptions = {}): Promise<Store> {
  let store: Store;
  const opened: StoreOpened = { created: false, applied: [], backup: undefined };
  const dataKey = options.dataKey ?? process.env.KEFU_DATA_KEY;
  if (options.databaseUrl) {
    const cipher = loadDataCipher({ dataKey, keyFile: options.keyFile ?? join('.kefu', 'data-key') });
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      ...(options.connectTimeoutMs === undefined
        ? {}
        : { connectionTimeoutMillis: options.connectTimeoutMs }),
    });
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
    if (inMemory) {
      const pglite = await createPGlite();
      const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
      store = { db, engine: 'pglite', location, cipher, pglite, close: () => db.destroy() };
      opened.created = true;
    } else {
      // One process per data directory: a second one would lose acknowledged writes (docs/operations.md).
      const lock = lockDataDirectory(location);
      // A new database (unpacked from a template or initdb) has nothing to back up before its migrations.
      const created = !existsSync(join(location, 'PG_VERSION'));
      // Only a directory that is absent or empty holds no database; other files fail to open below, as damaged.
      if (
        created &&
        options.create === false &&
        (!existsSync(location) || readdirSync(location).length === 0)
      ) {
        lock.release();
        throw new StoreNotFound(location);
      }
      let pglite: PGlite;
      try {
        pglite = await openEmbedded(location, options.dataTemplate ?? builtInDataTemplate);
      } catch (error) {
        lock.release();
        const backups = options.backups === false ? undefined : options.backups?.directory;
        const lastBackup = listAutomaticBackups(location, backups ?? automaticBackupDirectory(location))[0];
        throw new StoreOpenFailed(
          location,
          error instanceof Error ? error.message : String(error),
          lastBackup?.file,
        );
      }
      const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
      store = {
        db,
        engine: 'pglite',
        location,
        cipher,
        pglite,
        async close() {
          try {
            await db.destroy();
            restrictModes(location);
          } finally {
            lock.release();
          }
        },
      };
      opened.created = created;
    }
  }
  if (options.migrate !== false) {
    try {
      const more = options.migrations ?? [];
      // One query tells an up-to-date database: the ids applied.
      const applied = await appliedMigrationIds(store.db);
      const pending = pendingAfter(applied, more);
      if (pending.length > 0) {
        if (options.migrate === 'check') {
          throw new SchemaBehind(
            store.location,
            pending.map((migration) => migration.id),
          );
        }
        // An embedded database that was there before (a `memory://` one never was) is backed up first; without
        // kefu_migrations it is new (nothing to lose), and PostgreSQL is the operator's to back up (pg_dump).
        if (
          store.engine === 'pglite' &&
          !opened.created &&
          applied !== undefined &&
          options.backups !== false
        ) {
          const backup = await writeAutomaticBackup(store, {
            reason: 'before-migration',
            ...options.backups,
          });
          opened.backup = backup.file;
        }
        opened.applied = await migrate(store.db, more);
      }
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  store.opened = opened;
  return store;
}

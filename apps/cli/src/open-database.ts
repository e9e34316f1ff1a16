import { existsSync } from 'node:fs';
import type { Migration, Store } from '@kefu/runtime';
import type { Command } from 'commander';
import { CliError, ExitCode } from './cli-error.js';

/** The database options every command that stores or reads results takes. */
export interface DatabaseOptions {
  databaseUrl?: string;
  dataDir?: string;
}

/** How long a command waits for PostgreSQL to accept it before exiting 3 (a server that never answers must not hang it). */
export const connectTimeoutMs = 10_000;

/** How a command opens the store: what `openStore` may change before the command runs. */
export interface OpenDatabaseOptions {
  /** Apply pending migrations (default true); `'check'`: apply none and refuse when any is pending (exit 3). */
  migrate?: boolean | 'check';
  /** Migrations checked or applied after the engine's (default none). */
  migrations?: readonly Migration[];
  /** Create an embedded database where there is none (default true); `false`: refuse (exit 3). */
  create?: boolean;
}

/**
 * Opens (and migrates) the store: `--database-url`, else `DATABASE_URL`, else PGlite in `--data-dir` (default
 * `.kefu/data`). Every failure is a `CliError` with exit code 3 that says what happened and what to do: the
 * embedded database held by a running server (the CLI refuses rather than open it beside the server), a damaged
 * one (restore the last automatic backup), none there or one behind this kefu's schema (when `open` says not to
 * create or migrate), PostgreSQL not answering.
 */
export async function openDatabase(options: DatabaseOptions, open: OpenDatabaseOptions = {}): Promise<Store> {
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  try {
    const { openStore } = await import('@kefu/runtime');
    return await openStore({
      databaseUrl: databaseUrl || undefined,
      dataDir: options.dataDir,
      migrate: open.migrate ?? true,
      ...(open.migrations === undefined ? {} : { migrations: open.migrations }),
      ...(open.create === undefined ? {} : { create: open.create }),
      poolSize: 2,
      connectTimeoutMs,
    });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    // The runtime's own messages already say what to do.
    if (
      code === 'DATA_DIRECTORY_LOCKED' ||
      code === 'STORE_OPEN_FAILED' ||
      code === 'STORE_NOT_FOUND' ||
      code === 'SCHEMA_BEHIND'
    ) {
      throw new CliError((error as Error).message, ExitCode.environment);
    }
    const where = databaseUrl
      ? 'the database at DATABASE_URL'
      : `the embedded database in ${options.dataDir ?? '.kefu/data'}`;
    throw new CliError(`Could not open ${where}: ${(error as Error).message}`, ExitCode.environment);
  }
}

/** The embedded database's directory when neither `--data-dir` nor `KEFU_DATA_DIR` names one. */
const defaultDataDir = '.kefu/data';

/**
 * The database `command` was pointed at, found as `openDatabase` finds it — `--database-url`, `DATABASE_URL`,
 * `--data-dir`, `KEFU_DATA_DIR` — or the embedded one in the default directory when that directory exists.
 * Undefined when none is configured: a command that only reads can then do without one instead of creating it.
 */
export function configuredDatabase(command: Command): DatabaseOptions | undefined {
  const options = command.optsWithGlobals() as DatabaseOptions;
  if (options.databaseUrl || process.env.DATABASE_URL) return options;
  const dataDirSource = command.getOptionValueSourceWithGlobals('dataDir');
  if (dataDirSource !== undefined && dataDirSource !== 'default') return options;
  return existsSync(options.dataDir ?? defaultDataDir) ? options : undefined;
}

import type { Store } from '@kefu/runtime';
import { CliError, ExitCode } from './cli-error.js';

/** The database options every command that stores or reads results takes. */
export interface DatabaseOptions {
  databaseUrl?: string;
  dataDir?: string;
}

/** Opens (and migrates) the store: `--database-url`, else `DATABASE_URL`, else PGlite in `--data-dir` (default `.kefu/data`). */
export async function openDatabase(options: DatabaseOptions, migrate = true): Promise<Store> {
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  try {
    const { openStore } = await import('@kefu/runtime');
    return await openStore({
      databaseUrl: databaseUrl || undefined,
      dataDir: options.dataDir,
      migrate,
      poolSize: 2,
    });
  } catch (error) {
    const where = databaseUrl
      ? 'the database at DATABASE_URL'
      : `the embedded database in ${options.dataDir ?? '.kefu/data'}`;
    throw new CliError(`Could not open ${where}: ${(error as Error).message}`, ExitCode.environment);
  }
}

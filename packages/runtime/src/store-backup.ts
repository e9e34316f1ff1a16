import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Store } from './open-store.js';
import { KefuError } from './runtime-errors.js';

/** A backup or restore that cannot be done this way (e.g. on PostgreSQL, where pg_dump does it). Nothing changed. */
export class BackupNotSupported extends KefuError {
  constructor(message: string) {
    super('BACKUP_NOT_SUPPORTED', message);
  }
}

export interface BackupResult {
  file: string;
  bytes: number;
}

/**
 * Writes the embedded database to `file` as a gzipped tarball of its data directory (PGlite's `dumpDataDir`),
 * consistent as of the call. The data key is not in it: keep `.kefu/data-key` (or `KEFU_DATA_KEY`) separately.
 * On PostgreSQL use `pg_dump` (docs/operations.md).
 */
export async function backup(store: Store, file: string): Promise<BackupResult> {
  if (store.engine !== 'pglite' || !store.pglite) {
    throw new BackupNotSupported(
      'This database is PostgreSQL: back it up with pg_dump -Fc (see docs/operations.md, "Backup and restore")',
    );
  }
  const dump = await store.pglite.dumpDataDir('gzip');
  const bytes = Buffer.from(await dump.arrayBuffer());
  const target = resolve(file);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, bytes, { mode: 0o600 });
  return { file: target, bytes: bytes.length };
}

/**
 * Restores a `backup` tarball into `dataDir`, which must not exist yet or be empty (move the old one aside
 * first). Open it afterwards with `openStore({ dataDir })`; migrations newer than the backup run then.
 */
export async function restore(file: string, dataDir: string): Promise<{ dataDir: string }> {
  const target = resolve(dataDir);
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new BackupNotSupported(`"${target}" is not empty: move it aside before restoring into it`);
  }
  mkdirSync(target, { recursive: true });
  const blob = new Blob([readFileSync(resolve(file))]);
  const pglite = await PGlite.create(target, { loadDataDir: blob });
  await pglite.close();
  return { dataDir: target };
}

import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { lockDataDirectory } from './data-directory-lock.js';
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
  mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
  // Written beside and renamed: a backup file is complete or absent, never half written.
  const partial = `${target}.partial`;
  writeFileSync(partial, bytes, { mode: 0o600 });
  renameSync(partial, target);
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
  // Nobody may open the directory while it is being filled.
  const lock = lockDataDirectory(target);
  try {
    mkdirSync(target, { recursive: true, mode: 0o700 });
    const blob = new Blob([readFileSync(resolve(file))]);
    const pglite = await PGlite.create(target, { loadDataDir: blob });
    await pglite.close();
  } finally {
    lock.release();
  }
  return { dataDir: target };
}

/** Where automatic backups of an embedded data directory go by default: `backups/` beside it (`.kefu/backups`). */
export function automaticBackupDirectory(dataDir: string): string {
  return join(dirname(resolve(dataDir)), 'backups');
}

export interface AutomaticBackupOptions {
  /** Why: part of the file name (`before-migration`, `scheduled`). */
  reason: string;
  /** Default `automaticBackupDirectory(store.location)`. */
  directory?: string | undefined;
  /** How many automatic backups of this data directory to keep, newest first (default 7; older ones are deleted). */
  keep?: number | undefined;
  now?: Date;
}

export interface AutomaticBackup {
  file: string;
  /** When it was written (from the file's modification time). */
  at: Date;
}

function automaticBackupPrefix(dataDir: string): string {
  return `${basename(resolve(dataDir))}-`;
}

/** The automatic backups of `dataDir` in `directory`, newest first. */
export function listAutomaticBackups(
  dataDir: string,
  directory = automaticBackupDirectory(dataDir),
): AutomaticBackup[] {
  if (!existsSync(directory)) return [];
  const prefix = automaticBackupPrefix(dataDir);
  return readdirSync(directory)
    .filter((name) => name.startsWith(prefix) && name.endsWith('.tar.gz'))
    .map((name) => {
      const file = join(directory, name);
      return { file, at: statSync(file).mtime };
    })
    .sort((a, b) => b.at.getTime() - a.at.getTime() || b.file.localeCompare(a.file));
}

/**
 * Writes an automatic backup of the embedded database (`<dir>/<data dir name>-<time>-<reason>.tar.gz`) and deletes
 * the oldest ones beyond `keep`.
 */
export async function writeAutomaticBackup(
  store: Store,
  options: AutomaticBackupOptions,
): Promise<BackupResult> {
  const directory = options.directory ?? automaticBackupDirectory(store.location);
  const stamp = (options.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
  const result = await backup(
    store,
    join(directory, `${automaticBackupPrefix(store.location)}${stamp}-${options.reason}.tar.gz`),
  );
  const keep = Math.max(1, options.keep ?? 7);
  for (const old of listAutomaticBackups(store.location, directory).slice(keep)) unlinkSync(old.file);
  return result;
}

export interface BackupScheduleOptions {
  store: Store;
  /** Milliseconds between automatic backups. The first is due one interval after the newest one on disk. */
  intervalMs: number;
  /** False: no backups on a schedule (`lastBackup()` still reports the newest on disk). Default true. */
  enabled?: boolean;
  /** The earliest the first backup runs, so it never competes with start-up (default 60,000 ms). */
  startDelayMs?: number;
  keep?: number | undefined;
  directory?: string | undefined;
  onBackup?: (result: BackupResult) => void;
  onError?: (error: unknown) => void;
}

export interface BackupSchedule {
  /** The newest automatic backup (on disk or written by this schedule), or null. */
  lastBackup(): AutomaticBackup | null;
  /** Stops the schedule and waits for a backup in progress. */
  stop(): Promise<void>;
}

/**
 * Backs the embedded database up every `intervalMs`, counted from the newest automatic backup on disk; the first
 * no sooner than `startDelayMs` after the call (PGlite only; a no-op schedule on PostgreSQL and in memory).
 */
export function scheduleBackups(options: BackupScheduleOptions): BackupSchedule {
  const directory = options.directory ?? automaticBackupDirectory(options.store.location);
  const onDisk = options.store.engine === 'pglite' && !options.store.location.startsWith('memory://');
  let stopped = !onDisk || options.enabled === false || !(options.intervalMs > 0);
  let last: AutomaticBackup | null = onDisk
    ? (listAutomaticBackups(options.store.location, directory)[0] ?? null)
    : null;
  // The last attempt, good or not: the next one is due an interval after it.
  let attemptedAt = last?.at.getTime();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const earliest = Date.now() + (options.startDelayMs ?? 60_000);
  const plan = () => {
    if (stopped) return;
    const due = Math.max(earliest, attemptedAt === undefined ? 0 : attemptedAt + options.intervalMs);
    const wait = Math.max(0, due - Date.now());
    // setTimeout holds at most 2^31 - 1 ms (24.8 days): a longer wait re-plans when that runs out.
    timer = wait > 2_147_483_647 ? setTimeout(plan, 2_147_483_647) : setTimeout(run, wait);
    timer.unref();
  };
  const run = () => {
    attemptedAt = Date.now();
    running = writeAutomaticBackup(options.store, { reason: 'scheduled', directory, keep: options.keep })
      .then((result) => {
        last = { file: result.file, at: new Date() };
        options.onBackup?.(result);
      })
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        running = undefined;
        plan();
      });
  };
  plan();
  return {
    lastBackup: () => last,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

import { randomUUID } from 'node:crypto';
import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { KefuError } from './runtime-errors.js';

/** Who holds an embedded data directory, as its lock file says. */
export interface LockHolder {
  pid: number;
  hostname: string;
  /** When the holding process started (ISO 8601). */
  startedAt: string;
  /** When it took the lock (ISO 8601). */
  lockedAt: string;
  /** The holder's command line, shortened. */
  command: string;
  /** Linux: the process's start time in clock ticks since boot (/proc/PID/stat), to tell a reused pid apart. */
  processStart?: string;
  /** Unique per lock, so a holder only ever removes its own file. */
  token: string;
}

/** Another live process holds the embedded data directory. Nothing was opened. */
export class DataDirectoryLocked extends KefuError {
  constructor(
    readonly dataDir: string,
    readonly lockFile: string,
    readonly holder: LockHolder,
  ) {
    const here = holder.hostname === hostname();
    super(
      'DATA_DIRECTORY_LOCKED',
      `The embedded database ${dataDir} is in use by process ${holder.pid}` +
        `${here ? '' : ` on host ${holder.hostname}`} (started ${holder.startedAt}: ${holder.command}). ` +
        'Two processes on one data directory lose acknowledged writes, so this one stops here. ' +
        'Stop that process first (a CLI command that needs the database cannot run beside the embedded server), ' +
        `or use PostgreSQL (DATABASE_URL) to share one database.${
          here ? '' : ` If no process on ${holder.hostname} uses it, delete ${lockFile}.`
        }`,
      { dataDir, lockFile, holder },
    );
  }
}

export interface DataDirectoryLock {
  readonly file: string;
  readonly holder: LockHolder;
  /** Removes the lock file (only while it is still this lock's). Safe to call twice. */
  release(): void;
}

/** The lock file of a data directory: beside it (`.kefu/data.lock`), so backups of the directory never carry it. */
export function lockFileOf(dataDir: string): string {
  const location = resolve(dataDir);
  return join(dirname(location), `${basename(location)}.lock`);
}

/** Lock files this process holds: a second open in the same process is refused too. */
const heldHere = new Map<string, string>();

function processStartOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime); the command name (field 2) may hold spaces and parentheses, so count from the last ")".
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function readHolder(file: string): { text: string; holder: LockHolder | undefined } | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const holder = JSON.parse(text) as LockHolder;
    return { text, holder: Number.isInteger(holder.pid) && holder.pid > 0 ? holder : undefined };
  } catch {
    return { text, holder: undefined };
  }
}

/** Is the recorded holder still running? A pid that is gone, or now names a different process, is not. */
function isAlive(holder: LockHolder, file: string): boolean {
  // Another machine's pid cannot be checked from here (a shared file system): assume it runs.
  if (holder.hostname !== hostname()) return true;
  if (holder.pid === process.pid) return heldHere.get(file) === holder.token;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const start = holder.processStart === undefined ? undefined : processStartOf(holder.pid);
  return start === undefined || start === holder.processStart;
}

function sleepSync(milliseconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds);
}

/** Creates `file` holding `text`, atomically: it appears complete or not at all. False when it exists. */
function createExclusive(file: string, text: string): boolean {
  const temporary = `${file}.${process.pid}.${randomUUID().slice(0, 8)}`;
  writeFileSync(temporary, text, { mode: 0o600 });
  try {
    linkSync(temporary, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
    // No hard links on this file system: an exclusive create (a reader may briefly see it empty).
    try {
      const descriptor = openSync(file, 'wx', 0o600);
      writeSync(descriptor, text);
      closeSync(descriptor);
      return true;
    } catch (fallback) {
      if ((fallback as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw fallback;
    }
  } finally {
    unlinkSync(temporary);
  }
}

/**
 * Removes a stale lock file, but only while it still holds `staleText`: under a short-lived guard file, so two
 * processes taking over the same stale lock cannot remove each other's fresh one.
 */
function removeStale(file: string, staleText: string): void {
  const guard = `${file}.takeover`;
  for (;;) {
    if (createExclusive(guard, String(process.pid))) break;
    try {
      // A guard is held for microseconds: one older than 10 s belongs to a process that died holding it.
      if (Date.now() - statSync(guard).mtimeMs > 10_000) unlinkSync(guard);
    } catch {
      // gone meanwhile: try again
    }
    sleepSync(20);
  }
  try {
    if (readHolder(file)?.text === staleText) unlinkSync(file);
  } finally {
    unlinkSync(guard);
  }
}

/**
 * Takes the exclusive lock on an embedded data directory: a lock file beside it holding the pid, host and start
 * time of this process. A lock whose process is gone (killed, crashed, or its pid now another process's) is
 * taken over; a live holder's makes this throw `DataDirectoryLocked`, naming it. Released by `release()` and,
 * as a last resort, when this process exits normally.
 */
export function lockDataDirectory(dataDir: string): DataDirectoryLock {
  const location = resolve(dataDir);
  const file = lockFileOf(location);
  const processStart = processStartOf(process.pid);
  const holder: LockHolder = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date(Date.now() - process.uptime() * 1000).toISOString(),
    lockedAt: new Date().toISOString(),
    command: process.argv.slice(1).join(' ').slice(0, 200),
    ...(processStart === undefined ? {} : { processStart }),
    token: randomUUID(),
  };
  const text = `${JSON.stringify(holder, null, 2)}\n`;
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  for (;;) {
    if (createExclusive(file, text)) break;
    const current = readHolder(file);
    if (!current) continue; // released meanwhile
    if (current.holder && isAlive(current.holder, file)) {
      throw new DataDirectoryLocked(location, file, current.holder);
    }
    // Dead holder, or an unreadable file no live holder would leave (they are written whole): take over.
    removeStale(file, current.text);
  }
  heldHere.set(file, holder.token);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    if (heldHere.get(file) === holder.token) heldHere.delete(file);
    try {
      if (readHolder(file)?.holder?.token === holder.token) unlinkSync(file);
    } catch {
      // the directory went away: nothing left to release
    }
  };
  process.on('exit', release);
  return { file, holder, release };
}

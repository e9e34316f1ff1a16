import {
  closeSync,
  existsSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { Kysely, sql } from 'kysely';
import { createPGlite } from './create-pglite.js';
import type { Database } from './database-schema.js';
import { migrate } from './migrations.js';
import { PGliteDialect } from './pglite-dialect.js';

/**
 * The data directory of a new, empty PGlite database (initdb already run), as PGlite's `dumpDataDir('gzip')`
 * writes it: built into `dist/` when the package is built (`scripts/write-data-template.mjs`), absent when the
 * source runs directly (then a new database runs initdb, as before).
 */
export const builtInDataTemplate = fileURLToPath(new URL('./pglite-data.tar.gz', import.meta.url));

/**
 * Writes the data directory of a new in-memory PGlite database, with the engine's migrations applied and then
 * `prepare` run on it (e.g. a definition's or an application's tables), to `file` (a gzipped tar), for
 * `extractDataTemplate`.
 */
export async function writeDataTemplate(
  file: string,
  prepare?: (db: Kysely<Database>) => Promise<void>,
): Promise<void> {
  const pglite = await createPGlite();
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  try {
    await migrate(db);
    await prepare?.(db);
    await sql`checkpoint`.execute(db);
    const dump = await pglite.dumpDataDir('gzip');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await db.destroy();
  }
}

const block = 8192;

/** Writes `content` leaving its all-zero 8 KiB blocks as holes (the 16 MiB WAL segment is mostly zeros). */
function writeSparse(path: string, content: Buffer): void {
  const descriptor = openSync(path, 'w', 0o600);
  try {
    for (let start = 0; start < content.length; start += block) {
      const chunk = content.subarray(start, Math.min(start + block, content.length));
      if (chunk.some((byte) => byte !== 0)) writeSync(descriptor, chunk, 0, chunk.length, start);
    }
    ftruncateSync(descriptor, content.length);
  } finally {
    closeSync(descriptor);
  }
}

function field(header: Buffer, start: number, length: number): string {
  const text = header.subarray(start, start + length).toString('utf8');
  const end = text.indexOf('\0');
  return end === -1 ? text : text.slice(0, end);
}

/**
 * Creates `directory` (which must not exist, or be empty) from a template written by `writeDataTemplate`: the
 * files are unpacked beside it and moved into place in one rename, so a crash leaves no half-made database.
 * Directories get mode 0700 and files 0600. Returns false, changing nothing, when there is no template file.
 */
export function extractDataTemplate(file: string, directory: string): boolean {
  if (!existsSync(file)) return false;
  const target = resolve(directory);
  const staging = `${target}.new-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true, mode: 0o700 });
  try {
    const tar = gunzipSync(readFileSync(file));
    // ustar: a 512-byte header per entry (name, octal size, type), the content padded to 512 bytes.
    for (let offset = 0; offset + 512 <= tar.length; ) {
      const header = tar.subarray(offset, offset + 512);
      const name = join(field(header, 345, 155), field(header, 0, 100));
      if (name === '.' || name === '') break; // the two zero blocks that end the archive
      const size = Number.parseInt(field(header, 124, 12).trim() || '0', 8);
      const type = String.fromCharCode(header[156]!);
      const path = join(staging, name);
      if (relative(staging, path).startsWith('..'))
        throw new Error(`template entry outside the directory: ${name}`);
      if (type === '5') {
        mkdirSync(path, { recursive: true, mode: 0o700 });
      } else if (type === '0' || type === '\0') {
        mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
        writeSparse(path, tar.subarray(offset + 512, offset + 512 + size));
      }
      offset += 512 + Math.ceil(size / 512) * 512;
    }
    if (!existsSync(join(staging, 'PG_VERSION'))) throw new Error('the template holds no database');
    if (existsSync(target) && readdirSync(target).length === 0) rmSync(target, { recursive: true });
    mkdirSync(dirname(target), { recursive: true });
    renameSync(staging, target);
    return true;
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

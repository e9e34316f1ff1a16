import { PGlite } from '@electric-sql/pglite';

/**
 * PostgreSQL's shared buffers in an embedded database (4,096 pages). With PostgreSQL's default of 128 MB, PGlite
 * spends about 0.4 s of CPU in WebAssembly setting the buffers up on every open, and they add about 115 MiB of
 * resident memory before the first query. A page not in the buffers is read from the operating system's cache.
 */
export const embeddedSharedBuffers = '32MB';

/**
 * Starts PGlite in `dataDir` (a new in-memory database when undefined) as kefu runs it: `relaxedDurability` as
 * always, and `embeddedSharedBuffers` of shared buffers (a start parameter: it overrides the data directory's
 * postgresql.conf). PGlite's own start parameters are kept.
 */
export function createPGlite(dataDir?: string): Promise<PGlite> {
  return PGlite.create(dataDir, {
    relaxedDurability: true,
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${embeddedSharedBuffers}`],
  });
}

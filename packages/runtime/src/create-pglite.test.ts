import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createPGlite } from './create-pglite.js';

const root = mkdtempSync(join(tmpdir(), 'kefu-create-pglite-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

it('runs an embedded database with 32 MB of shared buffers, whatever its postgresql.conf says', async () => {
  const dataDir = join(root, 'data');
  const pglite = await createPGlite(dataDir);
  try {
    const { rows } = await pglite.query<{ shared_buffers: string }>('show shared_buffers');
    expect(rows).toEqual([{ shared_buffers: '32MB' }]);
  } finally {
    await pglite.close();
  }
  expect(readFileSync(join(dataDir, 'postgresql.conf'), 'utf8')).toMatch(/^shared_buffers = 128MB/m);
}, 120_000); // initdb in WebAssembly

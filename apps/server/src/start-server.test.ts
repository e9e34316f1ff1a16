// startServer when start-up fails after the database is open: the cause is thrown, and the port and the embedded
// data directory are given back, so the same server starts once the cause is gone.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@kefu/runtime';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { readEnvironment } from './env.js';
import { startServer } from './start-server.js';

const directory = mkdtempSync(join(tmpdir(), 'kefu-start-server-'));
const dataDir = join(directory, 'data');
// This worktree's port range (4120–4139), as in main.test.ts.
const port = 4123;
const environment = readEnvironment({
  PORT: String(port),
  HOST: '127.0.0.1',
  KEFU_DATA_DIR: dataDir,
  KEFU_JWT_SECRET: 'start-server-secret-start-server-secret-0123',
  KEFU_BACKUP_INTERVAL_HOURS: '0',
});

afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** Binds the port and lets it go again: rejects with EADDRINUSE while something else holds it. */
function bindOnce(): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

describe('startServer, when start-up fails after the database is open', () => {
  it('throws the cause and gives back the port and the data directory', async () => {
    const first = await startServer(environment);
    await first.close();
    // A team's saved roster that no longer reads as a roster: loading the rosters fails after the store is open.
    const store = await openStore({ dataDir });
    await sql`insert into roster_rosters (team, definition, version, updated_at, updated_by)
      values ('east', '{"team": "east"}', 1, now(), 'start-server-test')`.execute(store.db);
    await store.close();

    await expect(startServer(environment)).rejects.toMatchObject({ name: 'ZodError' });

    await bindOnce();
    const again = await openStore({ dataDir });
    await sql`delete from roster_rosters where team = 'east'`.execute(again.db);
    await again.close();
    const started = await startServer(environment);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    await started.close();
    expect(health.status).toBe(200);
  });
});

// Every command that needs the database exits 3 with what happened and what to do, and none hangs.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockDataDirectory, openStore } from '@kefu/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKefu } from '../test-support/run-kefu.js';

const root = mkdtempSync(join(tmpdir(), 'kefu-unavailable-'));
const answers = join(root, 'answers.jsonl');
writeFileSync(answers, `${JSON.stringify({ id: '1', item: 'complaint.first-owner', answer: 'b' })}\n`);
const commands = [
  ['report'],
  ['db', 'migrate'],
  ['db', 'backup', join(root, 'backup.tar.gz')],
  ['db', 'verify', '--all'],
  ['quiz', 'run', 'phone-etiquette', '--trainee', 'li.na'],
  // they read the published item versions from a configured database; they never grade with others instead
  ['quiz', 'grade', '--answers', answers],
  ['quiz', 'show', 'complaint.first-owner'],
].map((args) => [args.slice(0, 2).join(' '), args] as const);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a database held by a running server', () => {
  const dataDir = join(root, 'held');
  let lock: ReturnType<typeof lockDataDirectory>;

  beforeAll(() => {
    // This test process plays the server: a live process holding the directory's lock.
    lock = lockDataDirectory(dataDir);
  });
  afterAll(() => lock.release());

  it.each(commands)('exits 3 naming the holder when kefu %s runs beside it', async (_name, args) => {
    const run = await runKefu(['--data-dir', dataDir, ...args], { input: '\n'.repeat(16) });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      `kefu: The embedded database ${dataDir} is in use by process ${process.pid}`,
    );
    expect(run.stdout).not.toContain('Saved attempt');
    expect(run.stdout).not.toContain('complaint.first-owner');
  });

  it.each(commands.filter(([name]) => name === 'quiz grade' || name === 'quiz show'))(
    'kefu %s names --bank as the way to go on without the published versions',
    async (_name, args) => {
      const run = await runKefu(['--data-dir', dataDir, ...args]);
      expect(run.code).toBe(3);
      expect(run.stderr).toContain('pass --bank DIR');
    },
  );
});

describe('a damaged embedded database', () => {
  const dataDir = join(root, 'damaged', 'data');

  beforeAll(async () => {
    await (await openStore({ dataDir })).close();
    writeFileSync(join(dataDir, 'global', 'pg_control'), Buffer.alloc(8192));
  });

  it.each(commands)('exits 3 saying how to restore when kefu %s opens it', async (_name, args) => {
    const run = await runKefu(['--data-dir', dataDir, ...args], { input: '\n'.repeat(16) });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`kefu: Could not open the embedded database in ${dataDir}`);
    expect(run.stderr).toContain('restore a backup written by kefu db backup');
  });
});

describe('a PostgreSQL server that accepts connections and never answers', () => {
  let server: Server;
  const sockets = new Set<Socket>();
  let url: string;

  beforeAll(async () => {
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    // This worktree's port range (4120–4139).
    await new Promise<void>((resolve) => server.listen(4130, '127.0.0.1', resolve));
    url = 'postgres://kefu@127.0.0.1:4130/kefu';
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('exits 3 with the connection timeout instead of waiting for ever', async () => {
    const run = await runKefu(['report'], { env: { DATABASE_URL: url }, cwd: root });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('kefu: Could not open the database at DATABASE_URL: ');
    expect(run.stderr).toContain('timeout');
  }, 60_000);
});

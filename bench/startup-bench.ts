/** Start-up: spawn to ready line and resident memory of the built server, embedded and on PostgreSQL. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { schemaUrl } from './bench-database.js';
import type { BenchRow, BenchSection } from './bench-report.js';
import { median } from './bench-timing.js';
import { residentBytes, spawnReady } from './spawn-ready.js';

export interface StartupBenchOptions {
  quick: boolean;
  databaseUrl: string;
  root: string;
}

interface Started {
  readyMs: number;
  rssMiB: number;
}

async function startOnce(
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
  cwd: string,
): Promise<Started> {
  const started = await spawnReady(args, { env, ready, cwd, timeoutMs: 120_000 });
  try {
    return { readyMs: started.readyMs, rssMiB: (await residentBytes(started.child.pid)) / 2 ** 20 };
  } finally {
    await started.stop();
  }
}

export async function benchStartup(options: StartupBenchOptions): Promise<BenchSection> {
  const runs = options.quick ? 1 : 3;
  const server = join(options.root, 'apps', 'server', 'dist', 'main.js');
  const ready = /kefu ready at (\S+)/;
  const bareScript = `require('node:http').createServer((q, s) => s.end()).listen(0, '127.0.0.1', () => console.log('ready'))`;
  const results: Record<string, Started[]> = { bare: [], embeddedFirst: [], embedded: [], postgres: [] };
  const directories: string[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      results.bare!.push(await startOnce(['-e', bareScript], {}, /ready/, options.root));
      const directory = mkdtempSync(join(tmpdir(), 'kefu-bench-start-'));
      directories.push(directory);
      const embeddedEnv = {
        PORT: '0',
        HOST: '127.0.0.1',
        KEFU_DATA_DIR: join(directory, 'data'),
        DATABASE_URL: undefined,
      };
      // First start creates the database and migrates it; the second opens the existing one.
      results.embeddedFirst!.push(await startOnce([server], embeddedEnv, ready, directory));
      results.embedded!.push(await startOnce([server], embeddedEnv, ready, directory));
      const postgresEnv = { PORT: '0', HOST: '127.0.0.1', DATABASE_URL: schemaUrl(options.databaseUrl) };
      results.postgres!.push(await startOnce([server], postgresEnv, ready, directory));
    }
  } finally {
    for (const directory of directories) rmSync(directory, { recursive: true, force: true });
  }
  const summary = (key: string) => ({
    readyMs: median(results[key]!.map((started) => started.readyMs)),
    rssMiB: median(results[key]!.map((started) => started.rssMiB)),
  });
  const bare = summary('bare');
  const rows: BenchRow[] = [];
  for (const [key, name] of [
    ['embeddedFirst', 'embedded PGlite, first start (data directory from the template, migrates)'],
    ['embedded', 'embedded PGlite, existing data'],
    ['postgres', 'PostgreSQL (migrated schema)'],
  ] as const) {
    const figures = summary(key);
    rows.push({
      name: `${name}: spawn → ready`,
      value: figures.readyMs,
      unit: 'ms',
      baseline: { name: 'bare node:http listening', value: bare.readyMs },
      ratio: bare.readyMs / figures.readyMs,
    });
    rows.push({
      name: `${name}: resident memory when ready`,
      value: figures.rssMiB,
      unit: 'MiB',
      baseline: { name: 'bare node:http', value: bare.rssMiB },
      ratio: bare.rssMiB / figures.rssMiB,
    });
  }
  // The goal: a first embedded start (a new data directory, unpacked from the built-in template instead of
  // initdb) within 1.5× of a restart on existing data, in time and in memory.
  const first = summary('embeddedFirst');
  const restart = summary('embedded');
  rows.push(
    {
      name: 'embedded PGlite, first start against a restart: spawn → ready',
      value: first.readyMs,
      unit: 'ms',
      baseline: { name: 'restart on existing data', value: restart.readyMs },
      ratio: restart.readyMs / first.readyMs,
      goal: 'within 1.5× of a restart',
      met: first.readyMs <= 1.5 * restart.readyMs,
    },
    {
      name: 'embedded PGlite, first start against a restart: resident memory when ready',
      value: first.rssMiB,
      unit: 'MiB',
      baseline: { name: 'restart on existing data', value: restart.rssMiB },
      ratio: restart.rssMiB / first.rssMiB,
      goal: 'within 1.5× of a restart',
      met: first.rssMiB <= 1.5 * restart.rssMiB,
    },
  );
  return {
    title: 'Start-up',
    rows,
    notes: [
      `\`node apps/server/dist/main.js\` spawned with PORT=0 and a fresh KEFU_DATA_DIR (embedded) or DATABASE_URL (PostgreSQL, schema kefu_bench), timed from spawn to its "kefu ready" line (which it prints after migrations, the scheduler's first run and listen); resident memory from /proc at that moment. Median of ${runs} run${runs > 1 ? 's' : ''}. Ratio = baseline ÷ kefu (time and memory: lower is better).`,
    ],
  };
}

/**
 * `npm run bench` — kefu's speed, cost and scale against baselines measured in the same run.
 *
 *   npm run bench                      every section, full size; writes docs/benchmarks.md
 *   npm run bench -- --quick           small N everywhere (CI smoke run); writes bench-results/benchmarks.md
 *   npm run bench -- --only=machines,scoring   some sections; writes bench-results/benchmarks.md (docs/ untouched)
 *
 * Needs PostgreSQL for the runtime and GraphQL sections (KEFU_BENCH_DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/test; the benchmark works in its own schema `kefu_bench`, dropped at the end).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDataKey } from '@kefu/runtime';
import { dropSchema, resetSchema } from './bench-database.js';
import { type BenchSection, comparisonChart, format, ratioChart, sectionToMarkdown } from './bench-report.js';
import { benchDashboard } from './dashboard-growth-bench.js';
import { goalAnalysis } from './goal-analysis.js';
import { benchGraphql } from './graphql-bench.js';
import { benchMachines } from './machines-bench.js';
import { benchNotify } from './notify-bench.js';
import { benchRuntime, benchTimers } from './runtime-bench.js';
import { benchScoring } from './scoring-bench.js';
import { benchStartup } from './startup-bench.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const databaseUrl = process.env.KEFU_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const sections: Array<{ id: string; run: () => Promise<BenchSection | BenchSection[]> }> = [
  { id: 'machines', run: () => benchMachines({ quick }) },
  { id: 'runtime', run: () => benchRuntime({ quick, databaseUrl }) },
  { id: 'timers', run: () => benchTimers({ quick, databaseUrl }) },
  { id: 'graphql', run: () => benchGraphql({ quick, databaseUrl, root }) },
  { id: 'scoring', run: () => benchScoring({ quick, root }) },
  { id: 'startup', run: () => benchStartup({ quick, databaseUrl, root }) },
  { id: 'dashboard', run: () => benchDashboard({ quick, databaseUrl, root }) },
  { id: 'notify', run: () => benchNotify({ quick, databaseUrl }) },
];

function versionOf(packageJson: string): string {
  try {
    return (JSON.parse(readFileSync(join(root, packageJson), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

function postgresVersion(): string {
  try {
    return execFileSync('psql', [databaseUrl, '-tAc', 'show server_version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown (psql not available)';
  }
}

// One data key and one token secret for the run: the benchmark process and the servers it spawns share them.
process.env.KEFU_DATA_KEY ??= generateDataKey();
process.env.KEFU_JWT_SECRET ??= randomBytes(32).toString('hex');
const usesDatabase = sections.some(
  (section) =>
    ['runtime', 'timers', 'graphql', 'startup'].includes(section.id) && (!only || only.includes(section.id)),
);
if (usesDatabase) await resetSchema(databaseUrl);

const began = performance.now();
const loadBefore = loadavg();
const results: BenchSection[] = [];
for (const section of sections) {
  if (only && !only.includes(section.id)) continue;
  const sectionBegan = performance.now();
  console.error(`bench: ${section.id}…`);
  try {
    const result = await section.run();
    results.push(...(Array.isArray(result) ? result : [result]));
  } catch (error) {
    console.error(`bench: ${section.id} failed:`, error);
    process.exitCode = 1;
    results.push({
      title: `${section.id} (failed)`,
      rows: [],
      notes: [`failed: ${error instanceof Error ? error.message : String(error)}`],
    });
  }
  console.error(`bench: ${section.id} done in ${((performance.now() - sectionBegan) / 1000).toFixed(1)} s`);
}
if (usesDatabase) await dropSchema(databaseUrl);
const loadAfter = loadavg();
const seconds = (performance.now() - began) / 1000;

const cpu = cpus();
const packages = [
  'packages/sla',
  'packages/complaint',
  'packages/escalation',
  'packages/crisis',
  'packages/runtime',
  'packages/workflows',
  'packages/training-store',
  'packages/scoring',
  'packages/quiz-bank',
  'apps/server',
  'apps/cli',
]
  .map((path) => `${path.split('/')[1]} ${versionOf(`${path}/package.json`)}`)
  .join(', ');
const dependencies = [
  'xstate',
  'graphql-yoga',
  'graphql',
  'pg',
  '@electric-sql/pglite',
  'kysely',
  'autocannon',
]
  .map((name) => `${name} ${versionOf(`node_modules/${name}/package.json`)}`)
  .join(', ');
const allRows = results.flatMap((section) => section.rows);
const goals = allRows.filter((row) => row.goal);

const markdown = [
  '# Benchmarks',
  '',
  `Generated by \`npm run bench${quick ? ' -- --quick' : ''}\` (bench/run.ts) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC in ${seconds.toFixed(0)} s. ` +
    'Every figure sits beside a baseline measured **in the same run on the same machine**; the ratio is what to compare between machines, not the absolute numbers.',
  '',
  '## Machine',
  '',
  `- ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${process.platform}/${process.arch}`,
  `- Node ${process.version}, PostgreSQL ${postgresVersion()} (127.0.0.1, default configuration)`,
  `- kefu packages: ${packages}`,
  `- dependencies: ${dependencies}`,
  `- load average (1/5/15 min) at start ${loadBefore.map((value) => value.toFixed(1)).join(' / ')}, at end ${loadAfter.map((value) => value.toFixed(1)).join(' / ')}`,
  '',
  `> **Load caveat.** This machine is shared: when these figures were taken, other builds and test runs were using the same ${cpu.length} cores (load average ≈ ${loadBefore[0]!.toFixed(0)}). Absolute rates are therefore low and noisy; the subject and its baseline ran back to back (CPU-bound figures in alternating rounds, per CPU-second), so the ratios are the trustworthy part. Re-run \`npm run bench\` on an idle machine for absolute figures.`,
  '',
  '## Goals',
  '',
  '| goal | measured | met |',
  '| --- | --- | --- |',
  ...goals.map(
    (row) =>
      `| ${row.goal} | ${row.name}: ${format(row.value, row.unit)}${row.ratio === undefined ? '' : ` (${(row.ratio * 100).toFixed(0)}% of ${row.baseline?.name})`} | ${row.met ? '✅' : '❌'} |`,
  ),
  '',
  goalAnalysis(results),
  ...results.flatMap((section) => [sectionToMarkdown(section), '']),
  '## Charts',
  '',
  'kefu as a percentage of its same-run baseline (throughput; 100 = as fast as the baseline):',
  '',
  ratioChart(
    'kefu as % of its same-run baseline',
    allRows.filter((row) => row.ratio !== undefined && /\/s$/.test(row.unit)),
  ),
  '',
  'Durable transitions per second: the bars are the database ceiling (one statement from a bare client), the line is `runtime.send` (c = concurrent clients):',
  '',
  comparisonChart(
    'runtime.send vs the database ceiling',
    'transitions/s',
    allRows.filter((row) => row.unit === 'transitions/s' && row.name.includes('runtime.send')),
  ),
  '',
].join('\n');

// Only a full run of every section replaces docs/benchmarks.md.
const target =
  quick || only ? join(root, 'bench-results', 'benchmarks.md') : join(root, 'docs', 'benchmarks.md');
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, markdown);
mkdirSync(join(root, 'bench-results'), { recursive: true });
writeFileSync(
  join(root, 'bench-results', `bench-${quick ? 'quick' : only ? 'only' : 'full'}.json`),
  JSON.stringify({ results, seconds }, null, 2),
);
console.error(`bench: wrote ${target} in ${seconds.toFixed(0)} s`);

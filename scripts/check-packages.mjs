#!/usr/bin/env node
// Checks what each publishable package (packages/*) would put on the registry, from its built dist/:
// - publint (--strict: warnings are errors) and attw --pack (@arethetypeswrong/cli) report no problem;
// - `npm pack --dry-run` lists LICENSE, README.md, package.json and the entry files;
// - no workspace package.json (root, packages, apps) has a "*" range;
// - package READMEs have no relative links (they break on the registry's page).
// Builds the packages first (turbo; cached when nothing changed).
//
// attw ignores one rule, cjs-resolves-to-esm: the packages are ESM only, and `require()` of them works on the
// Node versions they support (engines: >=20.19, where require(esm) is on by default; the consumer test runs every
// README example through require). attw analyses with TypeScript 5.6, which predates TypeScript's own support for
// require(esm) (`--module node20`, 5.8), so it still reports "ESM (dynamic import only)" for node16-from-CJS.
// Ignoring only that rule, rather than `--profile esm-only`, keeps checking the types a CommonJS caller resolves.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const problems = [];

function run(command, args, cwd) {
  try {
    return { ok: true, output: execFileSync(command, args, { cwd, encoding: 'utf8', stdio: 'pipe' }) };
  } catch (error) {
    return { ok: false, output: `${error.stdout ?? ''}${error.stderr ?? ''}` };
  }
}

function workspaceDirectories(group) {
  return readdirSync(join(root, group), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, group, entry.name, 'package.json')))
    .map((entry) => join(group, entry.name));
}

const build = run(
  'npx',
  ['turbo', 'run', 'build', '--filter=./packages/*', '--output-logs=errors-only'],
  root,
);
if (!build.ok) {
  process.stderr.write(`check-packages: the build failed\n${build.output}\n`);
  process.exit(1);
}

const dependencyFields = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];
for (const directory of ['.', ...workspaceDirectories('packages'), ...workspaceDirectories('apps')]) {
  const manifest = JSON.parse(readFileSync(join(root, directory, 'package.json'), 'utf8'));
  for (const field of dependencyFields) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (range.trim() === '*' || range.trim() === '') {
        problems.push(`${directory}/package.json: ${field}.${name} is "${range}": give it a real range`);
      }
    }
  }
}

for (const directory of workspaceDirectories('packages')) {
  const cwd = join(root, directory);
  const manifest = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8'));
  if (manifest.private) continue;
  process.stdout.write(`${manifest.name}: `);
  const before = problems.length;

  const publint = run(bin('publint'), ['run', '.', '--strict', '--pack', 'npm'], cwd);
  if (!publint.ok) problems.push(`${manifest.name}: publint\n${publint.output}`);

  const attw = run(
    bin('attw'),
    ['--pack', '.', '--format', 'ascii', '--no-color', '--ignore-rules', 'cjs-resolves-to-esm'],
    cwd,
  );
  if (!attw.ok) problems.push(`${manifest.name}: attw --pack\n${attw.output}`);

  const packed = run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], cwd);
  if (packed.ok) {
    const files = new Set(JSON.parse(packed.output)[0].files.map((file) => file.path));
    const exported = manifest.exports?.['.'] ?? {};
    for (const file of [
      'LICENSE',
      'README.md',
      'package.json',
      exported.types,
      exported.import,
      exported.default,
    ]) {
      const path = file?.replace(/^\.\//, '');
      if (path && !files.has(path)) problems.push(`${manifest.name}: npm pack does not include ${path}`);
    }
  } else {
    problems.push(`${manifest.name}: npm pack --dry-run failed\n${packed.output}`);
  }

  const readme = readFileSync(join(cwd, 'README.md'), 'utf8');
  for (const match of readme.matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = match[1];
    if (!/^(https?:|mailto:|#)/.test(target)) {
      problems.push(`${manifest.name}: README link "${target}" is relative; it breaks on the registry`);
    }
  }
  process.stdout.write(problems.length === before ? 'ok\n' : 'problems\n');
}

if (problems.length > 0) {
  process.stderr.write(`\n${problems.join('\n\n')}\n`);
  process.exit(1);
}
console.log('check-packages: every package passes publint, attw, the pack listing and the range check');

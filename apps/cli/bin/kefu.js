#!/usr/bin/env node
// The `kefu` command as npm links it. This small file is committed, so `npm install` / `npm ci` on a fresh clone
// links `kefu` (npm makes no link to a bin target that does not exist yet, such as dist/main.js before a build).
// It runs the built CLI (dist/main.js), building it and the packages it uses first when it is not built yet.
// KEFU_NO_AUTO_BUILD=1 makes it say how to build instead of building.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cliDirectory = dirname(dirname(fileURLToPath(import.meta.url)));
const main = join(cliDirectory, 'dist', 'main.js');
const repository = join(cliDirectory, '..', '..');
const buildCommand = 'npx turbo run build --filter=@kefu/cli...';

if (!existsSync(main)) {
  const inRepository = existsSync(join(repository, 'turbo.json'));
  if (process.env.KEFU_NO_AUTO_BUILD || !inRepository) {
    process.stderr.write(
      `kefu: the command is not built yet (${main} is missing).\n` +
        `Build it once from the repository root, then run kefu again:\n  ${buildCommand}\n`,
    );
    process.exit(3);
  }
  process.stderr.write(
    `kefu: first run: building the command and the packages it uses (${buildCommand}) …\n`,
  );
  // The build's own output goes to stderr, so `npx kefu … > file` or `| head` still gets only kefu's output.
  const build = spawnSync(
    'npx',
    ['turbo', 'run', 'build', '--filter=@kefu/cli...', '--output-logs=errors-only'],
    {
      cwd: repository,
      stdio: ['ignore', 2, 2],
      shell: process.platform === 'win32',
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
    },
  );
  if (build.status !== 0 || !existsSync(main)) {
    process.stderr.write(
      `kefu: the build failed; run it yourself from the repository root to see why:\n  ${buildCommand}\n`,
    );
    process.exit(3);
  }
}

await import(pathToFileURL(main).href);

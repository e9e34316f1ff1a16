import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const dashboard = fileURLToPath(new URL('..', import.meta.url));
const cli = join(dirname(createRequire(import.meta.url).resolve('gql.tada/package.json')), 'bin', 'cli.js');
const scratch = mkdtempSync(join(tmpdir(), 'kefu-graphql-env-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

it('matches the committed graphql-env.ts when generated from schema.graphql (run `npm run generate:graphql -w @kefu/dashboard` after a schema change)', () => {
  const output = join(scratch, 'graphql-env.ts');
  execFileSync(process.execPath, [cli, 'generate-output', '--output', output], {
    cwd: dashboard,
    stdio: 'pipe',
  });
  const committed = readFileSync(new URL('./graphql-env.ts', import.meta.url), 'utf8');
  expect(readFileSync(output, 'utf8')).toBe(committed);
});

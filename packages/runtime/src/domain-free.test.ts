import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as Record<
  string,
  Record<string, string> | undefined
>;

/** The engine's own source: every module but tests and their helpers. */
const sources = (readdirSync(new URL('src/', root), { recursive: true }) as string[])
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.includes('test-support'))
  .map((file) => ({ file, text: readFileSync(new URL(`src/${file}`, root), 'utf8') }));

/** Words of kefu's domain: the machine packages and the read-model columns they project. */
const domainWords = /complaint|escalation|crisis|customer_grade|customerGrade|category|breached/i;

describe('@kefu/runtime is domain-free', () => {
  it('depends on no other kefu package in any dependency list', () => {
    const declared = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].flatMap(
      (field) => Object.keys(manifest[field] ?? {}),
    );
    expect(declared.filter((name) => name.startsWith('@kefu/'))).toEqual([]);
  });

  it('imports no kefu package from any source module', () => {
    expect(sources.length).toBeGreaterThan(10);
    const imports = sources.flatMap(({ file, text }) =>
      [...text.matchAll(/(?:from|import)\s*\(?\s*['"](@kefu\/[^'"]+)['"]/g)].map(
        (match) => `${file}: ${match[1]}`,
      ),
    );
    expect(imports).toEqual([]);
  });

  it('names no machine and no complaint-shaped column in its source', () => {
    const mentions = sources.flatMap(({ file, text }) =>
      text
        .split('\n')
        .map((line, index) => ({ line, index }))
        .filter(({ line }) => domainWords.test(line))
        .map(({ line, index }) => `${file}:${index + 1}: ${line.trim()}`),
    );
    expect(mentions).toEqual([]);
  });
});

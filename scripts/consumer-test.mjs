#!/usr/bin/env node
// The consumer test: installs the packages as a developer would and runs every README example there.
//
// 1. `npm pack` every publishable package (packages/*, built first by turbo).
// 2. For the lowest and then the highest xstate version of the packages' peer range (zod likewise), create a fresh
//    project in a temporary directory outside the repository, with its own xstate, zod, TypeScript and @types/node,
//    and install the tarballs there (from the npm registry only; nothing else from the network).
// 3. Copy every README example (packages/*/examples/*.ts, which the packages' tests keep verbatim in their READMEs)
//    into it twice: as is (ESM), and as a `.cts` CommonJS module whose imports compile to `require()` (Node ≥ 20.19
//    loads the ESM packages with require(esm)).
// 4. Type-check and compile both with `--strict` and `skipLibCheck: false`, run both, and check each example's
//    exported values are the same through import and through require.
//
// Usage: node scripts/consumer-test.mjs [--keep] [--xstate <version>]... ; exits 1 on any failure.
// --xstate replaces the two versions taken from the range (to try a candidate floor); --keep leaves the directory.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import ts from 'typescript';

const root = join(import.meta.dirname, '..');
const { values: options } = parseArgs({
  options: { keep: { type: 'boolean', default: false }, xstate: { type: 'string', multiple: true } },
});
const started = Date.now();
const log = (message) =>
  console.log(`[consumer-test ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);

function run(command, args, cwd, extraEnvironment = {}) {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...extraEnvironment },
    });
  } catch (error) {
    throw new Error(
      `${command} ${args.join(' ')} failed in ${cwd}\n${error.stdout ?? ''}${error.stderr ?? ''}`,
    );
  }
}

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const packageDirectories = readdirSync(join(root, 'packages'))
  .map((name) => join(root, 'packages', name))
  .filter(
    (directory) =>
      existsSync(join(directory, 'package.json')) && !readJson(join(directory, 'package.json')).private,
  );
const manifests = packageDirectories.map((directory) => readJson(join(directory, 'package.json')));

/** The one peer range the packages agree on for `name`, and its lowest and highest published versions. */
function peerVersions(name) {
  const ranges = new Set(manifests.map((manifest) => manifest.peerDependencies?.[name]).filter(Boolean));
  if (ranges.size !== 1)
    throw new Error(`the packages must agree on one ${name} peer range; found ${[...ranges]}`);
  const [range] = ranges;
  const lowest = /^\^(\d+\.\d+\.\d+)$/.exec(range)?.[1];
  if (!lowest) throw new Error(`${name}'s peer range "${range}" is not of the form ^x.y.z`);
  const published = JSON.parse(run('npm', ['view', `${name}@${range}`, 'version', '--json'], root));
  const highest = Array.isArray(published) ? published.at(-1) : published;
  return { range, lowest, highest };
}

/** Rewrites an ESM example as a CommonJS module exporting `main()`, which runs the example and returns its exports. */
function toCommonJs(source, fileName) {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const imports = [];
  const body = [];
  const exported = [];
  const collect = (name) => {
    if (ts.isIdentifier(name)) exported.push(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) collect(element.name);
  };
  for (const statement of file.statements) {
    const text = statement.getFullText(file);
    if (ts.isImportDeclaration(statement)) {
      imports.push(text);
    } else if (
      ts.isVariableStatement(statement) &&
      statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)
    ) {
      for (const declaration of statement.declarationList.declarations) collect(declaration.name);
      body.push(text.replace(/\bexport\s+/, ''));
    } else {
      body.push(text);
    }
  }
  return `${imports.join('')}\n\nexport async function main() {${body.join('')}\n  return { ${exported.join(', ')} };\n}\n`;
}

const workDirectory = mkdtempSync(join(tmpdir(), 'kefu-consumer-'));
let failed = false;
try {
  log('building the packages (turbo; cached when unchanged)');
  run('npx', ['turbo', 'run', 'build', '--filter=./packages/*', '--output-logs=errors-only'], root, {
    TURBO_TELEMETRY_DISABLED: '1',
  });

  const tarballDirectory = join(workDirectory, 'tarballs');
  mkdirSync(tarballDirectory);
  const tarballs = {};
  for (const directory of packageDirectories) {
    const [packed] = JSON.parse(
      run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tarballDirectory], directory),
    );
    tarballs[packed.name] = join(tarballDirectory, packed.filename);
  }
  log(`packed ${Object.keys(tarballs).join(', ')}`);

  const examples = packageDirectories.flatMap((directory) =>
    readdirSync(join(directory, 'examples'))
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
      .map((file) => ({
        name: `${basename(directory)}.${basename(file, '.ts')}`,
        file: join(directory, 'examples', file),
      })),
  );

  const xstate = peerVersions('xstate');
  const zod = peerVersions('zod');
  const rounds = options.xstate
    ? options.xstate.map((version) => ({ xstate: version, zod: zod.lowest }))
    : [
        { xstate: xstate.lowest, zod: zod.lowest },
        { xstate: xstate.highest, zod: zod.highest },
      ];
  log(`peer ranges: xstate ${xstate.range}, zod ${zod.range}`);
  const typescriptVersion = readJson(join(root, 'node_modules/typescript/package.json')).version;
  const nodeTypesVersion = readJson(join(root, 'node_modules/@types/node/package.json')).version;

  for (const round of rounds) {
    const label = `xstate@${round.xstate} zod@${round.zod}`;
    const project = join(workDirectory, `app-xstate-${round.xstate}`);
    mkdirSync(join(project, 'src/esm'), { recursive: true });
    mkdirSync(join(project, 'src/cjs'), { recursive: true });
    writeFileSync(
      join(project, 'package.json'),
      `${JSON.stringify(
        {
          name: 'kefu-consumer',
          private: true,
          type: 'module',
          dependencies: {
            ...Object.fromEntries(Object.entries(tarballs).map(([name, file]) => [name, `file:${file}`])),
            xstate: round.xstate,
            zod: round.zod,
          },
          devDependencies: { typescript: typescriptVersion, '@types/node': nodeTypesVersion },
        },
        null,
        2,
      )}\n`,
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      `${JSON.stringify(
        {
          compilerOptions: {
            target: 'es2022',
            lib: ['es2023'],
            module: 'nodenext',
            moduleResolution: 'nodenext',
            strict: true,
            skipLibCheck: false,
            types: ['node'],
            rootDir: 'src',
            outDir: 'dist',
          },
          include: ['src'],
        },
        null,
        2,
      )}\n`,
    );
    for (const example of examples) {
      const source = readFileSync(example.file, 'utf8');
      cpSync(example.file, join(project, 'src/esm', `${example.name}.ts`));
      writeFileSync(join(project, 'src/cjs', `${example.name}.cts`), toCommonJs(source, example.file));
    }

    log(`${label}: npm install`);
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], project);
    const installed = readJson(join(project, 'node_modules/xstate/package.json')).version;
    const nested = run('npm', ['ls', 'xstate', 'zod', '--all', '--parseable'], project)
      .split('\n')
      .filter((line) => /node_modules\/.+\/node_modules\/(xstate|zod)$/.test(line));
    if (installed !== round.xstate) throw new Error(`${label}: installed xstate ${installed}`);
    if (nested.length > 0) throw new Error(`${label}: a second copy was installed:\n${nested.join('\n')}`);

    log(`${label}: tsc --strict, skipLibCheck false`);
    run(join(project, 'node_modules/.bin/tsc'), ['-p', '.', '--strict', '--skipLibCheck', 'false'], project);

    const runner = (mode) =>
      mode === 'esm'
        ? `for (const name of ${JSON.stringify(examples.map((example) => example.name))}) {
             const result = { ...(await import('./dist/esm/' + name + '.js')) };
             console.log(JSON.stringify([name, result]));
           }`
        : `const { createRequire } = await import('node:module');
           const require = createRequire(import.meta.url);
           for (const name of ${JSON.stringify(examples.map((example) => example.name))}) {
             const result = await require('./dist/cjs/' + name + '.cjs').main();
             console.log(JSON.stringify([name, result]));
           }`;
    const outputs = {};
    for (const mode of ['esm', 'cjs']) {
      log(
        `${label}: running ${examples.length} README examples via ${mode === 'esm' ? 'import' : 'require'}`,
      );
      const output = run(process.execPath, ['--input-type=module', '-e', runner(mode)], project);
      outputs[mode] = Object.fromEntries(
        output
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line)),
      );
    }
    // A module namespace lists its exports alphabetically, main() in source order: compare them sorted.
    const sorted = (values) =>
      JSON.stringify(Object.entries(values ?? {}).sort(([a], [b]) => a.localeCompare(b)));
    for (const example of examples) {
      const esm = outputs.esm[example.name];
      const cjs = outputs.cjs[example.name];
      if (!esm || Object.keys(esm).length === 0)
        throw new Error(`${label}: ${example.name} exported nothing`);
      if (sorted(esm) !== sorted(cjs)) {
        throw new Error(
          `${label}: ${example.name} differs between import and require:\n${JSON.stringify(esm)}\n${JSON.stringify(cjs)}`,
        );
      }
    }
    log(`${label}: ok (${examples.map((example) => example.name).join(', ')})`);
  }
  log('passed');
} catch (error) {
  failed = true;
  console.error(error instanceof Error ? error.message : error);
} finally {
  if (options.keep) log(`kept ${workDirectory}`);
  else rmSync(workDirectory, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

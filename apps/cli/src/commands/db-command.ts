import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { CliError, ExitCode } from '../cli-error.js';
import { type DatabaseOptions, openDatabase } from '../open-database.js';
import { createProgressBar } from '../progress-bar.js';
import { registerRebuildProjectionsCommand } from './db-rebuild-projections-command.js';

function databaseOptions(command: Command): DatabaseOptions {
  return command.optsWithGlobals() as DatabaseOptions;
}

/** A runtime refusal (BACKUP_NOT_SUPPORTED: PostgreSQL, a non-empty target) is a usage error; anything else the environment's. */
function asCliError(what: string, error: unknown): CliError {
  if (error instanceof CliError) return error;
  const code = (error as { code?: unknown }).code;
  return new CliError(
    `${what} failed: ${(error as Error).message}`,
    code === 'BACKUP_NOT_SUPPORTED' ? ExitCode.usage : ExitCode.environment,
  );
}

export function registerDbCommand(program: Command): void {
  const db = program
    .command('db')
    .description('Administer the database: migrate, back up, restore, verify, rebuild projections.')
    .addHelpText(
      'after',
      '\nThe database is --database-url or DATABASE_URL when set, else the embedded PGlite in --data-dir (.kefu/data).\nbackup and restore work on the embedded database; on PostgreSQL use pg_dump / pg_restore (docs/operations.md).\nWhile a server runs on the embedded database, these commands exit 3 naming it: stop it first (its automatic\nbackups are in .kefu/backups), or use PostgreSQL to share one database.',
    );

  db.command('migrate')
    .description(
      'Apply the migrations not yet applied and list them (an embedded database is backed up to its automatic backups first).',
    )
    .action(async (_options: unknown, command: Command) => {
      const { migrations } = await import('@kefu/runtime');
      const { kefuMigrations } = await import('@kefu/server');
      // What the server applies at its start: the engine's tables, the workflows' read models, the API's and
      // stores' tables; an embedded database that was there before is backed up first, as at the server's start.
      const store = await openDatabase(databaseOptions(command), { migrations: kefuMigrations });
      try {
        const { applied, backup } = store.opened ?? { applied: [], backup: undefined };
        if (backup) process.stdout.write(`${store.location}: backed up to ${backup} before migrating\n`);
        process.stdout.write(
          applied.length === 0
            ? `${store.location}: up to date (${migrations.length + kefuMigrations.length} migrations)\n`
            : `${store.location}: applied ${applied.join(', ')}\n`,
        );
      } finally {
        await store.close();
      }
    });

  db.command('backup')
    .description('Write a backup of the embedded database to FILE (a gzipped tarball of its data directory).')
    .argument('<file>', 'the backup file to write')
    .option('--force', 'overwrite FILE when it exists')
    .action(async (file: string, options: { force?: boolean }, command: Command) => {
      if (existsSync(file) && !options.force)
        throw new CliError(`${file} exists; pass --force to overwrite it`);
      const { backup } = await import('@kefu/runtime');
      const store = await openDatabase(databaseOptions(command));
      try {
        const result = await backup(store, file);
        process.stdout.write(`backed up ${store.location} to ${result.file} (${result.bytes} bytes)\n`);
      } catch (error) {
        throw asCliError('backup', error);
      } finally {
        await store.close();
      }
    });

  db.command('restore')
    .description('Restore a backup written by kefu db backup into --data-dir, which must be empty or absent.')
    .argument('<file>', 'a file written by kefu db backup')
    .action(async (file: string, _options: unknown, command: Command) => {
      if (!existsSync(file)) throw new CliError(`${file}: no such file`);
      const options = databaseOptions(command);
      if (options.databaseUrl || process.env.DATABASE_URL) {
        throw new CliError(
          'restore works on the embedded database; for PostgreSQL use pg_restore (docs/operations.md)',
        );
      }
      const { restore } = await import('@kefu/runtime');
      const dataDir = options.dataDir ?? '.kefu/data';
      try {
        const result = await restore(file, dataDir);
        process.stdout.write(`restored ${file} into ${result.dataDir}\n`);
      } catch (error) {
        throw asCliError('restore', error);
      }
      // open once so migrations newer than the backup are applied
      const store = await openDatabase({ dataDir });
      await store.close();
    });

  db.command('verify')
    .description(
      'Check workflows against their logs: the hash chain, a replay of the log against the stored snapshot, the timers against the deadlines.',
    )
    .argument('[ids...]', 'the workflows to check')
    .option('--all', 'check every workflow')
    .option('--json', 'print the result as one JSON object')
    .option('--progress', 'always show a progress bar on standard error')
    .option('--no-progress', 'never show a progress bar')
    .addHelpText(
      'after',
      '\nPrints each workflow with a problem and a summary. A progress bar is drawn on standard error when it is a\nterminal and there are 200 workflows or more. Exit code: 0 every workflow agrees with its log, 1 a mismatch,\n2 no ids and no --all, or an unknown id, 3 the database could not be opened.',
    )
    .action(
      async (
        ids: string[],
        options: { all?: boolean; json?: boolean; progress?: boolean },
        command: Command,
      ) => {
        if (options.all && ids.length > 0) throw new CliError('give workflow ids or --all, not both');
        if (!options.all && ids.length === 0) throw new CliError('give the workflow ids to verify, or --all');
        const runtime = await import('@kefu/runtime');
        const { defaultWorkflows } = await import('@kefu/workflows');
        const store = await openDatabase(databaseOptions(command));
        try {
          const engine = runtime.createRuntime({ store, workflows: defaultWorkflows });
          if (ids.length > 0) {
            const unknown: string[] = [];
            for (const id of ids) if (!(await engine.find(id).catch(() => true))) unknown.push(id);
            if (unknown.length > 0)
              throw new CliError(`no workflow with id ${unknown.map((id) => `"${id}"`).join(', ')}`);
          }
          let bar: ReturnType<typeof createProgressBar> | undefined;
          const result = await runtime.verifyWorkflows(engine, {
            ...(ids.length > 0 ? { ids } : {}),
            onProgress: (done, total) => {
              bar ??= createProgressBar({
                total,
                label: 'verify',
                enabled: options.progress ?? (Boolean(process.stderr.isTTY) && total >= 200),
              });
              bar.tick(done);
            },
          });
          bar?.finish();
          if (options.json) {
            process.stdout.write(`${JSON.stringify({ ...result, passed: result.failed.length === 0 })}\n`);
          } else {
            for (const failure of result.failed) {
              process.stdout.write(`MISMATCH ${failure.workflowId}\n`);
              for (const problem of failure.problems) process.stdout.write(`  ${problem}\n`);
            }
            process.stdout.write(
              `verified ${result.workflows} workflows (${result.events} log entries): ` +
                (result.failed.length === 0
                  ? 'every one agrees with its log\n'
                  : `${result.failed.length} with problems\n`),
            );
          }
          if (result.failed.length > 0) process.exitCode = ExitCode.failure;
        } finally {
          await store.close();
        }
      },
    );
  registerRebuildProjectionsCommand(db);
}

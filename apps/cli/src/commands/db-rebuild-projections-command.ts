import type { Command } from 'commander';
import { ExitCode } from '../cli-error.js';
import { type DatabaseOptions, openDatabase } from '../open-database.js';

/** `kefu db rebuild-projections [--check] [--json]`: the read models recomputed from the log and compared. */
export function registerRebuildProjectionsCommand(db: Command): void {
  db.command('rebuild-projections')
    .description(
      'Recompute every projection (the complaint facts, resolutions, revisits and counters) from the event log and the snapshots, compare it with the stored one, and replace the stored rows that differ.',
    )
    .option('--check', 'only compare: change nothing, exit 1 on any difference')
    .option('--json', 'print the result as one JSON object')
    .addHelpText(
      'after',
      '\nPrints each table that differs with up to 20 of its stored and recomputed rows. Exit code: 0 the projections\nmatch the log (or were repaired), 1 --check found a difference, 3 the database could not be opened.',
    )
    .action(async (options: { check?: boolean; json?: boolean }, command: Command) => {
      const { createRuntime } = await import('@kefu/runtime');
      const { defaultWorkflows, rebuildProjections } = await import('@kefu/workflows');
      const store = await openDatabase(command.optsWithGlobals() as DatabaseOptions);
      try {
        // Creates the projection tables (filled from the log) when this database predates them.
        await createRuntime({ store, workflows: defaultWorkflows }).ready();
        const differences = await rebuildProjections(store.db, { repair: !options.check });
        if (options.json) {
          process.stdout.write(
            `${JSON.stringify({ differences, repaired: !options.check && differences.length > 0 })}\n`,
          );
        } else {
          for (const difference of differences) {
            process.stdout.write(`DIFFERENCE ${difference.table}\n`);
            for (const row of difference.stored) process.stdout.write(`  stored   ${row}\n`);
            for (const row of difference.expected) process.stdout.write(`  expected ${row}\n`);
          }
          process.stdout.write(
            differences.length === 0
              ? 'projections match the event log\n'
              : options.check
                ? `${differences.length} projection table(s) differ from the event log\n`
                : `${differences.length} projection table(s) differed from the event log: rebuilt\n`,
          );
        }
        if (options.check && differences.length > 0) process.exitCode = ExitCode.failure;
      } finally {
        await store.close();
      }
    });
}

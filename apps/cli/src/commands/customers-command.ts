import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { type DatabaseOptions, openDatabase } from '../open-database.js';

/** Administer customer records: retention of closed complaints' personal data, key re-wrapping. */
export function registerCustomersCommand(program: Command): void {
  const customers = program
    .command('customers')
    .description('Administer customer records: retention, key re-wrapping after a data-key rotation.');

  customers
    .command('retention')
    .description(
      'Erase (crypto-shred) every non-member customer whose complaints are all closed and who has had no activity for --days days; each erasure is logged as retention.',
    )
    .option(
      '--days <days>',
      'days since the last activity of a customer whose complaints are all closed',
      '365',
    )
    .option('--now <time>', 'the time to count from (ISO 8601; default: now)')
    .option('--dry-run', 'list the customers it would erase, erase nothing')
    .action(async (options: { days: string; now?: string; dryRun?: boolean }, command: Command) => {
      const days = Number(options.days);
      if (!Number.isInteger(days) || days < 1)
        throw new CliError('--days takes a whole number of days, at least 1');
      const now = options.now ?? new Date().toISOString();
      if (Number.isNaN(Date.parse(now)))
        throw new CliError('--now takes an ISO 8601 time, e.g. 2026-12-01T00:00:00Z');
      const { createCustomerStore } = await import('@kefu/customer-store');
      const store = await openDatabase(command.optsWithGlobals() as DatabaseOptions);
      try {
        const ids = await createCustomerStore({ store }).applyRetention({
          now,
          closedForDays: days,
          dryRun: options.dryRun === true,
        });
        for (const id of ids) process.stdout.write(`${id}\n`);
        process.stdout.write(
          `${options.dryRun ? 'would erase' : 'erased'} ${ids.length} customer(s) whose complaints closed and who had no activity for ${days} days\n`,
        );
      } finally {
        await store.close();
      }
    });

  customers
    .command('rewrap-keys')
    .description(
      'After a data-key rotation (KEFU_DATA_KEY=<new>,<old>): re-seal every customer key and the blind-index key with the current data key.',
    )
    .action(async (_options: unknown, command: Command) => {
      const { createCustomerStore } = await import('@kefu/customer-store');
      const store = await openDatabase(command.optsWithGlobals() as DatabaseOptions);
      try {
        const count = await createCustomerStore({ store }).rewrapKeys();
        process.stdout.write(`re-wrapped ${count} key(s) with data key ${store.cipher.keyId}\n`);
      } finally {
        await store.close();
      }
    });
}

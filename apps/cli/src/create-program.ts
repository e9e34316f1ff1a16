import { Command, Option } from 'commander';
import { registerCustomersCommand } from './commands/customers-command.js';
import { registerDbCommand } from './commands/db-command.js';
import { registerNotifyCommand } from './commands/notify-command.js';
import { registerQuizCommand } from './commands/quiz-command.js';
import { registerReportCommand } from './commands/report-command.js';
import { registerTokenCommand } from './commands/token-command.js';

export const exitCodeHelp = `
Exit codes:
  0    done; every check passed
  1    a check failed (invalid item file, kappa below --min-kappa, quiz not passed)
  2    bad usage or input (unknown option, missing file, malformed JSONL, unknown item or quiz id)
  3    the environment failed (database could not be opened or is held by a running server,
       backup could not be written)
  130  interrupted

Documentation: docs/cli.md and docs/training.md.`;

/** Builds the `kefu` command tree. */
export function createProgram(): Command {
  const program = new Command('kefu')
    .description(
      'kefu for trainers and administrators: quizzes, grading, rule tests, reports, tokens, the database.',
    )
    .version('0.0.0', '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .addOption(
      new Option('--database-url <url>', 'PostgreSQL connection string (unset: the embedded PGlite)').env(
        'DATABASE_URL',
      ),
    )
    .addOption(
      new Option('--data-dir <dir>', 'where the embedded database keeps its files')
        .env('KEFU_DATA_DIR')
        .default('.kefu/data'),
    )
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ showGlobalOptions: true })
    .addHelpText('after', exitCodeHelp)
    .exitOverride();
  registerQuizCommand(program);
  registerReportCommand(program);
  registerTokenCommand(program);
  registerDbCommand(program);
  registerCustomersCommand(program);
  registerNotifyCommand(program);
  return program;
}

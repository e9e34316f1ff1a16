import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { CliError, ExitCode } from '../cli-error.js';

export function registerQuizValidateCommand(quiz: Command): void {
  quiz
    .command('validate')
    .description(
      'Check item and quiz files: schemas, rubrics, model answers scoring 1.0, unique ids, quiz items that exist.',
    )
    .argument(
      '<path>',
      'a YAML file, a directory of item files, or a bank directory with items/ and quizzes/',
    )
    .option('--json', 'print the problems as JSON: [{file, line, column, path, message}]')
    .addHelpText(
      'after',
      `
Each problem prints as file:line:column: path: message (the format editors jump to).
A single file is read as a quiz when it has a top-level passMark, else as a file of items.
Exit code: 0 valid, 1 problems found, 2 no such path.`,
    )
    .action(async (path: string, options: { json?: boolean }) => {
      if (!existsSync(path)) throw new CliError(`${path}: no such file or directory`);
      const { loadBank } = await import('@kefu/quiz-bank');
      const { YamlValidationError, formatLocatedIssue } = await import('@kefu/scoring');
      try {
        const bank = loadBank(path);
        if (options.json) process.stdout.write('[]\n');
        else
          process.stdout.write(
            `${path}: valid — ${bank.items.length} items, ${bank.quizzes.length} quizzes\n`,
          );
      } catch (error) {
        if (!(error instanceof YamlValidationError)) throw error;
        if (options.json) process.stdout.write(`${JSON.stringify(error.located)}\n`);
        else {
          for (const issue of error.located) process.stdout.write(`${formatLocatedIssue(issue)}\n`);
          process.stderr.write(
            `${path}: ${error.located.length} problem${error.located.length === 1 ? '' : 's'}\n`,
          );
        }
        process.exitCode = ExitCode.failure;
      }
    });
}

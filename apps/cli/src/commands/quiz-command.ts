import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { loadQuizLibrary, loadQuizLibraryAsGraded } from '../load-quiz-library.js';
import { percent, renderTable } from '../render-table.js';
import { registerQuizGradeCommand } from './quiz-grade-command.js';
import { registerQuizRunCommand } from './quiz-run-command.js';
import { registerQuizTestRulesCommand } from './quiz-test-rules-command.js';
import { registerQuizValidateCommand } from './quiz-validate-command.js';

export function registerQuizCommand(program: Command): void {
  const quiz = program
    .command('quiz')
    .description('Author, run, grade and test quizzes.')
    .addHelpText(
      'after',
      '\nItems and quizzes come from @kefu/quiz-bank unless --bank DIR names another directory. run, grade and\nshow use the item versions published in the database when one is configured; list, validate and\ntest-rules read the files as written.',
    );

  quiz
    .command('list')
    .description('List the quizzes and items.')
    .option('--items', 'list only the items')
    .option('--quizzes', 'list only the quizzes')
    .option('--json', 'print JSON')
    .option('--bank <dir>', 'list the items in DIR instead of the standard bank')
    .action(async (options: { items?: boolean; quizzes?: boolean; json?: boolean; bank?: string }) => {
      const library = await loadQuizLibrary(options.bank);
      const showQuizzes = !options.items || options.quizzes;
      const showItems = !options.quizzes || options.items;
      const quizzes = [...library.quizzes.values()];
      const items = [...library.items.values()];
      if (options.json) {
        process.stdout.write(
          `${JSON.stringify({
            ...(showQuizzes ? { quizzes } : {}),
            ...(showItems
              ? { items: items.map(({ id, type, skill, prompt }) => ({ id, type, skill, prompt })) }
              : {}),
          })}\n`,
        );
        return;
      }
      const parts: string[] = [];
      if (showQuizzes) {
        parts.push(
          `Quizzes (${quizzes.length})\n\n${renderTable(
            ['id', 'title', 'items', 'pass mark', 'tries'],
            quizzes.map((entry) => [
              entry.id,
              entry.title,
              String(entry.itemIds.length),
              percent(entry.passMark),
              String(entry.maxTries),
            ]),
            [2, 3, 4],
          )}`,
        );
      }
      if (showItems) {
        parts.push(
          `Items (${items.length})\n\n${renderTable(
            ['id', 'type', 'prompt'],
            items.map((item) => [item.id, item.type, oneLine(item.prompt, 40)]),
          )}`,
        );
      }
      process.stdout.write(`${parts.join('\n\n')}\n`);
    });

  quiz
    .command('show')
    .description('Show a quiz or an item: prompt, options, model answer, rubric summary.')
    .argument('<id>', 'a quiz id or an item id')
    .option('--json', 'print JSON')
    .option(
      '--bank <dir>',
      'look in DIR as written (default: the standard bank with the versions published in the database)',
    )
    .addHelpText(
      'after',
      `
Shows the item versions trainers published, as agents are graded with them, when a database is
configured (--database-url, DATABASE_URL, --data-dir, KEFU_DATA_DIR, or an existing .kefu/data);
without one, the standard bank as written. Standard error names the items used.`,
    )
    .action(async (id: string, options: { json?: boolean; bank?: string }, command: Command) => {
      const library = await loadQuizLibraryAsGraded(options.bank, command);
      const quiz = library.quizzes.get(id);
      const item = library.items.get(id);
      if (!quiz && !item) {
        throw new CliError(`no quiz or item "${id}" (run \`kefu quiz list\` to see them)`);
      }
      if (options.json) {
        process.stdout.write(`${JSON.stringify(quiz ?? item)}\n`);
        return;
      }
      if (quiz) {
        const lines = [
          `${quiz.title} (${quiz.id})${quiz.version !== undefined ? ` · version ${quiz.version}` : ''}`,
          ...(quiz.description ? [quiz.description] : []),
          `pass mark ${percent(quiz.passMark)}; up to ${quiz.maxTries} ${quiz.maxTries === 1 ? 'try' : 'tries'} an item${quiz.maxTries > 1 ? `, −${percent(quiz.penaltyPerTry)} a retry` : ''}`,
          '',
          ...quiz.itemIds.map((itemId, index) => {
            const entry = library.items.get(itemId);
            return `${String(index + 1).padStart(3)}. ${itemId} · ${entry?.type ?? 'missing!'}  ${oneLine(entry?.prompt ?? '', 40)}`;
          }),
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
        return;
      }
      if (item) {
        const lines = [
          `${item.id} · ${item.type}${item.skill ? ` · skill ${item.skill}` : ''}${item.version !== undefined ? ` · version ${item.version}` : ''}`,
          '',
          item.prompt,
        ];
        for (const [index, option] of (item.options ?? []).entries())
          lines.push(`  ${String.fromCharCode(65 + index)}. [${option.id}] ${option.text}`);
        for (const [index, stem] of (item.stems ?? []).entries())
          lines.push(`  ${index + 1}. [${stem.id}] ${stem.text}`);
        for (const [index, choice] of (item.choices ?? []).entries())
          lines.push(`  ${String.fromCharCode(65 + index)}. [${choice.id}] ${choice.text}`);
        if (item.modelAnswer !== undefined) {
          lines.push(
            '',
            `model answer: ${typeof item.modelAnswer === 'string' ? item.modelAnswer : JSON.stringify(item.modelAnswer)}`,
          );
        }
        process.stdout.write(`${lines.join('\n')}\n`);
      }
    });

  registerQuizValidateCommand(quiz);
  registerQuizRunCommand(quiz);
  registerQuizGradeCommand(quiz);
  registerQuizTestRulesCommand(quiz);
}

function oneLine(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return [...flat].length > width ? `${[...flat].slice(0, width - 1).join('')}…` : flat;
}

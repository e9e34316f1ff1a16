import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CliError, ExitCode } from '../cli-error.js';
import { renderHtmlReport, type TrainingReport } from '../html-report.js';
import { type DatabaseOptions, openDatabase } from '../open-database.js';
import { percent, renderTable } from '../render-table.js';

interface ReportOptions extends DatabaseOptions {
  quiz?: string;
  trainee?: string;
  json?: boolean;
  html?: string;
}

export function renderTextReport(report: TrainingReport): string {
  const trainees = renderTable(
    ['trainee', 'attempts', 'finished', 'passed', 'mean', 'best', 'last attempt'],
    report.trainees.map((row) => [
      row.trainee,
      String(row.attempts),
      String(row.finished),
      String(row.passed),
      percent(row.meanScore),
      percent(row.bestScore),
      row.lastAttemptAt.slice(0, 16).replace('T', ' '),
    ]),
    [1, 2, 3, 4, 5],
  );
  const items = renderTable(
    ['item', 'type', 'responses', 'mean', 'pass rate', 'first try', 'tries'],
    report.items.map((row) => [
      row.itemId,
      row.itemType,
      String(row.responses),
      percent(row.meanScore),
      percent(row.passRate),
      percent(row.firstTryPassRate),
      row.meanTries.toFixed(2),
    ]),
    [2, 3, 4, 5, 6],
  );
  const parts = [`Trainees\n\n${trainees}`, `Items\n\n${items}`];
  if (report.skills.length > 0) {
    parts.push(
      `Skill estimates\n\n${renderTable(
        ['trainee', 'skill', 'rating', '±', 'evidence'],
        report.skills.map((row) => [
          row.trainee,
          row.skill,
          row.rating.toFixed(0),
          row.uncertainty === null ? '–' : row.uncertainty.toFixed(0),
          String(row.evidence),
        ]),
        [2, 3, 4],
      )}`,
    );
  }
  return `${parts.join('\n\n')}\n`;
}

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('Show per-trainee and per-item quiz results from the database.')
    .option('--quiz <id>', 'only attempts at this quiz')
    .option('--trainee <name>', 'only this trainee')
    .option('--json', 'print the report as one JSON object')
    .option('--html <file>', 'also write an HTML report with charts to FILE')
    .action(async (options: ReportOptions, command: Command) => {
      const store = await openDatabase(command.optsWithGlobals() as DatabaseOptions);
      let report: TrainingReport;
      try {
        const { createTrainingStore } = await import('@kefu/training-store');
        const training = createTrainingStore(store);
        const filter = {
          ...(options.quiz ? { quizId: options.quiz } : {}),
          ...(options.trainee ? { trainee: options.trainee } : {}),
        };
        report = {
          generatedAt: new Date().toISOString(),
          filter: {
            ...(options.quiz ? { quiz: options.quiz } : {}),
            ...(options.trainee ? { trainee: options.trainee } : {}),
          },
          trainees: await training.traineeSummaries(filter),
          items: await training.itemSummaries(filter),
          skills: await training.skillEstimates(options.trainee ? { trainee: options.trainee } : {}),
          recentAttempts: await training.listAttempts({ ...filter, limit: 20 }),
        };
      } finally {
        await store.close();
      }
      if (options.html) {
        try {
          writeFileSync(options.html, renderHtmlReport(report));
        } catch (error) {
          throw new CliError(
            `could not write ${options.html}: ${(error as Error).message}`,
            ExitCode.environment,
          );
        }
        if (!options.json) process.stderr.write(`wrote ${options.html}\n`);
      }
      if (options.json) process.stdout.write(`${JSON.stringify(report)}\n`);
      else if (report.trainees.length === 0)
        process.stdout.write('No quiz attempts recorded yet. Run `kefu quiz run QUIZ` first.\n');
      else process.stdout.write(renderTextReport(report));
    });
}

import { writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { CliError, ExitCode } from '../cli-error.js';
import { renderHtmlReport, type TrainingReport } from '../html-report.js';
import { loadQuizLibrary } from '../load-quiz-library.js';
import { type DatabaseOptions, openDatabase } from '../open-database.js';
import type { LibraryItem } from '../quiz-library.js';
import { parseQuizLanguage, quizLanguages } from '../quiz-messages.js';
import { percent, renderTable } from '../render-table.js';
import {
  defaultReportTimeZone,
  formatInstant,
  parseTimeZone,
  type ReportLocale,
  reportMessages,
} from '../report-messages.js';

interface ReportOptions extends DatabaseOptions {
  quiz?: string;
  trainee?: string;
  json?: boolean;
  html?: string;
  lang?: string;
  timeZone?: string;
  bank?: string;
}

/** The title an item is reported by: its `title`, else the start of its prompt, else (no longer in the bank) its id. */
export function reportTitle(itemId: string, item: LibraryItem | undefined): string {
  if (!item) return itemId;
  if (item.title) return item.title;
  const prompt = [...item.prompt.replace(/\s+/g, ' ').trim()];
  return prompt.length > 20 ? `${prompt.slice(0, 19).join('')}…` : prompt.join('');
}

export function renderTextReport(report: TrainingReport, locale: ReportLocale): string {
  const messages = reportMessages(locale.language);
  const trainees = renderTable(
    messages.traineeHeaders,
    report.trainees.map((row) => [
      row.trainee,
      String(row.attempts),
      String(row.finished),
      String(row.passed),
      percent(row.meanScore),
      percent(row.bestScore),
      formatInstant(row.lastAttemptAt, locale),
    ]),
    [1, 2, 3, 4, 5],
  );
  const items = renderTable(
    [messages.itemHeaders[0] as string, 'id', ...messages.itemHeaders.slice(1)],
    report.items.map((row) => [
      row.title,
      row.itemId,
      messages.itemType(row.itemType),
      String(row.responses),
      percent(row.meanScore),
      percent(row.passRate),
      percent(row.firstTryPassRate),
      row.meanTries.toFixed(2),
    ]),
    [3, 4, 5, 6, 7],
  );
  const parts = [`${messages.trainees}\n\n${trainees}`, `${messages.items}\n\n${items}`];
  if (report.skills.length > 0) {
    parts.push(
      `${messages.skills}\n\n${renderTable(
        messages.skillHeaders,
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
    .addOption(
      new Option('--lang <language>', `the report's language: ${quizLanguages.join(' or ')}`)
        .env('KEFU_LANG')
        .default('zh-CN'),
    )
    .addOption(
      new Option('--time-zone <zone>', 'show times in this IANA time zone')
        .env('KEFU_TIME_ZONE')
        .default(defaultReportTimeZone),
    )
    .option('--bank <dir>', 'take item titles from the bank in DIR instead of the standard bank')
    .action(async (options: ReportOptions, command: Command) => {
      const locale: ReportLocale = {
        language: parseQuizLanguage(options.lang),
        timeZone: parseTimeZone(options.timeZone),
      };
      const library = await loadQuizLibrary(options.bank);
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
          items: (await training.itemSummaries(filter)).map((row) => ({
            ...row,
            title: reportTitle(row.itemId, library.items.get(row.itemId)),
          })),
          skills: await training.skillEstimates(options.trainee ? { trainee: options.trainee } : {}),
          recentAttempts: await training.listAttempts({ ...filter, limit: 20 }),
        };
      } finally {
        await store.close();
      }
      if (options.html) {
        try {
          writeFileSync(options.html, renderHtmlReport(report, locale));
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
        process.stdout.write(`${reportMessages(locale.language).noAttempts}\n`);
      else process.stdout.write(renderTextReport(report, locale));
    });
}

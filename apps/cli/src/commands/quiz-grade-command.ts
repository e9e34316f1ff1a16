import type { Command } from 'commander';
import { CliError, ExitCode } from '../cli-error.js';
import { loadQuizLibraryAsGraded } from '../load-quiz-library.js';
import { type ItemResponseShape, toItemResponse, UnreadableAnswer } from '../parse-answer.js';
import { createProgressBar } from '../progress-bar.js';
import type { CliGrade, LibraryItem, QuizLibrary } from '../quiz-library.js';
import { describeSource, type JsonlRecord, readJsonl } from '../read-jsonl.js';

/** A JSONL answer line checked against the library. */
export interface AnswerRecord {
  line: number;
  id: string;
  item: LibraryItem;
  answer: unknown;
  response: ItemResponseShape;
  record: Record<string, unknown>;
}

/** Checks every line has `id`, a known `item` and an `answer`; fails with every bad line (exit 2). */
export function checkAnswerRecords(
  records: readonly JsonlRecord[],
  library: QuizLibrary,
  source: string,
): AnswerRecord[] {
  const problems: string[] = [];
  const checked: AnswerRecord[] = [];
  for (const { line, value } of records) {
    const where = `${source}:${line}`;
    const id = value.id;
    if (typeof id !== 'string' && typeof id !== 'number') {
      problems.push(`${where}: "id" must be a string or number`);
      continue;
    }
    if (typeof value.item !== 'string') {
      problems.push(`${where}: "item" must be an item id string`);
      continue;
    }
    const item = library.items.get(value.item);
    if (!item) {
      problems.push(`${where}: unknown item "${value.item}" (see \`kefu quiz list\`)`);
      continue;
    }
    if (!('answer' in value)) {
      problems.push(`${where}: "answer" is missing`);
      continue;
    }
    let response: ItemResponseShape;
    try {
      response = toItemResponse(item, value.answer);
    } catch (error) {
      if (!(error instanceof UnreadableAnswer)) throw error;
      problems.push(`${where}: answer to "${item.id}" (${item.type}) cannot be read: ${error.message}`);
      continue;
    }
    checked.push({ line, id: String(id), item, answer: value.answer, response, record: value });
  }
  if (problems.length > 0) {
    throw new CliError(
      `${source}: ${problems.length} line${problems.length === 1 ? '' : 's'} cannot be graded`,
      ExitCode.usage,
      problems.slice(0, 20).concat(problems.length > 20 ? [`… and ${problems.length - 20} more`] : []),
    );
  }
  return checked;
}

/** Grades one checked answer; an answer that does not fit its item is an input error naming the line. */
export function gradeRecord(library: QuizLibrary, record: AnswerRecord, source: string): CliGrade {
  try {
    return library.grade(record.item, record.response);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'INVALID_RESPONSE') {
      throw new CliError(
        `${source}:${record.line}: answer to "${record.item.id}" cannot be graded: ${(error as Error).message}`,
      );
    }
    throw error;
  }
}

/** The JSON line `kefu quiz grade --json` prints for one answer. */
export function gradeResultLine(record: AnswerRecord, grade: CliGrade): Record<string, unknown> {
  return {
    id: record.id,
    item: record.item.id,
    score: Math.round(grade.score * 10_000) / 10_000,
    passed: grade.passed,
    hits: grade.hits,
    misses: grade.misses,
    violations: grade.violations,
    rules: grade.rules,
    feedback: grade.feedback,
  };
}

/**
 * The notes of a choice item's text line with options named by the letters `kefu quiz run` shows
 * (A for the first option …): `漏选:C 错选:E` for a multiple choice, `错选:B 应选:A` for a single
 * choice. Undefined for other items, whose notes name concepts, stems and steps.
 */
export function choiceNotes(item: LibraryItem, response: ItemResponseShape): string[] | undefined {
  const options = item.options ?? [];
  const letterOf = (id: string) => {
    const index = options.findIndex((option) => option.id === id);
    return index < 0 ? id : String.fromCharCode(65 + index);
  };
  if (response.type === 'single-choice' && item.type === 'single-choice') {
    const right = String(item.modelAnswer);
    if (response.choice === right) return [];
    return [
      ...(response.choice === null ? [] : [`错选:${letterOf(response.choice)}`]),
      `应选:${letterOf(right)}`,
    ];
  }
  if (response.type === 'multiple-choice' && item.type === 'multiple-choice') {
    const right = new Set(item.modelAnswer as string[]);
    const picked = new Set(response.choices);
    const order = (ids: string[]) => ids.map(letterOf).sort().join(' ');
    const missed = order([...right].filter((id) => !picked.has(id)));
    const wrong = order([...picked].filter((id) => !right.has(id)));
    return [...(missed ? [`漏选:${missed}`] : []), ...(wrong ? [`错选:${wrong}`] : [])];
  }
  return undefined;
}

interface GradeOptions {
  answers: string;
  json?: boolean;
  progress?: boolean;
  bank?: string;
}

export function registerQuizGradeCommand(quiz: Command): void {
  quiz
    .command('grade')
    .description(
      'Grade a file of answers: one JSON object a line, {"id", "item", "answer"}; other fields are ignored.',
    )
    .requiredOption('--answers <file>', 'the JSONL file of answers; - reads standard input')
    .option(
      '--json',
      'print one JSON result a line: id, item, score, passed, hits, misses, violations, rules, feedback',
    )
    .option('--progress', 'always show a progress bar on standard error')
    .option('--no-progress', 'never show a progress bar')
    .option(
      '--bank <dir>',
      'grade against the items in DIR as written (default: the standard bank with the versions published in the database)',
    )
    .addHelpText(
      'after',
      `
An answer is a string for a script item; an option id (or its letter) for single choice; a list of
ids for multiple choice and ordering; an object {"stem": "choice"} for matching.
A progress bar is drawn on standard error when it is a terminal and the file has 200 answers or more.
Grades with the item versions trainers published, as agents are graded, when a database is configured
(--database-url, DATABASE_URL, --data-dir, KEFU_DATA_DIR, or an existing .kefu/data); without one, with the
standard bank as written. Standard error names the items used.
Example:
  kefu quiz grade --answers answers.jsonl --json > grades.jsonl`,
    )
    .action(async (options: GradeOptions, command: Command) => {
      const source = describeSource(options.answers);
      const records = await readJsonl(options.answers);
      const library = await loadQuizLibraryAsGraded(options.bank, command);
      const checked = checkAnswerRecords(records, library, source);
      const showProgress = options.progress ?? (Boolean(process.stderr.isTTY) && checked.length >= 200);
      const bar = createProgressBar({ total: checked.length, label: 'grading', enabled: showProgress });
      const out: string[] = [];
      let passed = 0;
      let total = 0;
      const flush = () => {
        if (out.length === 0) return;
        process.stdout.write(`${out.join('\n')}\n`);
        out.length = 0;
      };
      checked.forEach((record, index) => {
        const grade = gradeRecord(library, record, source);
        if (grade.passed) passed++;
        total += grade.score;
        if (options.json) out.push(JSON.stringify(gradeResultLine(record, grade)));
        else {
          const notes = choiceNotes(record.item, record.response) ?? [
            ...grade.misses.map((miss) => `缺:${miss.label}`),
            ...grade.violations.map((violation) => `违:${violation.label}`),
          ];
          out.push(
            `${record.id}\t${record.item.id}\t${grade.score.toFixed(2)}\t${grade.passed ? 'pass' : 'FAIL'}${notes.length ? `\t${notes.join(' ')}` : ''}`,
          );
        }
        if (out.length >= 500) flush();
        bar.tick(index + 1);
      });
      flush();
      bar.finish();
      if (!options.json && checked.length > 0) {
        process.stdout.write(
          `\n${checked.length} answers: ${passed} passed, ${checked.length - passed} failed, mean score ${(total / checked.length).toFixed(3)}\n`,
        );
      }
    });
}

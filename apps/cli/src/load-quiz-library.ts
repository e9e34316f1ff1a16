import { existsSync } from 'node:fs';
import type { QuizBank } from '@kefu/quiz-bank';
import type { Item, ItemGrade, ScriptItemGrade } from '@kefu/scoring';
import type { PublishedQuizBank, TrainingStore } from '@kefu/training-store';
import type { Command } from 'commander';
import { CliError, ExitCode } from './cli-error.js';
import { configuredDatabase, openDatabase } from './open-database.js';
import type { CliGrade, LibraryItem, LibraryQuiz, QuizLibrary } from './quiz-library.js';

/** The model answer of an item in the JSONL `answer` form. */
function modelAnswerOf(item: Item): unknown {
  switch (item.type) {
    case 'script':
      return item.modelAnswer;
    case 'single-choice':
    case 'multiple-choice':
    case 'matching':
      return item.answer;
    case 'ordering':
      return item.answer ?? item.options.map((option) => option.id);
    default:
      return undefined;
  }
}

function toLibraryItem(item: Item, source?: string, version?: number): LibraryItem {
  return {
    id: item.id,
    type: item.type,
    prompt: item.prompt,
    ...(item.title ? { title: item.title } : {}),
    ...(item.explanation ? { explanation: item.explanation } : {}),
    ...(item.skill ? { skill: item.skill } : {}),
    modelAnswer: modelAnswerOf(item),
    ...('options' in item ? { options: item.options } : {}),
    ...('stems' in item ? { stems: item.stems, choices: item.choices } : {}),
    ...(source ? { source } : {}),
    ...(version !== undefined ? { version } : {}),
  };
}

/** Turns the engine's grade (script or objective) into the CLI's uniform shape. */
export function toCliGrade(grade: ItemGrade): CliGrade {
  const script = (grade as Partial<ScriptItemGrade>).script;
  if (script) {
    return {
      itemId: grade.itemId,
      itemType: grade.itemType,
      score: grade.score,
      passed: grade.passed,
      hits: script.hits.map((hit) => ({
        concept: hit.concept,
        label: hit.label,
        ...(hit.evidence[0]
          ? { quote: hit.evidence[0].span.text, tolerance: hit.evidence[0].tolerance }
          : {}),
      })),
      misses: script.misses.map((miss) => ({
        concept: miss.concept,
        label: miss.label,
        feedback: miss.feedback,
      })),
      violations: script.violations.map((violation) => ({
        id: violation.id,
        kind: violation.kind,
        label: violation.label,
        quote: violation.quote,
        effect: violation.effect,
      })),
      rules: script.rules.map((applied) => ({
        rule: applied.rule,
        label: applied.label,
        outcome: applied.outcome,
        evidence: applied.evidence.map((span) => span.text),
      })),
      feedback: grade.feedback,
      detail: grade,
    };
  }
  return {
    itemId: grade.itemId,
    itemType: grade.itemType,
    score: grade.score,
    passed: grade.passed,
    hits: grade.marks
      .filter((mark) => mark.available > 0 && mark.awarded >= mark.available)
      .map((mark) => ({ concept: mark.subject, label: mark.explanation })),
    misses: grade.marks
      .filter((mark) => mark.awarded >= 0 && mark.awarded < mark.available)
      .map((mark) => ({ concept: mark.subject, label: mark.explanation })),
    violations: grade.marks
      .filter((mark) => mark.awarded < 0)
      .map((mark) => ({ id: mark.subject, kind: 'penalty', label: mark.explanation })),
    rules: [],
    feedback: grade.feedback,
    detail: grade,
  };
}

/**
 * A loaded bank as the CLI uses it; with `versions` (a `PublishedQuizBank`'s), each item and quiz carries the
 * version it is graded with.
 */
export async function libraryFromBank(
  bank: QuizBank,
  source: string,
  versions?: Pick<PublishedQuizBank, 'itemVersion' | 'quizVersion'>,
): Promise<QuizLibrary> {
  const { gradeItem } = await import('@kefu/scoring');
  const items = new Map<string, LibraryItem>();
  const originals = new Map<string, Item>();
  for (const item of bank.items) {
    const location = bank.locationOf(item.id);
    items.set(
      item.id,
      toLibraryItem(
        item,
        location ? `${location.file}:${location.line}` : undefined,
        versions?.itemVersion(item.id),
      ),
    );
    originals.set(item.id, item);
  }
  const quizzes = new Map<string, LibraryQuiz>();
  for (const quiz of bank.quizzes) {
    quizzes.set(quiz.id, {
      id: quiz.id,
      title: quiz.title,
      ...(quiz.description ? { description: quiz.description } : {}),
      passMark: quiz.passMark,
      items: quiz.items,
      itemIds: quiz.items.map((reference) => reference.id),
      maxTries: quiz.attempts.maxTries,
      penaltyPerTry: quiz.attempts.penaltyPerTry,
      certaintyBasedMarking: quiz.attempts.certaintyBasedMarking,
      shuffle: quiz.shuffle,
      ...(versions?.quizVersion(quiz.id) !== undefined ? { version: versions.quizVersion(quiz.id) } : {}),
    });
  }
  return {
    source,
    items,
    quizzes,
    grade(item, response) {
      const original = originals.get(item.id);
      if (!original) throw new CliError(`unknown item "${item.id}"`);
      return toCliGrade(gradeItem(original, response));
    },
    rubricFor: (itemId) => bank.rubricFor(itemId),
  };
}

/** Loads the standard bank (@kefu/quiz-bank) or the bank in `directory` (items/ and quizzes/, or YAML files). */
export async function loadQuizLibrary(directory?: string): Promise<QuizLibrary> {
  const { loadBank, loadStandardBank } = await import('@kefu/quiz-bank');
  const { YamlValidationError, formatLocatedIssue } = await import('@kefu/scoring');
  if (directory !== undefined && !existsSync(directory))
    throw new CliError(`${directory}: no such file or directory`);
  try {
    const bank = directory === undefined ? loadStandardBank() : loadBank(directory);
    return await libraryFromBank(bank, directory ?? 'the standard bank (@kefu/quiz-bank)');
  } catch (error) {
    if (error instanceof YamlValidationError) {
      throw new CliError(
        `${directory ?? 'the standard bank'} has ${error.located.length} problem${error.located.length === 1 ? '' : 's'} (run kefu quiz validate)`,
        directory === undefined ? ExitCode.environment : ExitCode.usage,
        error.located.slice(0, 20).map(formatLocatedIssue),
      );
    }
    throw error;
  }
}

/**
 * The standard bank as trainers published it (`@kefu/training-store`'s `publishedQuizBank`): the newest published
 * version of each item, as the server grades, each item and quiz carrying its version.
 */
export async function loadPublishedQuizLibrary(training: TrainingStore): Promise<QuizLibrary> {
  const { loadStandardBank } = await import('@kefu/quiz-bank');
  const { publishedQuizBank } = await import('@kefu/training-store');
  const bank = await publishedQuizBank(training, loadStandardBank());
  return libraryFromBank(bank, 'the standard bank with the published item versions', bank);
}

/**
 * The items as agents are graded with them, for a command that shows or grades items (`quiz show`, `quiz grade`):
 * with `bank`, that directory as written; else, when a database is configured (`configuredDatabase`), the standard
 * bank with the item versions published in it; else the standard bank as written. Says on stderr which it is; a
 * configured database that cannot be opened is an error (exit 3), not a reason to grade with other versions.
 */
export async function loadQuizLibraryAsGraded(
  bank: string | undefined,
  command: Command,
): Promise<QuizLibrary> {
  const note = (source: string) => process.stderr.write(`kefu: items from ${source}\n`);
  if (bank !== undefined) {
    const library = await loadQuizLibrary(bank);
    note(`${bank} as written`);
    return library;
  }
  const database = configuredDatabase(command);
  if (!database) {
    const library = await loadQuizLibrary();
    note('the standard bank as written (no database configured)');
    return library;
  }
  const { trainingTables } = await import('@kefu/training-store');
  let store: Awaited<ReturnType<typeof openDatabase>>;
  try {
    // Only reads: a database that is not there, or not migrated for the training tables, is refused, not changed.
    store = await openDatabase(database, { migrate: 'check', migrations: trainingTables, create: false });
  } catch (error) {
    // Refused rather than graded with versions other than the published ones; say how to go on.
    if (error instanceof CliError)
      throw new CliError(error.message, error.exitCode, [
        ...error.details,
        "To use the bank's files as written instead of the published item versions, pass --bank DIR.",
      ]);
    throw error;
  }
  try {
    const { createTrainingStore } = await import('@kefu/training-store');
    const library = await loadPublishedQuizLibrary(createTrainingStore(store));
    note(`the standard bank with the item versions published in ${store.location}`);
    return library;
  } finally {
    await store.close();
  }
}

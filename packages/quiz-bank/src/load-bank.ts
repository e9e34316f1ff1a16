import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type CompiledRubric,
  type CompiledScriptItem,
  InvalidItem,
  type Item,
  type LocatedIssue,
  parseItem,
  parseYamlSource,
  YamlValidationError,
} from '@kefu/scoring';
import { itemsFileSchema, type Quiz, quizSchema } from './quiz-schema.js';

/** Where an item or quiz was defined. */
export interface BankLocation {
  file: string;
  line: number;
  column: number;
}

/** The items and quizzes of a bank, validated, script rubrics compiled. */
export interface QuizBank {
  readonly items: readonly Item[];
  readonly quizzes: readonly Quiz[];
  item(id: string): Item | undefined;
  quiz(id: string): Quiz | undefined;
  /** The compiled rubric of a script item (what rule tests and batch grading use). */
  rubricFor(itemId: string): CompiledRubric | undefined;
  /** Where the item or quiz with this id was written. */
  locationOf(id: string): BankLocation | undefined;
}

/** A YAML file to load: its name (for messages) and its text. */
export interface BankFile {
  file: string;
  text: string;
  /** `items` (a file of items) or `quiz` (one quiz); by default from the path (`quizzes/` → quiz). */
  kind?: 'items' | 'quiz';
}

function kindOf(file: BankFile): 'items' | 'quiz' {
  if (file.kind) return file.kind;
  return /(^|[\\/])quizzes[\\/]/.test(file.file) ? 'quiz' : 'items';
}

/**
 * Validates and loads bank files: every item (objective items by their schema, script items
 * with their rubric compiled and model answer checked), every quiz, unique ids, quiz items that
 * exist. Throws `YamlValidationError` listing every problem as file:line:column; nothing is
 * returned unless everything is valid.
 */
export function loadBankFiles(files: readonly BankFile[]): QuizBank {
  const issues: LocatedIssue[] = [];
  const items = new Map<string, Item>();
  const quizzes = new Map<string, Quiz>();
  const locations = new Map<string, BankLocation>();
  const quizSources: { quiz: Quiz; locate: (path: string, message: string) => LocatedIssue }[] = [];

  for (const file of files) {
    let source: ReturnType<typeof parseYamlSource>;
    try {
      source = parseYamlSource(file.text, file.file);
    } catch (error) {
      if (error instanceof YamlValidationError) {
        issues.push(...error.located);
        continue;
      }
      throw error;
    }
    const where = (path: string): BankLocation => {
      const { file: name, line, column } = source.locate(path, '');
      return { file: name, line, column };
    };
    if (kindOf(file) === 'quiz') {
      const parsed = quizSchema.safeParse(source.value);
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          issues.push(source.locate(issue.path.map(String), issue.message));
        continue;
      }
      const quiz: Quiz = {
        ...parsed.data,
        items: parsed.data.items.map((reference) =>
          typeof reference === 'string'
            ? { id: reference, weight: 1 }
            : { id: reference.id, weight: reference.weight },
        ),
      };
      if (quizzes.has(quiz.id)) {
        const first = locations.get(`quiz:${quiz.id}`);
        issues.push(
          source.locate(
            'id',
            `duplicate quiz id "${quiz.id}" (first defined at ${first?.file}:${first?.line})`,
          ),
        );
        continue;
      }
      quizzes.set(quiz.id, quiz);
      locations.set(`quiz:${quiz.id}`, where(''));
      quizSources.push({ quiz, locate: (path, message) => source.locate(path, message) });
      continue;
    }
    const parsed = itemsFileSchema.safeParse(source.value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        issues.push(source.locate(issue.path.map(String), issue.message));
      continue;
    }
    parsed.data.items.forEach((input, index) => {
      let item: Item;
      try {
        item = parseItem(input);
      } catch (error) {
        if (error instanceof InvalidItem) {
          for (const issue of error.issues) {
            issues.push(source.locate(`items.${index}${issue.path ? `.${issue.path}` : ''}`, issue.message));
          }
          return;
        }
        throw error;
      }
      if (items.has(item.id)) {
        const first = locations.get(item.id);
        issues.push(
          source.locate(
            `items.${index}.id`,
            `duplicate item id "${item.id}" (first defined at ${first?.file}:${first?.line})`,
          ),
        );
        return;
      }
      items.set(item.id, item);
      locations.set(item.id, where(`items.${index}`));
    });
  }

  for (const { quiz, locate } of quizSources) {
    quiz.items.forEach((reference, index) => {
      if (!items.has(reference.id) && issues.length === 0) {
        issues.push(locate(`items.${index}`, `unknown item "${reference.id}"`));
      } else if (!items.has(reference.id)) {
        issues.push(
          locate(`items.${index}`, `unknown item "${reference.id}" (or an item that failed validation)`),
        );
      }
    });
    const seen = new Set<string>();
    quiz.items.forEach((reference, index) => {
      if (seen.has(reference.id))
        issues.push(locate(`items.${index}`, `item "${reference.id}" is listed twice`));
      seen.add(reference.id);
    });
  }

  if (issues.length > 0) throw new YamlValidationError(issues);
  return makeBank(items, quizzes, locations);
}

function makeBank(
  items: Map<string, Item>,
  quizzes: Map<string, Quiz>,
  locations: Map<string, BankLocation>,
): QuizBank {
  const itemList = [...items.values()];
  const quizList = [...quizzes.values()];
  return {
    items: itemList,
    quizzes: quizList,
    item: (id) => items.get(id),
    quiz: (id) => quizzes.get(id),
    rubricFor: (id) => {
      const item = items.get(id);
      return item?.type === 'script' ? (item as CompiledScriptItem).compiled : undefined;
    },
    locationOf: (id) => locations.get(id) ?? locations.get(`quiz:${id}`),
  };
}

/** The YAML files of a bank directory (`items/**.yaml` and `quizzes/**.yaml`) or of one file. */
export function bankFilesAt(path: string): BankFile[] {
  if (!existsSync(path)) throw new Error(`No such file or directory: ${path}`);
  if (statSync(path).isFile()) {
    const text = readFileSync(path, 'utf8');
    // A single file: a quiz when it has no `items:` list of objects at top level but has `passMark`.
    const kind = /^passMark\s*:/m.test(text) ? 'quiz' : 'items';
    return [{ file: path, text, kind }];
  }
  const files: BankFile[] = [];
  const walk = (directory: string, kind: 'items' | 'quiz') => {
    for (const entry of readdirSync(directory, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const full = join(directory, entry.name);
      if (entry.isDirectory()) walk(full, kind);
      else if (/\.ya?ml$/.test(entry.name))
        files.push({ file: full, text: readFileSync(full, 'utf8'), kind });
    }
  };
  const itemsDirectory = join(path, 'items');
  const quizzesDirectory = join(path, 'quizzes');
  if (existsSync(itemsDirectory) || existsSync(quizzesDirectory)) {
    if (existsSync(itemsDirectory)) walk(itemsDirectory, 'items');
    if (existsSync(quizzesDirectory)) walk(quizzesDirectory, 'quiz');
  } else {
    walk(path, basename(path) === 'quizzes' ? 'quiz' : 'items');
  }
  return files;
}

/**
 * Loads a bank from a directory holding `items/` and `quizzes/` (or a directory of item files,
 * or one file). Throws `YamlValidationError` (file:line:column for each problem).
 */
export function loadBank(path: string): QuizBank {
  return loadBankFiles(bankFilesAt(path));
}

/**
 * Validates a bank path without keeping the result: the list of problems, empty when valid.
 * What `kefu quiz validate PATH` prints. A path that does not exist is a thrown `Error`.
 */
export function validateBank(path: string): LocatedIssue[] {
  try {
    loadBank(path);
    return [];
  } catch (error) {
    if (error instanceof YamlValidationError) return error.located;
    throw error;
  }
}

/** The directory of the standard bank shipped with this package (`items/`, `quizzes/`). */
export const standardBankDirectory: string = fileURLToPath(new URL('..', import.meta.url));

let standardBank: QuizBank | undefined;

/**
 * The standard quiz bank: the script items of seeds 000 篇3 and 002, the procedure items
 * (complaints, revisits, escalation, crisis) and the quizzes onboarding, phone-etiquette,
 * complaints, revisits and crisis. Loaded and compiled once.
 */
export function loadStandardBank(): QuizBank {
  standardBank ??= loadBank(standardBankDirectory);
  return standardBank;
}

/** A file path relative to the standard bank (for messages). */
export function relativeToStandardBank(path: string): string {
  return relative(standardBankDirectory, path);
}

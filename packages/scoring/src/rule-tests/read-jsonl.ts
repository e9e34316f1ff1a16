import { z } from 'zod';
import { ScoringInputError } from '../items/scoring-input-error.js';

/** One parsed JSONL line and its 1-based line number. */
export interface JsonlRecord<Value = unknown> {
  line: number;
  value: Value;
}

/** A line that is not valid JSON or does not have the expected shape. */
export interface JsonlLineError {
  line: number;
  message: string;
}

export interface JsonlContents<Value = unknown> {
  records: JsonlRecord<Value>[];
  errors: JsonlLineError[];
}

/** A JSONL file with malformed lines. `errors` names each line; `file:line: message` in the message. */
export class InvalidJsonl extends ScoringInputError {
  constructor(
    readonly errors: JsonlLineError[],
    readonly file?: string,
  ) {
    const where = file ?? 'input';
    const shown = errors.slice(0, 10).map((error) => `${where}:${error.line}: ${error.message}`);
    if (errors.length > 10) shown.push(`… and ${errors.length - 10} more`);
    super('INVALID_JSONL', `Malformed JSONL in ${where}:\n${shown.join('\n')}`);
  }
}

/**
 * Reads JSONL text: one JSON value per line, blank lines skipped, a trailing `\r` tolerated. Each
 * malformed line is reported with its 1-based number (never thrown), so a caller can report all
 * of them at once. With a zod `schema`, each value is also validated against it.
 */
export function readJsonl<Schema extends z.ZodType>(
  source: string,
  schema: Schema,
): JsonlContents<z.output<Schema>>;
export function readJsonl(source: string): JsonlContents<unknown>;
export function readJsonl(source: string, schema?: z.ZodType): JsonlContents<unknown> {
  const records: JsonlRecord[] = [];
  const errors: JsonlLineError[] = [];
  const lines = source.split('\n');
  for (let index = 0; index < lines.length; index++) {
    let text = lines[index] as string;
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (index === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.trim() === '') continue;
    const line = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      errors.push({ line, message: `not valid JSON (${(error as Error).message})` });
      continue;
    }
    if (schema) {
      const result = schema.safeParse(value);
      if (!result.success) {
        const detail = result.error.issues
          .map(
            (issue) => `${issue.path.length ? issue.path.map(String).join('.') : '(line)'}: ${issue.message}`,
          )
          .join('; ');
        errors.push({ line, message: detail });
        continue;
      }
      value = result.data;
    }
    records.push({ line, value });
  }
  return { records, errors };
}

/** An answer to grade: `{"id","item","answer"}` (extra fields are ignored). */
export const answerLineSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  item: z.string().min(1, 'item must not be empty'),
  answer: z.string({ error: 'answer must be a string' }),
});

/** A labelled answer: `{"id","item","answer","pass"}`, optionally `why` (the marker's reason). */
export const labelledAnswerSchema = answerLineSchema.extend({
  pass: z.boolean({ error: 'pass must be true or false' }),
  why: z.string().optional(),
});

export type AnswerLine = z.output<typeof answerLineSchema>;
export type LabelledAnswer = z.output<typeof labelledAnswerSchema> & { line?: number };

/** Reads `{"id","item","answer"}` lines; throws `InvalidJsonl` naming every malformed line. */
export function parseAnswerLines(source: string, file?: string): (AnswerLine & { line: number })[] {
  const { records, errors } = readJsonl(source, answerLineSchema);
  if (errors.length > 0) throw new InvalidJsonl(errors, file);
  return records.map((record) => ({ ...record.value, line: record.line }));
}

/** Reads labelled `{"id","item","answer","pass"}` lines; throws `InvalidJsonl` naming every malformed line. */
export function parseLabelledAnswers(source: string, file?: string): (LabelledAnswer & { line: number })[] {
  const { records, errors } = readJsonl(source, labelledAnswerSchema);
  if (errors.length > 0) throw new InvalidJsonl(errors, file);
  return records.map((record) => ({ ...record.value, line: record.line }));
}

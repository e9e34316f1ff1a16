import { existsSync, readFileSync, statSync } from 'node:fs';
import { CliError, ExitCode } from './cli-error.js';

/** One parsed JSONL line with where it came from. */
export interface JsonlRecord {
  /** 1-based line number in the file. */
  line: number;
  value: Record<string, unknown>;
}

/** Where an input file is: `-` for standard input. */
export function describeSource(path: string): string {
  return path === '-' ? '<stdin>' : path;
}

/** Reads a whole file as UTF-8, or standard input for `-`; a missing file or a directory is exit code 2. */
export async function readInputText(
  path: string,
  input: NodeJS.ReadableStream = process.stdin,
): Promise<string> {
  if (path === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of input)
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    return Buffer.concat(chunks).toString('utf8');
  }
  if (!existsSync(path)) throw new CliError(`${path}: no such file`);
  if (statSync(path).isDirectory()) throw new CliError(`${path}: is a directory, expected a file`);
  return readFileSync(path, 'utf8');
}

/** Fails with exit code 2 naming every malformed line (`file:line: message`, the first 20). */
export function throwLineErrors(source: string, errors: readonly { line: number; message: string }[]): void {
  if (errors.length === 0) return;
  const shown = errors.slice(0, 20).map((error) => `${source}:${error.line}: ${error.message}`);
  if (errors.length > 20) shown.push(`… and ${errors.length - 20} more`);
  throw new CliError(
    `${source}: ${errors.length} malformed line${errors.length === 1 ? '' : 's'}`,
    ExitCode.usage,
    shown,
  );
}

/**
 * Reads a JSONL file (or standard input for `-`): one JSON object per line, blank lines skipped
 * (parsing by @kefu/scoring's `readJsonl`). Fails with every malformed line, naming file and line.
 */
export async function readJsonl(
  path: string,
  input: NodeJS.ReadableStream = process.stdin,
): Promise<JsonlRecord[]> {
  const source = describeSource(path);
  const text = await readInputText(path, input);
  const { readJsonl: parseJsonl } = await import('@kefu/scoring');
  const { records, errors } = parseJsonl(text);
  const problems = [...errors];
  for (const record of records) {
    if (typeof record.value !== 'object' || record.value === null || Array.isArray(record.value)) {
      problems.push({ line: record.line, message: 'expected a JSON object' });
    }
  }
  throwLineErrors(
    source,
    problems.sort((a, b) => a.line - b.line),
  );
  return records as JsonlRecord[];
}

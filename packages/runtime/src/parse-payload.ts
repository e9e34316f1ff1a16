import { InvalidPayload, type ValidationIssue } from './runtime-errors.js';
import type { Parser } from './workflow-definition.js';

/**
 * `value` as `parser` (a zod schema, or anything with its `safeParse`) reads it, or `InvalidPayload` naming each
 * bad field by its dotted path (`report.facts`), in the parser's order. Call it before anything is written.
 */
export function parsePayload<T>(parser: Parser<T>, value: unknown, what: 'event' | 'input' = 'input'): T {
  const result = parser.safeParse(value);
  if (result.success) return result.data;
  throw new InvalidPayload(
    what,
    result.error.issues.map(
      (issue): ValidationIssue => ({ path: issue.path.map(String).join('.'), message: issue.message }),
    ),
  );
}

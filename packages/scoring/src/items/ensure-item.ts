import type { z } from 'zod';
import { InvalidItem, InvalidResponse, type ScoringIssue, toScoringIssues } from './scoring-input-error.js';

/** Validates an item against its schema (filling defaults) or throws `InvalidItem`. */
export function ensureItem<Schema extends z.ZodType>(schema: Schema, item: unknown): z.output<Schema> {
  const result = schema.safeParse(item);
  if (!result.success) throw new InvalidItem(toScoringIssues(result.error.issues));
  return result.data;
}

/** Validates a response against its schema or throws `InvalidResponse`. */
export function ensureResponse<Schema extends z.ZodType>(
  itemId: string,
  schema: Schema,
  response: unknown,
): z.output<Schema> {
  const result = schema.safeParse(response);
  if (!result.success) throw new InvalidResponse(itemId, toScoringIssues(result.error.issues));
  return result.data;
}

/** Collects issues for ids that are unknown or repeated; throws `InvalidResponse` when any. */
export function checkResponseIds(
  itemId: string,
  ids: readonly string[],
  known: ReadonlySet<string>,
  path: string,
  extra: ScoringIssue[] = [],
): void {
  const issues = [...extra];
  const seen = new Set<string>();
  ids.forEach((id, index) => {
    if (!known.has(id))
      issues.push({ path: `${path}.${index}`, message: `"${id}" is not an option of this item` });
    else if (seen.has(id)) issues.push({ path: `${path}.${index}`, message: `"${id}" is given twice` });
    seen.add(id);
  });
  if (issues.length) throw new InvalidResponse(itemId, issues);
}

import { type ObjectiveItem, objectiveItemSchema } from './item-schemas.js';
import { InvalidItem, toScoringIssues } from './scoring-input-error.js';

/**
 * Validates an authored objective item (parsed YAML or JSON) and fills its defaults. Throws
 * `InvalidItem` naming each offending field; returns a new object, the input is not changed.
 */
export function parseObjectiveItem(input: unknown): ObjectiveItem {
  const result = objectiveItemSchema.safeParse(input);
  if (!result.success) throw new InvalidItem(toScoringIssues(result.error.issues));
  return result.data;
}

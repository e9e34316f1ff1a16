import type { Migration } from './migrations.js';
import type { WorkflowDefinition } from './workflow-definition.js';

/**
 * The migrations `createRuntime` applies for these definitions: each definition's `tables`, then its projections'
 * tables, in order, each id once (definitions sharing a projection share its tables).
 */
export function definitionTables(workflows: readonly WorkflowDefinition[]): Migration[] {
  const tables = new Map<string, Migration>();
  for (const definition of workflows) {
    for (const table of definition.tables ?? []) tables.set(table.id, table);
    for (const table of (definition.projections ?? []).flatMap((projection) => projection.tables))
      tables.set(table.id, table);
  }
  return [...tables.values()];
}

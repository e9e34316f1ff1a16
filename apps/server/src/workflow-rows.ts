import { type Database, openPaths, type Runtime, type WorkflowRecord } from '@kefu/runtime';
import type { Selectable } from 'kysely';

type WorkflowRow = Selectable<Database['workflows']>;

function toIso(value: Date | string | null): string | null {
  if (value === null) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

/**
 * A `workflows` row as the runtime's `WorkflowRecord`, for the API's own list queries (filters and sorting the
 * runtime's `list` does not offer). Mirrors the runtime's mapping, personal data decrypted with the store's key.
 */
export function workflowRecordFromRow(runtime: Runtime, row: WorkflowRow): WorkflowRecord {
  let personal: readonly string[] = [];
  try {
    personal = runtime.definition(row.kind).personalData ?? [];
  } catch {
    // A kind this process does not run: nothing to decrypt by definition.
  }
  const raw = typeof row.snapshot === 'string' ? JSON.parse(row.snapshot) : row.snapshot;
  const snapshot = openPaths(
    raw,
    personal.map((path) => `context.${path}`),
    runtime.store.cipher,
  ) as { context?: Record<string, unknown> };
  return {
    id: row.id,
    kind: row.kind,
    machineId: row.machine_id,
    machineVersion: row.machine_version,
    state: row.state,
    version: row.version,
    context: snapshot.context ?? {},
    readModel: {
      status: row.status,
      priority: row.priority,
      team: row.team,
      assignee: row.assignee,
      customerGrade: row.customer_grade,
      category: row.category,
      openedAt: toIso(row.opened_at),
      closedAt: toIso(row.closed_at),
      breached: row.breached,
    },
    createdAt: toIso(row.created_at)!,
    updatedAt: toIso(row.updated_at)!,
  } as WorkflowRecord;
}

import type { Database, Runtime, WorkflowRecord } from '@kefu/runtime';
import type { Selectable } from 'kysely';

type WorkflowRow = Selectable<Database['workflows']>;

/**
 * A `workflows` row as the runtime's `WorkflowRecord`, for the API's own list queries (filters and sorting the
 * runtime's `list` does not offer): the runtime's own mapping, personal data opened with the store's key.
 */
export function workflowRecordFromRow(runtime: Runtime, row: WorkflowRow): WorkflowRecord {
  const snapshot = typeof row.snapshot === 'string' ? JSON.parse(row.snapshot) : row.snapshot;
  return runtime.recordFromRow({ ...row, snapshot });
}

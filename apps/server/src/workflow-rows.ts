import type { Database, Runtime, WorkflowRecord } from '@kefu/runtime';
import type { Selectable } from 'kysely';

type WorkflowRow = Selectable<Database['workflows']>;

/** A row whose snapshot the query left as JSON text (e.g. a page of `listComplaintPage`). */
type RowWithSnapshotText = Omit<WorkflowRow, 'snapshot'> & { snapshot: string };

/**
 * A `workflows` row as the runtime's `WorkflowRecord`, for the API's own list queries (filters and sorting the
 * runtime's `list` does not offer): the runtime's own mapping, personal data opened with the store's key, built
 * once. A snapshot that arrives as JSON text is parsed and opened only when the record's `context` is first read
 * (then kept on the record), so a page whose fields all come from read-model columns (a queue of ids, states and
 * teams) decrypts nothing.
 */
export function workflowRecordFromRow(
  runtime: Runtime,
  row: WorkflowRow | RowWithSnapshotText,
): WorkflowRecord {
  return runtime.recordFromRow(row as WorkflowRow);
}

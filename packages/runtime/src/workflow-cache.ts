import type { Selectable } from 'kysely';
import type { WorkflowsTable } from './database-schema.js';

/** A workflow row as this process last wrote it, and the row version (`xmin`) PostgreSQL gave that write. */
export interface CachedWorkflow {
  row: Selectable<WorkflowsTable>;
  rowXmin: string;
}

/**
 * The rows of recently used workflows, as this process last wrote them, bounded (least recently used out first).
 * A send plans on the cached row instead of reading it; its write is guarded by the row's version and `xmin`, so a
 * row another writer changed since (another instance, the scheduler's transaction, a re-encryption) costs one
 * retry, never a wrong write.
 */
export function createWorkflowCache(capacity: number) {
  const entries = new Map<string, CachedWorkflow>();
  return {
    get(workflowId: string): CachedWorkflow | undefined {
      const found = entries.get(workflowId);
      if (found) {
        // Most recently used last: a Map iterates in insertion order.
        entries.delete(workflowId);
        entries.set(workflowId, found);
      }
      return found;
    },
    set(workflowId: string, cached: CachedWorkflow): void {
      if (capacity <= 0) return;
      entries.delete(workflowId);
      entries.set(workflowId, cached);
      if (entries.size > capacity) entries.delete(entries.keys().next().value!);
    },
    delete(workflowId: string): void {
      entries.delete(workflowId);
    },
    get size(): number {
      return entries.size;
    },
  };
}

export type WorkflowCache = ReturnType<typeof createWorkflowCache>;

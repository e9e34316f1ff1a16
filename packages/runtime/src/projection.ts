import type { Kysely } from 'kysely';
import type { Database } from './database-schema.js';
import type { Migration } from './migrations.js';
import type { SendResult } from './transition.js';
import type { WorkflowDefinition } from './workflow-definition.js';
import { type TransitionWrite, writeTransition } from './write-transition.js';

/** One committed transition as a projection sees it: the workflow after it (personal data opened) and its log entry. */
export interface ProjectionChange {
  workflow: SendResult['workflow'];
  entry: SendResult['entry'];
}

/**
 * A read model a definition maintains beside `workflows`: the tables it keeps (its own migrations) and how one
 * transition changes them. `apply` runs once per committed transition, in the transition's own transaction, so
 * the tables never disagree with the log; a failing `apply` rolls the transition back.
 */
export interface Projection {
  /** Names the projection (unique across definitions; definitions sharing a projection pass the same object). */
  id: string;
  /** Schema migrations creating the projection's tables (ids unique across every list, as for `tables`). */
  tables: readonly Migration[];
  apply(trx: Kysely<Database>, change: ProjectionChange): Promise<void>;
}

/**
 * Writes one transition (`writeTransition`) and, when its definition has projections, applies them in the
 * same transaction (the caller's, when `executor` already is one). False when the version check failed.
 */
export async function writeProjected(
  executor: Kysely<Database>,
  definition: WorkflowDefinition,
  write: TransitionWrite,
  change: ProjectionChange,
): Promise<boolean> {
  const projections = definition.projections ?? [];
  if (projections.length === 0) return writeTransition(executor, write);
  const run = async (trx: Kysely<Database>) => {
    if (!(await writeTransition(trx, write))) return false;
    for (const projection of projections) await projection.apply(trx, change);
    return true;
  };
  return executor.isTransaction ? run(executor) : executor.transaction().execute(run);
}

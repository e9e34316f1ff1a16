import type { Kysely } from 'kysely';
import type { Database } from './database-schema.js';
import type { Migration } from './migrations.js';
import type { SendResult } from './transition.js';
import type { WorkflowDefinition } from './workflow-definition.js';
import {
  type TransitionWrite,
  type WriteGuard,
  type WriteOutcome,
  writeTransition,
} from './write-transition.js';

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
 * Writes one transition (`writeTransition`) and, when its definition has projections and the write went in,
 * applies them in the same transaction (the caller's, when `executor` already is one).
 */
export async function writeProjected(
  executor: Kysely<Database>,
  definition: WorkflowDefinition,
  write: TransitionWrite,
  change: ProjectionChange,
  guard: WriteGuard = {},
): Promise<WriteOutcome> {
  const projections = definition.projections ?? [];
  if (projections.length === 0) return writeTransition(executor, write, guard);
  const run = async (trx: Kysely<Database>) => {
    const outcome = await writeTransition(trx, write, guard);
    if (!outcome.written) return outcome;
    for (const projection of projections) await projection.apply(trx, change);
    return outcome;
  };
  return executor.isTransaction ? run(executor) : executor.transaction().execute(run);
}

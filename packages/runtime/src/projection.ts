import type { RawBuilder } from 'kysely';
import type { Migration } from './migrations.js';
import { KefuError } from './runtime-errors.js';
import type { SendResult } from './transition.js';

/** One transition as a projection sees it: the workflow after it (personal data opened) and its log entry. */
export interface ProjectionChange {
  workflow: SendResult['workflow'];
  entry: SendResult['entry'];
}

/**
 * One named part (`name as (…)`) a projection adds to the transition's statement. `name` starts with the
 * projection's id and `_` and is a lower-case SQL name; other parts may read it by that name. The part is either
 * - `text` and `values`: SQL text with parameters `$1`…`$n` numbered within the part (no other `$` followed by a
 *   digit) and their values. Give the same text (best: the same constant string) whenever the part's shape is the
 *   same: the engine builds the statement's text once per combination of part texts and then only sends the
 *   values, as a named prepared statement; or
 * - `query`: a Kysely `sql` fragment, compiled on every write (simpler, but a cost on every send).
 */
export type ProjectionCte =
  | { name: string; text: string; values: readonly unknown[] }
  | { name: string; query: RawBuilder<unknown> };

/**
 * A read model a definition maintains beside `workflows`: the tables it keeps (its own migrations) and how one
 * transition changes them, as common table expressions that join the transition's ONE statement
 * (`writeTransition`), after the engine's own. The tables therefore never disagree with the log, and a failing
 * part fails the whole write.
 *
 * Contract for `ctes`:
 * - The engine's CTE `target` yields the written `workflows` row (`id`, `row_xmin`) only when the write went
 *   in (the version, `xmin` and idempotency guards passed); otherwise it is empty. Every part must be guarded
 *   on it, by reading from `target` or with `where exists (select 1 from target)`, so that a refused or
 *   duplicate write changes nothing.
 * - PostgreSQL runs every data-modifying CTE exactly once, whether or not anything reads it, and every CTE
 *   reads the tables as they were before the statement: a part never sees another part's writes except
 *   through that part's `returning` rows (read it by name).
 * - Names start with `<id>_` (lower-case letters, digits and `_`); another name is refused with
 *   `ProjectionCteNameInvalid` before anything is written.
 */
export interface Projection {
  /** Names the projection (unique across definitions; definitions sharing a projection pass the same object). */
  id: string;
  /** Schema migrations creating the projection's tables (ids unique across every list, as for `tables`). */
  tables: readonly Migration[];
  /** The parts this transition adds to the write's statement (see the contract above); called once per write. */
  ctes(change: ProjectionChange): readonly ProjectionCte[];
}

/** A projection named a CTE outside its own name space (`<id>_…`, lower case). Nothing was written. */
export class ProjectionCteNameInvalid extends KefuError {
  constructor(
    readonly projectionId: string,
    readonly cteName: string,
  ) {
    super(
      'PROJECTION_CTE_NAME_INVALID',
      `Projection "${projectionId}" named a CTE "${cteName}"; its names must start with "${projectionId}_" and use only a-z, 0-9 and _`,
      { projectionId, cteName },
    );
  }
}

const cteName = /^[a-z_][a-z0-9_]*$/;

/** Every projection's parts for one transition, in order, their names checked. */
export function projectionCtes(
  projections: readonly Projection[] | undefined,
  change: ProjectionChange,
): ProjectionCte[] {
  if (projections === undefined || projections.length === 0) return [];
  const parts: ProjectionCte[] = [];
  for (const projection of projections) {
    const prefix = `${projection.id}_`;
    for (const part of projection.ctes(change)) {
      if (!part.name.startsWith(prefix) || !cteName.test(part.name))
        throw new ProjectionCteNameInvalid(projection.id, part.name);
      parts.push(part);
    }
  }
  return parts;
}

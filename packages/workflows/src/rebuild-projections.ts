import type { Database } from '@kefu/runtime';
import { type Kysely, sql } from 'kysely';
import {
  complaintFactsFromLog,
  complaintResolutionsFromLog,
  complaintRevisitsFromLog,
  countsFrom,
} from './complaint-facts.js';
import { rollupsFrom, rollupsStoredFilter } from './complaint-rollups.js';

/** One projection table whose stored rows differ from the rows recomputed from the log and the snapshots. */
export interface ProjectionDifference {
  table: string;
  /** Stored rows the recomputation does not have (wrong or extra), as text. */
  stored: string[];
  /** Recomputed rows the table does not hold (missing or wrong), as text. */
  expected: string[];
}

interface ProjectionTable {
  table: string;
  /** The recomputed rows, as a select over `workflows`, `workflow_events` or `expected_complaint_facts` / `expected_complaint_revisits`. */
  expected: string;
  /** Rows left out of the comparison (counter rows at zero mean "none"). */
  storedFilter?: string;
}

const tables: readonly ProjectionTable[] = [
  { table: 'complaint_facts', expected: complaintFactsFromLog },
  { table: 'complaint_resolutions', expected: complaintResolutionsFromLog },
  { table: 'complaint_revisits', expected: complaintRevisitsFromLog },
  {
    table: 'complaint_counts',
    expected: countsFrom('expected_complaint_facts'),
    storedFilter: 'complaints <> 0 or open <> 0 or breached_open <> 0',
  },
  {
    table: 'complaint_rollups',
    expected: rollupsFrom('expected_complaint_facts', 'expected_complaint_revisits'),
    storedFilter: rollupsStoredFilter,
  },
];

/** How many differing rows of each table a report names (the rest are counted). */
const shown = 20;

async function compare(
  trx: Kysely<Database>,
  { table, storedFilter }: ProjectionTable,
): Promise<ProjectionDifference | undefined> {
  const stored = `(select * from ${table}${storedFilter ? ` where ${storedFilter}` : ''})`;
  const expected = `expected_${table}`;
  const { rows } = await sql<{ side: 'stored' | 'expected'; row: string }>`
    (select 'stored' as side, s::text as row from (select * from ${sql.raw(stored)} s0 except all select * from ${sql.raw(expected)}) s limit ${shown})
    union all
    (select 'expected', e::text from (select * from ${sql.raw(expected)} except all select * from ${sql.raw(stored)} s1) e limit ${shown})`.execute(
    trx,
  );
  if (rows.length === 0) return undefined;
  return {
    table,
    stored: rows.filter((row) => row.side === 'stored').map((row) => row.row),
    expected: rows.filter((row) => row.side === 'expected').map((row) => row.row),
  };
}

/**
 * Recomputes every complaint projection from the event log and the snapshots (in one repeatable-read
 * transaction, so concurrent transitions cannot make a false difference) and compares it with the stored
 * tables. With `repair`, replaces the stored tables with the recomputed rows when they differ. Returns the
 * differences found (before any repair); none means the projections match the log.
 */
export async function rebuildProjections(
  db: Kysely<Database>,
  options: { repair?: boolean } = {},
): Promise<ProjectionDifference[]> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      if (options.repair) {
        // Taken by no transition: repairs exclude each other, and the snapshot below is read after the lock.
        await sql`lock table complaint_counts in exclusive mode`.execute(trx);
      }
      for (const { table, expected } of tables) {
        await sql`create temporary table ${sql.raw(`expected_${table}`)} on commit drop as ${sql.raw(expected)}`.execute(
          trx,
        );
      }
      const differences: ProjectionDifference[] = [];
      for (const table of tables) {
        const difference = await compare(trx, table);
        if (difference) differences.push(difference);
      }
      if (options.repair && differences.length > 0) {
        for (const { table } of [...tables].reverse()) {
          await sql`delete from ${sql.raw(table)}`.execute(trx);
          await sql`insert into ${sql.raw(table)} select * from ${sql.raw(`expected_${table}`)}`.execute(trx);
        }
      }
      return differences;
    });
}

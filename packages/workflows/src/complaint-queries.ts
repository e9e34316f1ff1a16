import type { Database, WorkflowsTable } from '@kefu/runtime';
import { type ExpressionBuilder, type Kysely, type Selectable, type SelectQueryBuilder, sql } from 'kysely';
import type { ReadModelDatabase } from './complaint-facts.js';
import { complaintWorkflow } from './complaint-workflow.js';
import { priorityRankSql } from './read-model.js';

/** Whose complaints a caller sees: every one, or those of one team, assigned to or opened by one user. */
export interface ComplaintVisibility {
  all: boolean;
  team?: string | null | undefined;
  userId: string;
}

export interface ComplaintFilterValue {
  state?: readonly string[] | null;
  priority?: readonly string[] | null;
  team?: readonly string[] | null;
  assignee?: readonly string[] | null;
  unassigned?: boolean | null;
  grade?: readonly string[] | null;
  category?: readonly string[] | null;
  breached?: boolean | null;
  open?: boolean | null;
  openedFrom?: string | null;
  openedTo?: string | null;
}

export type ComplaintSortField =
  | 'OPENED_AT'
  | 'UPDATED_AT'
  | 'PRIORITY'
  | 'STATE'
  | 'TEAM'
  | 'ASSIGNEE'
  | 'GRADE'
  | 'CATEGORY';

export interface ComplaintOrderValue {
  field: ComplaintSortField;
  direction?: 'ASC' | 'DESC' | null;
}

/** A cursor that does not belong to this list's order, or is not a cursor at all. */
export class InvalidCursor extends Error {
  readonly code = 'INVALID_CURSOR';
  constructor(reason: string) {
    super(`Invalid cursor: ${reason} (use an endCursor of the same query and order)`);
    this.name = 'InvalidCursor';
  }
}

type WorkflowQuery = SelectQueryBuilder<Database, 'workflows', object>;
type WorkflowRow = Selectable<WorkflowsTable>;

/** The same text as the index of migration `workflows_0001_read_model`, so the page is read from that index. */
const priorityRank = sql<number>`${sql.raw(priorityRankSql)}`;

const sortColumns = {
  OPENED_AT: 'opened_at',
  UPDATED_AT: 'updated_at',
  STATE: 'state',
  TEAM: 'team',
  ASSIGNEE: 'assignee',
  GRADE: 'customer_grade',
  CATEGORY: 'category',
} as const;

const timeColumns = new Set<string>(['opened_at', 'updated_at']);

/** Complaints the visibility allows, narrowed by the filter, over the read-model columns of `workflows`. */
export function visibleComplaints(
  db: Kysely<Database>,
  visibility: ComplaintVisibility,
  filter: ComplaintFilterValue = {},
  kind = 'complaint',
): WorkflowQuery {
  let query = db.selectFrom('workflows').where('kind', '=', kind) as WorkflowQuery;
  if (!visibility.all) {
    query = query.where((eb: ExpressionBuilder<Database, 'workflows'>) =>
      eb.or([
        ...(visibility.team ? [eb('team', '=', visibility.team)] : []),
        eb('assignee', '=', visibility.userId),
        eb(sql<string>`snapshot->'context'->'openedBy'->>'userId'`, '=', visibility.userId),
      ]),
    );
  }
  const list = (values: readonly string[] | null | undefined) =>
    values && values.length > 0 ? [...values] : undefined;
  const states = list(filter.state);
  if (states) query = query.where((eb) => eb.or([eb('status', 'in', states), eb('state', 'in', states)]));
  const priorities = list(filter.priority);
  if (priorities) query = query.where('priority', 'in', priorities);
  const teams = list(filter.team);
  if (teams) query = query.where('team', 'in', teams);
  const assignees = list(filter.assignee);
  if (assignees) query = query.where('assignee', 'in', assignees);
  if (filter.unassigned === true) query = query.where('assignee', 'is', null);
  if (filter.unassigned === false) query = query.where('assignee', 'is not', null);
  const grades = list(filter.grade);
  if (grades) query = query.where('customer_grade', 'in', grades);
  const categories = list(filter.category);
  if (categories) query = query.where('category', 'in', categories);
  if (typeof filter.breached === 'boolean') query = query.where('breached', '=', filter.breached);
  if (filter.open === true) query = query.where('closed_at', 'is', null);
  if (filter.open === false) query = query.where('closed_at', 'is not', null);
  if (filter.openedFrom) query = query.where('opened_at', '>=', new Date(filter.openedFrom));
  if (filter.openedTo) query = query.where('opened_at', '<', new Date(filter.openedTo));
  return query;
}

type CursorValue = string | number | null;

function encodeCursor(order: string, value: CursorValue, id: string): string {
  return Buffer.from(JSON.stringify([order, value, id])).toString('base64url');
}

function decodeCursor(cursor: string, order: string): { value: CursorValue; id: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursor('not a complaint list cursor');
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    typeof parsed[2] !== 'string' ||
    !(parsed[1] === null || typeof parsed[1] === 'string' || typeof parsed[1] === 'number')
  ) {
    throw new InvalidCursor('not a complaint list cursor');
  }
  if (parsed[0] !== order)
    throw new InvalidCursor(`it was made for the order ${String(parsed[0])}, not ${order}`);
  return { value: parsed[1], id: parsed[2] };
}

/** A row of a complaint page: its snapshot still JSON text, sealed (parse and open it only when it is read). */
export type ComplaintPageRow = Omit<WorkflowRow, 'snapshot'> & { snapshot: string };

export interface ComplaintPage {
  /** The page's rows, each snapshot as stored (JSON text, personal data sealed). */
  rows: ComplaintPageRow[];
  hasNextPage: boolean;
  /** The cursor of each row, to pass as `after`. */
  cursors: string[];
}

/**
 * A page's columns: the engine's, the complaint's read-model columns, and the snapshot as text, so the driver does
 * not parse snapshots a page never shows (a queue page of 20 reads none of them).
 */
const pageColumns = [
  ...(['id', 'kind', 'machine_id', 'machine_version', 'state', 'version', 'last_hash'] as const),
  ...(['created_at', 'updated_at'] as const),
  ...Object.values(complaintWorkflow.columns ?? {}).map(({ column }) => sql.ref(column).as(column)),
  sql<string>`snapshot::text`.as('snapshot'),
];

/**
 * One page of complaints in the order asked (ties by id), after the row `after` names: a keyset page read from
 * the order's index, however deep, in one statement (one row more than asked tells whether another page follows).
 */
export async function listComplaintPage(
  db: Kysely<Database>,
  options: {
    visibility: ComplaintVisibility;
    filter?: ComplaintFilterValue | null | undefined;
    orderBy?: ComplaintOrderValue | null | undefined;
    first: number;
    after?: string | null | undefined;
  },
): Promise<ComplaintPage> {
  const field = options.orderBy?.field ?? 'OPENED_AT';
  const direction = (options.orderBy?.direction ?? 'DESC') === 'ASC' ? 'asc' : 'desc';
  const order = `${field}:${direction}`;
  let query = visibleComplaints(db, options.visibility, options.filter ?? {}).select(pageColumns);
  const after = options.after ? decodeCursor(options.after, order) : undefined;
  const column = field === 'PRIORITY' ? undefined : sortColumns[field];
  if (after) {
    const beyond = direction === 'asc' ? '>' : '<';
    if (column === undefined) {
      const rank = Number(after.value);
      query = query.where((eb) =>
        eb.or([
          eb(priorityRank, beyond, rank),
          eb.and([eb(priorityRank, '=', rank), eb('id', '>', after.id)]),
        ]),
      );
    } else if (after.value === null) {
      query = query.where((eb) => eb.and([eb(column, 'is', null), eb('id', '>', after.id)]));
    } else {
      const value = timeColumns.has(column) ? new Date(after.value) : after.value;
      query = query.where((eb) =>
        eb.or([
          eb(column, beyond, value as never),
          eb.and([eb(column, '=', value as never), eb('id', '>', after.id)]),
          eb(column, 'is', null),
        ]),
      );
    }
  }
  query =
    column === undefined
      ? query.orderBy(priorityRank, direction)
      : query.orderBy(column, (by) => (direction === 'asc' ? by.asc() : by.desc()).nullsLast());
  const found = (await query
    .orderBy('id')
    .limit(options.first + 1)
    .execute()) as unknown as ComplaintPageRow[];
  const rows = found.slice(0, options.first);
  const cursorValue = (row: ComplaintPageRow): CursorValue => {
    if (column === undefined) {
      const rank: Record<string, number> = { urgent: 3, high: 2, normal: 1 };
      return rank[String(row.priority)] ?? 0;
    }
    const value = (row as unknown as Record<string, unknown>)[column];
    if (value === null || value === undefined) return null;
    return value instanceof Date ? value.toISOString() : String(value);
  };
  return {
    rows,
    hasNextPage: found.length > options.first,
    cursors: rows.map((row) => encodeCursor(order, cursorValue(row), row.id)),
  };
}

/** Above this many matches a filtered count stops and says so (`capped`). */
export const complaintCountCap = 1000;

export interface ComplaintCount {
  count: number;
  /** True when there are more than `count` matches (the count stopped at the cap). */
  capped: boolean;
}

const counterFilters = new Set(['state', 'team', 'open']);

/**
 * How many complaints match: from the per-state and per-team counters (O(1)) when the caller sees every
 * complaint and the filter names only top-level states, teams or `open`; otherwise counted up to
 * `complaintCountCap` and capped beyond.
 */
export async function countComplaints(
  db: Kysely<Database>,
  visibility: ComplaintVisibility,
  filter: ComplaintFilterValue | null | undefined,
): Promise<ComplaintCount> {
  const given = Object.entries(filter ?? {}).filter(
    ([, value]) => value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0),
  );
  const states = filter?.state && filter.state.length > 0 ? [...filter.state] : undefined;
  const teams = filter?.team && filter.team.length > 0 ? [...filter.team] : undefined;
  if (
    visibility.all &&
    given.every(([name]) => counterFilters.has(name)) &&
    !(states ?? []).some((state) => state.includes('.'))
  ) {
    let query = (db as unknown as Kysely<ReadModelDatabase>).selectFrom('complaint_counts');
    if (states) query = query.where('status', 'in', states);
    if (teams) query = query.where('team', 'in', teams);
    const counted =
      filter?.open === true
        ? sql<string>`coalesce(sum(open), 0)`
        : filter?.open === false
          ? sql<string>`coalesce(sum(complaints - open), 0)`
          : sql<string>`coalesce(sum(complaints), 0)`;
    const row = await query.select(counted.as('count')).executeTakeFirstOrThrow();
    return { count: Number(row.count), capped: false };
  }
  const limited = visibleComplaints(db, visibility, filter ?? {})
    .select(sql<number>`1`.as('one'))
    .limit(complaintCountCap + 1);
  const row = await db
    .selectFrom(limited.as('matches'))
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  const count = Number(row.count);
  return count > complaintCountCap ? { count: complaintCountCap, capped: true } : { count, capped: false };
}

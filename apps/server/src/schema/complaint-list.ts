import type { Database, Runtime, WorkflowRecord } from '@kefu/runtime';
import { priorityRankSql } from '@kefu/workflows';
import { resolveOffsetConnection } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import { type ExpressionBuilder, type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import { assertTeamsAllowed, requireActor, visibleTeams } from '../authorization.js';
import { builder } from '../builder.js';
import type { RequestActor } from '../context.js';
import { workflowRecordFromRow } from '../workflow-rows.js';
import { ComplaintRef } from './complaint.js';

export const SortDirection = builder.enumType('SortDirection', { values: ['ASC', 'DESC'] as const });

const ComplaintSortField = builder.enumType('ComplaintSortField', {
  description: 'Read-model columns a complaint list can be sorted by (ties broken by id).',
  values: ['OPENED_AT', 'UPDATED_AT', 'PRIORITY', 'STATE', 'TEAM', 'ASSIGNEE', 'GRADE', 'CATEGORY'] as const,
});

const ComplaintOrder = builder.inputType('ComplaintOrder', {
  fields: (t) => ({
    field: t.field({ type: ComplaintSortField, required: true }),
    direction: t.field({ type: SortDirection, defaultValue: 'DESC' }),
  }),
});

export const ComplaintFilter = builder.inputType('ComplaintFilter', {
  description: 'Every condition given must hold; a list matches any of its values.',
  fields: (t) => ({
    state: t.stringList({
      description: 'Top-level status (`handling`) or full state (`handling.temporary`).',
    }),
    priority: t.stringList({ description: 'normal, high, urgent' }),
    team: t.stringList({ description: 'Agents and supervisors may name only their own team.' }),
    assignee: t.stringList({ description: 'User ids of the assigned agents.' }),
    unassigned: t.boolean({ description: 'true: only complaints nobody is assigned to.' }),
    grade: t.stringList({ description: 'Customer grades A, B, C.' }),
    category: t.stringList(),
    breached: t.boolean({ description: 'true: at least one deadline was missed; false: none was.' }),
    open: t.boolean({ description: 'true: not closed yet; false: closed.' }),
    openedFrom: t.field({ type: 'DateTime', description: 'Opened at or after this time.' }),
    openedTo: t.field({ type: 'DateTime', description: 'Opened before this time.' }),
  }),
});

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

type WorkflowQuery = SelectQueryBuilder<Database, 'workflows', object>;

/** The same text as the index of migration `0003_dashboard_indexes`, so the page is read from that index. */
const priorityRank = sql<number>`${sql.raw(priorityRankSql)}`;

/** The rows of `kind` this actor may see, narrowed by the filter (team rules: see authorization.ts). */
export function visibleWorkflows(
  db: Kysely<Database>,
  actor: RequestActor,
  kind: string,
  filter: ComplaintFilterValue = {},
): WorkflowQuery {
  assertTeamsAllowed(actor, filter.team);
  let query = db.selectFrom('workflows').where('kind', '=', kind) as WorkflowQuery;
  const scope = visibleTeams(actor);
  if (!scope.all) {
    query = query.where((eb: ExpressionBuilder<Database, 'workflows'>) =>
      eb.or([
        ...(scope.team ? [eb('team', '=', scope.team)] : []),
        eb('assignee', '=', scope.userId),
        eb(sql<string>`snapshot->'context'->'openedBy'->>'userId'`, '=', scope.userId),
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

const sortColumns = {
  OPENED_AT: 'opened_at',
  UPDATED_AT: 'updated_at',
  STATE: 'state',
  TEAM: 'team',
  ASSIGNEE: 'assignee',
  GRADE: 'customer_grade',
  CATEGORY: 'category',
} as const;

/** One page of complaints: two statements at most (the page, and the count only when `totalCount` is asked). */
export async function listComplaints(
  runtime: Runtime,
  actor: RequestActor,
  options: {
    filter?: ComplaintFilterValue | null;
    orderBy?: { field: keyof typeof sortColumns | 'PRIORITY'; direction?: 'ASC' | 'DESC' | null } | null;
    limit: number;
    offset: number;
  },
): Promise<WorkflowRecord[]> {
  const field = options.orderBy?.field ?? 'OPENED_AT';
  const direction = (options.orderBy?.direction ?? 'DESC') === 'ASC' ? 'asc' : 'desc';
  let query = visibleWorkflows(runtime.store.db, actor, 'complaint', options.filter ?? {}).selectAll();
  query =
    field === 'PRIORITY'
      ? query.orderBy(priorityRank, direction)
      : query.orderBy(sortColumns[field], (order) =>
          (direction === 'asc' ? order.asc() : order.desc()).nullsLast(),
        );
  const rows = await query.orderBy('id').limit(options.limit).offset(options.offset).execute();
  return rows.map((row) => workflowRecordFromRow(runtime, row));
}

export async function countComplaints(
  db: Kysely<Database>,
  actor: RequestActor,
  filter: ComplaintFilterValue | null | undefined,
): Promise<number> {
  const row = await visibleWorkflows(db, actor, 'complaint', filter ?? {})
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Refuses a negative `first` or `last` with BAD_USER_INPUT naming the argument. */
export function assertPageSize(args: { first?: number | null; last?: number | null }): void {
  for (const name of ['first', 'last'] as const) {
    const value = args[name];
    if (typeof value === 'number' && value < 0) {
      throw new GraphQLError(`${name} must be 0 or more (got ${value})`, {
        extensions: { code: 'BAD_USER_INPUT', fields: [{ field: name, message: 'must be 0 or more' }] },
      });
    }
  }
}

builder.queryFields((t) => ({
  complaints: t.connection(
    {
      type: ComplaintRef,
      description:
        'Complaints the caller may see (agents and supervisors: their team, their assignments and what they opened; managers and directors: all), filtered and sorted over the read-model columns. At most 100 per page.',
      authScopes: { readsComplaints: true },
      args: {
        filter: t.arg({ type: ComplaintFilter }),
        orderBy: t.arg({ type: ComplaintOrder, description: 'Default: OPENED_AT DESC.' }),
      },
      resolve: async (_root, args, context) => {
        const actor = requireActor(context);
        assertPageSize(args);
        const db = context.runtime.store.db;
        const connection = await resolveOffsetConnection(
          { args, defaultSize: 20, maxSize: 100 },
          ({ limit, offset }) =>
            listComplaints(context.runtime, actor, {
              filter: args.filter,
              orderBy: args.orderBy,
              limit,
              offset,
            }),
        );
        let counted: Promise<number> | undefined;
        return Object.assign(connection, {
          totalCount: () => (counted ??= countComplaints(db, actor, args.filter)),
        });
      },
    },
    {
      name: 'ComplaintConnection',
      description: 'A page of complaints.',
      fields: (t) => ({
        totalCount: t.int({
          description: 'How many complaints match the filter (one extra COUNT query, only when asked).',
          resolve: (connection) =>
            (connection as unknown as { totalCount: () => Promise<number> }).totalCount(),
        }),
      }),
    },
    { name: 'ComplaintEdge' },
  ),
}));

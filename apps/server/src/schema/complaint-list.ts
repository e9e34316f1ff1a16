import { type ComplaintCount, countComplaints, InvalidCursor, listComplaintPage } from '@kefu/workflows';
import { GraphQLError } from 'graphql';
import { assertTeamsAllowed, complaintVisibility, requireActor } from '../authorization.js';
import { builder } from '../builder.js';
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

export type { ComplaintFilterValue } from '@kefu/workflows';

/** Refuses `last` and `before`: complaint pages follow each other forwards (`first`, `after: endCursor`). */
function assertForward(args: { last?: number | null; before?: string | null }): void {
  for (const name of ['last', 'before'] as const) {
    if (args[name] !== null && args[name] !== undefined) {
      throw new GraphQLError(
        `${name} is not supported: page forwards with first and after (pageInfo.endCursor)`,
        {
          extensions: { code: 'BAD_USER_INPUT', fields: [{ field: name, message: 'not supported' }] },
        },
      );
    }
  }
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
        assertForward(args);
        assertTeamsAllowed(actor, args.filter?.team);
        const visibility = complaintVisibility(actor);
        const db = context.runtime.store.db;
        const first = Math.min(args.first ?? 20, 100);
        const page = await listComplaintPage(db, {
          visibility,
          filter: args.filter,
          orderBy: args.orderBy,
          first,
          after: args.after,
        }).catch((error: unknown) => {
          if (error instanceof InvalidCursor) {
            throw new GraphQLError(error.message, {
              extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'after', message: error.message }] },
            });
          }
          throw error;
        });
        // Only the page's rows are opened (decrypted): the one extra row read to tell whether a page follows is not.
        const edges = page.rows.map((row, index) => ({
          cursor: page.cursors[index]!,
          node: workflowRecordFromRow(context.runtime, row),
        }));
        let counted: Promise<ComplaintCount> | undefined;
        const count = () => (counted ??= countComplaints(db, visibility, args.filter));
        return {
          edges,
          pageInfo: {
            hasNextPage: page.hasNextPage,
            hasPreviousPage: Boolean(args.after),
            startCursor: edges[0]?.cursor ?? null,
            endCursor: edges.at(-1)?.cursor ?? null,
          },
          count,
        };
      },
    },
    {
      name: 'ComplaintConnection',
      description: 'A page of complaints.',
      fields: (t) => ({
        totalCount: t.int({
          description:
            'How many complaints match the filter, only when asked: read from the per-state and per-team counters when the filter names only states, teams or `open` (and the caller sees every team); otherwise counted up to 1,000 (`totalCountCapped` then says there are more).',
          resolve: async (connection) =>
            (await (connection as unknown as { count: () => Promise<ComplaintCount> }).count()).count,
        }),
        totalCountCapped: t.boolean({
          description: 'True when more complaints match than `totalCount` says (it stopped at 1,000).',
          resolve: async (connection) =>
            (await (connection as unknown as { count: () => Promise<ComplaintCount> }).count()).capped,
        }),
      }),
    },
    { name: 'ComplaintEdge' },
  ),
}));

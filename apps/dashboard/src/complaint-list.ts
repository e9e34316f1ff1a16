import { graphql, type ResultOf, type VariablesOf } from './graphql.js';

/** The queue: complaints the caller may see, urgent clocks first, filtered by the server where it can. */
export const complaintsQuery = graphql(`
  query DashboardComplaints($first: Int, $filter: ComplaintFilter) {
    complaints(first: $first, filter: $filter) {
      edges {
        node {
          id state priority category channel summary team assignee
          customer { name grade }
          openedAt updatedAt version
          deadlines { name dueAt event }
          breaches { deadline dueAt at }
        }
      }
    }
  }
`);

/** A queue row: the typed result's node fits it; triage and its tests build partial ones. */
export interface ComplaintRow {
  id: string;
  state: string;
  priority?: string;
  category?: string;
  channel?: string;
  summary?: string;
  team?: string | null;
  assignee?: string | null;
  customer?: { name?: string; grade?: string };
  openedAt?: string;
  updatedAt?: string;
  deadlines?: Array<{ name: string; dueAt: string; event?: string }>;
  breaches?: Array<{ deadline: string; dueAt: string; at: string }>;
}

export interface ComplaintFilters {
  state?: string;
  team?: string;
  breached?: boolean;
}

/** The query's variables for the chosen filters (each a one-value list where the API filters by a list). */
export function complaintListVariables(
  filters: ComplaintFilters,
  size = 100,
): VariablesOf<typeof complaintsQuery> {
  const filter: NonNullable<VariablesOf<typeof complaintsQuery>['filter']> = {};
  if (filters.state) filter.state = [filters.state];
  if (filters.team) filter.team = [filters.team];
  if (filters.breached) filter.breached = true;
  return { first: size, filter: Object.keys(filter).length > 0 ? filter : null };
}

/** The rows of a complaints result, in the order the API gave them. */
export function complaintRows(data: ResultOf<typeof complaintsQuery> | undefined): ComplaintRow[] {
  return data?.complaints.edges.map((edge) => edge.node) ?? [];
}

export function isBreached(row: ComplaintRow, now: number): boolean {
  if ((row.breaches?.length ?? 0) > 0) return true;
  return (row.deadlines ?? []).some((deadline) => Date.parse(deadline.dueAt) < now);
}

export function applyFilters(rows: ComplaintRow[], filters: ComplaintFilters, now: number): ComplaintRow[] {
  return rows.filter(
    (row) =>
      (!filters.state || row.state === filters.state) &&
      (!filters.team || (row.team ?? '') === filters.team) &&
      (!filters.breached || isBreached(row, now)),
  );
}

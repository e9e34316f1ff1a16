import { type FieldInfo, namedType, type SchemaCapabilities } from './schema-capabilities.js';

/** The complaint fields the dashboard shows, where the API has them. */
export const complaintListFields = [
  'id',
  'state',
  'priority',
  'category',
  'channel',
  'summary',
  'team',
  'assignee',
  'customer',
  'openedAt',
  'updatedAt',
  'deadlines',
  'breaches',
  'breached',
  'version',
] as const;

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
  breached?: boolean;
}

export interface ComplaintFilters {
  state?: string;
  team?: string;
  breached?: boolean;
}

export interface ComplaintListPlan {
  field: FieldInfo;
  document: string;
  variables: Record<string, unknown>;
  /** Filters the server applies; the rest are applied in the browser. */
  serverFilters: Set<keyof ComplaintFilters>;
  read: (data: unknown) => ComplaintRow[];
  /** Where the next page starts, when the API pages with cursors (`after`, `pageInfo.endCursor`). */
  nextPage: (
    data: unknown,
  ) => { hasNextPage: boolean; endCursor: string | null; totalCount?: number } | undefined;
  /** Whether the document takes `$after` (a cursor from `nextPage`). */
  paged: boolean;
}

/**
 * Builds the complaints query for whatever shape the API has: a plain list (`limit`/`offset`) or a
 * Relay connection (`first`, `edges { node }`), with filters as arguments or inside a `filter` input.
 */
export function planComplaintList(
  capabilities: SchemaCapabilities,
  filters: ComplaintFilters,
  size = 100,
): ComplaintListPlan | undefined {
  const field = capabilities.query('complaints');
  if (!field) return undefined;
  const shape = capabilities.listShape(field);
  const selection = capabilities.selection(shape.itemType, complaintListFields, 1);
  const args: string[] = [];
  const declarations: string[] = [];
  const variables: Record<string, unknown> = {};
  const serverFilters = new Set<keyof ComplaintFilters>();
  const argument = (name: string) => field.args.find((arg) => arg.name === name);

  const sizeArgument = argument('first') ?? argument('limit');
  if (sizeArgument) args.push(`${sizeArgument.name}: ${size}`);

  const filterArgument = argument('filter') ?? argument('where');
  const filterFields = filterArgument
    ? (capabilities.type(namedType(filterArgument.type).name)?.inputFields ?? [])
    : [];
  const filterValue: Record<string, unknown> = {};
  for (const key of ['state', 'team', 'breached'] as const) {
    const value = filters[key];
    if (value === undefined || value === '') continue;
    const direct = argument(key);
    const nested = filterFields.find((input) => input.name === key);
    const target = direct ?? nested;
    if (!target) continue;
    // A list filter (`state: [String!]`) gets the one chosen value as a list.
    const type = namedType(target.type);
    const sent = type.list ? [value] : value;
    if (direct) {
      args.push(`${key}: $${key}`);
      declarations.push(`$${key}: ${type.list ? `[${type.name}!]` : type.name}`);
      variables[key] = sent;
    } else filterValue[key] = sent;
    serverFilters.add(key);
  }
  if (filterArgument && Object.keys(filterValue).length > 0) {
    args.push(`${filterArgument.name}: $filter`);
    declarations.push(`$filter: ${namedType(filterArgument.type).name}`);
    variables.filter = filterValue;
  }

  // A Relay connection with cursors: one page at a time, the next from pageInfo.endCursor.
  const paged = shape.kind === 'connection' && argument('after') !== undefined;
  if (paged) {
    args.push('after: $after');
    declarations.push('$after: String');
  }
  const counted =
    capabilities.type(namedType(field.type).name)?.fields?.some((item) => item.name === 'totalCount') ??
    false;
  const body =
    shape.kind === 'connection'
      ? `edges { node { ${selection} } }${paged ? ` pageInfo { hasNextPage endCursor }${counted ? ' totalCount' : ''}` : ''}`
      : selection;
  const document = `query DashboardComplaints${declarations.length ? `(${declarations.join(', ')})` : ''} {
  complaints${args.length ? `(${args.join(', ')})` : ''} { ${body} }
}`;
  const read = (data: unknown): ComplaintRow[] => {
    const value = (data as { complaints?: unknown })?.complaints;
    if (!value) return [];
    if (shape.kind === 'connection') {
      return ((value as { edges?: Array<{ node: ComplaintRow }> }).edges ?? []).map((edge) => edge.node);
    }
    return value as ComplaintRow[];
  };
  const nextPage = (data: unknown) => {
    const value = (data as { complaints?: { pageInfo?: unknown; totalCount?: number } })?.complaints;
    const pageInfo = value?.pageInfo as { hasNextPage: boolean; endCursor: string | null } | undefined;
    if (!paged || !pageInfo) return undefined;
    return {
      ...pageInfo,
      ...(typeof value?.totalCount === 'number' ? { totalCount: value.totalCount } : {}),
    };
  };
  return { field, document, variables, serverFilters, read, nextPage, paged };
}

export function isBreached(row: ComplaintRow, now: number): boolean {
  if (row.breached) return true;
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

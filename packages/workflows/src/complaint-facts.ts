import type {
  Database,
  Migration,
  Projection,
  ProjectionChange,
  ProjectionCte,
  Timestamp,
} from '@kefu/runtime';
import { complaintRollupCtes, complaintRollupTables } from './complaint-rollups.js';

/** One complaint's facts: the narrow row every dashboard panel and the queue page read (no snapshot). */
export interface ComplaintFactsTable {
  id: string;
  status: string;
  state: string;
  team: string | null;
  assignee: string | null;
  category: string | null;
  customer_grade: string | null;
  priority: string | null;
  opened_by: string | null;
  opened_at: Timestamp | null;
  closed_at: Timestamp | null;
  updated_at: Timestamp;
  /** The first logged step a person took (not the scheduler's), after the opening. */
  first_response_at: Timestamp | null;
  /** The first `complaint.resolve`. */
  first_resolved_at: Timestamp | null;
  /** The customer's answer at the latest revisit. */
  last_satisfaction: string | null;
  /** A reopening, repeat contact or escalation request is in the log. */
  repeat_contact: boolean;
  breached: boolean;
  /** The deadline of each breach, in order (a deadline missed twice is named twice). */
  breach_deadlines: string[];
  next_due_at: Timestamp | null;
  next_deadline: string | null;
  open_call_backs: number;
}

/** One row per `complaint.resolve` in the log. */
export interface ComplaintResolutionsTable {
  workflow_id: string;
  seq: number;
  at: Timestamp;
}

/** One row per `complaint.recordRevisit` in the log. */
export interface ComplaintRevisitsTable {
  workflow_id: string;
  seq: number;
  at: Timestamp;
  satisfaction: string | null;
}

/** Complaints per top-level state and team: all, open (not closed) and open with a missed deadline. */
export interface ComplaintCountsTable {
  status: string;
  team: string | null;
  complaints: number | string;
  open: number | string;
  breached_open: number | string;
}

/** The engine's tables plus the complaint read models, for typed queries. */
export interface ReadModelDatabase extends Database {
  complaint_facts: ComplaintFactsTable;
  complaint_resolutions: ComplaintResolutionsTable;
  complaint_revisits: ComplaintRevisitsTable;
  complaint_counts: ComplaintCountsTable;
}

/** Event types that make a resolution not a first-contact one. */
export const repeatContactTypes = ['complaint.reopen', 'complaint.contact', 'complaint.requestEscalation'];

const repeatContactList = repeatContactTypes.map((type) => `'${type}'`).join(', ');

/**
 * The facts of every complaint recomputed from `workflows` (read-model columns and snapshot) and the
 * `workflow_events` log: what the projection must hold. Used to fill the tables for workflows that existed
 * before them, and by `rebuild-projections`.
 */
export const complaintFactsFromLog = `
  select w.id, w.status, w.state, w.team, w.assignee, w.category, w.customer_grade, w.priority,
    w.snapshot->'context'->'openedBy'->>'userId' as opened_by,
    w.opened_at, w.closed_at, w.updated_at,
    (select min(e.at) from workflow_events e
      where e.workflow_id = w.id and e.seq > 1 and (e.actor_role is null or e.actor_role <> 'system')) as first_response_at,
    (select min(e.at) from workflow_events e where e.workflow_id = w.id and e.type = 'complaint.resolve') as first_resolved_at,
    (select e.event->'revisitRecord'->>'satisfaction' from workflow_events e
      where e.workflow_id = w.id and e.type = 'complaint.recordRevisit' order by e.seq desc limit 1) as last_satisfaction,
    exists (select 1 from workflow_events e where e.workflow_id = w.id and e.type in (${repeatContactList})) as repeat_contact,
    w.breached,
    coalesce((select array_agg(b.value->>'deadline' order by b.ordinality)
      from jsonb_array_elements(coalesce(w.snapshot->'context'->'breaches', '[]'::jsonb)) with ordinality b), '{}') as breach_deadlines,
    d.due_at as next_due_at, d.name as next_deadline,
    (select count(*) from jsonb_array_elements(coalesce(w.snapshot->'context'->'callBacks', '[]'::jsonb)) c
      where c->>'keptAt' is null)::int as open_call_backs
  from workflows w
  left join lateral (
    select (value->>'dueAt')::timestamptz as due_at, key as name
    from jsonb_each(coalesce(w.snapshot->'context'->'deadlines', '{}'::jsonb))
    where jsonb_typeof(value) = 'object' and value ? 'dueAt' and value ? 'event'
    order by 1, 2 limit 1
  ) d on true
  where w.kind = 'complaint'`;

export const complaintResolutionsFromLog = `
  select e.workflow_id, e.seq, e.at from workflow_events e join workflows w on w.id = e.workflow_id
  where w.kind = 'complaint' and e.type = 'complaint.resolve'`;

export const complaintRevisitsFromLog = `
  select e.workflow_id, e.seq, e.at, e.event->'revisitRecord'->>'satisfaction' as satisfaction
  from workflow_events e join workflows w on w.id = e.workflow_id
  where w.kind = 'complaint' and e.type = 'complaint.recordRevisit'`;

/** Counters from facts (a relation with `status`, `team`, `closed_at`, `breached`). */
export function countsFrom(facts: string): string {
  return `
  select status, team, count(*) as complaints, count(*) filter (where closed_at is null) as open,
    count(*) filter (where closed_at is null and breached) as breached_open
  from ${facts} group by status, team`;
}

export const complaintFactsTables: readonly Migration[] = [
  {
    id: 'workflows_0002_complaint_facts',
    up: `
      create table if not exists complaint_facts (
        id text primary key,
        status text not null,
        state text not null,
        team text,
        assignee text,
        category text,
        customer_grade text,
        priority text,
        opened_by text,
        opened_at timestamptz,
        closed_at timestamptz,
        updated_at timestamptz not null,
        first_response_at timestamptz,
        first_resolved_at timestamptz,
        last_satisfaction text,
        repeat_contact boolean not null default false,
        breached boolean not null default false,
        breach_deadlines text[] not null default '{}',
        next_due_at timestamptz,
        next_deadline text,
        open_call_backs integer not null default 0
      );
      create index if not exists complaint_facts_opened on complaint_facts (opened_at, team);
      create index if not exists complaint_facts_team_opened on complaint_facts (team, opened_at);
      create index if not exists complaint_facts_resolved on complaint_facts (first_resolved_at, team);
      create index if not exists complaint_facts_closed on complaint_facts (closed_at);
      create index if not exists complaint_facts_open on complaint_facts (status, team, opened_at) where closed_at is null;
      create index if not exists complaint_facts_hand_over on complaint_facts (next_due_at, opened_at) where closed_at is null;
      create table if not exists complaint_resolutions (
        workflow_id text not null,
        seq integer not null,
        at timestamptz not null,
        primary key (workflow_id, seq)
      );
      create index if not exists complaint_resolutions_at on complaint_resolutions (at, workflow_id);
      create table if not exists complaint_revisits (
        workflow_id text not null,
        seq integer not null,
        at timestamptz not null,
        satisfaction text,
        primary key (workflow_id, seq)
      );
      create index if not exists complaint_revisits_at on complaint_revisits (at, workflow_id);
      create table if not exists complaint_counts (
        status text not null,
        team text,
        complaints bigint not null default 0,
        open bigint not null default 0,
        breached_open bigint not null default 0,
        constraint complaint_counts_key unique nulls not distinct (status, team)
      );
      insert into complaint_facts ${complaintFactsFromLog} on conflict (id) do nothing;
      insert into complaint_resolutions ${complaintResolutionsFromLog} on conflict do nothing;
      insert into complaint_revisits ${complaintRevisitsFromLog} on conflict do nothing;
      insert into complaint_counts ${countsFrom('complaint_facts')} on conflict on constraint complaint_counts_key do nothing;
    `,
  },
];

interface Deadline {
  dueAt?: unknown;
  event?: unknown;
}

/** The earliest pending deadline (ties by name), as the hand-over list shows it. */
function nextDeadline(deadlines: unknown): { name: string; dueAt: string } | null {
  if (deadlines === null || typeof deadlines !== 'object') return null;
  let next: { name: string; dueAt: string; ms: number } | null = null;
  for (const [name, value] of Object.entries(deadlines as Record<string, Deadline | null>)) {
    if (!value || typeof value.dueAt !== 'string' || typeof value.event !== 'string') continue;
    const ms = Date.parse(value.dueAt);
    if (!next || ms < next.ms || (ms === next.ms && name < next.name))
      next = { name, dueAt: value.dueAt, ms };
  }
  return next && { name: next.name, dueAt: new Date(next.ms).toISOString() };
}

/** The facts one transition writes, from the workflow after it and its log entry. */
export function factsOf({ workflow, entry }: ProjectionChange) {
  const model = workflow.readModel as Record<string, unknown>;
  const context = workflow.context as {
    openedBy?: { userId?: string };
    breaches?: Array<{ deadline?: string }>;
    deadlines?: unknown;
    callBacks?: Array<{ keptAt?: string | null }>;
  };
  const human = entry.seq > 1 && (entry.by === null || entry.by.role !== 'system');
  const revisit = entry.type === 'complaint.recordRevisit';
  const next = nextDeadline(context.deadlines);
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    id: workflow.id,
    status: String(model.status),
    state: workflow.state,
    team: text(model.team),
    assignee: text(model.assignee),
    category: text(model.category),
    customer_grade: text(model.customerGrade),
    priority: text(model.priority),
    opened_by: text(context.openedBy?.userId),
    opened_at: text(model.openedAt),
    closed_at: text(model.closedAt),
    updated_at: workflow.updatedAt,
    first_response_at: human ? entry.at : null,
    first_resolved_at: entry.type === 'complaint.resolve' ? entry.at : null,
    last_satisfaction: revisit
      ? text((entry.event.revisitRecord as { satisfaction?: unknown } | undefined)?.satisfaction)
      : null,
    repeat_contact: repeatContactTypes.includes(entry.type),
    breached: model.breached === true,
    breach_deadlines: (context.breaches ?? []).map((breach) => String(breach.deadline)),
    next_due_at: next?.dueAt ?? null,
    next_deadline: next?.name ?? null,
    open_call_backs: (context.callBacks ?? []).filter((promise) => !promise.keptAt).length,
  };
}

/** The SQL type of each `complaint_facts` column (the write casts each value: it selects from `target`). */
const factColumnTypes: Record<keyof ReturnType<typeof factsOf>, string> = {
  id: 'text',
  status: 'text',
  state: 'text',
  team: 'text',
  assignee: 'text',
  category: 'text',
  customer_grade: 'text',
  priority: 'text',
  opened_by: 'text',
  opened_at: 'timestamptz',
  closed_at: 'timestamptz',
  updated_at: 'timestamptz',
  first_response_at: 'timestamptz',
  first_resolved_at: 'timestamptz',
  last_satisfaction: 'text',
  repeat_contact: 'boolean',
  breached: 'boolean',
  breach_deadlines: 'text[]',
  next_due_at: 'timestamptz',
  next_deadline: 'text',
  open_call_backs: 'integer',
};

/**
 * The parts one transition adds to its statement for the complaint read models, each guarded on `target` (the
 * workflow row, present only when the write went in):
 * - `complaint_facts_previous`: the `complaint_facts` row before the write, every column (empty when nothing
 *   was written or the complaint is new);
 * - `complaint_facts_upserted`: the row after it (`returning *`);
 * - `complaint_facts_resolution` / `complaint_facts_revisit`: the log-entry rows, only for those event types;
 * - `complaint_facts_counts`: the counters moved from the previous row's key to the upserted one's, written in
 *   key order so concurrent transitions lock them in one order.
 * Every part reads the tables as they were before the statement; later parts (rollups) may read the previous
 * and upserted rows by name.
 */
export function complaintFactsCtes(change: ProjectionChange): ProjectionCte[] {
  const facts = factsOf(change);
  const { entry } = change;
  const revisit = entry.type === 'complaint.recordRevisit';
  const values: unknown[] = factNames.map((name) => facts[name]);
  values.push(revisit);
  const parts: ProjectionCte[] = [
    { name: 'complaint_facts_previous', text: previousText, values: [] },
    { name: 'complaint_facts_upserted', text: upsertedText, values },
  ];
  if (entry.type === 'complaint.resolve') {
    parts.push({ name: 'complaint_facts_resolution', text: resolutionText, values: [entry.seq, entry.at] });
  }
  if (revisit) {
    parts.push({
      name: 'complaint_facts_revisit',
      text: revisitText,
      values: [entry.seq, entry.at, facts.last_satisfaction],
    });
  }
  parts.push({ name: 'complaint_facts_counts', text: countsText, values: [] });
  return parts;
}

// The parts' texts are constant (their parameters `$n` numbered within each part): the engine builds the
// statement once per combination of parts and then only sends the values.
const factNames = Object.keys(factColumnTypes) as Array<keyof typeof factColumnTypes>;

const previousText = 'select f.* from complaint_facts f where f.id = (select id from target)';

const upsertedText = `insert into complaint_facts (${factNames.join(', ')})
  select ${factNames.map((name, index) => `$${index + 1}::${factColumnTypes[name]}`).join(', ')} from target
  on conflict (id) do update set
    status = excluded.status, state = excluded.state, team = excluded.team, assignee = excluded.assignee,
    category = excluded.category, customer_grade = excluded.customer_grade, priority = excluded.priority,
    opened_by = excluded.opened_by, opened_at = excluded.opened_at, closed_at = excluded.closed_at,
    updated_at = excluded.updated_at,
    first_response_at = least(complaint_facts.first_response_at, excluded.first_response_at),
    first_resolved_at = least(complaint_facts.first_resolved_at, excluded.first_resolved_at),
    last_satisfaction = case when $${factNames.length + 1}::boolean then excluded.last_satisfaction
      else complaint_facts.last_satisfaction end,
    repeat_contact = complaint_facts.repeat_contact or excluded.repeat_contact,
    breached = excluded.breached, breach_deadlines = excluded.breach_deadlines,
    next_due_at = excluded.next_due_at, next_deadline = excluded.next_deadline,
    open_call_backs = excluded.open_call_backs
  returning *`;

const resolutionText = `insert into complaint_resolutions (workflow_id, seq, at)
  select target.id, $1::int, $2::timestamptz from target
  on conflict do nothing`;

const revisitText = `insert into complaint_revisits (workflow_id, seq, at, satisfaction)
  select target.id, $1::int, $2::timestamptz, $3::text from target
  on conflict do nothing`;

const countsText = `insert into complaint_counts (status, team, complaints, open, breached_open)
  select status, team, sum(complaints), sum(open), sum(breached_open) from (
    select status, team, -1 as complaints, case when closed_at is null then -1 else 0 end as open,
      case when closed_at is null and breached then -1 else 0 end as breached_open
    from complaint_facts_previous
    union all
    select status, team, 1, case when closed_at is null then 1 else 0 end,
      case when closed_at is null and breached then 1 else 0 end
    from complaint_facts_upserted
  ) deltas
  group by status, team
  having sum(complaints) <> 0 or sum(open) <> 0 or sum(breached_open) <> 0
  order by status, team nulls first
  on conflict on constraint complaint_counts_key do update set
    complaints = complaint_counts.complaints + excluded.complaints,
    open = complaint_counts.open + excluded.open,
    breached_open = complaint_counts.breached_open + excluded.breached_open`;

/** Adds CTEs (named `complaint_facts_…`, see `complaintFactsCtes`) to the complaint projection's statement. */
export type ComplaintFactsPart = (change: ProjectionChange) => readonly ProjectionCte[];

/**
 * The complaint projection made of `parts`, in order, and the tables they need beside the facts' own: how
 * another module (rollups) adds its CTEs without editing this one, e.g.
 * `complaintFactsProjectionOf([complaintFactsCtes, complaintRollupCtes], complaintRollupTables)`.
 */
export function complaintFactsProjectionOf(
  parts: readonly ComplaintFactsPart[],
  tables: readonly Migration[] = [],
): Projection {
  return {
    id: 'complaint_facts',
    tables: [...complaintFactsTables, ...tables],
    ctes: (change) => parts.flatMap((part) => part(change)),
  };
}

/**
 * The complaint read models, written in the transition's own statement: `complaint_facts` (one narrow row per
 * complaint), `complaint_resolutions` and `complaint_revisits` (one row per such log entry) and
 * `complaint_counts` (per state and team, so counts are O(1)), and the hourly `complaint_rollups`
 * (complaint-rollups.ts).
 */
export const complaintFactsProjection: Projection = complaintFactsProjectionOf(
  [complaintFactsCtes, complaintRollupCtes],
  complaintRollupTables,
);

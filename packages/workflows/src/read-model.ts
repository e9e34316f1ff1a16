import type { Migration, ReadModel, ReadModelColumn, Timestamp } from '@kefu/runtime';

/** The read model every kefu workflow keeps (`WorkflowRecord.readModel`). */
export interface KefuReadModelFields {
  status: string;
  priority: string | null;
  team: string | null;
  assignee: string | null;
  customerGrade: string | null;
  category: string | null;
  openedAt: string | null;
  closedAt: string | null;
  breached: boolean;
}

declare module '@kefu/runtime' {
  /** Types `WorkflowRecord.readModel` for code that imports `@kefu/workflows`. */
  interface ReadModel extends KefuReadModelFields {}
  /** The read-model columns `readModelTables` adds to `workflows`. */
  interface WorkflowsTable {
    status: string;
    priority: string | null;
    team: string | null;
    assignee: string | null;
    customer_grade: string | null;
    category: string | null;
    opened_at: Timestamp | null;
    closed_at: Timestamp | null;
    breached: boolean;
  }
}

/** What a kefu definition projects; fields left out are stored as null (`breached` as false). */
export type KefuReadModel = Pick<KefuReadModelFields, 'status'> &
  Partial<Omit<KefuReadModelFields, 'status'>>;

/** A complete read model from a projection, for `WorkflowDefinition.project`. */
export function kefuReadModel(model: KefuReadModel): ReadModel {
  return {
    status: model.status,
    priority: model.priority ?? null,
    team: model.team ?? null,
    assignee: model.assignee ?? null,
    customerGrade: model.customerGrade ?? null,
    category: model.category ?? null,
    openedAt: model.openedAt ?? null,
    closedAt: model.closedAt ?? null,
    breached: model.breached ?? false,
  };
}

/** The column each read-model field is kept in, the same for every kefu workflow kind. */
export const readModelColumns: Readonly<Record<keyof KefuReadModelFields, ReadModelColumn>> = {
  status: { column: 'status', type: 'text' },
  priority: { column: 'priority', type: 'text' },
  team: { column: 'team', type: 'text' },
  assignee: { column: 'assignee', type: 'text' },
  customerGrade: { column: 'customer_grade', type: 'text' },
  category: { column: 'category', type: 'text' },
  openedAt: { column: 'opened_at', type: 'timestamptz' },
  closedAt: { column: 'closed_at', type: 'timestamptz' },
  breached: { column: 'breached', type: 'boolean' },
};

/**
 * The rank the complaint lists sort priority by (urgent 3, high 2, normal 1, else 0). `readModelTables` indexes
 * exactly this expression, so a query must use this text to be served by it.
 */
export const priorityRankSql =
  "case priority when 'urgent' then 3 when 'high' then 2 when 'normal' then 1 else 0 end";

/**
 * The read-model columns and the indexes dashboards filter and sort on. Databases created before the engine
 * was split already have them (migrations `0001`–`0003`), hence `if not exists` throughout.
 *
 * The complaint lists order by `<column> <direction> nulls last, id` (priority by its rank); an index serves a
 * page only when it holds exactly that order, nulls placement included, so each sort column gets one per
 * direction and the queue is read from the index instead of sorting every matching row.
 */
export const readModelTables: readonly Migration[] = [
  {
    id: 'workflows_0001_read_model',
    up: `
      alter table workflows
        add column if not exists status text,
        add column if not exists priority text,
        add column if not exists team text,
        add column if not exists assignee text,
        add column if not exists customer_grade text,
        add column if not exists category text,
        add column if not exists opened_at timestamptz,
        add column if not exists closed_at timestamptz,
        add column if not exists breached boolean not null default false;
      create index if not exists workflows_kind_status on workflows (kind, status);
      create index if not exists workflows_kind_team_status on workflows (kind, team, status);
      create index if not exists workflows_kind_assignee_status on workflows (kind, assignee, status);
      create index if not exists workflows_kind_priority_status on workflows (kind, priority, status);
      create index if not exists workflows_kind_category_opened on workflows (kind, category, opened_at desc);
      create index if not exists workflows_breached on workflows (kind, opened_at desc) where breached;
      ${[
        ['opened', 'opened_at'],
        ['updated', 'updated_at'],
        ['state', 'state'],
        ['team', 'team'],
        ['assignee', 'assignee'],
        ['grade', 'customer_grade'],
        ['category', 'category'],
      ]
        .map(
          ([name, column]) => `
      create index if not exists workflows_kind_${name}_asc on workflows (kind, ${column} asc nulls last, id);
      create index if not exists workflows_kind_${name}_desc on workflows (kind, ${column} desc nulls last, id);`,
        )
        .join('')}
      create index if not exists workflows_kind_priority_rank_asc on workflows (kind, (${priorityRankSql}) asc, id);
      create index if not exists workflows_kind_priority_rank_desc on workflows (kind, (${priorityRankSql}) desc, id);
    `,
  },
];

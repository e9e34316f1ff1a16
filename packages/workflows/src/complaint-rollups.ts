import type { Migration, ProjectionChange, ProjectionCte, Timestamp } from '@kefu/runtime';

/**
 * Hourly and daily rollups of `complaint_facts` (and `complaint_revisits`): one row per measure, UTC hour (and,
 * as `<measure>:day`, UTC day), team, category (for `category`; null for the others, which no panel splits by
 * category) and key, holding how many complaints (`n`) and the sum (`total`) and sum of squares (`squares`) of the measure's value.
 * Each row is a GROUP BY of facts rows, so a transition keeps it by subtracting the facts row's old contribution
 * and adding its new one, in the transition's statement (`complaintRollupCtes`).
 *
 * | measure    | hour of           | key                                   | n, total, squares                       |
 * |------------|-------------------|---------------------------------------|-----------------------------------------|
 * | `opened`   | `opened_at`       | null                                  | complaints, Σ breached                  |
 * | `category` | `opened_at`       | null (the row's category is set)      | complaints                              |
 * | `breach`   | `opened_at`       | each deadline in `breach_deadlines`   | breaches                                |
 * | `response` | `opened_at`       | histogram bucket of response seconds  | complaints, Σ seconds                   |
 * | `handling` | `first_resolved_at` | histogram bucket of handling seconds | complaints, Σ seconds                   |
 * | `resolved` | `first_resolved_at` | null                                | complaints, Σ first contact (no repeat) |
 * | `pair`     | `opened_at`       | `<response bucket>:<last satisfaction>` | complaints, Σ seconds, Σ seconds²     |
 * | `revisit`  | revisit `at`      | the answer                            | revisits                                |
 */
export interface ComplaintRollupsTable {
  measure: string;
  hour: Timestamp;
  team: string | null;
  category: string | null;
  key: string | null;
  n: number | string;
  total: number | string;
  squares: number | string;
}

export type RollupMeasure =
  | 'opened'
  | 'category'
  | 'breach'
  | 'response'
  | 'handling'
  | 'resolved'
  | 'pair'
  | 'revisit';

export const rollupMeasures: readonly RollupMeasure[] = [
  'opened',
  'category',
  'breach',
  'response',
  'handling',
  'resolved',
  'pair',
  'revisit',
];

/**
 * Histogram buckets of a duration in seconds: [lower bound, width). 1 minute wide below 1 hour, 5 minutes below
 * 4 hours, 30 minutes below 2 days, 6 hours below 30 days, 1 day beyond.
 */
export const histogramSteps: ReadonlyArray<{ below: number; width: number }> = [
  { below: 3_600, width: 60 },
  { below: 14_400, width: 300 },
  { below: 172_800, width: 1_800 },
  { below: 2_592_000, width: 21_600 },
  { below: Number.POSITIVE_INFINITY, width: 86_400 },
];

/** The width in seconds of the histogram bucket starting at `lower`. */
export function histogramWidth(lower: number): number {
  return histogramSteps.find((step) => lower < step.below)!.width;
}

function histogramBucket(seconds: string): string {
  const cases = histogramSteps
    .slice(0, -1)
    .map(({ below, width }) => `when ${seconds} < ${below} then floor(${seconds} / ${width}) * ${width}`)
    .join(' ');
  return `(case ${cases} else floor(${seconds} / ${histogramSteps.at(-1)!.width}) * ${histogramSteps.at(-1)!.width} end)::bigint::text`;
}

/** Upper bounds (minutes) of the response-vs-satisfaction buckets; the last bucket is open-ended. */
export const responseBuckets = [10, 30, 60, 240, 1440];

const seconds = (later: string) => `extract(epoch from (${later} - f.opened_at))`;

interface MeasureSql {
  /** The timestamp whose hour the row counts in. */
  at: string;
  /** The rows (facts `f`, revisits `r`). */
  from?: (facts: string, revisits: string) => string;
  where?: string;
  key: string;
  s?: string;
  ss?: string;
}

const measureSql: Record<RollupMeasure, MeasureSql> = {
  opened: { at: 'f.opened_at', key: 'null', s: 'case when f.breached then 1 else 0 end' },
  category: { at: 'f.opened_at', key: 'null' },
  breach: {
    at: 'f.opened_at',
    from: (facts) => `${facts} f cross join unnest(f.breach_deadlines) as d(deadline)`,
    key: 'd.deadline',
  },
  response: {
    at: 'f.opened_at',
    where: 'f.first_response_at is not null',
    key: histogramBucket(seconds('f.first_response_at')),
    s: seconds('f.first_response_at'),
  },
  handling: {
    at: 'f.first_resolved_at',
    where: 'f.opened_at is not null',
    key: histogramBucket(seconds('f.first_resolved_at')),
    s: seconds('f.first_resolved_at'),
  },
  resolved: { at: 'f.first_resolved_at', key: 'null', s: 'case when f.repeat_contact then 0 else 1 end' },
  pair: {
    at: 'f.opened_at',
    where: 'f.first_response_at is not null and f.last_satisfaction is not null',
    key: `width_bucket(${seconds('f.first_response_at')}::float8, array[${responseBuckets.map((m) => m * 60).join(', ')}]::float8[]) || ':' || f.last_satisfaction`,
    s: seconds('f.first_response_at'),
    ss: `${seconds('f.first_response_at')} * ${seconds('f.first_response_at')}`,
  },
  revisit: {
    at: 'r.at',
    from: (facts, revisits) => `${revisits} r join ${facts} f on f.id = r.workflow_id`,
    key: 'r.satisfaction',
  },
};

export interface MeasureRowsOptions {
  /** The measures to include (all by default). */
  measures?: readonly RollupMeasure[];
  /** A further condition on the row's timestamp. */
  when?: (at: string) => string;
}

/**
 * One row per complaint (or breach, or revisit) and measure: `measure, at, team, category, key, n, total, squares`, from a
 * facts relation (all `complaint_facts` columns) and a revisits relation (`complaint_revisits` columns).
 */
export function measureRows(
  facts: string,
  revisits: string,
  { measures = rollupMeasures, when }: MeasureRowsOptions = {},
): string {
  return measures
    .map((measure) => {
      const m = measureSql[measure];
      // Only the `category` measure is kept per category (hot categories); the others per team only.
      const category = measure === 'category' ? 'f.category' : 'null::text';
      const conditions = [`${m.at} is not null`, m.where, when?.(m.at)].filter(Boolean).join(' and ');
      return `select '${measure}'::text as measure, ${m.at} as at, f.team, ${category} as category, (${m.key})::text as key,
        1::bigint as n, (${m.s ?? '0'})::numeric as total, (${m.ss ?? '0'})::numeric as squares
      from ${m.from ? m.from(facts, revisits) : `${facts} f`} where ${conditions}`;
    })
    .join('\n      union all\n      ');
}

/**
 * The rollup rows of a facts relation (each measure per UTC hour, and as `<measure>:day` per UTC day) (all `complaint_facts` columns) and a revisits relation, in the columns of
 * `complaint_rollups`: used to back-fill, to rebuild, and (on the transition's old and new facts row) for deltas.
 */
export function rollupsFrom(facts: string, revisits = 'complaint_revisits'): string {
  return `
  select m.measure || g.suffix as measure, date_trunc(g.unit, m.at, 'UTC') as hour, m.team, m.category, m.key,
    sum(m.n) as n, sum(m.total) as total, sum(m.squares) as squares
  from (${measureRows(facts, revisits)}) m cross join (values ('hour', ''), ('day', ':day')) as g(unit, suffix)
  group by 1, 2, m.team, m.category, m.key`;
}

/** Every `complaint_facts` column a measure reads: a transition that changes none of them (and records no revisit) moves no rollup. */
export const rollupInputs = [
  'opened_at',
  'team',
  'category',
  'breached',
  'breach_deadlines',
  'first_response_at',
  'first_resolved_at',
  'repeat_contact',
  'last_satisfaction',
] as const;

const inputsOf = (row: string) => `(${rollupInputs.map((column) => `(${row}).${column}`).join(', ')})`;

/**
 * `kefu_complaint_rollup_deltas(previous, upserted, added)`: the rollup rows one transition moves — the facts
 * row's old contribution subtracted, its new one added (`added`: the revisit this transition records, if any).
 * A PL/pgSQL function, so PostgreSQL plans its statement once per connection instead of on every transition, and
 * it returns at once when the transition changed no column a measure reads. It reads `complaint_revisits` as the
 * calling statement sees it (before that statement's own insert, hence `added`).
 */
const rollupDeltasFunction = `
      create or replace function kefu_complaint_rollup_deltas(
        previous complaint_facts, upserted complaint_facts, added complaint_revisits
      ) returns setof complaint_rollups language plpgsql stable as $rollups$
      begin
        if (upserted).id is null then
          return;
        end if;
        if (previous).id is not null and (added).workflow_id is null
          and ${inputsOf('previous')} is not distinct from ${inputsOf('upserted')} then
          return;
        end if;
        return query
          select measure, hour, team, category, key, sum(n)::bigint, sum(total), sum(squares) from (
            select measure, hour, team, category, key, -n as n, -total as total, -squares as squares
            from (${rollupsFrom('(select (previous).* where (previous).id is not null)')}) p
            union all
            select measure, hour, team, category, key, n, total, squares
            from (${rollupsFrom(
              '(select (upserted).*)',
              '(select * from complaint_revisits where workflow_id = (upserted).id union all select (added).* where (added).workflow_id is not null)',
            )}) u
          ) deltas
          group by measure, hour, team, category, key
          having sum(n) <> 0 or sum(total) <> 0 or sum(squares) <> 0;
      end
      $rollups$;`;

export const complaintRollupTables: readonly Migration[] = [
  {
    id: 'workflows_0003_complaint_rollups',
    up: `
      create table if not exists complaint_rollups (
        measure text not null,
        hour timestamptz not null,
        team text,
        category text,
        key text,
        n bigint not null default 0,
        total numeric not null default 0,
        squares numeric not null default 0,
        constraint complaint_rollups_key unique nulls not distinct (measure, hour, team, category, key)
      );
      insert into complaint_rollups ${rollupsFrom('complaint_facts')}
      on conflict on constraint complaint_rollups_key do nothing;
      ${rollupDeltasFunction}
    `,
  },
];

/** Rows left out when comparing rollups: a row at zero means none. */
export const rollupsStoredFilter = 'n <> 0 or total <> 0 or squares <> 0';

/**
 * The parts that keep `complaint_rollups` in the transition's statement (a `ComplaintFactsPart`). They read the
 * statement's `complaint_facts_previous` (the facts row before, empty when new or nothing was written) and
 * `complaint_facts_upserted` (the row after, empty when nothing was written), and the complaint's revisits with
 * the one this transition records: the old row's contribution is subtracted and the new one's added, rows
 * written in key order so concurrent transitions lock them in one order.
 */
export function complaintRollupCtes({ workflow, entry }: ProjectionChange): ProjectionCte[] {
  if (entry.type !== 'complaint.recordRevisit') {
    return [{ name: 'complaint_facts_rollups', text: rollupsText, values: [] }];
  }
  const answer = (entry.event.revisitRecord as { satisfaction?: unknown } | undefined)?.satisfaction;
  const satisfaction = typeof answer === 'string' ? answer : null;
  return [
    {
      name: 'complaint_facts_rollups',
      text: rollupsWithRevisitText,
      values: [workflow.id, entry.seq, entry.at, satisfaction],
    },
  ];
}

/** The rollup part's text around the revisit this transition records (constant: see `ProjectionCte`). */
function rollupsTextWith(added: string): string {
  return `insert into complaint_rollups as c (measure, hour, team, category, key, n, total, squares)
  select d.measure, d.hour, d.team, d.category, d.key, d.n, d.total, d.squares
  from kefu_complaint_rollup_deltas(
    (select row(p.*)::complaint_facts from complaint_facts_previous p),
    (select row(u.*)::complaint_facts from complaint_facts_upserted u),
    ${added}
  ) d
  order by d.measure, d.hour, d.team nulls first, d.category nulls first, d.key nulls first
  on conflict on constraint complaint_rollups_key do update set
    n = c.n + excluded.n, total = c.total + excluded.total, squares = c.squares + excluded.squares`;
}

const rollupsText = rollupsTextWith('null::complaint_revisits');

// The revisit this transition records, unless its log entry is already there (then it is counted).
const rollupsWithRevisitText = rollupsTextWith(
  `(select row($1::text, $2::int, $3::timestamptz, $4::text)::complaint_revisits
    where not exists (select 1 from complaint_revisits where workflow_id = $1 and seq = $2::int))`,
);

import type { ColumnValue } from './workflow-rows.js';
import type { TransitionWrite, WriteGuard } from './write-transition.js';

/** How long outbox rows stay claimed by the process that wrote or claimed them before anyone may claim them. */
export const outboxLeaseSeconds = 30;

/** One part of a statement: SQL text with parameters `$1`…`$n` numbered within the part, and their values. */
export interface StatementPart {
  name: string;
  text: string;
  values: readonly unknown[];
}

/** A transition's statement: its text (the same string object for every write of one shape) and its values. */
export interface TransitionStatement {
  text: string;
  values: unknown[];
  /** The statement's name for a named prepared statement (`undefined` when unnamed). */
  name: string | undefined;
}

/** Statement shapes kept per process (text and name); a write of another shape beyond it builds its text anew. */
const maxShapes = 512;
const shapes = new Map<string, { text: string; name: string }>();
/** A small number per distinct part text, so a shape's key stays short (the texts are constant strings). */
const partTextIds = new Map<string, number>();

/** Appends text and parameters; with `writing` false only the values (the text is known for the shape). */
class StatementBuilder {
  text = '';
  readonly values: unknown[] = [];
  constructor(private readonly writing: boolean) {}

  sql(fragment: string): void {
    if (this.writing) this.text += fragment;
  }

  param(value: unknown, cast?: string): void {
    this.values.push(value);
    if (this.writing)
      this.text += cast === undefined ? `$${this.values.length}` : `$${this.values.length}::${cast}`;
  }

  part(text: string, values: readonly unknown[]): void {
    const offset = this.values.length;
    for (const value of values) this.values.push(value);
    if (!this.writing) return;
    this.text += offset === 0 ? text : text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
  }
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * What the statement's text depends on: insert or update, the guards present, whether timers change, the outbox
 * lease, the read-model columns and the projection parts' names and texts; never the values.
 */
function shapeKey(
  write: TransitionWrite,
  guard: WriteGuard,
  parts: readonly StatementPart[],
): string | undefined {
  let key = `${write.expectedVersion === undefined ? 'i' : 'u'}${guard.rowXmin === undefined ? 0 : 1}`;
  key += `${write.idempotencyKey === null ? 0 : 1}${write.timers.removed.length === 0 ? 0 : 1}`;
  key += `${write.timers.set.length === 0 ? 0 : 1}${guard.leaseOutbox ? 1 : 0}`;
  for (const column of write.columns) key += `|${column.column} ${column.type}`;
  for (const part of parts) {
    let id = partTextIds.get(part.text);
    if (id === undefined) {
      // Part texts are few and constant; beyond this many, a write with a new one is built anew (unnamed).
      if (partTextIds.size >= maxShapes) return undefined;
      id = partTextIds.size + 1;
      partTextIds.set(part.text, id);
    }
    key += `|${part.name} ${id}`;
  }
  return key;
}

/**
 * The transition's ONE statement (see `writeTransition`): the text is built once per shape (`shapeKey`) and kept
 * with its name; every write computes only its values.
 */
export function transitionStatement(
  write: TransitionWrite,
  guard: WriteGuard,
  parts: readonly StatementPart[],
): TransitionStatement {
  const key = shapeKey(write, guard, parts);
  const known = key === undefined ? undefined : shapes.get(key);
  const builder = new StatementBuilder(known === undefined);
  build(builder, write, guard, parts);
  if (known) return { text: known.text, values: builder.values, name: known.name };
  if (key === undefined || shapes.size >= maxShapes) {
    return { text: builder.text, values: builder.values, name: undefined };
  }
  const shape = { text: builder.text, name: `kefu_transition_${shapes.size + 1}` };
  shapes.set(key, shape);
  return { text: shape.text, values: builder.values, name: shape.name };
}

function build(
  b: StatementBuilder,
  write: TransitionWrite,
  guard: WriteGuard,
  parts: readonly StatementPart[],
): void {
  // Column names and types come from the definitions, checked when the runtime was created.
  const value = (column: ColumnValue) => b.param(column.value, column.type);
  const key = write.idempotencyKey;
  b.sql('with target as (');
  if (write.expectedVersion === undefined) {
    const names = [
      ...['id', 'kind', 'machine_id', 'machine_version', 'state', 'snapshot', 'version', 'last_hash'],
      ...['created_at', 'updated_at', ...write.columns.map((column) => column.column)],
    ];
    b.sql(`insert into workflows (${names.map(quoted).join(', ')})\n  values (`);
    b.param(write.workflowId);
    b.sql(', ');
    b.param(write.kind);
    b.sql(', ');
    b.param(write.machineId);
    b.sql(', ');
    b.param(write.machineVersion);
    b.sql(', ');
    b.param(write.state);
    b.sql(', ');
    b.param(write.snapshot, 'jsonb');
    b.sql(', ');
    b.param(write.seq);
    b.sql(', ');
    b.param(write.hash);
    b.sql(', ');
    b.param(write.at, 'timestamptz');
    b.sql(', ');
    b.param(write.at, 'timestamptz');
    for (const column of write.columns) {
      b.sql(', ');
      value(column);
    }
    b.sql(')\n  on conflict (id) do nothing\n  returning id, xmin::text as row_xmin');
  } else {
    b.sql('update workflows set machine_version = ');
    b.param(write.machineVersion);
    b.sql(', state = ');
    b.param(write.state);
    b.sql(', snapshot = ');
    b.param(write.snapshot, 'jsonb');
    b.sql(', version = ');
    b.param(write.seq);
    b.sql(', last_hash = ');
    b.param(write.hash);
    b.sql(', updated_at = ');
    b.param(write.at, 'timestamptz');
    for (const column of write.columns) {
      b.sql(`, ${quoted(column.column)} = `);
      value(column);
    }
    b.sql('\n  where id = ');
    b.param(write.workflowId);
    b.sql(' and version = ');
    b.param(write.expectedVersion);
    if (guard.rowXmin !== undefined) {
      b.sql(' and xmin = ');
      b.param(guard.rowXmin, 'xid');
    }
    if (key !== null) {
      b.sql('\n  and not exists (select 1 from workflow_events where workflow_id = ');
      b.param(write.workflowId);
      b.sql(' and idempotency_key = ');
      b.param(key, 'text');
      b.sql(')');
    }
    b.sql('\n  returning id, xmin::text as row_xmin');
  }
  b.sql(`),
appended as (
  insert into workflow_events (workflow_id, seq, type, event, from_state, to_state, at, actor_id, actor_role,
    idempotency_key, previous_hash, hash)
  select id, `);
  b.param(write.seq, 'int');
  b.sql(', ');
  b.param(write.eventType, 'text');
  b.sql(', ');
  b.param(write.event, 'jsonb');
  b.sql(', ');
  b.param(write.fromState, 'text');
  b.sql(', ');
  b.param(write.state, 'text');
  b.sql(', ');
  b.param(write.at, 'timestamptz');
  b.sql(', ');
  b.param(write.actor.userId, 'text');
  b.sql(', ');
  b.param(write.actor.role, 'text');
  b.sql(', ');
  b.param(key, 'text');
  b.sql(', ');
  b.param(write.previousHash, 'text');
  b.sql(', ');
  b.param(write.hash, 'text');
  b.sql('\n  from target\n  returning seq\n),\n');
  const { removed, set } = write.timers;
  // Most transitions leave the deadlines alone: then the statement carries no timer parts at all.
  if (removed.length > 0) {
    b.sql(`removed_timers as (
  delete from timers
  where workflow_id in (select id from target) and fired_at is null
    and name in (select jsonb_array_elements_text(`);
    b.param(JSON.stringify(removed), 'jsonb');
    b.sql('))\n  returning id\n),\n');
  }
  if (set.length > 0) {
    b.sql(`set_timers as (
  insert into timers (id, workflow_id, name, event, due_at, created_at)
  select t.id, target.id, t.name, t.event, t.due_at, `);
    b.param(write.at, 'timestamptz');
    b.sql('\n  from target cross join jsonb_to_recordset(');
    b.param(JSON.stringify(set), 'jsonb');
    b.sql(`)
    as t(id text, name text, event text, due_at timestamptz)
  on conflict (workflow_id, name) where fired_at is null do update
    set id = excluded.id, event = excluded.event, due_at = excluded.due_at, created_at = excluded.created_at
  returning id
),
`);
  }
  b.sql(
    'queued as (\n  insert into outbox (workflow_id, seq, topic, payload, claimed_until)\n  select target.id, ',
  );
  b.param(write.seq, 'int');
  b.sql(', o.topic, o.payload, ');
  if (guard.leaseOutbox) {
    b.sql('now() + ');
    b.param(`${outboxLeaseSeconds} seconds`, 'interval');
  } else {
    b.sql('null::timestamptz');
  }
  b.sql('\n  from target cross join jsonb_to_recordset(');
  b.param(JSON.stringify(write.outbox), 'jsonb');
  b.sql(') as o(topic text, payload jsonb)\n  returning id\n)');
  for (const part of parts) {
    b.sql(`, ${quoted(part.name)} as (`);
    b.part(part.text, part.values);
    b.sql(')');
  }
  b.sql(`
select (select count(*) from appended)::int as written, (select row_xmin from target) as row_xmin,
  (select jsonb_agg(id::text order by id) from queued) as outbox_ids, `);
  if (key === null) {
    b.sql('null::jsonb');
  } else {
    b.sql('(select to_jsonb(e) from workflow_events e where e.workflow_id = ');
    b.param(write.workflowId);
    b.sql(' and e.idempotency_key = ');
    b.param(key, 'text');
    b.sql(')');
  }
  b.sql(' as duplicate');
}

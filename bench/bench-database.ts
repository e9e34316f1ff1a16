/** The benchmark's own PostgreSQL schema (`kefu_bench`), and bulk-seeded complaints for the scale figures. */
import { createRuntime, openStore } from '@kefu/runtime';
import { defaultWorkflows, rebuildProjections } from '@kefu/workflows';
import pg from 'pg';
import { complaintInput } from './machine-sequences.js';

export const benchSchema = 'kefu_bench';

/** The connection string with `-c search_path=<schema>`, so every table kefu creates lands in that schema. */
export function schemaUrl(databaseUrl: string, schema = benchSchema): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

async function admin<T>(databaseUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function resetSchema(databaseUrl: string, schema = benchSchema): Promise<void> {
  return admin(databaseUrl, async (client) => {
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.query(`create schema ${schema}`);
  });
}

export function dropSchema(databaseUrl: string, schema = benchSchema): Promise<void> {
  return admin(databaseUrl, async (client) => {
    await client.query(`drop schema if exists ${schema} cascade`);
  });
}

/**
 * Makes sure the schema holds at least `count` complaints: the migrated tables, then rows copied from one real
 * complaint (started and recorded through the runtime, so its snapshot is sealed with the run's data key) by
 * `generate_series`, spread over the last 90 days with varied states, teams, priorities and grades, and 2–4 log
 * entries each (started, recorded, resolved for 60 %, revisited for 40 %). Returns the seconds it took.
 */
export async function ensureComplaints(
  databaseUrl: string,
  count: number,
  schema = benchSchema,
): Promise<number> {
  const url = schemaUrl(databaseUrl, schema);
  const store = await openStore({ databaseUrl: url, poolSize: 2 });
  try {
    const existing = await admin(url, async (client) => {
      const { rows } = await client.query(`select count(*)::int as n from workflows where id like 'bulk-%'`);
      return rows[0].n as number;
    });
    if (existing >= count) return 0;
    const began = performance.now();
    const runtime = createRuntime({ store, workflows: defaultWorkflows });
    const { complaintId: _id, ...input } = complaintInput('template');
    const { workflow } = await runtime.start('complaint', input, { id: 'bench-template' });
    await runtime.send(workflow.id, {
      type: 'complaint.record',
      at: '2026-03-02T09:04:00+08:00',
      by: { userId: 'zhang.wei', role: 'supervisor' },
      report: { facts: '客户反映电水壶底部漏水' },
    });
    await runtime.idle();
    await admin(url, async (client) => {
      await client.query(
        `insert into workflows (id, kind, machine_id, machine_version, state, status, snapshot, version, priority, team,
           assignee, customer_grade, category, opened_at, closed_at, breached, last_hash, created_at, updated_at)
         select 'bulk-' || g, t.kind, t.machine_id, t.machine_version, s.state, s.state, t.snapshot, 2,
           (array['normal','normal','high','urgent'])[1 + g % 4],
           (array['after-sales','billing','delivery','quality'])[1 + g % 4],
           case when g % 5 = 0 then null else 'agent-' || (g % 50) end,
           (array['A','B','B','C','C'])[1 + g % 5],
           (array['product-quality','delivery','billing','service-attitude','safety'])[1 + g % 5],
           o.opened_at, case when s.state = 'closed' then o.opened_at + interval '2 days' end,
           g % 7 = 0, md5(g::text), o.opened_at, o.opened_at
         from generate_series($2::int + 1, $1::int) g
         cross join (select * from workflows where id = 'bench-template') t
         cross join lateral (select now() - (g % 129600) * interval '1 minute' as opened_at) o
         cross join lateral (select (array['received','recorded','analysing','awaitingDecision','handling','followingUp',
           'resolved','closed','closed','closed'])[1 + g % 10] as state) s`,
        [count, existing],
      );
      const events = `
        insert into workflow_events (workflow_id, seq, type, event, from_state, to_state, at, actor_id, actor_role, hash)
        select w.id, e.seq, e.type,
          jsonb_build_object('type', e.type, 'at', e.at, 'by', jsonb_build_object('userId', 'zhang.wei', 'role', e.role),
            'revisitRecord', jsonb_build_object('method', 'phone', 'satisfaction',
              (array['satisfied','satisfied','neutral','unsatisfied'])[1 + (abs(hashtext(w.id)) % 4)])),
          e.from_state, e.to_state, e.at, 'zhang.wei', e.role, md5(w.id || e.seq)
        from workflows w
        cross join lateral (values
          (1, 'complaint.started', null, 'received', w.opened_at, 'agent', true),
          (2, 'complaint.record', 'received', 'recorded', w.opened_at + interval '6 minutes', 'supervisor', true),
          (3, 'complaint.resolve', 'followingUp', 'resolved', w.opened_at + interval '1 day', 'supervisor', w.state in ('resolved', 'closed')),
          (4, 'complaint.recordRevisit', 'revisit', 'closed', w.opened_at + interval '2 days', 'agent', w.state = 'closed')
        ) as e(seq, type, from_state, to_state, at, role, present)
        where w.id like 'bulk-%' and e.present and not exists (select 1 from workflow_events x where x.workflow_id = w.id)`;
      await client.query(events);
    });
    // The rows bypassed the runtime: the complaint projections are recomputed from them.
    await rebuildProjections(store.db, { repair: true });
    await admin(url, (client) => client.query('analyze'));
    return (performance.now() - began) / 1000;
  } finally {
    await store.close();
  }
}

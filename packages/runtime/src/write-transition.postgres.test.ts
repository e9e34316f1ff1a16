import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from './create-runtime.js';
import { openStore, type Store } from './open-store.js';
import {
  createTestSchema,
  note,
  postgresUrl,
  skipPostgres,
  testDataKey,
  ticketInput,
  ticketWorkflow,
} from './test-support.js';

let schema: Awaited<ReturnType<typeof createTestSchema>> | undefined;
let store: Store;
const runtimes: Runtime[] = [];

beforeAll(async () => {
  if (!postgresUrl) return;
  schema = await createTestSchema(postgresUrl, 'prepared');
  // One connection: the session whose prepared statements the tests read.
  store = await openStore({ databaseUrl: schema.url, dataKey: testDataKey, poolSize: 1 });
});

afterAll(async () => {
  await Promise.all(runtimes.map((runtime) => runtime.idle()));
  await store?.close();
  await schema?.drop();
});

function runtimeWith(preparedStatements?: boolean): Runtime {
  const runtime = createRuntime({
    store,
    workflows: [ticketWorkflow],
    ...(preparedStatements === undefined ? {} : { preparedStatements }),
  });
  runtimes.push(runtime);
  return runtime;
}

/** The transition statements this session has prepared, with how often each ran. */
async function preparedTransitions(): Promise<Array<{ statement: string; runs: number }>> {
  const { rows } = await sql<{ statement: string; runs: number }>`
    select statement, (generic_plans + custom_plans)::int as runs from pg_prepared_statements
    where name like 'kefu_transition_%' order by statement`.execute(store.db);
  return rows;
}

describe.skipIf(!postgresUrl)(`transition statements on PostgreSQL (${skipPostgres})`, () => {
  it('prepares each statement shape once per connection and runs it again by name', async () => {
    const runtime = runtimeWith();
    const { workflow } = await runtime.start('ticket', ticketInput('2026-03-02T09:00:00.000Z'));
    await runtime.send(workflow.id, note('2026-03-02T09:01:00.000Z', 'first'));
    await runtime.send(workflow.id, note('2026-03-02T09:02:00.000Z', 'second'));
    const updates = (await preparedTransitions()).filter((row) => /update workflows/.test(row.statement));
    expect(updates.map((row) => row.runs)).toEqual([2]);
    expect((await runtime.history(workflow.id)).map((entry) => entry.type)).toEqual([
      'ticket.started',
      'ticket.note',
      'ticket.note',
    ]);
  });

  it('sends the statement unnamed with preparedStatements: false, and writes the same', async () => {
    const before = await preparedTransitions();
    const runtime = runtimeWith(false);
    const { workflow } = await runtime.start('ticket', ticketInput('2026-03-02T10:00:00.000Z'));
    const sent = await runtime.send(workflow.id, note('2026-03-02T10:01:00.000Z', 'unnamed'));
    expect(await preparedTransitions()).toEqual(before);
    expect(sent.workflow.version).toBe(2);
    expect((await runtime.get(workflow.id)).version).toBe(2);
  });
});

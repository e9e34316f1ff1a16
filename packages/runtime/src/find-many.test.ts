import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from './create-runtime.js';
import { openStore, type Store } from './open-store.js';
import { note, statementRecorder, testDataKey, ticketInput, ticketWorkflow } from './test-support.js';

let store: Store;
let runtime: Runtime;

/** Records the kind of every statement the runtime sends. */
const { plugin: countStatements, statements } = statementRecorder();

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://find-many', dataKey: testDataKey });
  runtime = createRuntime({
    store: { ...store, db: store.db.withPlugin(countStatements) },
    workflows: [ticketWorkflow],
  });
  await runtime.ready();
});

afterAll(async () => {
  await runtime.idle();
  await store.close();
});

describe('findMany', () => {
  it('returns the records find returns, in the order asked, from one select', async () => {
    const first = await runtime.start('ticket', ticketInput('2026-03-02T09:00:00.000Z'));
    const second = await runtime.start('ticket', ticketInput('2026-03-02T09:01:00.000Z'));
    await runtime.send(second.workflow.id, note('2026-03-02T09:02:00.000Z', '回电'));
    await runtime.idle();
    const ids = [second.workflow.id, 'no-such-workflow', first.workflow.id, second.workflow.id];
    statements.length = 0;
    const found = await runtime.findMany(ids);
    expect(statements).toEqual(['SelectQueryNode']);
    expect(found.map((record) => record?.id)).toEqual([
      second.workflow.id,
      undefined,
      first.workflow.id,
      second.workflow.id,
    ]);
    // The same mapping as `find`: personal data opened, context and read model alike.
    expect(found[0]).toEqual(await runtime.find(second.workflow.id));
    expect(found[2]).toEqual(await runtime.find(first.workflow.id));
    const context = found[0]!.context as { customer: { name: string }; notes: string[] };
    expect(context.customer.name).toBe('王伟');
    expect(context.notes).toEqual(['回电']);
  });

  it('sends no statement for no ids', async () => {
    statements.length = 0;
    expect(await runtime.findMany([])).toEqual([]);
    expect(statements).toEqual([]);
  });
});

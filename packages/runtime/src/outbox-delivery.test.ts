import { type KyselyPlugin, type RawNode, sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './open-store.js';
import { createOutboxDelivery } from './outbox-delivery.js';
import { createRuntimePubSub, workflowTopics } from './runtime-pub-sub.js';
import { rowCount, testDataKey } from './test-support.js';

let store: Store;
/** The `delete from outbox` statements sent since the test began. */
let deletes = 0;
const countDeletes: KyselyPlugin = {
  transformQuery({ node }) {
    if (node.kind === 'RawNode' && (node as RawNode).sqlFragments.join('?').includes('delete from outbox'))
      deletes++;
    return node;
  },
  transformResult: async ({ result }) => result,
};
/** The sequence numbers published on `workflow.changed`, in order. */
let published: number[] = [];
const pubSub = createRuntimePubSub();
pubSub.eventTarget.addEventListener(workflowTopics.changed, (event) =>
  published.push((event as CustomEvent<{ seq: number }>).detail.seq),
);

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://outbox-delivery', dataKey: testDataKey });
});

afterAll(async () => {
  await store.close();
});

beforeEach(async () => {
  await sql`delete from outbox`.execute(store.db);
  deletes = 0;
  published = [];
});

function delivery(deleteDelayMs?: number) {
  return createOutboxDelivery({
    db: store.db.withPlugin(countDeletes),
    cipher: store.cipher,
    pubSub,
    ...(deleteDelayMs === undefined ? {} : { deleteDelayMs }),
  });
}

/** Writes outbox rows claimed by this process, as a transition does, and hands them to `outbox` to deliver. */
async function written(outbox: ReturnType<typeof delivery>, seqs: number[]): Promise<void> {
  const { rows } = await sql<{ id: string; topic: string; payload: unknown }>`
    insert into outbox (workflow_id, seq, topic, payload, claimed_until)
    select 'ticket-1', seq::int, ${workflowTopics.changed}, jsonb_build_object('workflowId', 'ticket-1', 'seq', seq::int),
      now() + interval '30 seconds'
    from jsonb_array_elements_text(${JSON.stringify(seqs)}::jsonb) as s(seq)
    returning id::text as id, topic, payload`.execute(store.db);
  outbox.enqueue(rows);
}

const outboxRows = () => rowCount(store.db, 'outbox');
const range = (from: number, count: number) => Array.from({ length: count }, (_, index) => from + index);

describe('deleting delivered rows', () => {
  it('deletes what each run delivered before the run ends, by default', async () => {
    const outbox = delivery();
    await written(outbox, [1, 2]);
    await outbox.request({ claim: false });
    expect(published).toEqual([1, 2]);
    expect(await outboxRows()).toBe(0);
    expect(deletes).toBe(1);
  });

  it('with a delay, keeps delivered rows claimed and deletes the rows of several runs in one statement at idle()', async () => {
    const outbox = delivery(60_000);
    await written(outbox, [1, 2, 3]);
    await outbox.request({ claim: false });
    await written(outbox, [4, 5]);
    await outbox.request({ claim: false });
    expect(published).toEqual([1, 2, 3, 4, 5]);
    expect(await outboxRows()).toBe(5);
    expect(deletes).toBe(0);
    // Still claimed by this process: a run that claims from the table delivers none of them again.
    await outbox.request();
    expect(published).toEqual([1, 2, 3, 4, 5]);
    await outbox.idle();
    expect(await outboxRows()).toBe(0);
    expect(deletes).toBe(1);
  });

  it('with a delay, deletes at once when a batch of 100 rows has been delivered', async () => {
    const outbox = delivery(60_000);
    await written(outbox, range(1, 60));
    await outbox.request({ claim: false });
    expect(deletes).toBe(0);
    await written(outbox, range(61, 40));
    await outbox.request({ claim: false });
    expect(published).toEqual(range(1, 100));
    expect(await outboxRows()).toBe(0);
    expect(deletes).toBe(1);
  });
});

import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from './create-runtime.js';
import { createDataCipher, type DataCipher, generateDataKey, isCiphertext } from './data-cipher.js';
import { openStore, type Store } from './open-store.js';
import { reencryptPersonalData } from './reencrypt-personal-data.js';
import type { SubjectKeys } from './subject-keys.js';
import { note, testDataKey, ticketInput, ticketWorkflow } from './test-support.js';

const t0 = '2026-03-02T09:00:00.000Z';
const later = (minutes: number) => new Date(Date.parse(t0) + minutes * 60_000).toISOString();

/** Subject keys in memory: one per subject id, destroyed by `destroy`. */
function memorySubjectKeys() {
  const bySubject = new Map<string, DataCipher>();
  const byKeyId = new Map<string, DataCipher>();
  const keys: SubjectKeys & { add(subjectId: string): void; destroy(subjectId: string): void } = {
    cipherFor: (subjectId) => bySubject.get(subjectId),
    cipherOf: (keyId) => byKeyId.get(keyId),
    add(subjectId) {
      const cipher = createDataCipher(
        `subject-${randomBytes(8).toString('hex')}:${randomBytes(32).toString('base64')}`,
      );
      bySubject.set(subjectId, cipher);
      byKeyId.set(cipher.keyId, cipher);
    },
    destroy(subjectId) {
      byKeyId.delete(bySubject.get(subjectId)!.keyId);
      bySubject.delete(subjectId);
    },
  };
  return keys;
}

const subjectTicket = { ...ticketWorkflow, personalDataSubject: 'ticketId' };
let store: Store;
let runtime: Runtime;
const keys = memorySubjectKeys();

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://subject-keys', dataKey: testDataKey });
  runtime = createRuntime({ store, workflows: [subjectTicket], subjectKeys: keys });
});

afterAll(async () => {
  await runtime.idle();
  await store.close();
});

async function storedText(workflowId: string) {
  const { rows } = await sql<{
    text: string;
  }>`select snapshot::text as text from workflows where id = ${workflowId}
    union all select event::text from workflow_events where workflow_id = ${workflowId}`.execute(store.db);
  return rows.map((row) => row.text).join('\n');
}

async function storedCustomer(workflowId: string) {
  const row = await store.db
    .selectFrom('workflows')
    .select('snapshot')
    .where('id', '=', workflowId)
    .executeTakeFirstOrThrow();
  return (row.snapshot as { context: { customer: unknown } }).context.customer;
}

describe('subject keys', () => {
  it('seals a subject’s personal data with its own key and reads it back when the key exists', async () => {
    keys.add('t1');
    await runtime.start('ticket', ticketInput(t0), { id: 't1' });
    const text = await storedText('t1');
    expect(text).not.toContain('王伟');
    expect(text).not.toContain('13800000000');
    expect(text).toContain('kefu-enc:v1:subject-');
    expect((await runtime.get('t1')).context.customer).toEqual({ name: '王伟', phone: '13800000000' });
    expect((await runtime.history('t1'))[0]!.event.customer).toEqual({ name: '王伟', phone: '13800000000' });
    await runtime.send('t1', note(later(1), 'called back'));
    expect(await runtime.verify('t1')).toMatchObject({
      hashChainIntact: true,
      replayMatchesSnapshot: true,
      timersMatchDeadlines: true,
    });
  });

  it('leaves the data sealed everywhere and still verifies when the subject key is destroyed', async () => {
    keys.destroy('t1');
    const record = await runtime.get('t1');
    const customer = record.context.customer as { name: unknown; phone: unknown };
    expect(isCiphertext(customer.name)).toBe(true);
    expect(isCiphertext(customer.phone)).toBe(true);
    const started = (await runtime.history('t1'))[0]!.event.customer as { name: unknown };
    expect(isCiphertext(started.name)).toBe(true);
    await runtime.send('t1', note(later(2), 'after erasure'));
    expect(await runtime.verify('t1')).toEqual({
      workflowId: 't1',
      events: 3,
      hashChainIntact: true,
      replayMatchesSnapshot: true,
      timersMatchDeadlines: true,
      problems: [],
    });
  });

  it('answers a send on a row it holds in memory with the data still sealed once the subject key is destroyed', async () => {
    keys.add('t5');
    await runtime.start('ticket', ticketInput(t0), { id: 't5' });
    const before = await runtime.send('t5', note(later(1), 'before erasure'));
    expect(before.workflow.context.customer).toEqual({ name: '王伟', phone: '13800000000' });
    const sealed = await storedCustomer('t5');
    keys.destroy('t5');
    const after = await runtime.send('t5', note(later(2), 'after erasure'));
    expect(after.workflow.context.customer).toEqual(sealed);
    expect(await storedCustomer('t5')).toEqual(sealed);
    expect(await storedText('t5')).not.toContain('王伟');
  });

  it('verifies subject-sealed workflows in a process that holds no subject keys', async () => {
    keys.add('t4');
    await runtime.start('ticket', ticketInput(t0), { id: 't4' });
    await runtime.send('t4', note(later(1), 'second entry'));
    const keyless = createRuntime({ store, workflows: [subjectTicket], migrate: false });
    const customer = (await keyless.get('t4')).context.customer as { name: unknown };
    expect(isCiphertext(customer.name)).toBe(true);
    expect((await keyless.verify('t4')).problems).toEqual([]);
  });

  it('uses the store’s key when the subject has no key of its own', async () => {
    const { workflow } = await runtime.start('ticket', ticketInput(t0), { id: 't2' });
    expect(await storedText(workflow.id)).not.toContain('kefu-enc:v1:subject-');
    expect((await runtime.get(workflow.id)).context.customer).toEqual({ name: '王伟', phone: '13800000000' });
  });

  it('keeps subject ciphertexts as they are when the store key is rotated', async () => {
    keys.add('t3');
    const { workflow } = await runtime.start('ticket', ticketInput(t0), { id: 't3' });
    const rotatedKey = `${generateDataKey()},${testDataKey}`;
    const rotated = { ...store, cipher: createDataCipher(rotatedKey) };
    await reencryptPersonalData({ store: rotated, workflows: [subjectTicket] });
    const again = createRuntime({
      store: rotated,
      workflows: [subjectTicket],
      subjectKeys: keys,
      migrate: false,
    });
    expect((await again.get(workflow.id)).context.customer).toEqual({ name: '王伟', phone: '13800000000' });
    expect((await again.verify(workflow.id)).hashChainIntact).toBe(true);
    expect((await again.verify('t2')).hashChainIntact).toBe(true);
  });
});

import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createDataCipher, type DataCipher, isCiphertext } from './data-cipher.js';
import type { WorkflowsTable } from './database-schema.js';
import { keyIdOfCiphertext, type SubjectKeys, withSubjectKeys } from './subject-keys.js';
import { testDataKey, ticketWorkflow } from './test-support.js';
import type { WorkflowDefinition } from './workflow-definition.js';
import { createWorkflowRows } from './workflow-rows.js';

const subjectTicket = { ...ticketWorkflow, personalDataSubject: 'ticketId' } as WorkflowDefinition;
const definitions = new Map([['ticket', subjectTicket]]);

function subjectKeyCipher(): DataCipher {
  return createDataCipher(`subject-${randomBytes(8).toString('hex')}:${randomBytes(32).toString('base64')}`);
}

/** One subject key per subject, replaced by `rotate`, destroyed by `destroy`. */
function memorySubjectKeys() {
  const bySubject = new Map<string, DataCipher>();
  const byKeyId = new Map<string, DataCipher>();
  const keys: SubjectKeys & { rotate(subjectId: string): DataCipher; destroy(subjectId: string): void } = {
    cipherFor: (subjectId) => bySubject.get(subjectId),
    cipherOf: (keyId) => byKeyId.get(keyId),
    rotate(subjectId) {
      const cipher = subjectKeyCipher();
      bySubject.set(subjectId, cipher);
      byKeyId.set(cipher.keyId, cipher);
      return cipher;
    },
    destroy(subjectId) {
      byKeyId.delete(bySubject.get(subjectId)!.keyId);
      bySubject.delete(subjectId);
    },
  };
  return keys;
}

function setup() {
  const keys = memorySubjectKeys();
  const store = createDataCipher(testDataKey);
  const rows = createWorkflowRows(withSubjectKeys(store, keys), definitions, keys);
  return { keys, store, rows };
}

function snapshotOf(name: string, phone = '13800000000') {
  return {
    status: 'active',
    value: 'open',
    context: { ticketId: 't1', customer: { name, phone }, notes: [] as string[] },
  };
}

type Sealed = ReturnType<typeof snapshotOf>;
const rowOf = (snapshot: unknown) => ({ snapshot }) as unknown as Selectable<WorkflowsTable>;
const customerOf = (snapshot: unknown) => (snapshot as Sealed).context.customer;
/** The snapshot as written to the row. */
const written = (sealed: { text: string }) => JSON.parse(sealed.text) as Sealed;

describe('sealing snapshots', () => {
  it('keeps the ciphertext of unchanged personal data and encrypts a changed value anew', () => {
    const { keys, rows } = setup();
    keys.rotate('t1');
    const first = rows.sealSnapshot(subjectTicket, snapshotOf('王伟'));
    const second = rows.sealSnapshot(subjectTicket, snapshotOf('王伟'), first.value);
    expect(customerOf(written(second))).toEqual(customerOf(written(first)));
    const renamed = rows.sealSnapshot(subjectTicket, snapshotOf('李娜'), second.value);
    expect(customerOf(written(renamed)).phone).toBe(customerOf(written(second)).phone);
    expect(customerOf(written(renamed)).name).not.toBe(customerOf(written(second)).name);
    expect(customerOf(rows.openSnapshot(rowOf(JSON.parse(renamed.text)), subjectTicket))).toEqual({
      name: '李娜',
      phone: '13800000000',
    });
  });

  it('keeps ciphertexts by path: two fields with the same plaintext never share one, nor swap theirs', () => {
    const { keys, rows } = setup();
    keys.rotate('t1');
    const first = rows.sealSnapshot(subjectTicket, snapshotOf('13800000000', '13800000000'));
    const sealed = customerOf(written(first));
    expect(sealed.name).not.toBe(sealed.phone);
    const second = rows.sealSnapshot(subjectTicket, snapshotOf('13800000000', '13800000000'), first.value);
    expect(customerOf(written(second))).toEqual(sealed);
    // Swapped values: each path's earlier ciphertext held the other plaintext, so both are sealed anew.
    const swapped = rows.sealSnapshot(subjectTicket, snapshotOf('王伟', '李娜'), second.value);
    const swappedBack = rows.sealSnapshot(subjectTicket, snapshotOf('李娜', '王伟'), swapped.value);
    for (const ciphertext of Object.values(customerOf(written(swappedBack)))) {
      expect(Object.values(customerOf(written(swapped)))).not.toContain(ciphertext);
    }
    expect(customerOf(rows.openSnapshot(rowOf(JSON.parse(swappedBack.text)), subjectTicket))).toEqual({
      name: '李娜',
      phone: '王伟',
    });
  });

  it('encrypts every value anew after a snapshot it did not seal (a row read from the database)', () => {
    const { keys, rows } = setup();
    keys.rotate('t1');
    const first = rows.sealSnapshot(subjectTicket, snapshotOf('王伟'));
    const read = JSON.parse(first.text);
    const again = rows.sealSnapshot(subjectTicket, snapshotOf('王伟'), read);
    expect(customerOf(written(again)).name).not.toBe(customerOf(written(first)).name);
    expect(customerOf(written(again)).phone).not.toBe(customerOf(written(first)).phone);
  });

  it('writes no plaintext, and keeps in process what opens the written snapshot again', () => {
    const { keys, rows } = setup();
    keys.rotate('t1');
    const sealed = rows.sealSnapshot(subjectTicket, snapshotOf('王伟'));
    expect(sealed.text).not.toContain('王伟');
    expect(sealed.text).not.toContain('13800000000');
    expect(JSON.stringify(sealed.value)).not.toContain('王伟');
    expect(rows.openSnapshot(rowOf(sealed.value), subjectTicket)).toEqual(snapshotOf('王伟'));
    expect(rows.openSnapshot(rowOf(written(sealed)), subjectTicket)).toEqual(snapshotOf('王伟'));
  });

  it('seals without changing the snapshot it was given, and opens it again as JSON would', () => {
    const { keys, rows } = setup();
    keys.rotate('t1');
    const given = {
      ...snapshotOf('王伟'),
      children: {},
      extra: { startedAt: new Date('2026-03-02T09:00:00.000Z'), gone: undefined },
    };
    const sealed = rows.sealSnapshot(subjectTicket, given);
    expect(given.context.customer).toEqual({ name: '王伟', phone: '13800000000' });
    expect(isCiphertext(customerOf(written(sealed)).name)).toBe(true);
    expect(rows.openSnapshot(rowOf(sealed.value), subjectTicket)).toEqual(JSON.parse(JSON.stringify(given)));
  });

  it('opens a snapshot it sealed as the one it planned, frozen: nothing changes what the next opening returns', () => {
    const { keys, rows } = setup();
    keys.rotate('t1');
    const planned = snapshotOf('王伟');
    const sealed = rows.sealSnapshot(subjectTicket, planned);
    const opened = rows.openSnapshot(rowOf(sealed.value), subjectTicket) as Sealed;
    expect(opened).toBe(planned);
    expect(() => {
      opened.context.customer.name = 'changed';
    }).toThrow(TypeError);
    expect(() => opened.context.notes.push('changed')).toThrow(TypeError);
    const again = rows.openSnapshot(rowOf(sealed.value), subjectTicket) as Sealed;
    expect(again.context.customer).toEqual({ name: '王伟', phone: '13800000000' });
    expect(again.context.notes).toEqual([]);
    expect(isCiphertext(customerOf(written(sealed)).name)).toBe(true);
  });

  it('opens a sealed snapshot that is not plain JSON (a Date in it) from its text, as a copy the caller may change', () => {
    const { keys, rows } = setup();
    keys.rotate('t1');
    const planned = { ...snapshotOf('王伟'), context: { ...snapshotOf('王伟').context, at: new Date(0) } };
    const sealed = rows.sealSnapshot(subjectTicket, planned);
    const opened = rows.openSnapshot(rowOf(sealed.value), subjectTicket) as Sealed & {
      context: { at: unknown };
    };
    expect(Object.isFrozen(planned)).toBe(false);
    expect(opened.context.at).toBe('1970-01-01T00:00:00.000Z');
    expect(opened.context.customer).toEqual({ name: '王伟', phone: '13800000000' });
    opened.context.notes.push('changed');
    const again = rows.openSnapshot(rowOf(sealed.value), subjectTicket) as Sealed;
    expect(again.context.notes).toEqual([]);
  });

  it('leaves a remembered snapshot sealed once its subject key is destroyed, and seals nothing in the clear', () => {
    const { keys, store, rows } = setup();
    keys.rotate('t1');
    const sealed = rows.sealSnapshot(subjectTicket, snapshotOf('王伟'));
    const ciphertexts = customerOf(written(sealed));
    keys.destroy('t1');
    const opened = rows.openSnapshot(rowOf(sealed.value), subjectTicket);
    expect(customerOf(opened)).toEqual(ciphertexts);
    const next = rows.sealSnapshot(subjectTicket, opened, sealed.value);
    expect(customerOf(written(next))).toEqual(ciphertexts);
    expect(next.text).not.toContain('王伟');
    expect(keyIdOfCiphertext(customerOf(written(next)).name)).not.toBe(store.keyId);
  });

  it('seals with the subject’s new key after a rotation, even where the value did not change', () => {
    const { keys, rows } = setup();
    const before = keys.rotate('t1');
    const sealed = rows.sealSnapshot(subjectTicket, snapshotOf('王伟'));
    expect(keyIdOfCiphertext(customerOf(written(sealed)).name)).toBe(before.keyId);
    const after = keys.rotate('t1');
    const opened = rows.openSnapshot(rowOf(sealed.value), subjectTicket);
    const next = rows.sealSnapshot(subjectTicket, opened, sealed.value);
    expect(keyIdOfCiphertext(customerOf(written(next)).name)).toBe(after.keyId);
    expect(keyIdOfCiphertext(customerOf(written(next)).phone)).toBe(after.keyId);
    expect(after.decrypt(customerOf(written(next)).name)).toBe('王伟');
  });
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  backup,
  createRuntime,
  generateDataKey,
  isCiphertext,
  openStore,
  type Runtime,
  restore,
  type Store,
} from '@kefu/runtime';
import { defaultWorkflows } from '@kefu/workflows';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CustomerStore, createCustomerStore } from './customer-store.js';

const directory = mkdtempSync(join(tmpdir(), 'kefu-customer-erasure-'));
const dataKey = generateDataKey();
const name = '王芳芳';
const phone = '13800000000';
const agent = { userId: 'li.na', role: 'agent' };
const supervisor = { userId: 'zhang.wei', role: 'supervisor' };
const manager = { userId: 'zhao.min', role: 'manager' };
let store: Store;
let customers: CustomerStore;
let runtime: Runtime;
let customerId: string;
let complaintId: string;
let wrappedKey: string;

/** Every row of every table in the database, as JSON text. */
async function everyRow(target: Store): Promise<string> {
  const { rows: tables } = await sql<{
    name: string;
  }>`select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(target.db);
  const texts: string[] = [];
  for (const table of tables) {
    const { rows } = await sql<{
      text: string;
    }>`select row_to_json(t)::text as text from ${sql.table(table.name)} t`.execute(target.db);
    texts.push(...rows.map((row) => row.text));
  }
  return texts.join('\n');
}

/** The names of the files in an uncompressed tar archive whose content holds `needle`. */
function filesHolding(tar: Buffer, needle: string): string[] {
  const found: string[] = [];
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    const fileName = header.subarray(0, 100).toString('utf8').split('\0')[0]!;
    if (fileName === '') break;
    const size = Number.parseInt(header.subarray(124, 136).toString('utf8').split('\0')[0]!.trim() || '0', 8);
    if (tar.subarray(offset + 512, offset + 512 + size).includes(Buffer.from(needle))) found.push(fileName);
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return found;
}

function connect(target: Store) {
  const ownCustomers = createCustomerStore({ store: target });
  return {
    customers: ownCustomers,
    runtime: createRuntime({
      store: target,
      workflows: defaultWorkflows,
      subjectKeys: ownCustomers.subjectKeys,
    }),
  };
}

beforeAll(async () => {
  store = await openStore({ dataDir: join(directory, 'data'), dataKey, backups: false });
  ({ customers, runtime } = connect(store));
  await customers.ready();
  const { customer } = await customers.recognise({
    name,
    phone: '138-0000-0000',
    address: '上海市浦东新区世纪大道 100 号',
    at: '2026-12-01T01:00:00Z',
  });
  customerId = customer.customerId;
  const { workflow } = await runtime.start('complaint', {
    at: '2026-12-01T01:00:00Z',
    by: agent,
    customer: { name, phone, address: '上海市浦东新区世纪大道 100 号', grade: customer.grade },
    channel: 'phone',
    category: 'after-sales',
    summary: '安装师傅迟到',
    customerId,
  });
  complaintId = workflow.id;
  await runtime.send(complaintId, {
    type: 'complaint.record',
    at: '2026-12-01T01:05:00Z',
    by: supervisor,
    report: { facts: '迟到两小时' },
  });
  await runtime.idle();
  const { rows } = await sql<{
    wrapped: string;
  }>`select wrapped_key as wrapped from customer_keys where customer_id = ${customerId}`.execute(store.db);
  wrappedKey = rows[0]!.wrapped;
}, 120_000);

afterAll(async () => {
  await runtime.idle();
  await store.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('erasure by crypto-shredding', () => {
  it('reads the customer in the record and the complaint before erasure', async () => {
    expect((await customers.get(customerId)).identity?.name).toBe(name);
    expect((await runtime.get(complaintId)).context.customer).toMatchObject({ name, phone });
    expect(await everyRow(store)).not.toContain(name);
  });

  it('leaves name, phone and address unreadable in every table while verify passes when a manager erases', async () => {
    await backup(store, join(directory, 'before.tar.gz'));
    await customers.erase({
      customerId,
      reason: 'the customer asked to be forgotten',
      by: manager,
      at: '2026-12-02T00:00:00Z',
    });
    // No key can open them: the customer's key is gone and the store's key never sealed them.
    const { customers: fresh, runtime: freshRuntime } = connect(store);
    expect((await fresh.get(customerId)).identity).toBeNull();
    const sealed = (await freshRuntime.get(complaintId)).context.customer as Record<string, unknown>;
    expect([isCiphertext(sealed.name), isCiphertext(sealed.phone), isCiphertext(sealed.address)]).toEqual([
      true,
      true,
      true,
    ]);
    const history = await freshRuntime.history(complaintId);
    expect(isCiphertext((history[0]!.event.customer as { name: unknown }).name)).toBe(true);
    const rows = await everyRow(store);
    expect(rows).not.toContain(wrappedKey);
    expect(await freshRuntime.verify(complaintId)).toEqual({
      workflowId: complaintId,
      events: 2,
      hashChainIntact: true,
      replayMatchesSnapshot: true,
      timersMatchDeadlines: true,
      problems: [],
    });
  });

  it('cannot read the customer from a backup taken after erasure, and verify passes there', async () => {
    const file = join(directory, 'after.tar.gz');
    await backup(store, file);
    await restore(file, join(directory, 'restored'));
    const restored = await openStore({ dataDir: join(directory, 'restored'), dataKey, backups: false });
    try {
      const { customers: restoredCustomers, runtime: restoredRuntime } = connect(restored);
      expect((await restoredCustomers.get(customerId)).identity).toBeNull();
      const customer = (await restoredRuntime.get(complaintId)).context.customer as Record<string, unknown>;
      expect(isCiphertext(customer.name)).toBe(true);
      expect(isCiphertext(customer.phone)).toBe(true);
      expect(await everyRow(restored)).not.toContain(name);
      expect((await restoredRuntime.verify(complaintId)).problems).toEqual([]);
    } finally {
      await restored.close();
    }
    const bytes = gunzipSync(readFileSync(file));
    expect(bytes.includes(Buffer.from(name))).toBe(false);
    // Table files no longer hold the destroyed key; the write-ahead log may until its segment is overwritten.
    expect(filesHolding(bytes, wrappedKey).filter((file) => !file.startsWith('/pg_wal/'))).toEqual([]);
  });

  it('still reads the customer from a backup taken before erasure (the documented trade-off)', async () => {
    await restore(join(directory, 'before.tar.gz'), join(directory, 'restored-before'));
    const restored = await openStore({
      dataDir: join(directory, 'restored-before'),
      dataKey,
      backups: false,
    });
    try {
      const { customers: restoredCustomers } = connect(restored);
      expect((await restoredCustomers.get(customerId)).identity?.name).toBe(name);
    } finally {
      await restored.close();
    }
  });
});

import { createRuntime, generateDataKey, isCiphertext, openStore } from '@kefu/runtime';
import { defaultWorkflows } from '@kefu/workflows';
import pg from 'pg';
import { expect, it } from 'vitest';
import { createCustomerStore } from './customer-store.js';

const url = process.env.KEFU_TEST_DATABASE_URL;

/**
 * Drops a scratch database once the closed pool's connections are gone: they may still be saying goodbye, and a
 * connection killed while it ends raises its error where nobody listens.
 */
async function dropWhenIdle(admin: pg.Client, name: string): Promise<void> {
  for (;;) {
    try {
      await admin.query(`drop database if exists ${name}`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006') throw error;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

it.skipIf(!url)(
  'recognises, seals and erases a customer of a complaint when the engine is PostgreSQL (skipped without KEFU_TEST_DATABASE_URL)',
  async () => {
    const name = `kefu_customers_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const scratch = new URL(url as string);
    scratch.pathname = `/${name}`;
    try {
      const store = await openStore({
        databaseUrl: scratch.toString(),
        poolSize: 2,
        dataKey: generateDataKey(),
      });
      try {
        const customers = createCustomerStore({ store, indexKey: 'an-index-key-of-at-least-32-bytes-long' });
        const runtime = createRuntime({
          store,
          workflows: defaultWorkflows,
          subjectKeys: customers.subjectKeys,
        });
        const [one, two] = await Promise.all([
          customers.recognise({ name: '王芳', phone: '138-0000-0000', at: '2026-12-01T01:00:00Z' }),
          customers.recognise({ name: '王芳', phone: '+86 13800000000', at: '2026-12-01T01:00:00Z' }),
        ]);
        expect(two.customer.customerId).toBe(one.customer.customerId);
        const { workflow } = await runtime.start('complaint', {
          at: '2026-12-01T01:00:00Z',
          by: { userId: 'li.na', role: 'agent' },
          customer: { name: '王芳', phone: '13800000000' },
          channel: 'phone',
          category: 'after-sales',
          summary: '安装师傅迟到',
          customerId: one.customer.customerId,
        });
        await customers.erase({
          customerId: one.customer.customerId,
          reason: 'asked to be forgotten',
          by: { userId: 'zhao.min', role: 'director' },
          at: '2026-12-02T00:00:00Z',
        });
        const customer = (await runtime.get(workflow.id)).context.customer as { name: unknown };
        expect(isCiphertext(customer.name)).toBe(true);
        expect((await runtime.verify(workflow.id)).problems).toEqual([]);
        await runtime.idle();
      } finally {
        await store.close();
      }
    } finally {
      await dropWhenIdle(admin, name);
      await admin.end();
    }
  },
);

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCustomerStore } from '@kefu/customer-store';
import { generateDataKey, openStore } from '@kefu/runtime';
import { describe, expect, it } from 'vitest';
import { runKefu } from '../test-support/run-kefu.js';

const directory = mkdtempSync(join(tmpdir(), 'kefu-customers-'));
const dataDir = join(directory, 'data');
const dataKey = generateDataKey();
const env = { KEFU_DATA_KEY: dataKey };

/** A customer whose one complaint closed on `closedAt`. */
async function customerClosedOn(phone: string, closedAt: string): Promise<string> {
  const store = await openStore({ dataDir, dataKey, backups: false });
  try {
    const customers = createCustomerStore({ store });
    const { customer } = await customers.recognise({ name: '客户', phone, at: '2025-01-01T00:00:00Z' });
    const base = { customerId: customer.customerId, workflowId: `complaint-${phone}`, data: {} };
    await customers.appendTimeline({ ...base, at: '2025-01-01T00:00:00Z', kind: 'complaint.opened' });
    await customers.appendTimeline({ ...base, at: closedAt, kind: 'complaint.closed' });
    return customer.customerId;
  } finally {
    await store.close();
  }
}

describe('kefu customers', () => {
  it('lists, then erases, the customers past the retention period', async () => {
    const stale = await customerClosedOn('13900000021', '2025-02-01T00:00:00Z');
    await customerClosedOn('13900000022', '2026-11-01T00:00:00Z');
    const args = [
      '--data-dir',
      dataDir,
      'customers',
      'retention',
      '--days',
      '365',
      '--now',
      '2026-12-01T00:00:00Z',
    ];
    const dry = await runKefu([...args, '--dry-run'], { env });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toBe(
      `${stale}\nwould erase 1 customer(s) whose complaints closed and who had no activity for 365 days\n`,
    );
    const run = await runKefu(args, { env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('erased 1 customer(s)');
    const again = await runKefu(args, { env });
    expect(again.stdout).toContain('erased 0 customer(s)');
  });

  it('exits 2 and erases nothing when --days is not a whole number', async () => {
    const run = await runKefu(['--data-dir', dataDir, 'customers', 'retention', '--days', 'soon'], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--days takes a whole number of days');
  });
});

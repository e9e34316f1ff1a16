import { describe, expect, it } from 'vitest';
import { openStore } from './open-store.js';
import { InvalidPayload } from './runtime-errors.js';
import { refusal, rowCount, statementRecorder } from './test-support.js';

describe('test support', () => {
  it('refusal returns the issues of an InvalidPayload and throws for a success or another error', async () => {
    const issues = [{ path: 'at', message: 'must be an ISO date-time' }];
    expect(await refusal(Promise.reject(new InvalidPayload('input', issues)))).toEqual(issues);
    await expect(refusal(Promise.resolve('done'))).rejects.toThrow('but it succeeded');
    await expect(refusal(Promise.reject(new Error('disk full')))).rejects.toThrow(
      'failed with Error: disk full',
    );
  });

  it('rowCount counts rows and the statement recorder records each statement sent through it', async () => {
    const store = await openStore({ dataDir: 'memory://test-support' });
    try {
      const { plugin, statements } = statementRecorder();
      const db = store.db.withPlugin(plugin);
      await db.schema.createTable('things').addColumn('id', 'integer').execute();
      await db
        .insertInto('things' as 'workflows')
        .values([{ id: 1 }, { id: 2 }] as never)
        .execute();
      expect(await rowCount(db, 'things')).toBe(2);
      expect(statements).toEqual(['CreateTableNode', 'InsertQueryNode', 'SelectQueryNode']);
    } finally {
      await store.close();
    }
  });
});

import { openStore } from '@kefu/runtime';
import { expect, it } from 'vitest';
import { createTestSchema, postgresUrl } from '../../runtime/src/test-support.js';
import { createTrainingStore } from './training-store.js';

it.skipIf(!postgresUrl)(
  'migrates and summarises training data when the engine is PostgreSQL (skipped without KEFU_TEST_DATABASE_URL)',
  async () => {
    const schema = await createTestSchema(postgresUrl as string, 'training');
    try {
      const store = await openStore({ databaseUrl: schema.url, poolSize: 2 });
      try {
        const training = createTrainingStore(store);
        const attempt = await training.startAttempt({
          quizId: 'q',
          trainee: 't',
          at: '2026-03-02T09:00:00Z',
        });
        for (const tryNumber of [1, 2]) {
          await training.recordResponse({
            attemptId: attempt.id,
            itemId: 'greeting.opening',
            itemType: 'script',
            tryNumber,
            answer: { text: '您好' },
            rawScore: tryNumber === 1 ? 0.5 : 1,
            penalty: tryNumber === 1 ? 0 : 0.2,
            passed: tryNumber === 2,
            grade: { hits: ['greeting'] },
            at: `2026-03-02T09:0${tryNumber}:00Z`,
          });
        }
        await training.finishAttempt({
          attemptId: attempt.id,
          score: 0.8,
          passed: true,
          at: '2026-03-02T09:05:00Z',
        });
        expect((await training.getAttempt(attempt.id)).responses[0]?.answer).toEqual({ text: '您好' });
        expect(await training.itemSummaries()).toEqual([
          {
            itemId: 'greeting.opening',
            itemType: 'script',
            responses: 1,
            meanScore: 0.8,
            passRate: 1,
            firstTryPassRate: 0,
            meanTries: 2,
          },
        ]);
        expect((await training.traineeSummaries())[0]).toMatchObject({
          trainee: 't',
          passed: 1,
          meanScore: 0.8,
        });
      } finally {
        await store.close();
      }
    } finally {
      await schema.drop();
    }
  },
);

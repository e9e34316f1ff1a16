import { openStore } from '@kefu/runtime';
import { parseScorecard } from '@kefu/scoring';
import { expect, it } from 'vitest';
import { createTestSchema, postgresUrl } from '../../runtime/src/test-support.js';
import { createReviewStore } from './review-store.js';

const scorecard = parseScorecard({
  id: 'call-qa',
  version: 1,
  title: '来电质检',
  sections: [
    {
      id: 'scripts',
      title: '话术',
      criteria: [
        { id: 'greeting', title: '问候' },
        { id: 'no-rude-words', title: '未使用禁语', critical: true },
      ],
    },
  ],
});

it.skipIf(!postgresUrl)(
  'stores reviews, closes a calibration session and lists sessions by reviewer when the engine is PostgreSQL (skipped without KEFU_TEST_DATABASE_URL)',
  async () => {
    const schema = await createTestSchema(postgresUrl as string, 'reviews');
    try {
      const store = await openStore({ databaseUrl: schema.url, poolSize: 2 });
      try {
        const reviews = createReviewStore(store);
        const session = await reviews.createSession({
          title: 's',
          scorecard,
          complaintIds: ['c-1'],
          reviewers: ['ana', 'bo'],
          createdBy: 'ana',
          at: '2026-03-02T09:00:00Z',
        });
        for (const [reviewer, greeting] of [
          ['ana', 'yes'],
          ['bo', 'no'],
        ] as const) {
          await reviews.recordCalibrationScore({
            sessionId: session.id,
            scorecard,
            reviewer,
            agent: 'li.na',
            complaintId: 'c-1',
            ratings: { greeting, 'no-rude-words': 'yes' },
            at: '2026-03-02T09:10:00Z',
          });
        }
        const report = await reviews.closeSession({
          sessionId: session.id,
          scorecard,
          closedBy: 'ana',
          agreed: [
            { complaintId: 'c-1', agent: 'li.na', ratings: { greeting: 'yes', 'no-rude-words': 'yes' } },
          ],
          at: '2026-03-02T10:00:00Z',
        });
        expect(report.reviewers.map((reviewer) => reviewer.lean)).toEqual([0.25, -0.25]);
        expect((await reviews.listSessions({ reviewer: 'bo' })).map((found) => found.id)).toEqual([
          session.id,
        ]);
        expect(await reviews.listSessions({ reviewer: 'cy' })).toEqual([]);
        expect((await reviews.agentQuality('li.na')).reviews).toBe(1);
      } finally {
        await store.close();
      }
    } finally {
      await schema.drop();
    }
  },
);

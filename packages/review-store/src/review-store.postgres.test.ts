import { openStore } from '@kefu/runtime';
import { parseScorecard } from '@kefu/scoring';
import pg from 'pg';
import { expect, it } from 'vitest';
import { createReviewStore } from './review-store.js';

const url = process.env.KEFU_TEST_DATABASE_URL;

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

it.skipIf(!url)(
  'stores reviews, closes a calibration session and lists sessions by reviewer when the engine is PostgreSQL (skipped without KEFU_TEST_DATABASE_URL)',
  async () => {
    const name = `kefu_reviews_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const scratch = new URL(url as string);
    scratch.pathname = `/${name}`;
    try {
      const store = await openStore({ databaseUrl: scratch.toString(), poolSize: 2 });
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
      await admin.query(`drop database if exists ${name}`);
      await admin.end();
    }
  },
);

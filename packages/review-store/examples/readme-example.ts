import { createReviewStore } from '@kefu/review-store';
import { openStore } from '@kefu/runtime';
import { parseScorecard } from '@kefu/scoring';

const scorecard = parseScorecard({
  id: 'call-qa',
  version: 1,
  title: '来电质检',
  sections: [
    {
      id: 'scripts',
      title: '话术与禁语',
      criteria: [
        { id: 'greeting', title: '使用标准问候语' },
        { id: 'no-rude-words', title: '未使用禁语', critical: true },
      ],
    },
  ],
});

const store = await openStore({ dataDir: 'memory://reviews-readme' });
const reviews = createReviewStore(store); // applies its tables before its first operation

const recorded = await reviews.recordReview({
  scorecard,
  reviewer: 'zhou.sup',
  agent: 'li.na',
  complaintId: 'complaint-1',
  ratings: { greeting: 'yes', 'no-rude-words': 'no' },
  comments: { 'no-rude-words': '说了"喂,说话呀"' },
  at: '2026-03-02T09:00:00Z',
});
export const review = {
  score: recorded.score, // 0
  passed: recorded.passed, // false
  criticalFailures: recorded.criticalFailures.map(({ criterionId }) => ({ criterionId })), // [{ criterionId: 'no-rude-words' }]
};
await store.close();

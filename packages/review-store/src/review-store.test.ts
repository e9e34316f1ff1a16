import { InvalidPayload, openStore, type Store } from '@kefu/runtime';
import { refusal, rowCount } from '@kefu/runtime/test-support';
import { parseScorecard } from '@kefu/scoring';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReviewConflict, ReviewRecordNotFound } from './review-errors.js';
import { createReviewStore, type ReviewStore } from './review-store.js';

const scorecard = parseScorecard({
  id: 'call-qa',
  version: 1,
  title: '来电质检',
  passScore: 0.8,
  sections: [
    {
      id: 'attitude',
      title: '服务态度',
      weight: 50,
      criteria: [
        { id: 'polite', title: '礼貌用语' },
        { id: 'empathy', title: '同理心' },
      ],
    },
    {
      id: 'scripts',
      title: '话术与禁语',
      weight: 50,
      criteria: [
        { id: 'phrases', title: '规范用语' },
        { id: 'no-rude-words', title: '未使用禁语', critical: true, allowNotApplicable: false },
      ],
    },
  ],
});
const allYes = { polite: 'yes', empathy: 'yes', phrases: 'yes', 'no-rude-words': 'yes' } as const;

let store: Store;
let reviews: ReviewStore;

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://reviews' });
  reviews = createReviewStore(store);
});
afterAll(() => store.close());

describe('reviews', () => {
  it('records both the grader suggestion and the reviewer decision when the reviewer overrides one and confirms another', async () => {
    await reviews.enqueue(
      [{ complaintId: 'c-1', agent: 'li.na', week: '2026-03-02', reason: 'sample' }],
      '2026-03-09T08:00:00Z',
    );
    const review = await reviews.recordReview({
      scorecard,
      reviewer: 'zhou.sup',
      agent: 'li.na',
      complaintId: 'c-1',
      ratings: { ...allYes, empathy: 'no' },
      comments: { empathy: '没有回应客户的不满' },
      suggestions: [
        { criterionId: 'polite', rating: 'yes', evidence: '已有:问候"您好"' },
        { criterionId: 'no-rude-words', rating: 'no', evidence: '说"喂":“喂”' },
      ],
      at: '2026-03-09T09:00:00Z',
    });
    expect(review.score).toBeCloseTo(0.75, 9);
    expect(review.passed).toBe(false);
    const items = Object.fromEntries(review.items.map((item) => [item.criterionId, item]));
    expect(items.polite).toMatchObject({ rating: 'yes', suggestedRating: 'yes', decision: 'confirmed' });
    expect(items['no-rude-words']).toMatchObject({
      rating: 'yes',
      suggestedRating: 'no',
      decision: 'overridden',
    });
    expect(items.empathy).toMatchObject({ rating: 'no', comment: '没有回应客户的不满', decision: null });
    expect(await reviews.queue({ status: 'open' })).toEqual([]);
    expect((await reviews.queue({ status: 'reviewed' }))[0]).toMatchObject({
      complaintId: 'c-1',
      reviewId: review.id,
    });
    expect(await reviews.getReview(review.id)).toEqual(review);
  });

  it('fails the review with the critical item named when a critical criterion is rated no', async () => {
    const review = await reviews.recordReview({
      scorecard,
      reviewer: 'zhou.sup',
      agent: 'wang.wei',
      complaintId: 'c-2',
      ratings: { ...allYes, 'no-rude-words': 'no' },
      at: '2026-03-09T10:00:00Z',
    });
    expect(review.score).toBe(0);
    expect(review.weightedScore).toBeCloseTo(0.75, 9);
    expect(review.criticalFailures.map((failure) => failure.criterionId)).toEqual(['no-rude-words']);
  });

  it('writes nothing when a rating is missing or unknown', async () => {
    const before = await rowCount(store.db, 'reviews');
    await expect(
      reviews.recordReview({
        scorecard,
        reviewer: 'zhou.sup',
        agent: 'li.na',
        complaintId: 'c-3',
        ratings: { polite: 'yes', bogus: 'yes' } as never,
        at: '2026-03-09T10:00:00Z',
      }),
    ).rejects.toBeInstanceOf(InvalidPayload);
    expect(await rowCount(store.db, 'reviews')).toBe(before);
  });
});

describe('calibration sessions', () => {
  it('keeps the report of blind scores and the agreed scores when the session closes', async () => {
    const session = await reviews.createSession({
      title: '三月第一周校准',
      scorecard,
      complaintIds: ['k-1', 'k-2'],
      reviewers: ['ana', 'bo'],
      createdBy: 'ana',
      at: '2026-03-10T08:00:00Z',
    });
    const give = (reviewer: string, complaintId: string, ratings: Record<string, string>) =>
      reviews.recordCalibrationScore({
        sessionId: session.id,
        scorecard,
        reviewer,
        agent: 'li.na',
        complaintId,
        ratings: { ...allYes, ...ratings } as never,
        at: '2026-03-10T09:00:00Z',
      });
    await give('ana', 'k-1', {});
    await give('bo', 'k-1', { empathy: 'no' });
    await give('ana', 'k-2', { phrases: 'no' });
    await expect(give('ana', 'k-2', {})).rejects.toBeInstanceOf(ReviewConflict);
    await expect(give('cy', 'k-2', {})).rejects.toBeInstanceOf(ReviewConflict);
    await give('bo', 'k-2', { phrases: 'no', polite: 'no' });
    expect(await reviews.progress(session.id)).toEqual([
      { reviewer: 'ana', complaintIds: ['k-1', 'k-2'] },
      { reviewer: 'bo', complaintIds: ['k-1', 'k-2'] },
    ]);

    const report = await reviews.closeSession({
      sessionId: session.id,
      scorecard,
      closedBy: 'ana',
      agreed: [
        { complaintId: 'k-1', agent: 'li.na', ratings: { ...allYes } },
        { complaintId: 'k-2', agent: 'li.na', ratings: { ...allYes, phrases: 'no' } },
      ],
      at: '2026-03-10T10:00:00Z',
    });
    // ana: 1, 0.75; bo: 0.75, 0.5 → consensus 0.875, 0.625; ana leans +0.125, bo −0.125.
    expect(report.reviewers.map((reviewer) => [reviewer.reviewerId, reviewer.lean])).toEqual([
      ['ana', 0.125],
      ['bo', -0.125],
    ]);
    // 8 ratings shared, 6 equal.
    expect(report.pairs[0]?.agreement).toBeCloseTo(0.75, 9);
    expect(
      report.criteria
        .filter((criterion) => criterion.unanimous < 1)
        .map((criterion) => criterion.criterionId),
    ).toEqual(['polite', 'empathy']);
    expect((await reviews.getSession(session.id)).status).toBe('closed');
    const agreed = await reviews.listReviews({ sessionId: session.id, kinds: ['agreed'] });
    expect(agreed.map((review) => [review.complaintId, review.score]).sort()).toEqual([
      ['k-1', 1],
      ['k-2', 0.75],
    ]);
    await expect(give('bo', 'k-1', {})).rejects.toBeInstanceOf(ReviewConflict);
  });

  it('refuses to close without an agreed score for every complaint, writing nothing', async () => {
    const session = await reviews.createSession({
      title: 'x',
      scorecard,
      complaintIds: ['m-1', 'm-2'],
      reviewers: ['ana', 'bo'],
      createdBy: 'ana',
      at: '2026-03-11T08:00:00Z',
    });
    const before = await rowCount(store.db, 'reviews');
    await expect(
      reviews.closeSession({
        sessionId: session.id,
        scorecard,
        closedBy: 'ana',
        agreed: [{ complaintId: 'm-1', agent: 'li.na', ratings: { ...allYes } }],
        at: '2026-03-11T09:00:00Z',
      }),
    ).rejects.toBeInstanceOf(InvalidPayload);
    expect(await rowCount(store.db, 'reviews')).toBe(before);
    expect((await reviews.getSession(session.id)).status).toBe('open');
  });
});

describe('coaching and quality', () => {
  it('lets only the note’s agent acknowledge it, once', async () => {
    const [review] = await reviews.listReviews({ agent: 'wang.wei' });
    const note = await reviews.addCoachingNote({
      reviewId: review?.id as string,
      author: 'zhou.sup',
      text: '不要说"喂",用"您好"开场。',
      at: '2026-03-09T11:00:00Z',
    });
    expect(note.agent).toBe('wang.wei');
    await expect(
      reviews.acknowledgeCoaching({ noteId: note.id, agent: 'li.na', at: '2026-03-09T12:00:00Z' }),
    ).rejects.toBeInstanceOf(ReviewConflict);
    const acknowledged = await reviews.acknowledgeCoaching({
      noteId: note.id,
      agent: 'wang.wei',
      comment: '明白了',
      at: '2026-03-09T12:00:00Z',
    });
    expect(acknowledged).toMatchObject({
      acknowledgedAt: '2026-03-09T12:00:00.000Z',
      acknowledgement: '明白了',
    });
    await expect(
      reviews.acknowledgeCoaching({ noteId: note.id, agent: 'wang.wei', at: '2026-03-09T13:00:00Z' }),
    ).rejects.toBeInstanceOf(ReviewConflict);
    await expect(
      reviews.addCoachingNote({ reviewId: 'nope', author: 'x', text: 'y', at: '2026-03-09T11:00:00Z' }),
    ).rejects.toBeInstanceOf(ReviewRecordNotFound);
  });

  it('certifies only when the lower bound of the mean score clears the cut score', async () => {
    const scores = [1, 1, 0.75, 1];
    for (const [index, value] of scores.entries()) {
      await reviews.recordReview({
        scorecard,
        reviewer: 'zhou.sup',
        agent: 'chen.jie',
        complaintId: `q-${index}`,
        ratings: value === 1 ? { ...allYes } : { ...allYes, empathy: 'no' },
        at: `2026-03-${String(2 + index * 7).padStart(2, '0')}T09:00:00Z`,
      });
    }
    const quality = await reviews.agentQuality('chen.jie', { cutScore: 0.8 });
    expect(quality.reviews).toBe(4);
    expect(quality.trend.map((week) => [week.week, week.meanScore])).toEqual([
      ['2026-03-02', 1],
      ['2026-03-09', 1],
      ['2026-03-16', 0.75],
      ['2026-03-23', 1],
    ]);
    // mean 0.9375, sample sd 0.125, SE 0.0625: lower bound 0.9375 − 1.645 × 0.0625 = 0.8347.
    expect(quality.certification?.lowerBound).toBeCloseTo(0.8347, 4);
    expect(quality.certification?.certified).toBe(true);
    expect((await reviews.agentQuality('chen.jie', { cutScore: 0.9 })).certification?.certified).toBe(false);
    expect((await reviews.agentQuality('nobody')).certification).toBeNull();
  });
});

describe('queue', () => {
  it('queues a complaint reviewed before it was sampled as reviewed, and keeps a queued one as it was', async () => {
    const [reviewed] = await reviews.listReviews({ complaintId: 'c-2' });
    const added = await reviews.enqueue(
      [
        { complaintId: 'c-2', agent: 'wang.wei', week: '2026-03-09', reason: 'breached' },
        { complaintId: 'c-1', agent: 'li.na', week: '2026-03-09', reason: 'breached' },
        { complaintId: 'c-9', agent: 'li.na', week: '2026-03-09', reason: 'sample' },
      ],
      '2026-03-16T08:00:00Z',
    );
    expect(added).toBe(2);
    const queue = await reviews.queue();
    expect(queue.map((entry) => [entry.complaintId, entry.status, entry.reason, entry.reviewId])).toEqual([
      ['c-1', 'reviewed', 'sample', expect.any(String)],
      ['c-9', 'open', 'sample', null],
      ['c-2', 'reviewed', 'breached', reviewed?.id],
    ]);
  });
});

describe('bad input', () => {
  it('names each bad field and queues nothing when sampled complaints are malformed', async () => {
    const before = await rowCount(store.db, 'reviews_queue');
    const issues = await refusal(
      reviews.enqueue(
        [
          { complaintId: 'b-1', agent: 'li.na', week: '2026-03-09', reason: 'sample' },
          { complaintId: ' ', agent: 'li.na', week: '2026-03-09', reason: 'random' as never },
        ],
        'soon',
      ),
    );
    expect(issues).toEqual([
      { path: 'at', message: 'must be an ISO date-time' },
      { path: 'entries.1.complaintId', message: 'must be a non-empty string' },
      { path: 'entries.1.reason', message: 'must be sample, breached or unsatisfied' },
    ]);
    expect(await rowCount(store.db, 'reviews_queue')).toBe(before);
  });

  it('names each bad field and writes no review when a review is malformed', async () => {
    const before = [await rowCount(store.db, 'reviews'), await rowCount(store.db, 'reviews_items')];
    const issues = await refusal(
      reviews.recordReview({
        scorecard,
        reviewer: '',
        agent: 7 as never,
        complaintId: '   ',
        ratings: null as never,
        comments: { polite: 'x'.repeat(2001), empathy: 3 as never },
        at: 'yesterday',
      }),
    );
    expect(issues).toEqual([
      { path: 'reviewer', message: 'must be a non-empty string' },
      { path: 'agent', message: 'must be a non-empty string' },
      { path: 'complaintId', message: 'must be a non-empty string' },
      { path: 'at', message: 'must be an ISO date-time' },
      { path: 'ratings', message: 'must be an object of criterion id → rating' },
      { path: 'comments.polite', message: 'must be text of at most 2000 characters' },
      { path: 'comments.empathy', message: 'must be text of at most 2000 characters' },
    ]);
    expect([await rowCount(store.db, 'reviews'), await rowCount(store.db, 'reviews_items')]).toEqual(before);
  });

  it('names each bad field and creates no session when the session has too few complaints or reviewers', async () => {
    const before = await rowCount(store.db, 'reviews_calibration_sessions');
    const issues = await refusal(
      reviews.createSession({
        title: ' ',
        scorecard,
        complaintIds: [],
        reviewers: ['ana', 'ana'],
        createdBy: 'ana',
        at: 'noon',
      }),
    );
    expect(issues).toEqual([
      { path: 'title', message: 'must be a non-empty string' },
      { path: 'at', message: 'must be an ISO date-time' },
      { path: 'complaintIds', message: 'needs at least 1 complaint id' },
      { path: 'reviewers', message: 'needs at least 2 different reviewers' },
    ]);
    const blankId = await refusal(
      reviews.createSession({
        title: '校准',
        scorecard,
        complaintIds: ['m-1', ''],
        reviewers: ['ana', 'bo'],
        createdBy: 'ana',
        at: '2026-03-11T08:00:00Z',
      }),
    );
    expect(blankId).toEqual([{ path: 'complaintIds', message: 'needs at least 1 complaint id' }]);
    expect(await rowCount(store.db, 'reviews_calibration_sessions')).toBe(before);
  });

  it('keeps the session open and writes nothing when closing names no closer and no time', async () => {
    const session = await reviews.createSession({
      title: '未关闭',
      scorecard,
      complaintIds: ['n-1'],
      reviewers: ['ana', 'bo'],
      createdBy: 'ana',
      at: '2026-03-12T08:00:00Z',
    });
    const before = await rowCount(store.db, 'reviews');
    const issues = await refusal(
      reviews.closeSession({ sessionId: session.id, scorecard, closedBy: '', agreed: [], at: '' }),
    );
    expect(issues).toEqual([
      { path: 'closedBy', message: 'must be a non-empty string' },
      { path: 'at', message: 'must be an ISO date-time' },
    ]);
    expect(await rowCount(store.db, 'reviews')).toBe(before);
    expect((await reviews.getSession(session.id)).status).toBe('open');
  });

  it('writes no note and acknowledges nothing when coaching input is malformed', async () => {
    const review = await reviews.recordReview({
      scorecard,
      reviewer: 'zhou.sup',
      agent: 'zhao.lei',
      complaintId: 'k-1',
      ratings: { ...allYes },
      at: '2026-03-13T09:00:00Z',
    });
    const notes = await rowCount(store.db, 'reviews_coaching_notes');
    const badNote = await refusal(
      reviews.addCoachingNote({ reviewId: review.id, author: '', text: '好'.repeat(4001), at: 'later' }),
    );
    expect(badNote).toEqual([
      { path: 'author', message: 'must be a non-empty string' },
      { path: 'text', message: 'must be at most 4000 characters' },
      { path: 'at', message: 'must be an ISO date-time' },
    ]);
    const blankNote = await refusal(
      reviews.addCoachingNote({
        reviewId: review.id,
        author: 'zhou.sup',
        text: '  ',
        at: '2026-03-13T10:00:00Z',
      }),
    );
    expect(blankNote).toEqual([{ path: 'text', message: 'must be a non-empty string' }]);
    expect(await rowCount(store.db, 'reviews_coaching_notes')).toBe(notes);

    const note = await reviews.addCoachingNote({
      reviewId: review.id,
      author: 'zhou.sup',
      text: '结束前确认客户没有其他问题。',
      at: '2026-03-13T10:00:00Z',
    });
    const badAcknowledgement = await refusal(
      reviews.acknowledgeCoaching({
        noteId: note.id,
        agent: 'zhao.lei',
        comment: '好'.repeat(2001),
        at: '2026-03-13T11:00:00Z',
      }),
    );
    expect(badAcknowledgement).toEqual([
      { path: 'comment', message: 'must be text of at most 2000 characters' },
    ]);
    expect(await reviews.getCoachingNote(note.id)).toMatchObject({
      acknowledgedAt: null,
      acknowledgement: null,
    });
  });
});

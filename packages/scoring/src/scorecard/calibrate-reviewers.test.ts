import { describe, expect, it } from 'vitest';
import { InvalidScorecard } from '../items/scoring-input-error.js';
import { cohenKappa } from '../statistics/cohen-kappa.js';
import { calibrateReviewers } from './calibrate-reviewers.js';
import type { ScorecardInput } from './scorecard-schemas.js';

// Five equally weighted yes/no criteria in one section: a review's score is (yes count) / 5.
const criteria = ['c1', 'c2', 'c3', 'c4', 'c5'];
const scorecard: ScorecardInput = {
  id: 'chat-qa',
  version: 3,
  title: '在线质检',
  passScore: 0.6,
  sections: [{ id: 'all', title: '全部', criteria: criteria.map((id) => ({ id, title: id })) }],
};

const reviewOf = (reviewerId: string, interactionId: string, ratings: ('yes' | 'no')[]) => ({
  scorecardId: 'chat-qa',
  scorecardVersion: 3,
  interactionId,
  reviewerId,
  ratings: Object.fromEntries(criteria.map((id, index) => [id, ratings[index] as string])),
});

describe('calibrateReviewers', () => {
  it("measures each reviewer's lean against the mean when three reviewers score the same calls", () => {
    const Y = 'yes' as const;
    const N = 'no' as const;
    const report = calibrateReviewers(scorecard, [
      reviewOf('generous', 'call-1', [Y, Y, Y, Y, Y]), // 1.0
      reviewOf('middle', 'call-1', [Y, Y, Y, Y, N]), // 0.8
      reviewOf('harsh', 'call-1', [Y, Y, Y, N, N]), // 0.6
      reviewOf('generous', 'call-2', [Y, Y, Y, Y, N]), // 0.8
      reviewOf('middle', 'call-2', [Y, Y, Y, N, N]), // 0.6
      reviewOf('harsh', 'call-2', [Y, Y, N, N, N]), // 0.4
    ]);
    const lean = Object.fromEntries(report.reviewers.map((reviewer) => [reviewer.reviewerId, reviewer.lean]));
    expect(lean.generous).toBeCloseTo(0.2, 12);
    expect(lean.middle).toBeCloseTo(0, 12);
    expect(lean.harsh).toBeCloseTo(-0.2, 12);
    expect(report.interactions.map((interaction) => interaction.spread)).toEqual([
      expect.closeTo(0.4, 12),
      expect.closeTo(0.4, 12),
    ]);
    expect(report.reviewers.find((reviewer) => reviewer.reviewerId === 'harsh')?.passAgreement).toBe(0.5);
    // c1 and c2 are unanimous on both calls, c5 on call-2 only … c3 on call-1 only.
    expect(report.criteria.map((criterion) => criterion.unanimous)).toEqual([1, 1, 0.5, 0, 0.5]);
    expect(report.fleissKappa).not.toBeNull();
  });

  it('measures lean against a reference reviewer when the consensus is an answer key', () => {
    const report = calibrateReviewers(
      scorecard,
      [
        reviewOf('lead', 'call-1', ['yes', 'yes', 'no', 'no', 'no']),
        reviewOf('new', 'call-1', ['yes', 'yes', 'yes', 'yes', 'no']),
      ],
      { consensus: { referenceReviewerId: 'lead' } },
    );
    expect(report.reviewers.find((reviewer) => reviewer.reviewerId === 'new')).toMatchObject({
      lean: expect.closeTo(0.4, 12),
      passAgreement: 0,
    });
    expect(report.reviewers.find((reviewer) => reviewer.reviewerId === 'lead')?.lean).toBe(0);
  });

  it("gives the textbook Cohen's kappa of 0.4 when two reviewers agree 20 + 15 times out of 50", () => {
    // Ten calls × five criteria = 50 ratings: (yes, yes) 20, (yes, no) 5, (no, yes) 10, (no, no) 15.
    const pairs: ['yes' | 'no', 'yes' | 'no'][] = [
      ...Array.from({ length: 20 }, () => ['yes', 'yes'] as ['yes', 'yes']),
      ...Array.from({ length: 5 }, () => ['yes', 'no'] as ['yes', 'no']),
      ...Array.from({ length: 10 }, () => ['no', 'yes'] as ['no', 'yes']),
      ...Array.from({ length: 15 }, () => ['no', 'no'] as ['no', 'no']),
    ];
    const reviews = [];
    for (let call = 0; call < 10; call++) {
      const slice = pairs.slice(call * 5, call * 5 + 5);
      reviews.push(
        reviewOf(
          'a',
          `call-${call}`,
          slice.map((pair) => pair[0]),
        ),
      );
      reviews.push(
        reviewOf(
          'b',
          `call-${call}`,
          slice.map((pair) => pair[1]),
        ),
      );
    }
    const report = calibrateReviewers(scorecard, reviews);
    expect(report.pairs).toHaveLength(1);
    expect(report.pairs[0]).toMatchObject({
      reviewerA: 'a',
      reviewerB: 'b',
      sharedRatings: 50,
      agreement: 0.7,
    });
    expect(report.pairs[0]?.cohenKappa).toBeCloseTo(0.4, 12);
    expect(
      cohenKappa(
        pairs.map((pair) => pair[0]),
        pairs.map((pair) => pair[1]),
      ),
    ).toBeCloseTo(0.4, 12);
    // With two raters Fleiss' kappa uses pooled proportions: p(yes) = (25 + 30) / 100 = 0.55,
    // P̄ₑ = 0.55² + 0.45² = 0.505, P̄ = 0.7 → κ = (0.7 − 0.505) / 0.495.
    expect(report.fleissKappa).toBeCloseTo((0.7 - 0.505) / 0.495, 12);
  });

  it('throws InvalidScorecard when a reviewer reviews the same call twice or the reference did not review it', () => {
    const once = reviewOf('a', 'call-1', ['yes', 'yes', 'yes', 'yes', 'yes']);
    expect(() => calibrateReviewers(scorecard, [once, once])).toThrow(InvalidScorecard);
    expect(() =>
      calibrateReviewers(scorecard, [once], { consensus: { referenceReviewerId: 'lead' } }),
    ).toThrow(/did not review/);
  });
});

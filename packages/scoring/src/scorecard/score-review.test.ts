import { describe, expect, it } from 'vitest';
import { InvalidScorecard, ScorecardVersionNotFound } from '../items/scoring-input-error.js';
import { parseScorecard, scoreReview } from './score-review.js';
import { createScorecardLibrary } from './scorecard-library.js';
import type { ScorecardInput } from './scorecard-schemas.js';

const callQa: ScorecardInput = {
  id: 'call-qa',
  version: 1,
  title: '来电质检',
  passScore: 0.8,
  sections: [
    {
      id: 'opening',
      title: '开场',
      weight: 2,
      criteria: [
        { id: 'greeting', title: '使用标准问候语', weight: 1 },
        { id: 'name', title: '报工号/姓名', weight: 1 },
        { id: 'no-rude-words', title: '未使用禁语', critical: true, allowNotApplicable: false },
      ],
    },
    {
      id: 'handling',
      title: '处理',
      weight: 3,
      criteria: [
        { id: 'verify', title: '核实客户信息', weight: 2 },
        { id: 'solution', title: '给出解决方案', weight: 2, scale: { points: 4 } },
        { id: 'callback', title: '约定回电时间', weight: 1 },
      ],
    },
    {
      id: 'closing',
      title: '结束',
      weight: 1,
      criteria: [{ id: 'thanks', title: '致谢并道别' }],
    },
  ],
};

const review = (
  ratings: Record<string, 'yes' | 'no' | 'na' | number>,
  extra: Record<string, unknown> = {},
) => ({
  scorecardId: 'call-qa',
  scorecardVersion: 1,
  interactionId: 'call-1',
  reviewerId: 'qa-li',
  ratings,
  ...extra,
});

const allYes = {
  greeting: 'yes',
  name: 'yes',
  'no-rude-words': 'yes',
  verify: 'yes',
  solution: 4,
  callback: 'yes',
  thanks: 'yes',
} as const;

describe('scoreReview', () => {
  it('scores 1 and passes when every criterion is met', () => {
    const score = scoreReview(callQa, review({ ...allYes }));
    expect(score).toMatchObject({ score: 1, passed: true, autoFailed: false, scorecardVersion: 1 });
    expect(score.sections.map((section) => section.effectiveWeight)).toEqual([2 / 6, 3 / 6, 1 / 6]);
  });

  it('weights criteria within sections and sections within the review when some are missed', () => {
    // opening: greeting no → (0 + 1 + 1) / 3 = 2/3; handling: solution 2/4 → (2 + 1 + 1) / 5 = 0.8; closing 1.
    const score = scoreReview(callQa, review({ ...allYes, greeting: 'no', solution: 2 }));
    expect(score.sections.map((section) => section.score)).toEqual([2 / 3, 0.8, 1]);
    expect(score.score).toBeCloseTo((2 * (2 / 3) + 3 * 0.8 + 1) / 6, 12);
    expect(score.passed).toBe(false); // 0.789 < passScore 0.8
  });

  it('leaves out N/A criteria and rescales the rest of their section when some are N/A', () => {
    // handling without callback: verify yes (2), solution 3/4 (2) → (2 + 1.5) / 4 = 0.875.
    const score = scoreReview(callQa, review({ ...allYes, callback: 'na', solution: 3 }));
    const handling = score.sections[1];
    expect(handling?.score).toBeCloseTo(0.875, 12);
    expect(handling?.criteria.find((criterion) => criterion.criterionId === 'callback')).toMatchObject({
      applicable: false,
      earned: null,
      effectiveWeight: 0,
    });
    const weights = score.sections.flatMap((section) =>
      section.criteria.map((criterion) => criterion.effectiveWeight),
    );
    expect(weights.reduce((sum, weight) => sum + weight, 0)).toBeCloseTo(1, 12);
  });

  it('leaves out a section and rescales the others when all its criteria are N/A', () => {
    const score = scoreReview(callQa, review({ ...allYes, thanks: 'na', greeting: 'no' }));
    expect(score.sections[2]).toMatchObject({ applicable: false, score: null, effectiveWeight: 0 });
    expect(score.sections[0]?.effectiveWeight).toBeCloseTo(2 / 5, 12);
    expect(score.score).toBeCloseTo((2 * (2 / 3) + 3 * 1) / 5, 12);
  });

  it('fails the whole review with score 0 when a critical criterion is not met', () => {
    const score = scoreReview(
      callQa,
      review(
        { ...allYes, 'no-rude-words': 'no' },
        { comments: { 'no-rude-words': '客户沉默时说了“喂,说话呀!”' } },
      ),
    );
    expect(score).toMatchObject({ score: 0, passed: false, autoFailed: true });
    expect(score.weightedScore).toBeCloseTo((2 * (2 / 3) + 3 + 1) / 6, 12);
    expect(score.autoFailReasons).toEqual([
      { criterionId: 'no-rude-words', title: '未使用禁语', comment: '客户沉默时说了“喂,说话呀!”' },
    ]);
  });

  it('zeroes only its section when a section-critical criterion is not met', () => {
    const scorecard = {
      ...callQa,
      sections: callQa.sections.map((section) =>
        section.id === 'handling'
          ? {
              ...section,
              criteria: section.criteria.map((criterion) =>
                criterion.id === 'verify' ? { ...criterion, critical: 'section' as const } : criterion,
              ),
            }
          : section,
      ),
    };
    const score = scoreReview(scorecard, review({ ...allYes, verify: 'no' }));
    expect(score.autoFailed).toBe(false);
    expect(score.sections[1]).toMatchObject({ score: 0, failedBy: ['verify'] });
    expect(score.score).toBeCloseTo((2 + 0 + 1) / 6, 12);
  });

  it('fails when the score is below passScore', () => {
    const score = scoreReview(callQa, review({ ...allYes, verify: 'no', solution: 1, callback: 'no' }));
    expect(score.passed).toBe(false);
    expect(score.autoFailed).toBe(false);
  });

  it('throws InvalidScorecard naming each bad rating when the review does not fit the scorecard', () => {
    try {
      const { thanks: _left, ...withoutThanks } = allYes;
      scoreReview(
        callQa,
        review({ ...withoutThanks, 'no-rude-words': 'na', solution: 5, greeting: 3, extra: 'yes' }),
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidScorecard);
      expect((error as InvalidScorecard).code).toBe('INVALID_REVIEW');
      expect((error as InvalidScorecard).issues.map((issue) => issue.path)).toEqual([
        'ratings.greeting',
        'ratings.no-rude-words',
        'ratings.solution',
        'ratings.thanks',
        'ratings.extra',
      ]);
    }
  });

  it('throws InvalidScorecard when every criterion is N/A', () => {
    const allNa = Object.fromEntries(Object.keys(allYes).map((id) => [id, 'na' as const]));
    const scorecard = {
      ...callQa,
      sections: callQa.sections.map((section) => ({
        ...section,
        criteria: section.criteria.map((c) => ({ ...c, critical: false, allowNotApplicable: true })),
      })),
    };
    expect(() => scoreReview(scorecard, review(allNa))).toThrow(/every criterion is N\/A/);
  });

  it('throws InvalidScorecard when the review was made with another version', () => {
    expect(() => scoreReview(callQa, review({ ...allYes }, { scorecardVersion: 2 }))).toThrow(
      /v2, not "call-qa" v1/,
    );
  });
});

describe('parseScorecard', () => {
  it('throws InvalidScorecard with paths when ids repeat or a critical criterion uses points', () => {
    const bad = {
      ...callQa,
      sections: [
        ...callQa.sections,
        {
          id: 'closing',
          title: 'again',
          criteria: [{ id: 'greeting', title: 'g', critical: true, scale: { points: 3 } }],
        },
      ],
    };
    try {
      parseScorecard(bad);
      expect.unreachable();
    } catch (error) {
      expect((error as InvalidScorecard).issues.map((issue) => issue.path)).toEqual([
        'sections.3.id',
        'sections.3.criteria.0.id',
        'sections.3.criteria.0.scale',
      ]);
    }
  });
});

describe('createScorecardLibrary', () => {
  const version2: ScorecardInput = {
    ...callQa,
    version: 2,
    passScore: 0.9,
    sections: callQa.sections.map((section) =>
      section.id === 'opening' ? { ...section, weight: 1 } : section,
    ),
  };

  it('scores each review with the version it recorded when a newer version is published', () => {
    const library = createScorecardLibrary([callQa]);
    const oldReview = review({ ...allYes, greeting: 'no', solution: 2 });
    const before = library.score(oldReview);
    library.add(version2);
    expect(library.versions('call-qa')).toEqual([1, 2]);
    expect(library.latest('call-qa').version).toBe(2);
    const after = library.score(oldReview);
    expect(after).toEqual(before);
    expect(after.scorecardVersion).toBe(1);
    const newReview = library.score({ ...oldReview, scorecardVersion: 2 });
    expect(newReview.score).not.toBeCloseTo(before.score, 6);
    expect(newReview.passed).toBe(false);
  });

  it('refuses and keeps the original when a version is republished with other content', () => {
    const library = createScorecardLibrary([callQa]);
    expect(() => library.add({ ...callQa, passScore: 0.5 })).toThrow(/already published/);
    expect(library.get('call-qa', 1).passScore).toBe(0.8);
    expect(library.add(callQa)).toBe(library.get('call-qa', 1));
  });

  it('cannot be edited in place when a published version is handed out', () => {
    const library = createScorecardLibrary([callQa]);
    const held = library.get('call-qa', 1);
    expect(Object.isFrozen(held.sections[0]?.criteria[0])).toBe(true);
    expect(() => {
      (held as { passScore: number }).passScore = 0.1;
    }).toThrow(TypeError);
  });

  it('throws ScorecardVersionNotFound when a review names an unknown version', () => {
    const library = createScorecardLibrary([callQa]);
    expect(() => library.score(review({ ...allYes }, { scorecardVersion: 7 }))).toThrow(
      ScorecardVersionNotFound,
    );
    expect(() => library.latest('chat-qa')).toThrow(ScorecardVersionNotFound);
  });
});

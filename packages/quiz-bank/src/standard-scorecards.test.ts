import { scoreReview, YamlValidationError } from '@kefu/scoring';
import { describe, expect, it } from 'vitest';
import {
  loadScorecardFiles,
  standardScorecard,
  standardScorecardId,
  standardScorecards,
  suggestRatings,
} from './standard-scorecards.js';

const card = standardScorecard();
const criteria = card.scorecard.sections.flatMap((section) => section.criteria);
const allYes = Object.fromEntries(
  criteria.map((criterion) => [criterion.id, criterion.scale === 'yes-no' ? 'yes' : criterion.scale.points]),
);
const review = (ratings: Record<string, unknown>) => ({
  scorecardId: card.scorecard.id,
  scorecardVersion: card.scorecard.version,
  interactionId: 'complaint-1',
  reviewerId: 'lead',
  ratings: { ...allYes, ...ratings },
});

describe('the standard complaint scorecard', () => {
  it('covers the five areas of seed 003 when loaded as version 1', () => {
    expect(card.scorecard.id).toBe(standardScorecardId);
    expect(standardScorecards().versions(standardScorecardId)).toEqual([1]);
    expect(card.scorecard.sections.map((section) => section.title)).toEqual([
      '服务态度',
      '专业知识',
      '问题解决',
      '话术与禁语',
      '流程与时效',
    ]);
    expect(
      criteria.filter((criterion) => criterion.critical === true).map((criterion) => criterion.id),
    ).toEqual(['no-forbidden-phrases', 'privacy-protected']);
  });

  it('fails the whole review when a critical item is rated no, whatever else scored', () => {
    const score = scoreReview(card.scorecard, review({ 'no-forbidden-phrases': 'no' }));
    // scripts weighs 15 of 100 and the critical item is one of its two criteria: 1 − 0.15 × ½.
    expect(score.weightedScore).toBeCloseTo(0.925, 5);
    expect(score.score).toBe(0);
    expect(score.passed).toBe(false);
    expect(score.autoFailReasons.map((reason) => reason.criterionId)).toEqual(['no-forbidden-phrases']);
  });

  it('passes with full marks when every criterion is met', () => {
    const score = scoreReview(card.scorecard, review({}));
    expect(score.score).toBe(1);
    expect(score.passed).toBe(true);
  });

  it('zeroes only the knowledge section when the agent misled the customer', () => {
    const score = scoreReview(card.scorecard, review({ 'accurate-information': 'no' }));
    expect(score.autoFailed).toBe(false);
    expect(score.sections.find((section) => section.sectionId === 'knowledge')?.score).toBe(0);
    expect(score.score).toBeCloseTo(0.8, 5);
  });
});

describe('suggestRatings', () => {
  it('suggests no for the forbidden-phrase item, quoting the words, when a note holds them', () => {
    const suggestions = suggestRatings(card, ['喂,说话呀!再不说话我就挂了啊!']);
    const forbidden = suggestions.find((suggestion) => suggestion.criterionId === 'no-forbidden-phrases');
    expect(forbidden?.rating).toBe('no');
    expect(forbidden?.evidence).toContain('喂');
  });

  it('suggests yes for polite words and standard phrases when the transcript uses them', () => {
    const suggestions = suggestRatings(card, [
      '您好,请问有什么可以帮助您?',
      '非常感谢您的反馈,我们会尽快处理,祝您生活愉快,再见!',
    ]);
    expect(
      Object.fromEntries(suggestions.map((suggestion) => [suggestion.criterionId, suggestion.rating])),
    ).toEqual({
      'polite-words': 'yes',
      'standard-phrases': 'yes',
      'no-forbidden-phrases': 'yes',
    });
  });

  it('suggests nothing when there is no text to grade', () => {
    expect(suggestRatings(card, ['', '  '])).toEqual([]);
  });
});

describe('loadScorecardFiles', () => {
  it('locates a bad grader rule at its line when a prefill mode is unknown', () => {
    const text = [
      'id: x',
      'version: 1',
      'title: t',
      'sections:',
      '  - id: s',
      '    title: s',
      '    criteria:',
      '      - id: c',
      '        title: c',
      '        prefill: { mode: guess, rubric: { concepts: [{ id: a, phrases: [您好] }] } }',
    ].join('\n');
    expect(() => loadScorecardFiles([{ file: 'x.yaml', text }])).toThrow(YamlValidationError);
    expect(() => loadScorecardFiles([{ file: 'x.yaml', text }])).toThrow(/x\.yaml:10:/);
  });
});

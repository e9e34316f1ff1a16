import { describe, expect, it } from 'vitest';
import { initialRatings, ratingOptions } from '../components/scorecard-form.js';
import { qualityTrendChart } from './agent-quality-page.js';
import type { Scorecard } from './quality-documents.js';
import { isQualityPath } from './quality-routes.js';

const criterion = {
  id: 'cause',
  title: '分析原因',
  weight: 1,
  critical: 'none',
  allowNotApplicable: true,
  maxPoints: 3,
  guidance: null,
};
const scorecard: Scorecard = {
  id: 'complaint-qa',
  version: 1,
  title: '质检',
  passScore: 0.8,
  sections: [
    {
      id: 's',
      title: 's',
      weight: 1,
      criteria: [
        criterion,
        { ...criterion, id: 'no-rude-words', critical: 'review', allowNotApplicable: false, maxPoints: null },
      ],
    },
  ],
};

describe('QA pages', () => {
  it('offers full points first and N/A last when a criterion is scored in points', () => {
    expect(ratingOptions(criterion)).toEqual(['3', '2', '1', '0', 'na']);
  });

  it('offers no N/A when a critical yes/no criterion forbids it', () => {
    expect(ratingOptions(scorecard.sections[0]!.criteria[1]!)).toEqual(['yes', 'no']);
  });

  it('starts from the given ratings over the grader’s suggestions when both exist', () => {
    expect(
      initialRatings(
        scorecard,
        [
          { criterionId: 'no-rude-words', rating: 'no', evidence: '喂' },
          { criterionId: 'cause', rating: '1', evidence: '' },
        ],
        [{ criterionId: 'cause', rating: '3' }],
      ),
    ).toEqual({ cause: '3', 'no-rude-words': 'no' });
  });

  it('routes the review, calibration and agent pages to the QA area when the path names them', () => {
    expect(
      [
        '/reviews',
        '/reviews/complaints/c-1',
        '/calibration',
        '/calibration/s-1',
        '/agents/li.na/quality',
        '/complaints/c-1',
        '/agents/li.na',
      ].map(isQualityPath),
    ).toEqual([true, true, true, true, true, false, false]);
  });

  it('charts the weekly mean score and pass rate in percent when the trend has weeks', () => {
    const option = qualityTrendChart(
      [
        { week: '2026-03-02', reviews: 2, meanScore: 0.875, passRate: 0.5 },
        { week: '2026-03-09', reviews: 1, meanScore: 1, passRate: 1 },
      ],
      { meanScore: '平均得分', passRate: '合格率' },
    ) as { xAxis: { data: string[] }; series: { name: string; data: number[] }[] };
    expect(option.xAxis.data).toEqual(['2026-03-02', '2026-03-09']);
    expect(option.series.map((series) => [series.name, series.data])).toEqual([
      ['平均得分', [87.5, 100]],
      ['合格率', [50, 100]],
    ]);
  });
});

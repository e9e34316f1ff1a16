import { describe, expect, it } from 'vitest';
import { revisitCoverage } from './revisit-coverage.js';
import {
  type RevisitOutcome,
  renderRevisitSummaryHtml,
  revisitSummaryReport,
} from './revisit-summary-report.js';

const outcome = (id: string, overrides: Partial<RevisitOutcome>): RevisitOutcome => ({
  revisitId: `revisit:${id}`,
  customerId: id,
  class: 'channel',
  grade: 'A',
  status: 'closed',
  triggerAt: '2026-03-02T02:00:00.000Z',
  attempts: 1,
  unreachableAttempts: 0,
  ...overrides,
});

const revisits = [
  outcome('a', { satisfaction: 'satisfied', suggestions: '增加周末配送' }),
  outcome('b', {
    class: 'terminal',
    grade: 'B',
    satisfaction: 'unsatisfied',
    unsatisfiedWith: '售后响应慢 <script>',
    followUp: 'complaint',
    attempts: 3,
    unreachableAttempts: 2,
  }),
  outcome('c', { class: 'terminal', satisfaction: 'neutral', followUp: 'improvement' }),
  outcome('d', { status: 'missed', attempts: 4, unreachableAttempts: 4 }),
  outcome('e', { triggerAt: '2026-04-02T02:00:00.000Z', satisfaction: 'unsatisfied' }),
];
const period = { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z', at: '2026-04-01T01:00:00Z' };

describe('revisitSummaryReport', () => {
  const coverage = revisitCoverage({
    profiles: ['a', 'b', 'c', 'd'].map((customerId) => ({ customerId, member: true })),
    recorded: ['a', 'b', 'c'].map((customerId) => ({ customerId, at: '2026-03-02T03:00:00Z' })),
    from: period.from,
    to: period.to,
  });
  const report = revisitSummaryReport({ ...period, revisits, coverage });

  it('counts the results of the revisits triggered in the period only', () => {
    expect(report.results).toMatchObject({
      revisits: 4,
      recorded: 3,
      missed: 1,
      attempts: 9,
      unreachableAttempts: 6,
      satisfied: 1,
      neutral: 1,
      unsatisfied: 1,
    });
    expect(report.byClass.terminal).toMatchObject({ recorded: 2, satisfied: 0, satisfactionRate: 0 });
    expect(report.byGrade.A).toMatchObject({ recorded: 2, satisfied: 1, neutral: 1 });
  });

  it('lists every neutral or unsatisfied answer with what it opened as follow-ups', () => {
    expect(report.followUps.map((item) => [item.customerId, item.satisfaction, item.kind])).toEqual([
      ['b', 'unsatisfied', 'complaint'],
      ['c', 'neutral', 'improvement'],
    ]);
    expect(report.suggestions).toEqual([{ revisitId: 'revisit:a', customerId: 'a', text: '增加周末配送' }]);
  });

  it('analyses satisfaction, the weakest class, unreachable calls and coverage against its target', () => {
    expect(report.analysis).toEqual([
      '3 of 4 revisits were recorded; 33.3% of the answers were satisfied (1 neutral, 1 unsatisfied).',
      'The lowest satisfaction is among terminal customers: 0%.',
      '6 of 9 calls did not reach the customer (66.7%).',
      '1 revisits closed without a record (window or attempts ran out).',
      'Coverage is below its target of 100%: 3 of 4 member customers revisited (75%); 1 remain.',
    ]);
  });

  it('renders a standalone HTML page with every value escaped', () => {
    const html = renderRevisitSummaryHtml(report);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('回访总结报告');
    expect(html).toContain('售后响应慢 &lt;script&gt;');
    expect(html).not.toContain('<script>');
  });
});

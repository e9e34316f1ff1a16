import type { CustomerGrade } from '@kefu/complaint';
import type { CustomerClass } from './customer-profile.js';
import type { RevisitCoverage } from './revisit-coverage.js';
import type { FollowUpKind } from './revisit-policy.js';
import type { RevisitContext, Satisfaction } from './revisit-types.js';

/** One revisit as the report reads it: its state and, once recorded, the answer. */
export interface RevisitOutcome {
  revisitId: string;
  customerId: string;
  class: CustomerClass;
  grade: CustomerGrade;
  status: string;
  triggerAt: string;
  attempts: number;
  unreachableAttempts: number;
  satisfaction?: Satisfaction | undefined;
  suggestions?: string | undefined;
  unsatisfiedWith?: string | undefined;
  followUp?: FollowUpKind | undefined;
  recordedAt?: string | undefined;
}

/** The outcome of a revisit workflow from its state and context. */
export function revisitOutcomeOf(status: string, context: RevisitContext): RevisitOutcome {
  return {
    revisitId: context.revisitId,
    customerId: context.customerId,
    class: context.class,
    grade: context.grade,
    status,
    triggerAt: context.triggerAt,
    attempts: context.attempts.length,
    unreachableAttempts: context.attempts.filter((attempt) => attempt.outcome === 'unreachable').length,
    satisfaction: context.record?.satisfaction,
    suggestions: context.record?.suggestions,
    unsatisfiedWith: context.record?.unsatisfiedWith,
    followUp: context.followUp,
    recordedAt: context.record?.at,
  };
}

export interface SatisfactionCounts {
  recorded: number;
  satisfied: number;
  neutral: number;
  unsatisfied: number;
  /** satisfied / recorded, or null when nothing was recorded. */
  satisfactionRate: number | null;
}

/** 回访总结报告: the revisit summary report for a period — results, an analysis and the follow-ups. */
export interface RevisitSummaryReport {
  from: string;
  to: string;
  generatedAt: string;
  results: {
    revisits: number;
    recorded: number;
    missed: number;
    open: number;
    attempts: number;
    unreachableAttempts: number;
  } & Omit<SatisfactionCounts, 'recorded'>;
  byGrade: Record<CustomerGrade, SatisfactionCounts>;
  byClass: Record<CustomerClass, SatisfactionCounts>;
  coverage: RevisitCoverage | undefined;
  /** Plain sentences drawn from the figures. */
  analysis: string[];
  /** Every neutral or unsatisfied answer and what it opened. */
  followUps: Array<{
    revisitId: string;
    customerId: string;
    satisfaction: Satisfaction;
    kind: FollowUpKind;
    unsatisfiedWith: string | undefined;
    suggestions: string | undefined;
  }>;
  /** The customers' suggestions, to feed improvement. */
  suggestions: Array<{ revisitId: string; customerId: string; text: string }>;
}

function counts(outcomes: readonly RevisitOutcome[]): SatisfactionCounts {
  const recorded = outcomes.filter((outcome) => outcome.satisfaction !== undefined);
  const of = (value: Satisfaction) => recorded.filter((outcome) => outcome.satisfaction === value).length;
  const satisfied = of('satisfied');
  return {
    recorded: recorded.length,
    satisfied,
    neutral: of('neutral'),
    unsatisfied: of('unsatisfied'),
    satisfactionRate: recorded.length === 0 ? null : satisfied / recorded.length,
  };
}

const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;

export interface RevisitSummaryReportOptions {
  from: string;
  to: string;
  /** When the report is made (the caller's clock). */
  at: string;
  /** The revisits triggered in the period. */
  revisits: readonly RevisitOutcome[];
  coverage?: RevisitCoverage;
}

/** The summary report of the revisits triggered in `[from, to)`: pure, from their outcomes and the coverage. */
export function revisitSummaryReport(options: RevisitSummaryReportOptions): RevisitSummaryReport {
  const from = Date.parse(options.from);
  const to = Date.parse(options.to);
  if (Number.isNaN(from) || Number.isNaN(to) || to <= from)
    throw new RangeError('revisitSummaryReport needs ISO times with from before to');
  const inPeriod = options.revisits.filter((revisit) => {
    const at = Date.parse(revisit.triggerAt);
    return at >= from && at < to;
  });
  const all = counts(inPeriod);
  const missed = inPeriod.filter((revisit) => revisit.status === 'missed').length;
  const attempts = inPeriod.reduce((sum, revisit) => sum + revisit.attempts, 0);
  const unreachableAttempts = inPeriod.reduce((sum, revisit) => sum + revisit.unreachableAttempts, 0);
  const group = <K extends string>(keys: readonly K[], key: (revisit: RevisitOutcome) => K) =>
    Object.fromEntries(
      keys.map((name) => [name, counts(inPeriod.filter((revisit) => key(revisit) === name))]),
    ) as Record<K, SatisfactionCounts>;
  const byGrade = group(['A', 'B', 'C'] as const, (revisit) => revisit.grade);
  const byClass = group(['channel', 'regional', 'terminal'] as const, (revisit) => revisit.class);

  const analysis: string[] = [];
  if (all.satisfactionRate !== null) {
    analysis.push(
      `${all.recorded} of ${inPeriod.length} revisits were recorded; ${percent(all.satisfactionRate)} of the answers were satisfied (${all.neutral} neutral, ${all.unsatisfied} unsatisfied).`,
    );
    const weakest = Object.entries(byClass)
      .filter(([, value]) => value.satisfactionRate !== null)
      .sort(([, a], [, b]) => (a.satisfactionRate ?? 0) - (b.satisfactionRate ?? 0))[0];
    if (weakest && (weakest[1].satisfactionRate ?? 1) < 1)
      analysis.push(
        `The lowest satisfaction is among ${weakest[0]} customers: ${percent(weakest[1].satisfactionRate ?? 0)}.`,
      );
  } else {
    analysis.push(`No revisit was recorded among the ${inPeriod.length} revisits of the period.`);
  }
  if (attempts > 0)
    analysis.push(
      `${unreachableAttempts} of ${attempts} calls did not reach the customer (${percent(unreachableAttempts / attempts)}).`,
    );
  if (missed > 0) analysis.push(`${missed} revisits closed without a record (window or attempts ran out).`);
  if (options.coverage) {
    const { coverage } = options;
    analysis.push(
      coverage.met
        ? `Coverage met its target: ${coverage.revisited} of ${coverage.members} member customers revisited (${percent(coverage.share)}).`
        : `Coverage is below its target of ${percent(coverage.target)}: ${coverage.revisited} of ${coverage.members} member customers revisited (${percent(coverage.share)}); ${coverage.notRevisited.length} remain.`,
    );
  }

  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    generatedAt: new Date(options.at).toISOString(),
    results: {
      revisits: inPeriod.length,
      recorded: all.recorded,
      missed,
      open: inPeriod.filter(
        (revisit) => !['closed', 'missed', 'recorded', 'summarised'].includes(revisit.status),
      ).length,
      attempts,
      unreachableAttempts,
      satisfied: all.satisfied,
      neutral: all.neutral,
      unsatisfied: all.unsatisfied,
      satisfactionRate: all.satisfactionRate,
    },
    byGrade,
    byClass,
    coverage: options.coverage,
    analysis,
    followUps: inPeriod
      .filter((revisit) => revisit.satisfaction === 'neutral' || revisit.satisfaction === 'unsatisfied')
      .map((revisit) => ({
        revisitId: revisit.revisitId,
        customerId: revisit.customerId,
        satisfaction: revisit.satisfaction!,
        kind: revisit.followUp ?? 'none',
        unsatisfiedWith: revisit.unsatisfiedWith,
        suggestions: revisit.suggestions,
      })),
    suggestions: inPeriod
      .filter((revisit) => revisit.suggestions)
      .map((revisit) => ({
        revisitId: revisit.revisitId,
        customerId: revisit.customerId,
        text: revisit.suggestions!,
      })),
  };
}

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (value: unknown) => String(value ?? '').replace(/[&<>"']/g, (char) => escapes[char]!);
const rate = (value: number | null) => (value === null ? '—' : percent(value));

/** The report as a standalone HTML page (回访总结报告), every value escaped. */
export function renderRevisitSummaryHtml(report: RevisitSummaryReport): string {
  const row = (cells: unknown[], tag = 'td') =>
    `<tr>${cells.map((cell) => `<${tag}>${escapeHtml(cell)}</${tag}>`).join('')}</tr>`;
  const table = (title: string, groups: Record<string, SatisfactionCounts>) =>
    `<h2>${escapeHtml(title)}</h2><table>${row(['', 'recorded', 'satisfied', 'neutral', 'unsatisfied', 'satisfaction'], 'th')}${Object.entries(
      groups,
    )
      .map(([name, value]) =>
        row([
          name,
          value.recorded,
          value.satisfied,
          value.neutral,
          value.unsatisfied,
          rate(value.satisfactionRate),
        ]),
      )
      .join('')}</table>`;
  const { results } = report;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>回访总结报告 Revisit summary ${escapeHtml(report.from.slice(0, 10))} – ${escapeHtml(report.to.slice(0, 10))}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}</style></head>
<body><h1>回访总结报告 · Revisit summary report</h1>
<p>Period ${escapeHtml(report.from)} – ${escapeHtml(report.to)}; generated ${escapeHtml(report.generatedAt)}.</p>
<h2>Results</h2><table>${row(['revisits', results.revisits])}${row(['recorded', results.recorded])}${row(['missed', results.missed])}${row(['open', results.open])}${row(['calls', results.attempts])}${row(['unreachable calls', results.unreachableAttempts])}${row(['satisfied', results.satisfied])}${row(['neutral', results.neutral])}${row(['unsatisfied', results.unsatisfied])}${row(['satisfaction', rate(results.satisfactionRate)])}${
    report.coverage
      ? row([
          'coverage',
          `${report.coverage.revisited} / ${report.coverage.members} (${percent(report.coverage.share)})`,
        ])
      : ''
  }</table>
${table('By grade', report.byGrade)}
${table('By class', report.byClass)}
<h2>Analysis</h2><ul>${report.analysis.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>
<h2>Follow-ups</h2><table>${row(['revisit', 'customer', 'satisfaction', 'follow-up', 'not good enough', 'suggestions'], 'th')}${report.followUps
    .map((item) =>
      row([
        item.revisitId,
        item.customerId,
        item.satisfaction,
        item.kind,
        item.unsatisfiedWith,
        item.suggestions,
      ]),
    )
    .join('')}</table>
<h2>Suggestions</h2><ul>${report.suggestions.map((item) => `<li>${escapeHtml(item.customerId)}: ${escapeHtml(item.text)}</li>`).join('')}</ul>
</body></html>
`;
}

import { z } from 'zod';
import type { CustomerGrade, CustomerTier, Satisfaction, TimelineEntry } from './customer-types.js';

const thresholds = z
  .object({ a: z.number().nonnegative(), b: z.number().nonnegative() })
  .refine((value) => value.a >= value.b, { message: 'the A threshold must be at least the B threshold' });

/**
 * The grading criteria of seed 001 §4 as policy data: each criterion gives 2 points at or above its `a`
 * threshold, 1 at or above `b`, otherwise 0; the total picks the grade.
 */
export const gradingPolicySchema = z.object({
  /** 合作时限: months since cooperation started. */
  cooperationMonths: thresholds,
  /** 通货量: average volume per month over the last `volumeWindowMonths` months (months without a figure count 0). */
  monthlyVolume: thresholds,
  volumeWindowMonths: z.number().int().min(1).max(60),
  /** 满意程度: share of satisfied answers among the last `revisitWindow` revisits (0–1). */
  satisfiedShare: thresholds,
  revisitWindow: z.number().int().min(1).max(100),
  /** Points for satisfaction when the customer has no revisit yet. */
  pointsWithoutRevisits: z.number().int().min(0).max(2),
  /** 品牌忠诚度 from repeat business: months with volume among the last `volumeWindowMonths`. */
  activeMonths: thresholds,
  /** Total points (0–8) for grade A and for grade B; below B is C. */
  grade: thresholds,
  /** Tier: a customer younger than this many months is potential (潜在) unless premium. */
  newCustomerMonths: z.number().int().min(0),
});
export type GradingPolicy = z.infer<typeof gradingPolicySchema>;

export const defaultGradingPolicy: GradingPolicy = {
  cooperationMonths: { a: 24, b: 12 },
  monthlyVolume: { a: 1000, b: 300 },
  volumeWindowMonths: 12,
  satisfiedShare: { a: 0.8, b: 0.5 },
  revisitWindow: 5,
  pointsWithoutRevisits: 1,
  activeMonths: { a: 10, b: 6 },
  grade: { a: 6, b: 3 },
  newCustomerMonths: 6,
};

/** What grading reads: the cooperation start, volume figures and revisit answers (from the timeline). */
export interface GradingFacts {
  /** ISO: cooperation start. */
  since: string;
  /** ISO: when the grade is computed. */
  at: string;
  volumes: ReadonlyArray<{ period: string; volume: number }>;
  revisits: ReadonlyArray<{ at: string; satisfaction: Satisfaction }>;
}

export type GradingCriterion = 'cooperation' | 'volume' | 'satisfaction' | 'loyalty';

export interface CriterionResult {
  criterion: GradingCriterion;
  /** The measured value (months, average volume, share satisfied, active months); null without data. */
  value: number | null;
  points: 0 | 1 | 2;
  /** One sentence: the value against the thresholds. */
  explanation: string;
}

export interface GradeResult {
  grade: CustomerGrade;
  tier: CustomerTier;
  points: number;
  criteria: CriterionResult[];
  /** Every criterion's sentence, then the grade's and the tier's. */
  explanation: string[];
}

/** Whole months from `from` to `to` (calendar months, the day of month counted). */
export function monthsBetween(from: string, to: string): number {
  const start = new Date(from);
  const end = new Date(to);
  let months = (end.getUTCFullYear() - start.getUTCFullYear()) * 12 + end.getUTCMonth() - start.getUTCMonth();
  if (end.getUTCDate() < start.getUTCDate()) months--;
  return Math.max(0, months);
}

/** The `count` months before the month of `at`, newest first, as `YYYY-MM`. */
function previousMonths(at: string, count: number): string[] {
  const date = new Date(at);
  const periods: string[] = [];
  for (let back = 1; back <= count; back++) {
    const month = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - back, 1));
    periods.push(month.toISOString().slice(0, 7));
  }
  return periods;
}

const score = (value: number, limits: { a: number; b: number }): 0 | 1 | 2 =>
  value >= limits.a ? 2 : value >= limits.b ? 1 : 0;

const round = (value: number) => Math.round(value * 100) / 100;

/** The grade (A/B/C) and tier from the declared criteria, each with its explanation. */
export function gradeCustomer(
  facts: GradingFacts,
  policy: GradingPolicy = defaultGradingPolicy,
): GradeResult {
  const months = monthsBetween(facts.since, facts.at);
  const window = previousMonths(facts.at, policy.volumeWindowMonths);
  const byPeriod = new Map<string, number>();
  for (const { period, volume } of facts.volumes) byPeriod.set(period, (byPeriod.get(period) ?? 0) + volume);
  const windowVolumes = window.map((period) => byPeriod.get(period) ?? 0);
  const average = round(windowVolumes.reduce((sum, volume) => sum + volume, 0) / window.length);
  const active = windowVolumes.filter((volume) => volume > 0).length;
  const recent = [...facts.revisits]
    .filter((revisit) => revisit.at <= facts.at)
    .sort((a, b) => a.at.localeCompare(b.at))
    .slice(-policy.revisitWindow);
  const share =
    recent.length === 0
      ? null
      : round(recent.filter((r) => r.satisfaction === 'satisfied').length / recent.length);
  const between = (limits: { a: number; b: number }, unit = '') =>
    `A from ${limits.a}${unit}, B from ${limits.b}${unit}`;

  const criteria: CriterionResult[] = [
    {
      criterion: 'cooperation',
      value: months,
      points: score(months, policy.cooperationMonths),
      explanation: `Cooperation period (合作时限): ${months} months (${between(policy.cooperationMonths, ' months')})`,
    },
    {
      criterion: 'volume',
      value: average,
      points: score(average, policy.monthlyVolume),
      explanation: `Volume (通货量): ${average} a month over the last ${window.length} months (${between(policy.monthlyVolume)})`,
    },
    share === null
      ? {
          criterion: 'satisfaction',
          value: null,
          points: policy.pointsWithoutRevisits as 0 | 1 | 2,
          explanation: 'Satisfaction (满意程度): no revisit yet, counted by policy',
        }
      : {
          criterion: 'satisfaction',
          value: share,
          points: score(share, policy.satisfiedShare),
          explanation: `Satisfaction (满意程度): ${Math.round(share * 100)}% satisfied in the last ${recent.length} revisit(s) (A from ${policy.satisfiedShare.a * 100}%, B from ${policy.satisfiedShare.b * 100}%)`,
        },
    {
      criterion: 'loyalty',
      value: active,
      points: score(active, policy.activeMonths),
      explanation: `Loyalty (品牌忠诚度): repeat business in ${active} of the last ${window.length} months (${between(policy.activeMonths, ' months')})`,
    },
  ];
  const points = criteria.reduce((sum, criterion) => sum + criterion.points, 0);
  const grade: CustomerGrade = points >= policy.grade.a ? 'A' : points >= policy.grade.b ? 'B' : 'C';
  const tier: CustomerTier =
    grade === 'A' ? 'premium' : grade === 'B' || months < policy.newCustomerMonths ? 'potential' : 'general';
  const tierReason =
    tier === 'premium'
      ? 'premium (优质): grade A, long cooperation and high contribution'
      : tier === 'potential'
        ? grade === 'B'
          ? 'potential (潜在): grade B'
          : `potential (潜在): cooperating for less than ${policy.newCustomerMonths} months`
        : 'general (一般): grade C';
  return {
    grade,
    tier,
    points,
    criteria,
    explanation: [
      ...criteria.map((criterion) => `${criterion.explanation}: ${criterion.points} point(s)`),
      `Grade ${grade}: ${points} of 8 points (A from ${policy.grade.a}, B from ${policy.grade.b})`,
      `Tier ${tierReason}`,
    ],
  };
}

/** The grading facts in a customer's timeline: `volume.recorded` and `revisit.recorded` entries. */
export function gradingFactsOf(since: string, at: string, timeline: readonly TimelineEntry[]): GradingFacts {
  const volumes: Array<{ period: string; volume: number }> = [];
  const revisits: Array<{ at: string; satisfaction: Satisfaction }> = [];
  for (const entry of timeline) {
    if (entry.kind === 'volume.recorded') {
      const { period, volume } = entry.data as { period?: unknown; volume?: unknown };
      if (typeof period === 'string' && typeof volume === 'number') volumes.push({ period, volume });
    } else if (entry.kind === 'revisit.recorded') {
      const { satisfaction } = entry.data as { satisfaction?: unknown };
      if (satisfaction === 'satisfied' || satisfaction === 'neutral' || satisfaction === 'unsatisfied') {
        revisits.push({ at: entry.at, satisfaction });
      }
    }
  }
  return { since, at, volumes, revisits };
}

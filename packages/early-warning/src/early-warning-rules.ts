import type { EarlyWarningPolicy } from './early-warning-policy.js';
import { defaultEarlyWarningPolicy } from './early-warning-policy.js';

/** The customer vocabulary shared with `@kefu/customer` (structurally identical; no personal data). */
export interface WarningCustomer {
  customerId: string;
  grade: 'A' | 'B' | 'C';
}

/** One timeline entry, as `@kefu/customer` keeps it. */
export interface WarningTimelineEntry {
  customerId: string;
  at: string;
  kind: string;
  workflowId?: string | undefined;
  data: Record<string, unknown>;
}

/** A revisit the programme planned, as the overdue rule reads it. */
export interface WarningRevisit {
  revisitId: string;
  dueAt: string;
  /** The revisit machine's state (`planned`, `assigned`, `attempted`, `recorded`, `summarised`, `closed`, `missed`). */
  state: string;
}

export type WarningRule =
  | 'repeatComplaints'
  | 'fallingSatisfaction'
  | 'volumeDrop'
  | 'overdueRevisit'
  | 'gradeABreach';

/** What proved a warning: timeline entries or revisits, each as it was read. */
export type WarningEvidence =
  | { source: 'timeline'; entry: WarningTimelineEntry }
  | { source: 'revisit'; revisit: WarningRevisit };

export interface CustomerWarning {
  /** Stable for the same rule, customer and evidence: storing it twice keeps one. */
  id: string;
  customerId: string;
  rule: WarningRule;
  severity: 'warning' | 'critical';
  /** When it was raised (the evaluation's clock). */
  at: string;
  message: string;
  evidence: WarningEvidence[];
}

export interface EvaluateWarningsOptions {
  customer: WarningCustomer;
  timeline: readonly WarningTimelineEntry[];
  /** The customer's revisits (for the overdue rule); default none. */
  revisits?: readonly WarningRevisit[];
  /** The evaluation's clock. */
  at: string;
  policy?: EarlyWarningPolicy;
}

const day = 24 * 60 * 60 * 1000;
const satisfactionScore: Record<string, number> = { satisfied: 2, neutral: 1, unsatisfied: 0 };
const fromTimeline = (entry: WarningTimelineEntry): WarningEvidence => ({ source: 'timeline', entry });
const byTime = (a: WarningTimelineEntry, b: WarningTimelineEntry) => Date.parse(a.at) - Date.parse(b.at);
const keyOf = (entry: WarningTimelineEntry) => entry.workflowId ?? entry.at;

function warning(
  options: EvaluateWarningsOptions,
  rule: WarningRule,
  severity: CustomerWarning['severity'],
  message: string,
  evidence: WarningEvidence[],
  key: string,
): CustomerWarning {
  return {
    id: `${rule}:${options.customer.customerId}:${key}`,
    customerId: options.customer.customerId,
    rule,
    severity,
    at: new Date(options.at).toISOString(),
    message,
    evidence,
  };
}

/** Complaints opened within N days: the latest N of them inside the window ending now. */
export function repeatComplaints(options: EvaluateWarningsOptions): CustomerWarning | undefined {
  const { count, withinDays } = (options.policy ?? defaultEarlyWarningPolicy).repeatComplaints;
  const now = Date.parse(options.at);
  const opened = options.timeline
    .filter(
      (entry) =>
        entry.kind === 'complaint.opened' &&
        Date.parse(entry.at) <= now &&
        Date.parse(entry.at) > now - withinDays * day,
    )
    .sort(byTime);
  if (opened.length < count) return undefined;
  return warning(
    options,
    'repeatComplaints',
    opened.length > count ? 'critical' : 'warning',
    `${opened.length} complaints opened within ${withinDays} days (threshold ${count}).`,
    opened.map(fromTimeline),
    opened.slice(-count).map(keyOf).join('+'),
  );
}

/** Satisfaction falling across the last revisits: each no better than the one before, the last worse than the first. */
export function fallingSatisfaction(options: EvaluateWarningsOptions): CustomerWarning | undefined {
  const { revisits } = (options.policy ?? defaultEarlyWarningPolicy).fallingSatisfaction;
  const recorded = options.timeline
    .filter(
      (entry) =>
        entry.kind === 'revisit.recorded' &&
        Date.parse(entry.at) <= Date.parse(options.at) &&
        String(entry.data.satisfaction) in satisfactionScore,
    )
    .sort(byTime)
    .slice(-revisits);
  if (recorded.length < revisits) return undefined;
  const scores = recorded.map((entry) => satisfactionScore[String(entry.data.satisfaction)]!);
  const neverBetter = scores.every((score, index) => index === 0 || score <= scores[index - 1]!);
  if (!neverBetter || scores.at(-1)! >= scores[0]!) return undefined;
  return warning(
    options,
    'fallingSatisfaction',
    scores.at(-1) === 0 ? 'critical' : 'warning',
    `Satisfaction fell across the last ${revisits} revisits: ${recorded.map((entry) => String(entry.data.satisfaction)).join(' → ')}.`,
    recorded.map(fromTimeline),
    keyOf(recorded.at(-1)!),
  );
}

/** The latest volume figure below the average of the customer's own earlier figures by the policy's share. */
export function volumeDrop(options: EvaluateWarningsOptions): CustomerWarning | undefined {
  const { history, dropShare } = (options.policy ?? defaultEarlyWarningPolicy).volumeDrop;
  const figures = options.timeline
    .filter(
      (entry) =>
        entry.kind === 'volume.recorded' &&
        Date.parse(entry.at) <= Date.parse(options.at) &&
        typeof entry.data.volume === 'number',
    )
    .sort(byTime)
    .slice(-(history + 1));
  if (figures.length < history + 1) return undefined;
  const latest = figures.at(-1)!;
  const earlier = figures.slice(0, -1);
  const average = earlier.reduce((sum, entry) => sum + (entry.data.volume as number), 0) / earlier.length;
  const volume = latest.data.volume as number;
  if (average <= 0 || volume > average * (1 - dropShare)) return undefined;
  const drop = 1 - volume / average;
  return warning(
    options,
    'volumeDrop',
    drop >= 2 * dropShare ? 'critical' : 'warning',
    `Volume ${volume} in ${String(latest.data.period ?? latest.at)} is ${Math.round(drop * 100)}% below the average of the ${history} figures before (${Math.round(average)}).`,
    figures.map(fromTimeline),
    String(latest.data.period ?? latest.at),
  );
}

const done = new Set(['recorded', 'summarised', 'closed']);

/** A revisit past its due time (plus grace) with no record, or one that ended missed. */
export function overdueRevisit(options: EvaluateWarningsOptions): CustomerWarning | undefined {
  const { graceHours } = (options.policy ?? defaultEarlyWarningPolicy).overdueRevisit;
  const now = Date.parse(options.at);
  const overdue = (options.revisits ?? []).filter(
    (revisit) =>
      revisit.state === 'missed' ||
      (!done.has(revisit.state) && Date.parse(revisit.dueAt) + graceHours * 3_600_000 < now),
  );
  if (overdue.length === 0) return undefined;
  return warning(
    options,
    'overdueRevisit',
    overdue.length > 1 ? 'critical' : 'warning',
    `${overdue.length} revisit${overdue.length > 1 ? 's are' : ' is'} overdue: ${overdue.map((revisit) => `${revisit.revisitId} (due ${revisit.dueAt}, ${revisit.state})`).join(', ')}.`,
    overdue.map((revisit) => ({ source: 'revisit', revisit })),
    overdue.map((revisit) => revisit.revisitId).join('+'),
  );
}

/** A grade-A customer with a breached complaint that is not closed yet. */
export function gradeABreach(options: EvaluateWarningsOptions): CustomerWarning | undefined {
  if (options.customer.grade !== 'A') return undefined;
  const now = Date.parse(options.at);
  const upToNow = options.timeline.filter((entry) => Date.parse(entry.at) <= now);
  const closed = new Set(
    upToNow.filter((entry) => entry.kind === 'complaint.closed').map((entry) => entry.workflowId),
  );
  const open = upToNow
    .filter((entry) => entry.kind === 'complaint.breached' && !closed.has(entry.workflowId))
    .sort(byTime);
  if (open.length === 0) return undefined;
  return warning(
    options,
    'gradeABreach',
    'critical',
    `Grade-A customer with ${open.length} open breach${open.length > 1 ? 'es' : ''} on complaint ${[...new Set(open.map((entry) => entry.workflowId ?? '?'))].join(', ')}.`,
    open.map(fromTimeline),
    open.map(keyOf).join('+'),
  );
}

const rules = { repeatComplaints, fallingSatisfaction, volumeDrop, overdueRevisit, gradeABreach } as const;

/** Every warning the enabled rules raise for one customer now, each with its evidence. Pure. */
export function evaluateWarnings(options: EvaluateWarningsOptions): CustomerWarning[] {
  const policy = options.policy ?? defaultEarlyWarningPolicy;
  const found: CustomerWarning[] = [];
  for (const [name, rule] of Object.entries(rules) as Array<[WarningRule, (typeof rules)[WarningRule]]>) {
    if (!policy[name].enabled) continue;
    const raised = rule({ ...options, policy });
    if (raised) found.push(raised);
  }
  return found;
}

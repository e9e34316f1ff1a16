import type { ComplaintRow } from './complaint-list.js';
import { procedureStep } from './procedure.js';

/** How much sooner a grade or priority makes a complaint due: the time left is divided by the weights. */
export const gradeWeights: Readonly<Record<string, number>> = { A: 3, B: 1.5, C: 1 };
export const priorityWeights: Readonly<Record<string, number>> = {
  urgent: 3,
  high: 2,
  priority: 2,
  normal: 1,
  low: 0.5,
};

export interface Urgency {
  /** The nearest running deadline, if any. */
  deadline?: { name: string; dueAt: string };
  /** Milliseconds left on it (negative: how late). */
  leftMs?: number;
  overdue: boolean;
  weight: number;
}

export function urgencyOf(row: ComplaintRow, now: number): Urgency {
  // A missed deadline leaves the running list once it fires; a breach of the current step's clock still counts.
  const stepClock = procedureStep(row.state)?.clock;
  const breach = row.breaches?.find((entry) => entry.deadline === stepClock);
  const running = row.deadlines ?? [];
  const candidates =
    breach && !running.some((entry) => entry.name === breach.deadline)
      ? [...running, { name: breach.deadline, dueAt: breach.dueAt }]
      : running;
  const deadline = [...candidates].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))[0];
  const weight = (gradeWeights[row.customer?.grade ?? ''] ?? 1) * (priorityWeights[row.priority ?? ''] ?? 1);
  if (!deadline) return { overdue: false, weight };
  const leftMs = Date.parse(deadline.dueAt) - now;
  return { deadline, leftMs, overdue: leftMs < 0, weight };
}

/**
 * The triage order: overdue complaints first (the latest, weighted by grade and priority, on top), then the
 * running ones by time to their nearest deadline divided by the weight, then those with no deadline running
 * (newest first). Ties keep the older complaint first.
 */
export function byUrgency(rows: readonly ComplaintRow[], now: number): ComplaintRow[] {
  const scored = rows.map((row) => ({ row, urgency: urgencyOf(row, now) }));
  const rank = ({ urgency }: (typeof scored)[number]) =>
    urgency.leftMs === undefined ? 2 : urgency.overdue ? 0 : 1;
  return scored
    .sort((a, b) => {
      const byRank = rank(a) - rank(b);
      if (byRank !== 0) return byRank;
      if (rank(a) === 2) return Date.parse(b.row.openedAt ?? '') - Date.parse(a.row.openedAt ?? '') || 0;
      // Overdue: lateness × weight, latest first; running: time left ÷ weight, least first.
      const key = ({ urgency }: (typeof scored)[number]) =>
        urgency.overdue ? (urgency.leftMs ?? 0) * urgency.weight : (urgency.leftMs ?? 0) / urgency.weight;
      const byKey = key(a) - key(b);
      return byKey || Date.parse(a.row.openedAt ?? '') - Date.parse(b.row.openedAt ?? '') || 0;
    })
    .map((entry) => entry.row);
}

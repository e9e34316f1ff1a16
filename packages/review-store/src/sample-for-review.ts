import { createHash } from 'node:crypto';

/** A complaint that may be sampled: who handled it, when it opened, and what went wrong. */
export interface SamplingCandidate {
  complaintId: string;
  /** The agent the complaint is assigned to; unassigned complaints are not sampled. */
  agent: string | null;
  /** ISO time the complaint was opened. */
  openedAt: string;
  /** A time limit was missed. */
  breached: boolean;
  /** A revisit found the customer unsatisfied. */
  unsatisfied: boolean;
}

export interface SampledComplaint {
  complaintId: string;
  agent: string;
  week: string;
  reason: 'sample' | 'breached' | 'unsatisfied';
}

export interface SamplingOptions {
  /** Complaints drawn at random per agent, on top of every breached or unsatisfied one. */
  perAgent: number;
  /** The same seed and candidates always draw the same complaints. */
  seed: string;
  /** Any time in the week to sample (weeks run Monday 00:00 to Monday 00:00 UTC). */
  week: string;
}

/** The Monday (UTC) of the week holding `at`, as `YYYY-MM-DD`. */
export function weekOf(at: string | Date): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a date: ${String(at)}`);
  const monday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  return monday.toISOString().slice(0, 10);
}

function drawOrder(seed: string, complaintId: string): string {
  return createHash('sha256').update(`${seed}\u0000${complaintId}`).digest('hex');
}

/**
 * Picks the complaints of one week to review: every breached or unsatisfied one, plus `perAgent` more per
 * agent drawn by the seed (a complaint's place in the draw is a hash of the seed and its id, so the same seed and
 * complaints draw the same sample whatever order they are read in). Ordered by agent, then reason, then draw.
 */
export function sampleForReview(
  candidates: readonly SamplingCandidate[],
  options: SamplingOptions,
): SampledComplaint[] {
  if (!Number.isInteger(options.perAgent) || options.perAgent < 0) {
    throw new RangeError(`perAgent must be a whole number ≥ 0 (got ${options.perAgent})`);
  }
  const week = weekOf(options.week);
  const byAgent = new Map<string, SamplingCandidate[]>();
  for (const candidate of candidates) {
    if (!candidate.agent || weekOf(candidate.openedAt) !== week) continue;
    const list = byAgent.get(candidate.agent) ?? [];
    list.push(candidate);
    byAgent.set(candidate.agent, list);
  }
  const sampled: SampledComplaint[] = [];
  for (const agent of [...byAgent.keys()].sort()) {
    const list = (byAgent.get(agent) as SamplingCandidate[])
      .map((candidate) => ({ candidate, order: drawOrder(options.seed, candidate.complaintId) }))
      .sort((a, b) => a.order.localeCompare(b.order));
    const flagged = list.filter(({ candidate }) => candidate.breached || candidate.unsatisfied);
    for (const { candidate } of flagged) {
      sampled.push({
        complaintId: candidate.complaintId,
        agent,
        week,
        reason: candidate.breached ? 'breached' : 'unsatisfied',
      });
    }
    const rest = list.filter(({ candidate }) => !candidate.breached && !candidate.unsatisfied);
    for (const { candidate } of rest.slice(0, options.perAgent)) {
      sampled.push({ complaintId: candidate.complaintId, agent, week, reason: 'sample' });
    }
  }
  return sampled;
}

import { type Duration, durationToMilliseconds, toDate } from '@kefu/sla';
import type { CrisisLevel } from './crisis-types.js';

/** A complaint as the surge detector sees it. */
export interface RecentComplaint {
  id: string;
  category: string;
  openedAt: string;
}

export interface SurgeRule {
  /** How far back from `at` complaints count. */
  window: Duration;
  /** The level proposed for at least `atLeast` complaints of one category in the window (highest match wins). */
  levels: Array<{ atLeast: number; level: CrisisLevel }>;
}

/** A crisis the detector proposes: the category, the level, and the complaints that prove it. */
export interface SurgeProposal {
  category: string;
  level: CrisisLevel;
  count: number;
  /** Complaint ids in the window, oldest first. */
  evidence: string[];
  from: string;
  to: string;
}

/** Five similar complaints within an hour propose a level IV crisis; 10 → III, 20 → II, 40 → I. */
export const defaultSurgeRule: SurgeRule = {
  window: { hours: 1 },
  levels: [
    { atLeast: 5, level: 'IV' },
    { atLeast: 10, level: 'III' },
    { atLeast: 20, level: 'II' },
    { atLeast: 40, level: 'I' },
  ],
};

/**
 * The surge detector (pure): N complaints of one category within the window that ends at `at` propose a
 * crisis at the level the count reaches, with those complaints as evidence. Largest surge first.
 */
export function detectSurge(
  complaints: readonly RecentComplaint[],
  at: string,
  rule: SurgeRule = defaultSurgeRule,
): SurgeProposal[] {
  const end = toDate(at).getTime();
  const start = end - durationToMilliseconds(rule.window);
  if (rule.levels.some(({ atLeast }) => !Number.isInteger(atLeast) || atLeast < 1)) {
    throw new RangeError('Every surge level needs a positive whole `atLeast`');
  }
  const thresholds = [...rule.levels].sort((a, b) => b.atLeast - a.atLeast);
  const byCategory = new Map<string, Array<{ id: string; time: number }>>();
  for (const complaint of complaints) {
    const time = toDate(complaint.openedAt).getTime();
    if (time <= start || time > end) continue;
    const list = byCategory.get(complaint.category) ?? [];
    list.push({ id: complaint.id, time });
    byCategory.set(complaint.category, list);
  }
  const proposals: SurgeProposal[] = [];
  for (const [category, list] of byCategory) {
    const reached = thresholds.find(({ atLeast }) => list.length >= atLeast);
    if (!reached) continue;
    list.sort((a, b) => a.time - b.time || a.id.localeCompare(b.id));
    proposals.push({
      category,
      level: reached.level,
      count: list.length,
      evidence: list.map(({ id }) => id),
      from: new Date(start).toISOString(),
      to: new Date(end).toISOString(),
    });
  }
  return proposals.sort((a, b) => b.count - a.count || a.category.localeCompare(b.category));
}

import type { CustomerProfile } from './customer-profile.js';

export interface RevisitCoverage {
  from: string;
  to: string;
  /** Member customers in scope. */
  members: number;
  /** Member customers with at least one recorded revisit in the period. */
  revisited: number;
  /** `revisited / members` (1 when there are no members). */
  share: number;
  target: number;
  met: boolean;
  /** Member customers not revisited yet in the period, sorted. */
  notRevisited: string[];
}

export interface RevisitCoverageOptions {
  profiles: Iterable<Pick<CustomerProfile, 'customerId' | 'member'>>;
  /** Recorded revisits (e.g. the `revisit.recorded` timeline entries): who and when. */
  recorded: Iterable<{ customerId: string; at: string }>;
  /** The period, `[from, to)`. */
  from: string;
  to: string;
  /** Default 1 (seed 002: 100% of member customers). */
  target?: number;
}

/** The share of member customers revisited in a period (seed 002, 三个必保: 100% of member customers). */
export function revisitCoverage(options: RevisitCoverageOptions): RevisitCoverage {
  const from = Date.parse(options.from);
  const to = Date.parse(options.to);
  if (Number.isNaN(from) || Number.isNaN(to) || to <= from)
    throw new RangeError('revisitCoverage needs ISO times with from before to');
  const members = new Set<string>();
  for (const profile of options.profiles) if (profile.member) members.add(profile.customerId);
  const revisited = new Set<string>();
  for (const { customerId, at } of options.recorded) {
    const time = Date.parse(at);
    if (members.has(customerId) && time >= from && time < to) revisited.add(customerId);
  }
  const target = options.target ?? 1;
  const share = members.size === 0 ? 1 : revisited.size / members.size;
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    members: members.size,
    revisited: revisited.size,
    share,
    target,
    met: share >= target,
    notRevisited: [...members].filter((id) => !revisited.has(id)).sort(),
  };
}

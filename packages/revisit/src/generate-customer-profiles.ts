import type { CustomerProfile } from './customer-profile.js';

const classes = ['channel', 'regional', 'terminal'] as const;
const grades = ['A', 'B', 'C'] as const;
const tiers = ['premium', 'potential', 'general'] as const;
const timeZones = ['Asia/Shanghai', 'Asia/Urumqi', 'Europe/London', 'America/New_York'] as const;

/**
 * `count` sample customer profiles for demos, benchmarks and tests, the same for the same `seed` (a Park–Miller
 * sequence): every class, grade, tier and four time zones, about two in three members,
 * cooperation started at any minute of 2025. No personal data.
 */
export function generateCustomerProfiles(count: number, seed = 20261201): CustomerProfile[] {
  let state = seed;
  const next = (range: number) => {
    state = (state * 48271) % 2147483647;
    return state % range;
  };
  return Array.from({ length: count }, (_, index) => ({
    customerId: `customer-${String(index + 1).padStart(4, '0')}`,
    class: classes[next(3)]!,
    grade: grades[next(3)]!,
    tier: tiers[next(3)]!,
    member: next(3) !== 0,
    timeZone: timeZones[next(4)]!,
    since: new Date(Date.UTC(2025, 0, 1) + next(365 * 24 * 60) * 60_000).toISOString(),
  }));
}

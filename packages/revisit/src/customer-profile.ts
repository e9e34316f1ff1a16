import type { CustomerProfile, TimelineEntry } from '@kefu/customer';

/** The customer vocabulary of `@kefu/customer`, re-exported for code that only needs the revisit programme. */
export type {
  CustomerClass,
  CustomerGrade,
  CustomerProfile,
  CustomerTier,
  TimelineEntry,
} from '@kefu/customer';

/**
 * Where the revisit programme reads customers and writes their timeline: `@kefu/customer-store` fits it
 * (`createCustomerStore(...)`), `createMemoryCustomerDirectory` is the in-memory one for examples.
 */
export interface CustomerDirectory {
  profiles(filter?: { member?: boolean }): AsyncIterable<CustomerProfile> | Promise<CustomerProfile[]>;
  timeline(customerId: string, options?: { since?: string }): Promise<TimelineEntry[]>;
  appendTimeline(entry: TimelineEntry): Promise<void>;
}

/** Every profile of a directory as an array, whichever of its two shapes `profiles` returns. */
export async function listProfiles(
  directory: Pick<CustomerDirectory, 'profiles'>,
  filter?: { member?: boolean },
): Promise<CustomerProfile[]> {
  const found = directory.profiles(filter);
  if (Symbol.asyncIterator in found) {
    const all: CustomerProfile[] = [];
    for await (const profile of found) all.push(profile);
    return all;
  }
  return found;
}

/** A customer directory held in memory (examples, tools, tests of code that only needs the port). */
export function createMemoryCustomerDirectory(
  profiles: readonly CustomerProfile[],
  timeline: readonly TimelineEntry[] = [],
): CustomerDirectory & { entries: TimelineEntry[] } {
  const entries = [...timeline];
  return {
    entries,
    async profiles(filter) {
      return profiles.filter((profile) => filter?.member === undefined || profile.member === filter.member);
    },
    async timeline(customerId, options) {
      return entries
        .filter(
          (entry) =>
            entry.customerId === customerId &&
            (options?.since === undefined || Date.parse(entry.at) >= Date.parse(options.since)),
        )
        .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    },
    async appendTimeline(entry) {
      entries.push(entry);
    },
  };
}

import type { CustomerGrade } from '@kefu/complaint';

/**
 * The customer vocabulary shared with `@kefu/customer` (docs/customers.md): structurally identical, declared
 * here so the revisit programme depends on the shape only, not on the customer store.
 */
export type CustomerClass = 'channel' | 'regional' | 'terminal'; // 渠道 / 外埠 / 终端 (seed 001 §2)
export type CustomerTier = 'premium' | 'potential' | 'general'; // 优质 / 潜在 / 一般 (seed 003 §5.2)
export type { CustomerGrade };

/** What the revisit programme and the warnings need of a customer (no personal data). */
export interface CustomerProfile {
  customerId: string;
  class: CustomerClass;
  grade: CustomerGrade;
  tier: CustomerTier;
  member: boolean;
  /** IANA time zone of the customer, e.g. `Asia/Shanghai`: rest hours are read on this clock. */
  timeZone: string;
  /** When the cooperation started (ISO). */
  since: string;
}

/** One entry of a customer's timeline (no personal data in `data`). */
export interface TimelineEntry {
  customerId: string;
  at: string;
  kind:
    | 'complaint.opened'
    | 'complaint.closed'
    | 'complaint.breached'
    | 'contact'
    | 'revisit.recorded'
    | 'escalation.raised'
    | 'crisis.linked'
    | 'grade.changed'
    | 'volume.recorded'
    | 'consent.recorded';
  workflowId?: string;
  data: Record<string, unknown>;
}

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

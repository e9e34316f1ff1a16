import { type ContactLevel, contactLevelOf } from '@kefu/complaint';
import type { TimelineEntry } from './customer-types.js';

/** How each contact level is handled (seed 002). */
export const contactHandling: Record<ContactLevel, string> = {
  first:
    'First contact: warm, expert handling; record it and agree a call-back time for what cannot be solved now.',
  second: 'Second contact: greet the customer by name and read the history before answering.',
  many: 'Many-time contact: study the history first, then call back with a considered answer.',
};

export interface ContactCount {
  /** Contacts on record before this one: complaints opened and contacts logged. */
  previous: number;
  /** first (no earlier contact), second (one), many (two or more). */
  level: ContactLevel;
  handling: string;
}

/** Counts the earlier contacts in a timeline (any channel) within `withinDays` of `at` (default: all of them). */
export function classifyContact(
  timeline: readonly TimelineEntry[],
  at: string,
  options: { withinDays?: number } = {},
): ContactCount {
  const until = Date.parse(at);
  const from = options.withinDays === undefined ? -Infinity : until - options.withinDays * 86_400_000;
  const previous = timeline.filter((entry) => {
    if (entry.kind !== 'complaint.opened' && entry.kind !== 'contact') return false;
    const time = Date.parse(entry.at);
    return time <= until && time >= from;
  }).length;
  const level = contactLevelOf(previous + 1);
  return { previous, level, handling: contactHandling[level] };
}

import { onDuty } from './on-duty.js';
import type { HandOver, Roster } from './roster-types.js';
import { dateOf, dayMs, instantOf, wallOf, wallTime } from './zoned-time.js';

/** The longest window `handOvers` looks at, so a query cannot make it walk years of shifts. */
export const maximumHandOverWindowDays = 62;

/** Instants in the window where a rotation might change hands: hand-over times, shift edges, override edges. */
function candidates(roster: Roster, from: number, to: number): number[] {
  const found = new Set<number>();
  const firstDay = wallOf(dateOf(wallTime(from, roster.timeZone))) - dayMs;
  const lastDay = wallOf(dateOf(wallTime(to, roster.timeZone))) + dayMs;
  for (let day = firstDay; day <= lastDay; day += dayMs) {
    const date = dateOf(day);
    for (const rotation of roster.rotations) {
      const times = [
        rotation.handOverAt,
        ...(rotation.hours ? [rotation.hours.from, rotation.hours.to] : []),
      ];
      for (const time of times) found.add(instantOf(wallOf(date, time), roster.timeZone));
    }
  }
  for (const override of roster.overrides) {
    found.add(Date.parse(override.from));
    found.add(Date.parse(override.to));
  }
  return [...found].filter((instant) => instant > from && instant <= to).sort((a, b) => a - b);
}

/**
 * Every change of hands in `(from, to]`, oldest first: for each role the roster plans, who held it just before
 * and who holds it from then (the moments a shift brief is due). At most `maximumHandOverWindowDays` days.
 */
export function handOvers(
  roster: Roster,
  query: { from: string; to: string; role?: string | undefined },
): HandOver[] {
  const from = Date.parse(query.from);
  const to = Math.min(Date.parse(query.to), from + maximumHandOverWindowDays * dayMs);
  const roles = [
    ...new Set([
      ...roster.rotations.map((rotation) => rotation.role),
      ...roster.overrides.map((override) => override.role),
    ]),
  ].filter((role) => query.role === undefined || role === query.role);
  const changes: HandOver[] = [];
  for (const instant of candidates(roster, from, to)) {
    for (const role of roles) {
      const outgoing = onDuty(roster, { role, at: instant - 1 });
      const incoming = onDuty(roster, { role, at: instant });
      const same = outgoing.length === incoming.length && outgoing.every((user) => incoming.includes(user));
      if (!same) changes.push({ at: new Date(instant).toISOString(), role, outgoing, incoming });
    }
  }
  return changes;
}

/** The next change of hands after `at` (within `maximumHandOverWindowDays` days), for one role or any. */
export function nextHandOver(
  roster: Roster,
  query: { at: string; role?: string | undefined },
): HandOver | undefined {
  const to = new Date(Date.parse(query.at) + maximumHandOverWindowDays * dayMs).toISOString();
  return handOvers(roster, { from: query.at, to, role: query.role })[0];
}

import type { Roster, Rotation } from './roster-types.js';
import { dayMs, inWindow, minutesOf, wallOf, wallTime, weekdayOf } from './zoned-time.js';

function shiftDays(rotation: Rotation): number {
  if (rotation.every === 'daily') return 1;
  if (rotation.every === 'weekly') return 7;
  return rotation.every;
}

/** Whether the rotation's `hours`/`days` cover a wall time (a window past midnight belongs to the day it starts). */
function covers(rotation: Rotation, wall: number): boolean {
  const minute = Math.floor((wall % dayMs) / 60_000);
  if (!rotation.hours) return rotation.days === undefined || rotation.days.includes(weekdayOf(wall));
  const from = minutesOf(rotation.hours.from);
  const to = minutesOf(rotation.hours.to);
  if (!inWindow(minute, from, to)) return false;
  if (rotation.days === undefined) return true;
  const startedYesterday = from >= to && minute < to;
  return rotation.days.includes(weekdayOf(startedYesterday ? wall - dayMs : wall));
}

/** The member of a rotation holding its shift at a wall time, or undefined before it starts or outside its hours. */
export function rotationMember(rotation: Rotation, wall: number): string | undefined {
  const start = wallOf(rotation.startDate, rotation.handOverAt);
  if (wall < start || !covers(rotation, wall)) return undefined;
  const shift = Math.floor((wall - start) / (shiftDays(rotation) * dayMs));
  return rotation.members[shift % rotation.members.length];
}

/** Whether the roster plans a role at all (a rotation or an override names it). */
export function plansRole(roster: Roster, role: string): boolean {
  return (
    roster.rotations.some((rotation) => rotation.role === role) ||
    roster.overrides.some((override) => override.role === role)
  );
}

/**
 * User ids on duty for `role` at `at`: the members whose rotation shift covers that moment in the team's time
 * zone, then the overrides in force (each adds its user, removing the one it replaces). Empty when nobody is.
 */
export function onDuty(roster: Roster, query: { role: string; at: string | number }): string[] {
  const instant = typeof query.at === 'number' ? query.at : Date.parse(query.at);
  const wall = wallTime(instant, roster.timeZone);
  const users: string[] = [];
  for (const rotation of roster.rotations) {
    if (rotation.role !== query.role) continue;
    const member = rotationMember(rotation, wall);
    if (member !== undefined && !users.includes(member)) users.push(member);
  }
  for (const override of roster.overrides) {
    if (override.role !== query.role) continue;
    if (instant < Date.parse(override.from) || instant >= Date.parse(override.to)) continue;
    if (override.replaces !== undefined) {
      const index = users.indexOf(override.replaces);
      if (index >= 0) users.splice(index, 1);
    }
    if (!users.includes(override.userId)) users.push(override.userId);
  }
  return users;
}

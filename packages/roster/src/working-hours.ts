import type { Roster } from './roster-types.js';
import { dateOf, dayMs, inWindow, minutesOf, wallTime, weekdayOf } from './zoned-time.js';

/** Whether `at` falls inside the team's working hours in its time zone (never on one of its holidays). */
export function workingHours(roster: Roster, query: { at: string | number }): boolean {
  const instant = typeof query.at === 'number' ? query.at : Date.parse(query.at);
  const wall = wallTime(instant, roster.timeZone);
  if (roster.holidays.includes(dateOf(wall))) return false;
  const minute = Math.floor((wall % dayMs) / 60_000);
  return roster.workingHours.some(
    (rule) =>
      rule.days.includes(weekdayOf(wall)) && inWindow(minute, minutesOf(rule.from), minutesOf(rule.to)),
  );
}

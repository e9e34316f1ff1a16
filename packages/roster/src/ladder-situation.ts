import { onDuty, plansRole } from './on-duty.js';
import type { Roster } from './roster-types.js';
import { workingHours } from './working-hours.js';

/** What an escalation ladder needs to know about a moment: which levels are staffed, and is it working hours. */
export interface LadderSituation {
  /** Names of the levels somebody is on duty for. */
  onDuty: string[];
  workingHours: boolean;
}

/**
 * The ladder's situation at `at` from a team's roster: a level is staffed when somebody is on duty for its role,
 * or when the roster does not plan that role at all (a roster of supervisors says nothing about directors).
 */
export function ladderSituation(
  roster: Roster,
  query: { at: string; levels: ReadonlyArray<{ name: string; role: string }> },
): LadderSituation {
  return {
    onDuty: query.levels
      .filter(
        (level) =>
          !plansRole(roster, level.role) || onDuty(roster, { role: level.role, at: query.at }).length > 0,
      )
      .map((level) => level.name),
    workingHours: workingHours(roster, { at: query.at }),
  };
}

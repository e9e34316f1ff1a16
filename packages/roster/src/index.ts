export { handOvers, maximumHandOverWindowDays, nextHandOver } from './hand-overs.js';
export { type LadderSituation, ladderSituation } from './ladder-situation.js';
export { onDuty, plansRole, rotationMember } from './on-duty.js';
export { createRosterBook, type DutyDirectory, type RosterBook } from './roster-book.js';
export {
  createRosterStore,
  migrateRosterStore,
  parseRoster,
  RosterNotFound,
  type RosterRostersTable,
  type RosterStore,
  type RosterTables,
  RosterVersionConflict,
  rosterTables,
  type SavedRoster,
} from './roster-store.js';
export {
  clockTimeSchema,
  type HandOver,
  instantSchema,
  localDateSchema,
  type Override,
  overrideSchema,
  type Roster,
  type RosterInput,
  type Rotation,
  rosterSchema,
  rotationSchema,
  type WorkingHoursRule,
  weekdaySchema,
  workingHoursRuleSchema,
} from './roster-types.js';
export { workingHours } from './working-hours.js';
export { instantOf, isTimeZone, wallTime } from './zoned-time.js';

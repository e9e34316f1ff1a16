export {
  addWorkingMilliseconds,
  type BusinessCalendar,
  computeBusinessDeadline,
  defaultBusinessCalendar,
  isWorkingDay,
  isWorkingTime,
  type WorkingHours,
  workingMillisecondsBetween,
} from './business-calendar.js';
export { computeDeadline, type Instant, toDate } from './compute-deadline.js';
export { type Duration, durationToMilliseconds } from './duration.js';
export { type PauseRequest, type PauseRule, pauseRefusal } from './pause-rule.js';
export {
  defaultQuietHours,
  defaultRestHours,
  isQuietTime,
  moveOutOfQuietHours,
  type QuietHours,
  type QuietRange,
} from './quiet-hours.js';
export { type RevisitWindow, revisitWindow } from './revisit-window.js';
export {
  type ClockExplanation,
  type ClockSegment,
  type ClockStatus,
  clockDueAt,
  clockElapsed,
  clockStatus,
  explain,
  explainClock,
  pauseClock,
  resumeClock,
  type SegmentExplanation,
  type SlaClock,
  startClock,
  stopClock,
} from './sla-clock.js';
export {
  addDays,
  fromLocalTime,
  type LocalTime,
  parseClockTime,
  toLocalTime,
  weekdayOf,
} from './zoned-time.js';

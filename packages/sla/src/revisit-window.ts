import { type Instant, toDate } from './compute-deadline.js';
import { type Duration, durationToMilliseconds } from './duration.js';
import { moveOutOfQuietHours, type QuietHours } from './quiet-hours.js';

export interface RevisitWindow {
  /** The first moment the customer may be called: the resolution, pushed out of quiet hours. */
  from: string;
  /** The revisit is due by then: `within` after the resolution, brought forward out of quiet hours. */
  dueAt: string;
}

/**
 * When a revisit after handling may start and by when it is due (seed 002, 三个必保: 必须保证在三天之内回访,
 * 一个防止: never while the customer rests). `within` defaults to 3 days.
 */
export function revisitWindow(
  resolvedAt: Instant,
  quietHours: QuietHours,
  within: Duration = { days: 3 },
): RevisitWindow {
  const resolved = toDate(resolvedAt).getTime();
  const from = moveOutOfQuietHours(quietHours, resolved, 'later');
  const dueAt = moveOutOfQuietHours(quietHours, resolved + durationToMilliseconds(within), 'earlier');
  return { from, dueAt: Date.parse(dueAt) < Date.parse(from) ? from : dueAt };
}

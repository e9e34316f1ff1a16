export { computeDeadline, type Instant, toDate } from './compute-deadline.js';
export { type Duration, durationToMilliseconds } from './duration.js';

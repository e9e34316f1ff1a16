import type { QuietHours } from '@kefu/sla';
import type { RevisitPolicy } from './revisit-policy.js';

/** The policy's rest hours on a customer's own clock, as `@kefu/sla` quiet hours. */
export function restHoursFor(policy: Pick<RevisitPolicy, 'restHours'>, timeZone?: string): QuietHours {
  const [first, ...also] = policy.restHours.ranges;
  return {
    timeZone: timeZone ?? policy.restHours.timeZone,
    start: first!.start,
    end: first!.end,
    also,
    weekends: policy.restHours.weekends,
  };
}

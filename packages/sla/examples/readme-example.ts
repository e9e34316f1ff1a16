import { computeDeadline } from '@kefu/sla';

// A complaint received at 09:00 Beijing time must be recorded within 10 minutes.
export const recordBy = computeDeadline('2026-03-02T09:00:00+08:00', { minutes: 10 });
// recordBy === '2026-03-02T01:10:00.000Z'

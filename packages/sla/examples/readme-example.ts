import {
  computeBusinessDeadline,
  computeDeadline,
  explain,
  moveOutOfQuietHours,
  pauseClock,
  resumeClock,
  revisitWindow,
  startClock,
} from '@kefu/sla';

// A complaint received at 09:00 Beijing time must be recorded within 10 minutes.
export const recordBy = computeDeadline('2026-03-02T09:00:00+08:00', { minutes: 10 });
// recordBy === '2026-03-02T01:10:00.000Z'

// Working time: Mon–Fri 09:00–18:00 in Shanghai, Monday 9 March a holiday.
const calendar = {
  timeZone: 'Asia/Shanghai',
  workingDays: [1, 2, 3, 4, 5],
  workingHours: [{ start: '09:00', end: '18:00' }],
  holidays: ['2026-03-09'],
};
// 4 working hours from Friday 17:00: 1 h on Friday, then Tuesday 09:00–12:00.
export const handleBy = computeBusinessDeadline('2026-03-06T17:00:00+08:00', { hours: 4 }, calendar);
// handleBy === '2026-03-10T04:00:00.000Z' (Tuesday 12:00 in Shanghai)

// Never call while the customer rests (21:00–09:00): a call planned at 22:30 waits for 09:00.
const quiet = { timeZone: 'Asia/Shanghai', start: '21:00', end: '09:00' };
export const callAt = moveOutOfQuietHours(quiet, '2026-03-02T22:30:00+08:00');
// callAt === '2026-03-03T01:00:00.000Z'
export const revisit = revisitWindow('2026-03-02T22:30:00+08:00', quiet, { days: 3 });
// revisit.dueAt === '2026-03-05T13:00:00.000Z' (Thursday 21:00: within 3 days, before quiet hours)

// A clock paused while waiting on the customer keeps the time it already used.
let clock = startClock({ name: 'analyse', budget: { hours: 2 }, at: '2026-03-02T09:00:00+08:00' });
clock = pauseClock(clock, '2026-03-02T09:30:00+08:00', 'awaitingCustomer');
clock = resumeClock(clock, '2026-03-02T11:00:00+08:00');
export const [explained] = explain([clock], '2026-03-02T11:15:00+08:00');
// explained.summary === 'analyse: running, due 2026-03-02T04:30:00.000Z; 45m of 2h 0m used, 1 pause'

import { handOvers, onDuty, rosterSchema, workingHours } from '@kefu/roster';

const roster = rosterSchema.parse({
  team: 'east',
  timeZone: 'Asia/Shanghai',
  workingHours: [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' }],
  rotations: [
    // Supervisors take a week each, handing over on Monday at 08:00 Shanghai time.
    { role: 'supervisor', members: ['wang.fang', 'zhao.lei'], startDate: '2026-03-02', handOverAt: '08:00' },
  ],
  overrides: [
    // Sun Li stands in for Zhao Lei on Tuesday afternoon.
    {
      role: 'supervisor',
      userId: 'sun.li',
      replaces: 'zhao.lei',
      from: '2026-03-10T13:00:00+08:00',
      to: '2026-03-10T18:00:00+08:00',
    },
  ],
});

export const onMonday = onDuty(roster, { role: 'supervisor', at: '2026-03-09T10:00:00+08:00' }); // ['zhao.lei']
export const onTuesdayAfternoon = onDuty(roster, { role: 'supervisor', at: '2026-03-10T14:00:00+08:00' }); // ['sun.li']
export const saturdayIsWorkingTime = workingHours(roster, { at: '2026-03-14T10:00:00+08:00' }); // false
export const changes = handOvers(roster, { from: '2026-03-08T00:00:00Z', to: '2026-03-10T00:00:00Z' });
// [{ at: '2026-03-09T00:00:00.000Z', role: 'supervisor', outgoing: ['wang.fang'], incoming: ['zhao.lei'] }]

import { defaultRevisitPolicy, planRevisits } from '@kefu/revisit';

// A grade-A channel customer in Beijing, last revisited on 2 March at 12:30 local time.
const work = planRevisits({
  customers: [
    {
      customerId: 'c-1',
      class: 'channel',
      grade: 'A',
      tier: 'general',
      member: true,
      timeZone: 'Asia/Shanghai',
      since: '2025-01-01T00:00:00+08:00',
      lastRevisitAt: '2026-03-02T12:30:00+08:00',
    },
  ],
  from: '2026-03-15T00:00:00+08:00',
  to: '2026-04-15T00:00:00+08:00',
  policy: defaultRevisitPolicy,
});

// Grade A is revisited monthly: triggered on 1 April at 12:30, in the lunch rest, so the first call is at 14:00.
export const firstCall = work[0]!.scheduledAt;
// firstCall === '2026-04-01T06:00:00.000Z'

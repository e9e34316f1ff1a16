import { createNotificationCenter } from '@kefu/notify-store';
import { openStore } from '@kefu/runtime';

const store = await openStore({ dataDir: 'memory://notify-readme' });
const center = createNotificationCenter({
  store,
  // Who is on duty: `@kefu/roster` implements this port.
  directory: { onDuty: async () => ['zhang.wei'], workingHours: async () => true },
  now: () => new Date('2026-03-02T01:10:00Z'),
});

await center.createRule({
  name: 'Breaches reach the supervisor on duty',
  events: ['deadline.breached'],
  recipients: [{ kind: 'role', role: 'supervisor' }],
  channels: ['inApp'],
});
await center.notify({
  id: 'c-1:3:deadline.breached',
  type: 'deadline.breached',
  at: '2026-03-02T01:10:00.000Z',
  workflowId: 'c-1',
  complaintId: 'c-1',
  facts: { deadline: 'record' },
});
await center.deliverDue();

export const inbox = (await center.inbox('zhang.wei')).map((item) => item.subject); // ['【超时】投诉 c-1 的 record 时限已过']
await store.close();

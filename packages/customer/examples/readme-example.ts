import { classifyContact, createBlindIndex, gradeCustomer } from '@kefu/customer';

const index = createBlindIndex('a-deployment-secret-of-at-least-32-bytes');
export const sameNumber = index.phone('138-0000-0000') === index.phone('+86 13800000000'); // true

export const result = gradeCustomer({
  since: '2023-06-01T00:00:00Z',
  at: '2026-12-01T00:00:00Z',
  volumes: [{ period: '2026-11', volume: 1500 }],
  revisits: [{ at: '2026-11-20T00:00:00Z', satisfaction: 'satisfied' }],
});
// result.grade: 'A' | 'B' | 'C', result.tier, result.explanation: one sentence per criterion

export const contact = classifyContact(
  [{ customerId: 'c1', at: '2026-11-01T00:00:00Z', kind: 'complaint.opened', data: { channel: 'phone' } }],
  '2026-12-01T00:00:00Z',
); // { previous: 1, level: 'second', handling: 'Second contact: greet the customer by name …' }

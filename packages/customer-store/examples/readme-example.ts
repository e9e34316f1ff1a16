import { createCustomerStore } from '@kefu/customer-store';
import { createRuntime, openStore } from '@kefu/runtime';

const store = await openStore({ dataDir: 'memory://customers-readme' });
const customers = createCustomerStore({ store }); // applies its tables before its first operation
// Give the runtime the customers' keys: their personal data in workflows is sealed with their own key.
const runtime = createRuntime({ store, workflows: [], subjectKeys: customers.subjectKeys });

const first = await customers.recognise({ name: '王芳', phone: '138-0000-0000', at: '2026-12-01T09:00:00Z' });
await customers.appendTimeline({
  customerId: first.customer.customerId,
  at: '2026-12-01T09:00:00Z',
  kind: 'complaint.opened',
  data: { channel: 'phone' },
});
const second = await customers.recognise({
  name: '王芳',
  phone: '+86 13800000000',
  at: '2026-12-02T09:00:00Z',
});
export const sameCustomer = second.customer.customerId === first.customer.customerId; // true
export const level = second.contact.level; // 'second'

await customers.erase({
  customerId: first.customer.customerId,
  reason: 'the customer asked to be forgotten',
  by: { userId: 'zhao.min', role: 'manager' },
  at: '2026-12-03T09:00:00Z',
});
export const identity = (await customers.get(first.customer.customerId)).identity; // null: the key is destroyed
await runtime.idle();
await store.close();

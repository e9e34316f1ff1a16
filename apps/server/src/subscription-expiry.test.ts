import { afterAll, beforeAll, expect, it } from 'vitest';
import { signDevelopmentToken } from './bearer-token.js';
import { createTestServer, subscribeSse, type TestServer, testJwtSecret } from './test-support.js';

let server: TestServer;
let complaintId: string;
// The server's clock, which ends streams at their token's expiry; the test moves it. (The token itself is
// verified on the system clock when the stream opens, so each test signs it just before subscribing.)
let issuedAt = new Date();
let clock = issuedAt;

const query = `subscription { workflowChanged(kind: "complaint") { seq complaint { customer { phone } } } }`;
const shortLived = () =>
  signDevelopmentToken({
    role: 'agent',
    userId: 'li.na',
    team: 'east',
    secret: testJwtSecret,
    issuedAt,
    expiresIn: '60s',
  });

async function contact(note: string) {
  await server.runtime.send(complaintId, {
    type: 'complaint.contact',
    at: clock.toISOString(),
    by: { userId: 'li.na', role: 'agent' },
    channel: 'phone',
    note,
  });
}

beforeAll(async () => {
  server = await createTestServer({ dataDir: 'memory://subscription-expiry-test', now: () => clock });
  const { workflow } = await server.runtime.start('complaint', {
    at: new Date().toISOString(),
    by: { userId: 'li.na', role: 'agent' },
    customer: { name: '王伟', phone: '13800001234', grade: 'B' },
    channel: 'phone',
    category: 'product-quality',
    summary: '电水壶漏水',
    team: 'east',
  });
  complaintId = workflow.id;
});

afterAll(async () => {
  await server.close();
});

it('ends the stream with UNAUTHENTICATED instead of delivering an event after the token expired', async () => {
  issuedAt = new Date();
  clock = issuedAt;
  const stream = await subscribeSse(server.yoga, query, await shortLived());
  const first = stream.next();
  await new Promise((resolve) => setImmediate(resolve));
  await contact('客户再次来电');
  const firstEvent = await first;
  expect(firstEvent?.data.data.workflowChanged.complaint.customer.phone).toBe('13800001234');

  clock = new Date(issuedAt.getTime() + 61_000);
  await contact('客户第三次来电');
  const last = await stream.next();
  expect(last?.data).toEqual({
    errors: [
      expect.objectContaining({
        message: expect.stringMatching(/expired/),
        extensions: { code: 'UNAUTHENTICATED', reason: 'expired' },
      }),
    ],
  });
  expect(await stream.next()).toBeUndefined();
  stream.close();
});

it('ends an idle stream once its token’s expiry has passed on the server’s clock', async () => {
  issuedAt = new Date();
  clock = new Date(issuedAt.getTime() + 61_000);
  const stream = await subscribeSse(server.yoga, query, await shortLived());
  const last = await stream.next();
  expect(last?.data.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'expired' });
  expect(await stream.next()).toBeUndefined();
  stream.close();
});

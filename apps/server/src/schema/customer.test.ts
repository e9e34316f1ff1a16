import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, createTestServer, type TestServer } from '../test-support.js';

let server: TestServer;
let clock = new Date('2026-12-01T01:00:00.000Z');

const agent: Caller = { role: 'agent', user: 'li.na', team: 'east' };
const supervisor: Caller = { role: 'supervisor', user: 'zhang.wei', team: 'east' };
const manager: Caller = { role: 'manager', user: 'wang.fang' };
const director: Caller = { role: 'director', user: 'chen.jie' };
const trainer: Caller = { role: 'trainer', user: 'zhou.li' };

beforeAll(async () => {
  server = await createTestServer({ dataDir: 'memory://customer-schema-test', now: () => clock });
});
afterAll(() => server.close());

const complaintFields =
  'id customerId contactLevel priority policy deadlines { name dueAt } customer { name phone grade }';

async function openComplaint(customer: Record<string, unknown>, channel = 'phone') {
  const { data, errors } = await server.graphql(
    `mutation($input: OpenComplaintInput!) { openComplaint(input: $input) { ${complaintFields} } }`,
    { input: { customer, channel, category: 'after-sales', summary: '安装师傅迟到', team: 'east' } },
    agent,
  );
  expect(errors).toBeUndefined();
  return data.openComplaint;
}

const customerFields =
  'id name phones grade gradeSource gradeExplanation tier member erasedAt timeline { kind workflowId data } gradeLog { from to source reason by { userId } } consents { purpose given by { userId } }';

async function customer(id: string, as: Caller = manager) {
  const { data, errors } = await server.graphql(
    `query($id: ID!) { customer(id: $id) { ${customerFields} } }`,
    { id },
    as,
  );
  expect(errors).toBeUndefined();
  return data.customer;
}

async function counts() {
  const { rows } = await sql<Record<string, number>>`select
    (select count(*) from customers)::int as customers,
    (select count(*) from customer_keys)::int as keys,
    (select count(*) from customer_audit)::int as audit,
    (select count(*) from customer_grade_log)::int as grades,
    (select count(*) from customer_consents)::int as consents,
    (select count(*) from customer_timeline)::int as timeline,
    (select count(*) from workflows)::int as workflows`.execute(server.store.db);
  return rows[0]!;
}

describe('recognition in openComplaint', () => {
  let customerId: string;

  it('attaches two complaints to one customer when the phone is written 138-0000-0000 and +86 13800000000', async () => {
    const first = await openComplaint({ name: '王芳', phone: '138-0000-0000' });
    clock = new Date('2026-12-02T01:00:00.000Z');
    const second = await openComplaint({ name: '王芳', phone: '+86 13800000000' });
    expect(first.customerId).toEqual(expect.any(String));
    expect(second.customerId).toBe(first.customerId);
    expect([first.contactLevel, first.priority]).toEqual(['first', 'normal']);
    expect([second.contactLevel, second.priority]).toEqual(['second', 'high']);
    customerId = first.customerId;
  });

  it('handles a third complaint on another channel as a many-time contact', async () => {
    clock = new Date('2026-12-03T01:00:00.000Z');
    const third = await openComplaint(
      { name: '王芳', phone: '13800000000', email: 'wang.fang@example.cn' },
      'email',
    );
    expect(third.customerId).toBe(customerId);
    expect([third.contactLevel, third.priority]).toEqual(['many', 'urgent']);
    const record = await customer(customerId);
    expect(
      record.timeline.map((entry: { kind: string; data: { channel: string; contactLevel: string } }) => [
        entry.kind,
        entry.data.channel,
        entry.data.contactLevel,
      ]),
    ).toEqual([
      ['complaint.opened', 'phone', 'first'],
      ['complaint.opened', 'phone', 'second'],
      ['complaint.opened', 'email', 'many'],
    ]);
  });

  it('finds the customer by either phone form or by email', async () => {
    for (const variables of [{ phone: '+86 138 0000 0000' }, { email: 'Wang.Fang@example.cn' }]) {
      const { data, errors } = await server.graphql(
        'query($phone: String, $email: String) { findCustomer(phone: $phone, email: $email) { id } }',
        variables,
        agent,
      );
      expect(errors).toBeUndefined();
      expect(data.findCustomer.id).toBe(customerId);
    }
  });

  it('masks the name and phone for a director and shows them to an agent', async () => {
    expect((await customer(customerId, director)).phones).toEqual(['+86*******0000']);
    expect((await customer(customerId, director)).name).toBe('王*');
    expect((await customer(customerId, agent)).name).toBe('王芳');
  });

  it('refuses a trainer', async () => {
    const { errors } = await server.graphql(
      'query($id: ID!) { customer(id: $id) { id } }',
      { id: customerId },
      trainer,
    );
    expect(errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses bad input to openComplaint and creates no customer', async () => {
    const before = await counts();
    const { errors } = await server.graphql(
      `mutation($input: OpenComplaintInput!) { openComplaint(input: $input) { id } }`,
      {
        input: {
          customer: { name: '赵六', phone: '13911112222' },
          channel: 'phone',
          category: '',
          summary: 'x',
          team: 'east',
        },
      },
      agent,
    );
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await counts()).toEqual(before);
  });
});

describe('grade from the record', () => {
  it('uses the record’s grade, and a manager’s logged override changes the next complaint’s deadlines', async () => {
    clock = new Date('2026-12-04T01:00:00.000Z');
    const before = await openComplaint({ name: '陈静', phone: '13922223333' });
    expect(before.customer.grade).toBe('C');
    expect(before.policy).toBe('standard');
    const recordDue = (complaint: { deadlines: Array<{ name: string; dueAt: string }> }) =>
      complaint.deadlines.find((deadline) => deadline.name === 'record')!.dueAt;
    expect(recordDue(before)).toBe('2026-12-04T01:10:00.000Z');

    const refused = await server.graphql(
      'mutation($input: OverrideCustomerGradeInput!) { overrideCustomerGrade(input: $input) { id } }',
      { input: { customerId: before.customerId, grade: 'A', reason: 'key distributor' } },
      supervisor,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const { data, errors } = await server.graphql(
      'mutation($input: OverrideCustomerGradeInput!) { overrideCustomerGrade(input: $input) { grade gradeSource gradeExplanation gradeLog { from to source reason by { userId } } } }',
      { input: { customerId: before.customerId, grade: 'A', reason: 'key distributor' } },
      manager,
    );
    expect(errors).toBeUndefined();
    expect(data.overrideCustomerGrade).toMatchObject({ grade: 'A', gradeSource: 'override' });
    expect(data.overrideCustomerGrade.gradeExplanation[0]).toBe(
      'Grade A set by manager wang.fang: key distributor',
    );
    expect(data.overrideCustomerGrade.gradeLog.at(-1)).toEqual({
      from: 'C',
      to: 'A',
      source: 'override',
      reason: 'key distributor',
      by: { userId: 'wang.fang' },
    });

    clock = new Date('2026-12-05T01:00:00.000Z');
    const after = await openComplaint({ name: '陈静', phone: '139-2222-3333' });
    expect(after.customer.grade).toBe('A');
    expect(after.policy).toBe('priority');
    expect(recordDue(after)).toBe('2026-12-05T01:05:00.000Z');
  });

  it('keeps a typed grade as an override of the record for that complaint', async () => {
    const typed = await openComplaint({ name: '陈静', phone: '13922223333', grade: 'B' });
    expect(typed.customer.grade).toBe('B');
  });
});

describe('profile', () => {
  it('makes a customer a member for a supervisor and refuses an agent without writing', async () => {
    const opened = await openComplaint({ name: '钱进', phone: '13955556666' });
    const mutation =
      'mutation($input: UpdateCustomerProfileInput!) { updateCustomerProfile(input: $input) { member class } }';
    const input = { customerId: opened.customerId, member: true, class: 'channel' };
    const before = await counts();
    const refused = await server.graphql(mutation, { input }, agent);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
    const { data, errors } = await server.graphql(mutation, { input }, supervisor);
    expect(errors).toBeUndefined();
    expect(data.updateCustomerProfile).toEqual({ member: true, class: 'channel' });
  });
});

describe('consent, export and erasure', () => {
  let customerId: string;
  let complaintId: string;

  it('records consent with its purpose and who took it', async () => {
    const opened = await openComplaint({ name: '孙丽', phone: '13933334444' });
    customerId = opened.customerId;
    complaintId = opened.id;
    const { errors } = await server.graphql(
      'mutation($input: RecordCustomerConsentInput!) { recordCustomerConsent(input: $input) { purpose given } }',
      { input: { customerId, purpose: 'revisit calls', given: true } },
      agent,
    );
    expect(errors).toBeUndefined();
    expect((await customer(customerId)).consents).toEqual([
      { purpose: 'revisit calls', given: true, by: { userId: 'li.na' } },
    ]);
  });

  it('exports the customer’s data as JSON for a manager and refuses an agent', async () => {
    const refused = await server.graphql(
      'mutation($id: ID!) { exportCustomer(id: $id) }',
      { id: customerId },
      agent,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const { data, errors } = await server.graphql(
      'mutation($id: ID!) { exportCustomer(id: $id) }',
      { id: customerId },
      manager,
    );
    expect(errors).toBeUndefined();
    expect(data.exportCustomer.customer.identity).toEqual({ name: '孙丽', phones: ['+8613933334444'] });
    expect(data.exportCustomer.timeline.map((entry: { kind: string }) => entry.kind)).toEqual([
      'complaint.opened',
      'consent.recorded',
    ]);
  });

  it('refuses erasure by a supervisor and writes nothing', async () => {
    const before = await counts();
    const { errors } = await server.graphql(
      'mutation($input: EraseCustomerInput!) { eraseCustomer(input: $input) { id } }',
      { input: { customerId, reason: 'customer asked' } },
      supervisor,
    );
    expect(errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
  });

  it('makes the name and phone unreadable in the record and the complaint when a director erases, and verify passes', async () => {
    const { data, errors } = await server.graphql(
      'mutation($input: EraseCustomerInput!) { eraseCustomer(input: $input) { name phones erasedAt } }',
      { input: { customerId, reason: 'customer asked to be forgotten' } },
      director,
    );
    expect(errors).toBeUndefined();
    expect(data.eraseCustomer).toEqual({ name: null, phones: [], erasedAt: clock.toISOString() });
    const complaint = await server.graphql(
      'query($id: ID!) { complaint(id: $id) { customer { name phone } } }',
      { id: complaintId },
      manager,
    );
    expect(complaint.data.complaint.customer).toEqual({ name: '(erased)', phone: '(erased)' });
    const { rows } = await sql<{
      text: string;
    }>`select snapshot::text as text from workflows where id = ${complaintId}
      union all select event::text from workflow_events where workflow_id = ${complaintId}
      union all select row_to_json(c)::text from customers c where id = ${customerId}`.execute(
      server.store.db,
    );
    const text = rows.map((row) => row.text).join('\n');
    expect(text).not.toContain('孙丽');
    expect(text).not.toContain('13933334444');
    expect(await server.runtime.verify(complaintId)).toMatchObject({
      hashChainIntact: true,
      replayMatchesSnapshot: true,
      timersMatchDeadlines: true,
    });
  });
});

describe('timeline from complaint commits', () => {
  it('records a breach on the customer’s timeline when a complaint’s deadline passes', async () => {
    clock = new Date('2026-12-06T01:00:00.000Z');
    const opened = await openComplaint({ name: '刘洋', phone: '13944445555' });
    await server.runtime.fireDueTimers(new Date('2026-12-06T01:11:00.000Z'));
    await server.yoga.customerTimeline.idle();
    const kinds = (await customer(opened.customerId)).timeline.map((entry: { kind: string }) => entry.kind);
    expect(kinds).toEqual(['complaint.opened', 'complaint.breached']);
  });
});

import type { TimelineEntry } from '@kefu/customer';
import type { Consent, CustomerFilter, CustomerRecord, GradeLogEntry } from '@kefu/customer-store';
import { InvalidPayload, type WorkflowRecord } from '@kefu/runtime';
import { personalDataRoles } from '../authorization.js';
import { builder } from '../builder.js';
import type { KefuContext } from '../context.js';
import { mapErrors } from '../graphql-errors.js';
import { maskName, maskPhone } from '../personal-data.js';
import { withoutNulls } from '../without-nulls.js';
import { ComplaintRef, CustomerGrade } from './complaint.js';
import { ActorRef } from './workflow.js';

const CustomerClass = builder.enumType('CustomerClass', {
  description:
    'Class by channel (seed 001 §2): 渠道 channel, 外埠 regional (out of town), 终端 terminal (end customer).',
  values: ['channel', 'regional', 'terminal'] as const,
});

const CustomerTier = builder.enumType('CustomerTier', {
  description: 'Tier (seed 003 §5.2): 优质 premium, 潜在 potential, 一般 general.',
  values: ['premium', 'potential', 'general'] as const,
});

const GradeSource = builder.enumType('CustomerGradeSource', {
  description: '`computed` from the declared criteria, or an `override` by a manager or director.',
  values: ['computed', 'override'] as const,
});

/** `wang.fang@example.cn` → `w********@example.cn`. */
function maskEmail(email: string): string {
  const at = email.indexOf('@');
  return at <= 0 ? maskName(email) : maskName(email.slice(0, at)) + email.slice(at);
}

/** Personal data of a customer record: unmasked (and logged) for the roles that call customers, masked otherwise. */
async function reveal<T extends string>(
  record: CustomerRecord,
  field: string,
  value: T,
  mask: (value: T) => string,
  context: KefuContext,
): Promise<string> {
  const actor = context.actor;
  if (actor && personalDataRoles.includes(actor.role)) {
    await context.accessLog.record({
      workflowId: `customer:${record.customerId}`,
      field: `customer.${field}`,
    });
    return value;
  }
  return mask(value);
}

const TimelineRef = builder.objectRef<TimelineEntry>('CustomerTimelineEntry');
TimelineRef.implement({
  description:
    'Something that touched the customer: a complaint, contact, revisit, escalation, crisis, grade or consent.',
  fields: (t) => ({
    at: t.field({ type: 'DateTime', resolve: (entry) => entry.at }),
    kind: t.string({
      description: 'e.g. complaint.opened, complaint.breached, revisit.recorded, grade.changed.',
      resolve: (entry) => entry.kind,
    }),
    workflowId: t.string({ nullable: true, resolve: (entry) => entry.workflowId ?? null }),
    data: t.field({
      type: 'JSON',
      description: 'The entry’s details (no personal data).',
      resolve: (entry) => entry.data,
    }),
  }),
});

const ConsentRef = builder.objectRef<Consent>('CustomerConsent');
ConsentRef.implement({
  description: 'Consent for one purpose (seed 003 §8): given or withdrawn, when and who recorded it.',
  fields: (t) => ({
    id: t.exposeID('id'),
    purpose: t.exposeString('purpose'),
    given: t.exposeBoolean('given'),
    at: t.field({ type: 'DateTime', resolve: (consent) => consent.at }),
    by: t.field({ type: ActorRef, resolve: (consent) => consent.by }),
    note: t.string({ nullable: true, resolve: (consent) => consent.note }),
  }),
});

const GradeChangeRef = builder.objectRef<GradeLogEntry>('CustomerGradeChange');
GradeChangeRef.implement({
  description: 'One grade change: computed from the criteria, or a logged override with its reason.',
  fields: (t) => ({
    at: t.field({ type: 'DateTime', resolve: (entry) => entry.at }),
    from: t.field({ type: CustomerGrade, nullable: true, resolve: (entry) => entry.from }),
    to: t.field({ type: CustomerGrade, resolve: (entry) => entry.to }),
    source: t.field({ type: GradeSource, resolve: (entry) => entry.source }),
    by: t.field({ type: ActorRef, nullable: true, resolve: (entry) => entry.by }),
    reason: t.string({ nullable: true, resolve: (entry) => entry.reason }),
    explanation: t.stringList({ resolve: (entry) => entry.explanation }),
  }),
});

export const CustomerRecordRef = builder.objectRef<CustomerRecord>('CustomerRecord');
CustomerRecordRef.implement({
  description:
    'One customer: class, grade with its explanation, tier, member flag, consent and the timeline. Name, phones, email and address are masked unless the role calls customers back (each unmasked read is logged); null once erased.',
  authScopes: { readsComplaints: true },
  fields: (t) => ({
    id: t.exposeID('customerId'),
    class: t.field({ type: CustomerClass, resolve: (record) => record.class }),
    grade: t.field({ type: CustomerGrade, resolve: (record) => record.grade }),
    gradeSource: t.field({ type: GradeSource, resolve: (record) => record.gradeSource }),
    gradeExplanation: t.stringList({
      description:
        'Why the grade: one sentence per criterion (cooperation period, volume, satisfaction, loyalty), the total and the tier; an override first names who set it and why.',
      resolve: (record) => record.gradeExplanation,
    }),
    tier: t.field({ type: CustomerTier, resolve: (record) => record.tier }),
    member: t.exposeBoolean('member'),
    timeZone: t.exposeString('timeZone'),
    since: t.field({
      type: 'DateTime',
      description: 'Start of cooperation (合作时限 counts from it).',
      resolve: (record) => record.since,
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (record) => record.createdAt }),
    erasedAt: t.field({ type: 'DateTime', nullable: true, resolve: (record) => record.erasedAt }),
    name: t.string({
      nullable: true,
      resolve: (record, _args, context) =>
        record.identity ? reveal(record, 'name', record.identity.name, maskName, context) : null,
    }),
    phones: t.stringList({
      resolve: (record, _args, context) =>
        Promise.all(
          (record.identity?.phones ?? []).map((phone) => reveal(record, 'phone', phone, maskPhone, context)),
        ),
    }),
    email: t.string({
      nullable: true,
      resolve: (record, _args, context) =>
        record.identity?.email ? reveal(record, 'email', record.identity.email, maskEmail, context) : null,
    }),
    address: t.string({
      nullable: true,
      resolve: (record, _args, context) =>
        record.identity?.address
          ? reveal(record, 'address', record.identity.address, maskName, context)
          : null,
    }),
    timeline: t.field({
      type: [TimelineRef],
      args: { since: t.arg({ type: 'DateTime' }) },
      resolve: (record, { since }, { customers }) =>
        customers.timeline(record.customerId, since ? { since } : {}),
    }),
    consents: t.field({
      type: [ConsentRef],
      resolve: (record, _args, { customers }) => customers.consents(record.customerId),
    }),
    gradeLog: t.field({
      type: [GradeChangeRef],
      resolve: (record, _args, { customers }) => customers.gradeLog(record.customerId),
    }),
  }),
});

builder.objectField(ComplaintRef, 'customerId', (t) =>
  t.string({
    nullable: true,
    description: 'The customer record this complaint is attached to.',
    resolve: (record: WorkflowRecord) =>
      typeof record.context.customerId === 'string' ? record.context.customerId : null,
  }),
);

const CustomerFilterInput = builder.inputType('CustomerFilter', {
  fields: (t) => ({
    member: t.boolean(),
    class: t.field({ type: CustomerClass }),
    grade: t.field({ type: CustomerGrade }),
    tier: t.field({ type: CustomerTier }),
    limit: t.int({ description: 'Default 100, at most 1000.' }),
    offset: t.int(),
  }),
});

builder.queryField('customer', (t) =>
  t.field({
    type: CustomerRecordRef,
    nullable: true,
    description: 'One customer record (complaint-handling roles).',
    authScopes: { readsComplaints: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { customers }) => mapErrors(() => customers.find(String(id))),
  }),
);

builder.queryField('customers', (t) =>
  t.field({
    type: [CustomerRecordRef],
    description:
      'Customer records by member flag, class, grade and tier, newest first (supervisor, manager, director).',
    authScopes: { readsDashboards: true },
    args: { filter: t.arg({ type: CustomerFilterInput }) },
    resolve: (_root, { filter }, { customers }) =>
      mapErrors(() => customers.list(withoutNulls(filter ?? {}) as CustomerFilter)),
  }),
);

builder.queryField('findCustomer', (t) =>
  t.field({
    type: CustomerRecordRef,
    nullable: true,
    description:
      'The customer with this phone (any form: 138-0000-0000, +86 13800000000 …) or email, through the blind index; give one of them.',
    authScopes: { readsComplaints: true },
    args: { phone: t.arg.string(), email: t.arg.string() },
    resolve: (_root, { phone, email }, { customers }) =>
      mapErrors(async () => {
        if ((phone ? 1 : 0) + (email ? 1 : 0) !== 1) {
          throw new InvalidPayload('input', [{ path: '', message: 'give either a phone or an email' }]);
        }
        return customers.findByContact(phone ? { phone } : { email: email ?? undefined });
      }, 'findCustomer'),
  }),
);

const ConsentInput = builder.inputType('RecordCustomerConsentInput', {
  fields: (t) => ({
    customerId: t.id({ required: true }),
    purpose: t.string({ required: true, description: 'What the data is used for, e.g. "revisit calls".' }),
    given: t.boolean({ required: true, description: 'false records a withdrawal.' }),
    note: t.string(),
  }),
});

builder.mutationField('recordCustomerConsent', (t) =>
  t.field({
    type: ConsentRef,
    description: 'Records consent (or its withdrawal) for a purpose, with who took it and when.',
    authScopes: { readsComplaints: true },
    args: { input: t.arg({ type: ConsentInput, required: true }) },
    resolve: (_root, { input }, { customers, actor, now }) =>
      mapErrors(
        () =>
          customers.recordConsent({
            purpose: input.purpose,
            given: input.given,
            ...(input.note ? { note: input.note } : {}),
            customerId: String(input.customerId),
            by: { userId: actor!.userId, role: actor!.role },
            at: now().toISOString(),
          }),
        'input',
      ),
  }),
);

const OverrideInput = builder.inputType('OverrideCustomerGradeInput', {
  fields: (t) => ({
    customerId: t.id({ required: true }),
    grade: t.field({ type: CustomerGrade, required: true }),
    reason: t.string({ required: true }),
  }),
});

builder.mutationField('overrideCustomerGrade', (t) =>
  t.field({
    type: CustomerRecordRef,
    description:
      'A manager or director sets the grade, with a reason; logged, kept over recomputation, and used by the next complaint’s policy (grade A: tighter limits).',
    authScopes: { seesAllTeams: true },
    args: { input: t.arg({ type: OverrideInput, required: true }) },
    resolve: (_root, { input }, { customers, actor, now }) =>
      mapErrors(
        () =>
          customers.overrideGrade({
            customerId: String(input.customerId),
            grade: input.grade,
            reason: input.reason,
            by: { userId: actor!.userId, role: actor!.role },
            at: now().toISOString(),
          }),
        'input',
      ),
  }),
);

builder.mutationField('exportCustomer', (t) =>
  t.field({
    type: 'JSON',
    description:
      'Everything kept about one customer as JSON (record, consents, timeline, grade log, audit) for a data-subject request; supervisor, manager, director; logged.',
    authScopes: { readsDashboards: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { customers, actor, now }) =>
      mapErrors(async () =>
        JSON.parse(
          JSON.stringify(
            await customers.exportCustomer(
              String(id),
              { userId: actor!.userId, role: actor!.role },
              now().toISOString(),
            ),
          ),
        ),
      ),
  }),
);

const ProfileInput = builder.inputType('UpdateCustomerProfileInput', {
  fields: (t) => ({
    customerId: t.id({ required: true }),
    class: t.field({ type: CustomerClass }),
    member: t.boolean({ description: 'A member customer: revisited 100% (seed 002).' }),
    since: t.field({ type: 'DateTime', description: 'Start of cooperation.' }),
    timeZone: t.string({ description: 'IANA time zone, e.g. Asia/Shanghai.' }),
  }),
});

builder.mutationField('updateCustomerProfile', (t) =>
  t.field({
    type: CustomerRecordRef,
    description:
      'Sets the class, member flag, cooperation start or time zone (fields left out stay as they are), then regrades the customer. Supervisor, manager, director.',
    authScopes: { readsDashboards: true },
    args: { input: t.arg({ type: ProfileInput, required: true }) },
    resolve: (_root, { input }, { customers, actor, now }) =>
      mapErrors(
        () =>
          customers.updateProfile({
            ...(input.class ? { class: input.class } : {}),
            ...(typeof input.member === 'boolean' ? { member: input.member } : {}),
            ...(input.since ? { since: input.since } : {}),
            ...(input.timeZone ? { timeZone: input.timeZone } : {}),
            customerId: String(input.customerId),
            by: { userId: actor!.userId, role: actor!.role },
            at: now().toISOString(),
          }),
        'input',
      ),
  }),
);

const EraseInput = builder.inputType('EraseCustomerInput', {
  fields: (t) => ({
    customerId: t.id({ required: true }),
    reason: t.string({ required: true }),
  }),
});

builder.mutationField('eraseCustomer', (t) =>
  t.field({
    type: CustomerRecordRef,
    description:
      'Erasure by crypto-shredding: destroys the customer’s key, so name, phones, email and address become unreadable in the customer tables, complaint snapshots, the event log and later backups; the hash chain still verifies. Manager or director, with a reason; logged.',
    authScopes: { seesAllTeams: true },
    args: { input: t.arg({ type: EraseInput, required: true }) },
    resolve: (_root, { input }, { customers, actor, now }) =>
      mapErrors(
        () =>
          customers.erase({
            customerId: String(input.customerId),
            reason: input.reason,
            by: { userId: actor!.userId, role: actor!.role },
            at: now().toISOString(),
          }),
        'input',
      ),
  }),
);

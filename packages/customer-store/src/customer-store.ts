import { randomBytes, randomUUID } from 'node:crypto';
import {
  type ContactCount,
  type CustomerClass,
  type CustomerGrade,
  type CustomerProfile,
  type CustomerTier,
  classifyContact,
  createBlindIndex,
  customerClasses,
  customerGrades,
  defaultGradingPolicy,
  type GradeResult,
  type GradingPolicy,
  gradeCustomer,
  gradingFactsOf,
  InvalidContact,
  normaliseEmail,
  normalisePhone,
  type TimelineEntry,
  timelineKinds,
} from '@kefu/customer';
import {
  createDataCipher,
  type Database,
  type DataCipher,
  InvalidPayload,
  isIsoInstant,
  isoInstantMessage,
  migrateOnce,
  parsePayload,
  type Store,
  type SubjectKeys,
  subjectKeyPrefix,
  toIso,
} from '@kefu/runtime';
import { type Kysely, type Selectable, sql } from 'kysely';
import { z } from 'zod';
import { CustomerActionForbidden, CustomerErased, CustomerNotFound } from './customer-errors.js';
import { type CustomersTable, type CustomerTables, customerTables } from './customer-schema.js';

/** The sealed part of a customer: personal data. */
export interface CustomerIdentity {
  name: string;
  phones: string[];
  email?: string | undefined;
  address?: string | undefined;
}

/** A customer as stored, its identity opened (null once erased). */
export interface CustomerRecord extends CustomerProfile {
  identity: CustomerIdentity | null;
  gradeSource: 'computed' | 'override';
  /** Why the grade is what it is: one sentence per criterion, then the grade and the tier (or the override). */
  gradeExplanation: string[];
  createdAt: string;
  updatedAt: string;
  erasedAt: string | null;
}

export interface Consent {
  id: string;
  customerId: string;
  purpose: string;
  given: boolean;
  at: string;
  by: Actor;
  note: string | null;
}

export interface GradeLogEntry {
  customerId: string;
  at: string;
  from: CustomerGrade | null;
  to: CustomerGrade;
  source: 'computed' | 'override';
  by: Actor | null;
  reason: string | null;
  explanation: string[];
}

export interface AuditEntry {
  customerId: string;
  at: string;
  action: 'export' | 'erase' | 'override' | 'consent' | 'retention';
  by: Actor;
  reason: string | null;
}

/** Who does something: a user and their role (`system` for jobs). */
export interface Actor {
  userId: string;
  role: string;
}

/** Everything kept about one customer, for a data-subject request (JSON). */
export interface CustomerExport {
  exportedAt: string;
  customer: CustomerRecord;
  consents: Consent[];
  timeline: TimelineEntry[];
  gradeLog: GradeLogEntry[];
  audit: AuditEntry[];
}

export interface RecognitionResult {
  customer: CustomerRecord;
  /** True when no customer had this phone or email: one was created. */
  created: boolean;
  /** The contact count before this contact, and its level (first / second / many). */
  contact: ContactCount;
}

export interface CustomerFilter {
  member?: boolean;
  class?: CustomerClass;
  grade?: CustomerGrade;
  tier?: CustomerTier;
  /** Include erased customers (default false). */
  erased?: boolean;
  limit?: number;
  offset?: number;
}

export interface CustomerStoreOptions {
  store: Store;
  /**
   * The blind-index key (at least 32 bytes). Default: `KEFU_INDEX_KEY`, else one generated on first use and kept
   * in `customer_secrets` sealed with the store's data key.
   */
  indexKey?: string | undefined;
  /** The grading thresholds (default `defaultGradingPolicy`). */
  gradingPolicy?: GradingPolicy;
  /** Earlier contacts count within this many days (default: all of them). */
  contactWindowDays?: number;
  newId?: () => string;
}

/** Roles that may erase a customer, export one, or override a grade. */
export const erasureRoles: readonly string[] = ['director', 'manager'];
export const gradeOverrideRoles: readonly string[] = ['director', 'manager'];
export const exportRoles: readonly string[] = ['director', 'manager', 'supervisor'];

export interface CustomerStore {
  /** Resolves when the tables exist and the keys are loaded (every operation waits for it). */
  ready(): Promise<void>;
  /** Hand to `createRuntime({ subjectKeys })`: customers' personal data in workflows is sealed with their key. */
  readonly subjectKeys: SubjectKeys;
  createCustomer(input: CreateCustomerInput): Promise<CustomerRecord>;
  /** Finds the customer with this phone or email through the blind index, or creates one. */
  recognise(input: RecogniseInput): Promise<RecognitionResult>;
  findByContact(contact: {
    phone?: string | undefined;
    email?: string | undefined;
  }): Promise<CustomerRecord | undefined>;
  get(customerId: string): Promise<CustomerRecord>;
  find(customerId: string): Promise<CustomerRecord | undefined>;
  list(filter?: CustomerFilter): Promise<CustomerRecord[]>;
  profiles(filter?: { member?: boolean }): Promise<CustomerProfile[]>;
  timeline(customerId: string, options?: { since?: string }): Promise<TimelineEntry[]>;
  appendTimeline(entry: TimelineEntry): Promise<void>;
  recordVolume(input: { customerId: string; period: string; volume: number; at: string }): Promise<void>;
  /** Grades the customer from the criteria; writes and logs a change unless a manager's override stands. */
  regrade(customerId: string, at: string): Promise<GradeResult>;
  overrideGrade(input: OverrideGradeInput): Promise<CustomerRecord>;
  /** Sets class, member flag, cooperation start or time zone (what is not given stays); then regrades. */
  updateProfile(input: UpdateProfileInput): Promise<CustomerRecord>;
  gradeLog(customerId: string): Promise<GradeLogEntry[]>;
  recordConsent(input: RecordConsentInput): Promise<Consent>;
  consents(customerId: string): Promise<Consent[]>;
  /** Everything kept about the customer as JSON; the export is logged. */
  exportCustomer(customerId: string, by: Actor, at: string): Promise<CustomerExport>;
  /** Destroys the customer's key (crypto-shredding) and blind-index entries; director and manager only, logged. */
  erase(input: EraseInput): Promise<CustomerRecord>;
  audit(customerId: string): Promise<AuditEntry[]>;
  /** Makes sure this process holds the keys written by others since it started (e.g. another instance). */
  loadKeys(): Promise<void>;
  /**
   * Retention of closed complaints' personal data: erases (crypto-shreds) every non-member customer whose
   * complaints are all closed and whose last timeline entry is older than `closedForDays` (default 365). Logged
   * as `retention`; returns the ids erased. `dryRun` lists them without erasing.
   */
  applyRetention(options: RetentionOptions): Promise<string[]>;
  /** After a data-key rotation: re-seals every customer key and the blind-index key with the current data key. */
  rewrapKeys(): Promise<number>;
}

export interface RetentionOptions {
  /** ISO: the time the retention runs at. */
  now: string;
  closedForDays?: number;
  dryRun?: boolean;
}

const actorSchema = z.object({
  userId: z.string().trim().min(1).max(200),
  role: z.string().trim().min(1).max(40),
});
/**
 * The runtime's `isoInstant` test and message, but a value that is not a string keeps zod's own message
 * ("Invalid input: expected string, …"), as this store has always reported it.
 */
const instant = z.string().refine(isIsoInstant, isoInstantMessage);
const identityFields = {
  name: z.string().trim().min(1).max(100),
  phone: z.string().trim().min(3).max(40).optional(),
  email: z.string().trim().max(254).optional(),
  address: z.string().trim().min(1).max(400).optional(),
};
const createSchema = z.object({
  ...identityFields,
  class: z.enum(customerClasses as [CustomerClass, ...CustomerClass[]]).default('terminal'),
  member: z.boolean().default(false),
  since: instant.optional(),
  timeZone: z.string().trim().min(1).max(64).default('Asia/Shanghai'),
  at: instant,
  id: z.string().trim().min(1).max(100).optional(),
});
export type CreateCustomerInput = z.input<typeof createSchema>;
const recogniseSchema = createSchema.omit({ id: true });
export type RecogniseInput = z.input<typeof recogniseSchema>;
const overrideSchema = z.object({
  customerId: z.string().min(1),
  grade: z.enum(customerGrades as [CustomerGrade, ...CustomerGrade[]]),
  reason: z.string().trim().min(3).max(2000),
  by: actorSchema,
  at: instant,
});
export type OverrideGradeInput = z.input<typeof overrideSchema>;
const profileSchema = z.object({
  customerId: z.string().min(1),
  class: z.enum(customerClasses as [CustomerClass, ...CustomerClass[]]).optional(),
  member: z.boolean().optional(),
  since: instant.optional(),
  timeZone: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone, e.g. Asia/Shanghai')
    .optional(),
  by: actorSchema,
  at: instant,
});
export type UpdateProfileInput = z.input<typeof profileSchema>;
const consentSchema = z.object({
  customerId: z.string().min(1),
  purpose: z.string().trim().min(1).max(200),
  given: z.boolean(),
  note: z.string().trim().max(2000).optional(),
  by: actorSchema,
  at: instant,
});
export type RecordConsentInput = z.input<typeof consentSchema>;
const eraseSchema = z.object({
  customerId: z.string().min(1),
  reason: z.string().trim().min(3).max(2000),
  by: actorSchema,
  at: instant,
});
export type EraseInput = z.input<typeof eraseSchema>;
const timelineSchema = z.object({
  customerId: z.string().min(1),
  at: instant,
  kind: z.enum(timelineKinds as [TimelineEntry['kind'], ...TimelineEntry['kind'][]]),
  workflowId: z.string().min(1).max(200).optional(),
  data: z.record(z.string(), z.unknown()),
});
const volumeSchema = z.object({
  customerId: z.string().min(1),
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month, YYYY-MM'),
  volume: z.number().finite().nonnegative(),
  at: instant,
});

/** The contact forms of an identity, each normalised (`InvalidPayload` naming the field when one is not a number). */
function contactKeys(input: { phone?: string | undefined; email?: string | undefined }) {
  try {
    return {
      phone: input.phone ? normalisePhone(input.phone) : undefined,
      email: input.email ? normaliseEmail(input.email) : undefined,
    };
  } catch (error) {
    if (error instanceof InvalidContact)
      throw new InvalidPayload('input', [{ path: error.kind, message: error.message }]);
    throw error;
  }
}

/** Applies the customer tables unless this process already did for this handle. */
export function migrateCustomerStore(db: Kysely<Database>): Promise<void> {
  return migrateOnce(db, customerTables).then(() => undefined);
}

/** A fresh subject key in the data-key format, with a random `subject-` id. */
function newSubjectKey(): string {
  return `${subjectKeyPrefix}${randomBytes(8).toString('hex')}:${randomBytes(32).toString('base64')}`;
}

/**
 * Customer records over an open store (`openStore`): each customer's identity sealed with its own key (wrapped
 * with the store's data key), found by a keyed blind index, graded from declared criteria, with consent, timeline,
 * export and erasure by crypto-shredding.
 */
export function createCustomerStore(options: CustomerStoreOptions): CustomerStore {
  const { store } = options;
  const db = store.db as unknown as Kysely<Database & CustomerTables>;
  const policy = options.gradingPolicy ?? defaultGradingPolicy;
  const newId = options.newId ?? randomUUID;
  const bySubject = new Map<string, DataCipher>();
  const byKeyId = new Map<string, DataCipher>();
  const erased = new Set<string>();
  let index: ReturnType<typeof createBlindIndex> | undefined;

  function remember(customerId: string, cipher: DataCipher) {
    bySubject.set(customerId, cipher);
    byKeyId.set(cipher.keyId, cipher);
  }

  async function loadKeys() {
    const rows = await db.selectFrom('customer_keys').select(['customer_id', 'wrapped_key']).execute();
    for (const row of rows) {
      if (!bySubject.has(row.customer_id)) {
        remember(row.customer_id, createDataCipher(store.cipher.decrypt(row.wrapped_key) as string));
      }
    }
    const gone = await db.selectFrom('customers').select('id').where('erased_at', 'is not', null).execute();
    for (const row of gone) erased.add(row.id);
  }

  async function loadIndexKey() {
    const given = options.indexKey ?? process.env.KEFU_INDEX_KEY;
    if (given) {
      index = createBlindIndex(given);
      return;
    }
    await db
      .insertInto('customer_secrets')
      .values({ name: 'blind-index-key', sealed: store.cipher.encrypt(randomBytes(32).toString('base64')) })
      .onConflict((conflict) => conflict.column('name').doNothing())
      .execute();
    const row = await db
      .selectFrom('customer_secrets')
      .select('sealed')
      .where('name', '=', 'blind-index-key')
      .executeTakeFirstOrThrow();
    index = createBlindIndex(Buffer.from(store.cipher.decrypt(row.sealed) as string, 'base64'));
  }

  const ready = migrateCustomerStore(store.db).then(async () => {
    await loadKeys();
    await loadIndexKey();
  });
  ready.catch(() => undefined);

  const subjectKeys: SubjectKeys = {
    cipherFor(customerId) {
      const found = bySubject.get(customerId);
      if (found) return found;
      // An erased customer's new personal data is sealed with a key nobody keeps.
      if (erased.has(customerId)) return createDataCipher(newSubjectKey());
      return undefined;
    },
    cipherOf: (keyId) => byKeyId.get(keyId),
  };

  function toRecord(row: Selectable<CustomersTable>): CustomerRecord {
    const cipher = row.erased_at === null ? byKeyId.get(row.key_id) : undefined;
    return {
      customerId: row.id,
      class: row.class as CustomerClass,
      grade: row.grade as CustomerGrade,
      tier: row.tier as CustomerTier,
      member: row.member,
      timeZone: row.time_zone,
      since: toIso(row.cooperation_start),
      identity: cipher ? (cipher.decrypt(row.identity) as CustomerIdentity) : null,
      gradeSource: row.grade_source === 'override' ? 'override' : 'computed',
      gradeExplanation: row.grade_explanation,
      createdAt: toIso(row.created_at),
      updatedAt: toIso(row.updated_at),
      erasedAt: toIso(row.erased_at),
    };
  }

  async function loadRow(customerId: string) {
    const row = await db.selectFrom('customers').selectAll().where('id', '=', customerId).executeTakeFirst();
    if (!row) throw new CustomerNotFound(customerId);
    if (row.erased_at === null && !byKeyId.has(row.key_id)) await loadKeys();
    return row;
  }

  async function liveRow(customerId: string) {
    const row = await loadRow(customerId);
    if (row.erased_at !== null) throw new CustomerErased(customerId);
    return row;
  }

  async function timelineOf(customerId: string, since?: string): Promise<TimelineEntry[]> {
    let query = db.selectFrom('customer_timeline').selectAll().where('customer_id', '=', customerId);
    if (since) query = query.where('at', '>=', new Date(since));
    const rows = await query.orderBy('at').orderBy('id').execute();
    return rows.map((row) => ({
      customerId: row.customer_id,
      at: toIso(row.at),
      kind: row.kind as TimelineEntry['kind'],
      ...(row.workflow_id === null ? {} : { workflowId: row.workflow_id }),
      data: row.data,
    }));
  }

  async function contactOf(customerId: string, at: string) {
    return classifyContact(await timelineOf(customerId), at, {
      ...(options.contactWindowDays === undefined ? {} : { withinDays: options.contactWindowDays }),
    });
  }

  function requireRole(action: string, by: Actor, allowed: readonly string[]) {
    if (!allowed.includes(by.role)) throw new CustomerActionForbidden(action, by.role, allowed);
  }

  async function indexContacts(
    executor: Kysely<Database & CustomerTables>,
    customerId: string,
    keys: { phone?: string | undefined; email?: string | undefined },
  ) {
    const values = [
      ...(keys.phone ? [{ kind: 'phone', value: index!.phone(keys.phone), customer_id: customerId }] : []),
      ...(keys.email ? [{ kind: 'email', value: index!.email(keys.email), customer_id: customerId }] : []),
    ];
    if (values.length === 0) return;
    await executor
      .insertInto('customer_contact_index')
      .values(values)
      .onConflict((conflict) => conflict.columns(['kind', 'value']).doNothing())
      .execute();
  }

  async function lookup(keys: { phone?: string | undefined; email?: string | undefined }) {
    const candidates = [
      ...(keys.phone ? [['phone', index!.phone(keys.phone)] as const] : []),
      ...(keys.email ? [['email', index!.email(keys.email)] as const] : []),
    ];
    for (const [kind, value] of candidates) {
      const row = await db
        .selectFrom('customer_contact_index')
        .select('customer_id')
        .where('kind', '=', kind)
        .where('value', '=', value)
        .executeTakeFirst();
      if (row) return row.customer_id;
    }
    return undefined;
  }

  /**
   * Creates a customer, unless one with this phone or email was created meanwhile (two first contacts at once):
   * the transaction locks the contacts' index values and looks again; then that customer is returned.
   */
  async function create(
    input: z.output<typeof createSchema>,
  ): Promise<{ customer: CustomerRecord; created: boolean }> {
    const keys = contactKeys(input);
    const values = [
      ...(keys.phone ? [['phone', index!.phone(keys.phone)] as const] : []),
      ...(keys.email ? [['email', index!.email(keys.email)] as const] : []),
    ];
    const id = input.id ?? newId();
    const key = newSubjectKey();
    const cipher = createDataCipher(key);
    const identity: CustomerIdentity = {
      name: input.name,
      phones: keys.phone ? [keys.phone] : [],
      ...(keys.email ? { email: keys.email } : {}),
      ...(input.address ? { address: input.address } : {}),
    };
    const since = input.since ?? input.at;
    const graded = gradeCustomer({ since, at: input.at, volumes: [], revisits: [] }, policy);
    const existing = await db.transaction().execute(async (trx) => {
      for (const [, value] of values)
        await sql`select pg_advisory_xact_lock(hashtext(${value}))`.execute(trx);
      for (const [kind, value] of values) {
        const found = await trx
          .selectFrom('customer_contact_index')
          .select('customer_id')
          .where('kind', '=', kind)
          .where('value', '=', value)
          .executeTakeFirst();
        if (found) return found.customer_id;
      }
      await trx
        .insertInto('customers')
        .values({
          id,
          key_id: cipher.keyId,
          identity: cipher.encrypt(identity),
          class: input.class,
          grade: graded.grade,
          grade_source: 'computed',
          grade_explanation: JSON.stringify(graded.explanation),
          tier: graded.tier,
          member: input.member,
          cooperation_start: since,
          time_zone: input.timeZone,
          created_at: input.at,
          updated_at: input.at,
        })
        .execute();
      await trx
        .insertInto('customer_keys')
        .values({
          key_id: cipher.keyId,
          customer_id: id,
          wrapped_key: store.cipher.encrypt(key),
          created_at: input.at,
        })
        .execute();
      await indexContacts(trx, id, keys);
      await trx
        .insertInto('customer_grade_log')
        .values({
          customer_id: id,
          at: input.at,
          from_grade: null,
          to_grade: graded.grade,
          source: 'computed',
          by_user: null,
          by_role: null,
          reason: null,
          explanation: JSON.stringify(graded.explanation),
        })
        .execute();
      return undefined;
    });
    if (existing) return { customer: toRecord(await liveRow(existing)), created: false };
    remember(id, cipher);
    return { customer: await get(id), created: true };
  }

  async function get(customerId: string) {
    await ready;
    return toRecord(await loadRow(customerId));
  }

  async function setGrade(
    row: Selectable<CustomersTable>,
    change: {
      grade: CustomerGrade;
      tier: CustomerTier;
      source: 'computed' | 'override';
      explanation: string[];
    },
    at: string,
    by: Actor | null,
    reason: string | null,
  ) {
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('customers')
        .set({
          grade: change.grade,
          tier: change.tier,
          grade_source: change.source,
          grade_explanation: JSON.stringify(change.explanation),
          updated_at: at,
        })
        .where('id', '=', row.id)
        .execute();
      await trx
        .insertInto('customer_grade_log')
        .values({
          customer_id: row.id,
          at,
          from_grade: row.grade,
          to_grade: change.grade,
          source: change.source,
          by_user: by?.userId ?? null,
          by_role: by?.role ?? null,
          reason,
          explanation: JSON.stringify(change.explanation),
        })
        .execute();
      if (row.grade !== change.grade) {
        await trx
          .insertInto('customer_timeline')
          .values({
            customer_id: row.id,
            at,
            kind: 'grade.changed',
            workflow_id: null,
            data: JSON.stringify({ from: row.grade, to: change.grade, source: change.source }),
          })
          .execute();
      }
      if (change.source === 'override' && by) {
        await trx
          .insertInto('customer_audit')
          .values({
            customer_id: row.id,
            at,
            action: 'override',
            by_user: by.userId,
            by_role: by.role,
            reason,
          })
          .execute();
      }
    });
  }

  /** Destroys the customer's key and index entries and marks it erased, logged as `action` (one transaction). */
  async function shred(
    row: Selectable<CustomersTable>,
    input: { at: string; by: Actor; reason: string },
    action: 'erase' | 'retention',
  ) {
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('customer_keys').where('customer_id', '=', row.id).execute();
      await trx.deleteFrom('customer_contact_index').where('customer_id', '=', row.id).execute();
      await trx
        .updateTable('customers')
        .set({ erased_at: input.at, updated_at: input.at })
        .where('id', '=', row.id)
        .execute();
      await trx
        .insertInto('customer_audit')
        .values({
          customer_id: row.id,
          at: input.at,
          action,
          by_user: input.by.userId,
          by_role: input.by.role,
          reason: input.reason,
        })
        .execute();
    });
    byKeyId.delete(row.key_id);
    bySubject.delete(row.id);
    erased.add(row.id);
    // The deleted key row must not linger in table pages a later backup copies (best effort: PostgreSQL needs
    // the table's owner). Write-ahead-log segments may still hold it, sealed with the data key: docs/customers.md.
    await sql`vacuum full customer_keys`.execute(db).catch(() => undefined);
    await sql`checkpoint`.execute(db).catch(() => undefined);
  }

  const customers: CustomerStore = {
    ready: () => ready,
    subjectKeys,
    loadKeys: () => ready.then(loadKeys),

    async createCustomer(raw) {
      const input = parsePayload(createSchema, raw);
      await ready;
      return (await create(input)).customer;
    },

    async recognise(raw) {
      const input = parsePayload(recogniseSchema, raw);
      await ready;
      const keys = contactKeys(input);
      const found = keys.phone || keys.email ? await lookup(keys) : undefined;
      if (!found) {
        const { customer, created } = await create(input);
        if (created) return { customer, created, contact: classifyContact([], input.at) };
        return { customer, created, contact: await contactOf(customer.customerId, input.at) };
      }
      await indexContacts(db, found, keys); // a new email or phone of a known customer
      const row = await liveRow(found);
      return { customer: toRecord(row), created: false, contact: await contactOf(found, input.at) };
    },

    async findByContact(contact) {
      await ready;
      const keys = contactKeys(contact);
      const found = await lookup(keys);
      return found ? toRecord(await loadRow(found)) : undefined;
    },

    get,
    async find(customerId) {
      await ready;
      const row = await db
        .selectFrom('customers')
        .selectAll()
        .where('id', '=', customerId)
        .executeTakeFirst();
      return row ? toRecord(row) : undefined;
    },

    async list(filter = {}) {
      await ready;
      let query = db.selectFrom('customers').selectAll();
      if (filter.member !== undefined) query = query.where('member', '=', filter.member);
      if (filter.class) query = query.where('class', '=', filter.class);
      if (filter.grade) query = query.where('grade', '=', filter.grade);
      if (filter.tier) query = query.where('tier', '=', filter.tier);
      if (!filter.erased) query = query.where('erased_at', 'is', null);
      const rows = await query
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(Math.min(filter.limit ?? 100, 1000))
        .offset(filter.offset ?? 0)
        .execute();
      return rows.map(toRecord);
    },

    async profiles(filter = {}) {
      await ready;
      let query = db
        .selectFrom('customers')
        .select(['id', 'class', 'grade', 'tier', 'member', 'time_zone', 'cooperation_start'])
        .where('erased_at', 'is', null);
      if (filter.member !== undefined) query = query.where('member', '=', filter.member);
      const rows = await query.orderBy('id').execute();
      return rows.map((row) => ({
        customerId: row.id,
        class: row.class as CustomerClass,
        grade: row.grade as CustomerGrade,
        tier: row.tier as CustomerTier,
        member: row.member,
        timeZone: row.time_zone,
        since: toIso(row.cooperation_start),
      }));
    },

    async timeline(customerId, { since } = {}) {
      await ready;
      await loadRow(customerId);
      return timelineOf(customerId, since);
    },

    async appendTimeline(raw) {
      const entry = parsePayload(timelineSchema, raw);
      await ready;
      await liveRow(entry.customerId);
      await db
        .insertInto('customer_timeline')
        .values({
          customer_id: entry.customerId,
          at: entry.at,
          kind: entry.kind,
          workflow_id: entry.workflowId ?? null,
          data: JSON.stringify(entry.data),
        })
        .execute();
    },

    async recordVolume(raw) {
      const input = parsePayload(volumeSchema, raw);
      await customers.appendTimeline({
        customerId: input.customerId,
        at: input.at,
        kind: 'volume.recorded',
        data: { period: input.period, volume: input.volume },
      });
    },

    async regrade(customerId, at) {
      await ready;
      const row = await liveRow(customerId);
      const result = gradeCustomer(
        gradingFactsOf(toIso(row.cooperation_start), at, await timelineOf(customerId)),
        policy,
      );
      if (row.grade_source === 'override') return result;
      if (result.grade !== row.grade || result.tier !== row.tier) {
        await setGrade(row, { ...result, source: 'computed' }, at, null, null);
      } else {
        await db
          .updateTable('customers')
          .set({ grade_explanation: JSON.stringify(result.explanation) })
          .where('id', '=', customerId)
          .execute();
      }
      return result;
    },

    async overrideGrade(raw) {
      const input = parsePayload(overrideSchema, raw);
      requireRole('overrideGrade', input.by, gradeOverrideRoles);
      await ready;
      const row = await liveRow(input.customerId);
      const tier: CustomerTier =
        input.grade === 'A' ? 'premium' : input.grade === 'B' ? 'potential' : (row.tier as CustomerTier);
      await setGrade(
        row,
        {
          grade: input.grade,
          tier,
          source: 'override',
          explanation: [
            `Grade ${input.grade} set by ${input.by.role} ${input.by.userId}: ${input.reason}`,
            ...row.grade_explanation,
          ],
        },
        input.at,
        input.by,
        input.reason,
      );
      return get(input.customerId);
    },

    async updateProfile(raw) {
      const input = parsePayload(profileSchema, raw);
      await ready;
      await liveRow(input.customerId);
      await db
        .updateTable('customers')
        .set({
          ...(input.class === undefined ? {} : { class: input.class }),
          ...(input.member === undefined ? {} : { member: input.member }),
          ...(input.since === undefined ? {} : { cooperation_start: input.since }),
          ...(input.timeZone === undefined ? {} : { time_zone: input.timeZone }),
          updated_at: input.at,
        })
        .where('id', '=', input.customerId)
        .execute();
      await customers.regrade(input.customerId, input.at);
      return get(input.customerId);
    },

    async gradeLog(customerId) {
      await ready;
      await loadRow(customerId);
      const rows = await db
        .selectFrom('customer_grade_log')
        .selectAll()
        .where('customer_id', '=', customerId)
        .orderBy('at')
        .orderBy('id')
        .execute();
      return rows.map((row) => ({
        customerId: row.customer_id,
        at: toIso(row.at),
        from: row.from_grade as CustomerGrade | null,
        to: row.to_grade as CustomerGrade,
        source: row.source === 'override' ? 'override' : 'computed',
        by: row.by_user ? { userId: row.by_user, role: row.by_role ?? '' } : null,
        reason: row.reason,
        explanation: row.explanation,
      }));
    },

    async recordConsent(raw) {
      const input = parsePayload(consentSchema, raw);
      await ready;
      await liveRow(input.customerId);
      const consent: Consent = {
        id: newId(),
        customerId: input.customerId,
        purpose: input.purpose,
        given: input.given,
        at: toIso(input.at),
        by: input.by,
        note: input.note ?? null,
      };
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('customer_consents')
          .values({
            id: consent.id,
            customer_id: consent.customerId,
            purpose: consent.purpose,
            given: consent.given,
            at: consent.at,
            by_user: consent.by.userId,
            by_role: consent.by.role,
            note: consent.note,
          })
          .execute();
        await trx
          .insertInto('customer_timeline')
          .values({
            customer_id: consent.customerId,
            at: consent.at,
            kind: 'consent.recorded',
            workflow_id: null,
            data: JSON.stringify({ purpose: consent.purpose, given: consent.given }),
          })
          .execute();
      });
      return consent;
    },

    async consents(customerId) {
      await ready;
      await loadRow(customerId);
      const rows = await db
        .selectFrom('customer_consents')
        .selectAll()
        .where('customer_id', '=', customerId)
        .orderBy('at')
        .execute();
      return rows.map((row) => ({
        id: row.id,
        customerId: row.customer_id,
        purpose: row.purpose,
        given: row.given,
        at: toIso(row.at),
        by: { userId: row.by_user, role: row.by_role },
        note: row.note,
      }));
    },

    async exportCustomer(customerId, by, at) {
      parsePayload(actorSchema, by);
      parsePayload(instant, at);
      requireRole('exportCustomer', by, exportRoles);
      await ready;
      const customer = toRecord(await loadRow(customerId));
      await db
        .insertInto('customer_audit')
        .values({
          customer_id: customerId,
          at,
          action: 'export',
          by_user: by.userId,
          by_role: by.role,
          reason: null,
        })
        .execute();
      return {
        exportedAt: toIso(at),
        customer,
        consents: await customers.consents(customerId),
        timeline: await timelineOf(customerId),
        gradeLog: await customers.gradeLog(customerId),
        audit: await customers.audit(customerId),
      };
    },

    async erase(raw) {
      const input = parsePayload(eraseSchema, raw);
      requireRole('eraseCustomer', input.by, erasureRoles);
      await ready;
      const row = await liveRow(input.customerId);
      await shred(row, input, 'erase');
      return get(row.id);
    },

    async applyRetention({ now, closedForDays = 365, dryRun = false }) {
      parsePayload(instant, now);
      if (!Number.isInteger(closedForDays) || closedForDays < 1) {
        throw new InvalidPayload('input', [
          { path: 'closedForDays', message: 'must be a whole number of days, at least 1' },
        ]);
      }
      await ready;
      const cutoff = new Date(Date.parse(now) - closedForDays * 86_400_000);
      const { rows } = await sql<{ id: string }>`
        select c.id from customers c
        where c.erased_at is null and c.member = false
          and exists (select 1 from customer_timeline t where t.customer_id = c.id and t.kind = 'complaint.opened')
          and not exists (
            select 1 from customer_timeline o where o.customer_id = c.id and o.kind = 'complaint.opened'
              and not exists (select 1 from customer_timeline d where d.customer_id = c.id
                and d.kind = 'complaint.closed' and d.workflow_id = o.workflow_id))
          and (select max(at) from customer_timeline t where t.customer_id = c.id) < ${cutoff}
        order by c.id`.execute(db);
      const ids = rows.map((row) => row.id);
      if (dryRun) return ids;
      for (const id of ids) {
        await shred(
          await liveRow(id),
          {
            at: now,
            by: { userId: 'retention', role: 'system' },
            reason: `retention: every complaint closed and no activity for ${closedForDays} days`,
          },
          'retention',
        );
      }
      return ids;
    },

    async rewrapKeys() {
      await ready;
      const current = `kefu-enc:v1:${store.cipher.keyId}:`;
      let count = 0;
      const keys = await db.selectFrom('customer_keys').select(['key_id', 'wrapped_key']).execute();
      for (const key of keys) {
        if (key.wrapped_key.startsWith(current)) continue;
        await db
          .updateTable('customer_keys')
          .set({ wrapped_key: store.cipher.encrypt(store.cipher.decrypt(key.wrapped_key)) })
          .where('key_id', '=', key.key_id)
          .execute();
        count++;
      }
      const secrets = await db.selectFrom('customer_secrets').selectAll().execute();
      for (const secret of secrets) {
        if (secret.sealed.startsWith(current)) continue;
        await db
          .updateTable('customer_secrets')
          .set({ sealed: store.cipher.encrypt(store.cipher.decrypt(secret.sealed)) })
          .where('name', '=', secret.name)
          .execute();
        count++;
      }
      return count;
    },

    async audit(customerId) {
      await ready;
      const rows = await db
        .selectFrom('customer_audit')
        .selectAll()
        .where('customer_id', '=', customerId)
        .orderBy('at')
        .orderBy('id')
        .execute();
      return rows.map((row) => ({
        customerId: row.customer_id,
        at: toIso(row.at),
        action: row.action as AuditEntry['action'],
        by: { userId: row.by_user, role: row.by_role },
        reason: row.reason,
      }));
    },
  };
  return customers;
}

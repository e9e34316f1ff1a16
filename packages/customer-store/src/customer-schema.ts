import type { Migration } from '@kefu/runtime';
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

/** One customer. `identity` (name, phones, email, address) is sealed with the customer's own key. */
export interface CustomersTable {
  id: string;
  /** The subject key `identity` (and the customer's complaints) are sealed with; gone after erasure. */
  key_id: string;
  identity: string;
  class: string;
  grade: string;
  /** `computed` (from the criteria) or `override` (a manager's). */
  grade_source: string;
  grade_explanation: Json<string[]>;
  tier: string;
  member: boolean;
  cooperation_start: Timestamp;
  time_zone: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  erased_at: Timestamp | null;
}

/** Per-customer keys, wrapped (sealed) with the store's data key. Deleting a row erases its customer. */
export interface CustomerKeysTable {
  key_id: string;
  customer_id: string;
  wrapped_key: string;
  created_at: Timestamp;
}

/** Keyed blind index: HMAC of a normalised phone or email → customer. No plaintext. */
export interface CustomerContactIndexTable {
  kind: string;
  value: string;
  customer_id: string;
}

export interface CustomerConsentsTable {
  id: string;
  customer_id: string;
  purpose: string;
  given: boolean;
  at: Timestamp;
  by_user: string;
  by_role: string;
  note: string | null;
}

export interface CustomerTimelineTable {
  id: Generated<number>;
  customer_id: string;
  at: Timestamp;
  kind: string;
  workflow_id: string | null;
  data: Json<Record<string, unknown>>;
}

/** Every grade change: computed from the criteria or overridden, by whom and why. */
export interface CustomerGradeLogTable {
  id: Generated<number>;
  customer_id: string;
  at: Timestamp;
  from_grade: string | null;
  to_grade: string;
  source: string;
  by_user: string | null;
  by_role: string | null;
  reason: string | null;
  explanation: Json<string[]>;
}

/** Privacy actions on a customer (export, erasure, retention, grade override, consent), with who and why. */
export interface CustomerAuditTable {
  id: Generated<number>;
  customer_id: string;
  at: Timestamp;
  action: string;
  by_user: string;
  by_role: string;
  reason: string | null;
}

/** Secrets of the customer store sealed with the data key (the blind-index key). */
export interface CustomerSecretsTable {
  name: string;
  sealed: string;
}

/** The customer tables (migration `customers_0001_records`); use as `Kysely<Database & CustomerTables>`. */
export interface CustomerTables {
  customers: CustomersTable;
  customer_keys: CustomerKeysTable;
  customer_contact_index: CustomerContactIndexTable;
  customer_consents: CustomerConsentsTable;
  customer_timeline: CustomerTimelineTable;
  customer_grade_log: CustomerGradeLogTable;
  customer_audit: CustomerAuditTable;
  customer_secrets: CustomerSecretsTable;
}

/** The SQL of migration `customers_0001_records`: the same on PGlite and PostgreSQL. */
export const customerMigrationSql = `
  create table customers (
    id text primary key,
    key_id text not null,
    identity text not null,
    class text not null,
    grade text not null,
    grade_source text not null default 'computed',
    grade_explanation jsonb not null default '[]',
    tier text not null,
    member boolean not null default false,
    cooperation_start timestamptz not null,
    time_zone text not null default 'Asia/Shanghai',
    created_at timestamptz not null,
    updated_at timestamptz not null,
    erased_at timestamptz
  );
  create index customers_grade on customers (grade, tier);
  create index customers_member on customers (member) where erased_at is null;
  create table customer_keys (
    key_id text primary key,
    customer_id text not null unique references customers (id),
    wrapped_key text not null,
    created_at timestamptz not null
  );
  create table customer_contact_index (
    kind text not null,
    value text not null,
    customer_id text not null references customers (id),
    primary key (kind, value)
  );
  create index customer_contact_index_customer on customer_contact_index (customer_id);
  create table customer_consents (
    id text primary key,
    customer_id text not null references customers (id),
    purpose text not null,
    given boolean not null,
    at timestamptz not null,
    by_user text not null,
    by_role text not null,
    note text
  );
  create index customer_consents_customer on customer_consents (customer_id, at);
  create table customer_timeline (
    id bigserial primary key,
    customer_id text not null references customers (id),
    at timestamptz not null,
    kind text not null,
    workflow_id text,
    data jsonb not null default '{}'
  );
  create index customer_timeline_customer on customer_timeline (customer_id, at, id);
  create table customer_grade_log (
    id bigserial primary key,
    customer_id text not null references customers (id),
    at timestamptz not null,
    from_grade text,
    to_grade text not null,
    source text not null,
    by_user text,
    by_role text,
    reason text,
    explanation jsonb not null default '[]'
  );
  create index customer_grade_log_customer on customer_grade_log (customer_id, at, id);
  create table customer_audit (
    id bigserial primary key,
    customer_id text not null,
    at timestamptz not null,
    action text not null,
    by_user text not null,
    by_role text not null,
    reason text
  );
  create index customer_audit_customer on customer_audit (customer_id, at, id);
  create table customer_secrets (
    name text primary key,
    sealed text not null
  );
`;

/** The customer store's tables, for `migrate(db, customerTables)` (`createCustomerStore` applies them itself). */
export const customerTables: readonly Migration[] = [
  { id: 'customers_0001_records', up: customerMigrationSql },
];

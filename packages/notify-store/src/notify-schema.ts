import type { Migration } from '@kefu/runtime';
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface NotifyRulesTable {
  id: string;
  name: string;
  /** The rule as validated (`notificationRuleInputSchema`). */
  definition: ColumnType<unknown, string, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface NotifyEndpointsTable {
  id: string;
  name: string;
  url: string;
  format: string;
  /** The secrets, current first, as a JSON array encrypted with the store's key. */
  secrets: string;
  enabled: boolean;
  breaker_failures: number;
  breaker_open_until: Timestamp | null;
  created_at: Timestamp;
  rotated_at: Timestamp | null;
}

export interface NotifyContactPointsTable {
  user_id: string;
  /** Encrypted with the store's key (personal data). */
  email: string | null;
  locale: string;
  quiet: ColumnType<unknown, string | null, string | null> | null;
  updated_at: Timestamp;
}

export interface NotifyMessagesTable {
  id: string;
  event_id: string;
  event_type: string;
  event_at: Timestamp;
  channel: string;
  target: string;
  rule_id: string | null;
  critical: boolean;
  workflow_id: string;
  statement_id: string | null;
  subject: string;
  /** Encrypted with the store's key (may quote personal data). */
  body: string;
  /** The webhook body (encrypted JSON) for webhook messages. */
  payload: string | null;
  status: string;
  /** Attempts since it was enqueued or last replayed (counts toward the dead-letter limit). */
  attempts: number;
  /** Attempts ever made (numbers the attempt rows). */
  tries: number;
  next_attempt_at: Timestamp | null;
  claimed_until: Timestamp | null;
  created_at: Timestamp;
  delivered_at: Timestamp | null;
  dead_at: Timestamp | null;
  last_error: string | null;
}

export interface NotifyAttemptsTable {
  id: Generated<ColumnType<string, never, never>>;
  message_id: string;
  attempt: number;
  status: string;
  response_code: number | null;
  latency_ms: number;
  error: string | null;
  at: Timestamp;
}

export interface NotifyInboxTable {
  id: string;
  user_id: string;
  event_type: string;
  event_id: string;
  subject: string;
  body: string;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

export interface NotifyTables {
  notify_rules: NotifyRulesTable;
  notify_endpoints: NotifyEndpointsTable;
  notify_contact_points: NotifyContactPointsTable;
  notify_messages: NotifyMessagesTable;
  notify_attempts: NotifyAttemptsTable;
  notify_inbox: NotifyInboxTable;
}

/** The delivery side's tables, applied with the runtime's `migrate` (ids prefixed `notify_`). */
export const notifyMigrations: readonly Migration[] = [
  {
    id: 'notify_0001_delivery',
    up: `
      create table if not exists notify_rules (
        id text primary key,
        name text not null,
        definition jsonb not null,
        created_at timestamptz not null,
        updated_at timestamptz not null
      );
      create table if not exists notify_endpoints (
        id text primary key,
        name text not null,
        url text not null,
        format text not null,
        secrets text not null,
        enabled boolean not null default true,
        breaker_failures integer not null default 0,
        breaker_open_until timestamptz,
        created_at timestamptz not null,
        rotated_at timestamptz
      );
      create table if not exists notify_contact_points (
        user_id text primary key,
        email text,
        locale text not null default 'zh-CN',
        quiet jsonb,
        updated_at timestamptz not null
      );
      create table if not exists notify_messages (
        id text primary key,
        event_id text not null,
        event_type text not null,
        event_at timestamptz not null,
        channel text not null,
        target text not null,
        rule_id text,
        critical boolean not null default false,
        workflow_id text not null,
        statement_id text,
        subject text not null,
        body text not null,
        payload text,
        status text not null,
        attempts integer not null default 0,
        tries integer not null default 0,
        next_attempt_at timestamptz,
        claimed_until timestamptz,
        created_at timestamptz not null,
        delivered_at timestamptz,
        dead_at timestamptz,
        last_error text
      );
      create index if not exists notify_messages_due on notify_messages (next_attempt_at) where status = 'pending';
      create index if not exists notify_messages_event on notify_messages (event_id);
      create index if not exists notify_messages_statement on notify_messages (statement_id) where statement_id is not null;
      create index if not exists notify_messages_created on notify_messages (created_at);
      create table if not exists notify_attempts (
        id bigserial primary key,
        message_id text not null references notify_messages (id),
        attempt integer not null,
        status text not null,
        response_code integer,
        latency_ms double precision not null,
        error text,
        at timestamptz not null
      );
      create index if not exists notify_attempts_message on notify_attempts (message_id, id);
      create table if not exists notify_inbox (
        id text primary key,
        user_id text not null,
        event_type text not null,
        event_id text not null,
        subject text not null,
        body text not null,
        created_at timestamptz not null,
        read_at timestamptz
      );
      create index if not exists notify_inbox_user on notify_inbox (user_id, created_at desc);
    `,
  },
];

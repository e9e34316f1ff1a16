import { createHash, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  type AcknowledgeLink,
  afterAttempt,
  type BreakerPolicy,
  type BreakerState,
  breakerPosition,
  type DeliveryAttempt,
  type DutyDirectory,
  defaultBreakerPolicy,
  defaultRetryPolicy,
  type EmailSender,
  generateWebhookSecret,
  isQuietAt,
  type Locale,
  localeSchema,
  type NotificationEvent,
  type NotificationRule,
  type NotificationRuleInput,
  notificationEventsOf,
  notificationRuleInputSchema,
  planDeliveries,
  type QuietPreference,
  quietPreferenceSchema,
  type RetryPolicy,
  renderNotification,
  retryDelay,
  sendWebhook,
  type WebhookFormat,
  webhookFormatSchema,
  webhookPayload,
} from '@kefu/notify';
import { type Database, migrate, parsePayload, type Store, toIso } from '@kefu/runtime';
import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import { z } from 'zod';
import { EndpointNotFound, MessageNotFound, RuleNotFound } from './notify-errors.js';
import { type NotifyMessagesTable, type NotifyTables, notifyMigrations } from './notify-schema.js';

/** Where in-app notifications are published (`{ userId, id }`); subscribe on the runtime's pub/sub. */
export const inboxTopic = 'notify.inbox';

export interface NotificationCenterOptions {
  store: Store;
  /** Who is on duty (`@kefu/roster` implements it). */
  directory: DutyDirectory;
  /** Sends email; without one, email deliveries are recorded as skipped. */
  email?: EmailSender | undefined;
  /** The clock retries, breakers and records run on (default: the system clock). */
  now?: () => Date;
  /** 0..1, for retry jitter (default Math.random). */
  random?: () => number;
  retry?: Partial<RetryPolicy>;
  breaker?: Partial<BreakerPolicy>;
  /** Signed acknowledgement links for escalation notifications (`@kefu/roster` provides it). */
  acknowledgeLink?: AcknowledgeLink | undefined;
  /** A workflow's context (team, ladder, title), e.g. `(id) => runtime.get(id).then((w) => w.context)`. */
  context?: (workflowId: string) => Promise<Record<string, unknown> | undefined>;
  /** Where in-app notifications are announced (the runtime's pub/sub). */
  pubSub?: { publish(topic: string, payload: unknown): Promise<void> } | undefined;
  /** Locale of webhook texts and of users without a contact point (default zh-CN). */
  defaultLocale?: Locale;
  /** Webhook request timeout in ms (default 10 s). */
  timeoutMs?: number;
  /** Deliveries in flight at once (default 8). */
  concurrency?: number;
  /** Called when a background delivery run fails (default: stderr). */
  onError?: (error: unknown) => void;
}

export interface EndpointView {
  id: string;
  name: string;
  url: string;
  format: WebhookFormat;
  enabled: boolean;
  breaker: { position: 'closed' | 'open' | 'halfOpen'; failures: number; openUntil: string | null };
  createdAt: string;
  rotatedAt: string | null;
}

export interface ContactPoint {
  userId: string;
  email: string | null;
  locale: Locale;
  quiet: QuietPreference | null;
}

export type MessageStatus = 'pending' | 'delivered' | 'dead' | 'skipped' | 'suppressed';

export interface MessageView {
  /** The `webhook-id` / Message-ID: the same on every retry and replay. */
  id: string;
  eventId: string;
  eventType: string;
  eventAt: string;
  channel: 'email' | 'inApp' | 'webhook';
  /** A user id (email, in-app) or an endpoint id (webhook). */
  target: string;
  ruleId: string | null;
  critical: boolean;
  workflowId: string;
  statementId: string | null;
  subject: string;
  text: string;
  status: MessageStatus;
  attempts: number;
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
  deadAt: string | null;
  lastError: string | null;
}

export interface AttemptView extends DeliveryAttempt {
  messageId: string;
  attempt: number;
  at: string;
}

export interface InboxItem {
  id: string;
  userId: string;
  eventType: string;
  eventId: string;
  subject: string;
  text: string;
  createdAt: string;
  readAt: string | null;
}

export interface MessageFilter {
  eventId?: string | undefined;
  workflowId?: string | undefined;
  statementId?: string | undefined;
  status?: MessageStatus | undefined;
  channel?: string | undefined;
  target?: string | undefined;
  limit?: number | undefined;
}

const endpointInputSchema = z.object({
  name: z.string().trim().min(1).max(200),
  url: z
    .string()
    .url()
    .refine((url) => /^https?:\/\//.test(url), 'Only http and https URLs'),
  format: webhookFormatSchema.default('standard'),
  enabled: z.boolean().default(true),
});
export type EndpointInput = z.input<typeof endpointInputSchema>;

const contactPointInputSchema = z.object({
  userId: z.string().trim().min(1).max(200),
  email: z.string().trim().email().max(320).nullable().optional(),
  locale: localeSchema.optional(),
  quiet: quietPreferenceSchema.nullable().optional(),
});
export type ContactPointInput = z.input<typeof contactPointInputSchema>;

const rangeSchema = z
  .object({
    from: z.string().datetime({ offset: true }),
    to: z.string().datetime({ offset: true }),
    endpointId: z.string().min(1).optional(),
  })
  .refine((range) => Date.parse(range.from) <= Date.parse(range.to), {
    message: '"from" must not be after "to"',
  });

/** The message id for one delivery of one event: derived, so enqueuing the event again adds nothing. */
export function messageIdOf(eventId: string, channel: string, target: string): string {
  return `msg_${createHash('sha256').update(`${eventId}\u0000${channel}\u0000${target}`).digest('hex').slice(0, 32)}`;
}

/**
 * The delivery side of notifications on the runtime's database: turns what workflows did (outbox rows) into
 * messages for the rules' recipients, delivers them at least once (webhook, email, in-app) with retries,
 * exponential backoff with jitter, a circuit breaker per endpoint and a dead-letter list, and records every
 * attempt. A message keeps its id on every retry and replay: the receiver's de-duplication key.
 */
export function createNotificationCenter(options: NotificationCenterOptions) {
  const { store, directory } = options;
  const db = store.db as unknown as Kysely<Database & NotifyTables>;
  const cipher = store.cipher;
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const retry: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };
  const breaker: BreakerPolicy = { ...defaultBreakerPolicy, ...options.breaker };
  const defaultLocale = options.defaultLocale ?? 'zh-CN';
  const concurrency = options.concurrency ?? 8;
  const batchSize = 100;
  const schema = migrate(store.db, notifyMigrations).then(() => undefined);
  schema.catch(() => undefined);

  const report = (error: unknown) => {
    if (options.onError) options.onError(error);
    else console.error('kefu: notification delivery failed:', error instanceof Error ? error.message : error);
  };

  // ---------- configuration ----------

  const toRule = (row: { id: string; definition: unknown }): NotificationRule => ({
    ...notificationRuleInputSchema.parse(row.definition),
    id: row.id,
  });

  async function listRules(): Promise<NotificationRule[]> {
    await schema;
    const rows = await db
      .selectFrom('notify_rules')
      .select(['id', 'definition'])
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toRule);
  }

  async function createRule(input: NotificationRuleInput): Promise<NotificationRule> {
    const rule = parsePayload(notificationRuleInputSchema, input);
    await schema;
    const id = `rule_${randomUUID()}`;
    const at = now();
    await db
      .insertInto('notify_rules')
      .values({ id, name: rule.name, definition: JSON.stringify(rule), created_at: at, updated_at: at })
      .execute();
    return { ...rule, id };
  }

  async function updateRule(id: string, input: NotificationRuleInput): Promise<NotificationRule> {
    const rule = parsePayload(notificationRuleInputSchema, input);
    await schema;
    const result = await db
      .updateTable('notify_rules')
      .set({ name: rule.name, definition: JSON.stringify(rule), updated_at: now() })
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new RuleNotFound(id);
    return { ...rule, id };
  }

  async function deleteRule(id: string): Promise<void> {
    await schema;
    const result = await db.deleteFrom('notify_rules').where('id', '=', id).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw new RuleNotFound(id);
  }

  type EndpointRow = Selectable<NotifyTables['notify_endpoints']>;
  const breakerOf = (row: EndpointRow): BreakerState => ({
    failures: row.breaker_failures,
    openUntil: toIso(row.breaker_open_until),
  });
  const toEndpoint = (row: EndpointRow): EndpointView => {
    const state = breakerOf(row);
    return {
      id: row.id,
      name: row.name,
      url: row.url,
      format: row.format as WebhookFormat,
      enabled: row.enabled,
      breaker: { position: breakerPosition(state, now()), ...state },
      createdAt: toIso(row.created_at),
      rotatedAt: toIso(row.rotated_at),
    };
  };
  const secretsOf = (row: EndpointRow) => cipher.decrypt(row.secrets) as string[];

  async function endpointRow(id: string): Promise<EndpointRow> {
    await schema;
    const row = await db.selectFrom('notify_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new EndpointNotFound(id);
    return row;
  }

  /** Adds a webhook endpoint; its secret is returned here once and never shown again (rotate to get a new one). */
  async function createEndpoint(input: EndpointInput): Promise<{ endpoint: EndpointView; secret: string }> {
    const endpoint = parsePayload(endpointInputSchema, input);
    await schema;
    const secret = generateWebhookSecret();
    const row = await db
      .insertInto('notify_endpoints')
      .values({
        id: `ep_${randomUUID()}`,
        name: endpoint.name,
        url: endpoint.url,
        format: endpoint.format,
        secrets: cipher.encrypt([secret]),
        enabled: endpoint.enabled,
        breaker_failures: 0,
        breaker_open_until: null,
        created_at: now(),
        rotated_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { endpoint: toEndpoint(row), secret };
  }

  /**
   * A new secret for an endpoint, returned once. Messages are signed with the new and the previous secret (two
   * `v1` signatures) until the next rotation, so the receiver can switch without losing a message.
   */
  async function rotateEndpointSecret(id: string): Promise<{ endpoint: EndpointView; secret: string }> {
    const row = await endpointRow(id);
    const secret = generateWebhookSecret();
    const updated = await db
      .updateTable('notify_endpoints')
      .set({ secrets: cipher.encrypt([secret, secretsOf(row)[0]]), rotated_at: now() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { endpoint: toEndpoint(updated), secret };
  }

  async function listEndpoints(): Promise<EndpointView[]> {
    await schema;
    const rows = await db
      .selectFrom('notify_endpoints')
      .selectAll()
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toEndpoint);
  }

  /** Stops delivering to an endpoint; its messages and their logs stay (pending ones fail as "endpoint removed"). */
  async function disableEndpoint(id: string): Promise<void> {
    await endpointRow(id);
    await db.updateTable('notify_endpoints').set({ enabled: false }).where('id', '=', id).execute();
  }

  async function setContactPoint(input: ContactPointInput): Promise<ContactPoint> {
    const contact = parsePayload(contactPointInputSchema, input);
    await schema;
    const existing = await contactPoint(contact.userId);
    const merged: ContactPoint = {
      userId: contact.userId,
      email: contact.email === undefined ? existing.email : contact.email,
      locale: contact.locale ?? existing.locale,
      quiet: contact.quiet === undefined ? existing.quiet : contact.quiet,
    };
    const values = {
      email: merged.email === null ? null : cipher.encrypt(merged.email),
      locale: merged.locale,
      quiet: merged.quiet === null ? null : JSON.stringify(merged.quiet),
      updated_at: now(),
    };
    await db
      .insertInto('notify_contact_points')
      .values({ user_id: contact.userId, ...values })
      .onConflict((conflict) => conflict.column('user_id').doUpdateSet(values))
      .execute();
    return merged;
  }

  async function contactPoint(userId: string): Promise<ContactPoint> {
    await schema;
    const row = await db
      .selectFrom('notify_contact_points')
      .selectAll()
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!row) return { userId, email: null, locale: defaultLocale, quiet: null };
    return {
      userId,
      email: row.email === null ? null : String(cipher.decrypt(row.email)),
      locale: localeSchema.catch(defaultLocale).parse(row.locale),
      quiet: (row.quiet as QuietPreference | null) ?? null,
    };
  }

  // ---------- enqueueing ----------

  type NewMessage = Omit<Insertable<NotifyMessagesTable>, 'claimed_until' | 'delivered_at' | 'dead_at'> & {
    id: string;
  };

  /** Turns one event into messages for every delivery the rules ask for; returns their ids (existing ones too). */
  async function notify(event: NotificationEvent): Promise<string[]> {
    await schema;
    const rules = await listRules();
    const planned = await planDeliveries(rules, event, directory);
    const at = now();
    const rows: NewMessage[] = [];
    for (const delivery of planned) {
      const base = {
        event_id: event.id,
        event_type: event.type,
        event_at: event.at,
        rule_id: delivery.ruleId,
        critical: delivery.critical,
        workflow_id: event.workflowId,
        statement_id: event.statementId ?? null,
        attempts: 0,
        tries: 0,
        created_at: at,
        last_error: null,
      };
      if (delivery.channel === 'webhook') {
        const endpoint = await db
          .selectFrom('notify_endpoints')
          .selectAll()
          .where('id', '=', delivery.endpointId)
          .executeTakeFirst();
        if (!endpoint?.enabled) continue;
        const rendered = renderNotification(event, defaultLocale);
        const payload = webhookPayload(endpoint.format as WebhookFormat, event, rendered);
        rows.push({
          ...base,
          id: messageIdOf(event.id, 'webhook', endpoint.id),
          channel: 'webhook',
          target: endpoint.id,
          subject: rendered.subject,
          body: cipher.encrypt(rendered.text),
          payload: cipher.encrypt(JSON.stringify(payload)),
          status: 'pending',
          next_attempt_at: at,
        });
        continue;
      }
      const contact = await contactPoint(delivery.userId);
      const acknowledgeUrl =
        event.escalationId && options.acknowledgeLink && event.type.startsWith('escalation.')
          ? await options.acknowledgeLink({
              escalationId: event.escalationId,
              userId: delivery.userId,
              at: event.at,
            })
          : undefined;
      const rendered = renderNotification(event, contact.locale, { acknowledgeUrl });
      let status: MessageStatus = 'pending';
      let reason: string | null = null;
      if (delivery.channel === 'email') {
        if (!options.email) [status, reason] = ['skipped', 'email is not configured'];
        else if (!contact.email) [status, reason] = ['skipped', 'no email address'];
        else if (!delivery.critical && contact.quiet && isQuietAt(contact.quiet, event.at))
          [status, reason] = ['suppressed', 'quiet hours'];
      }
      rows.push({
        ...base,
        id: messageIdOf(event.id, delivery.channel, delivery.userId),
        channel: delivery.channel,
        target: delivery.userId,
        subject: rendered.subject,
        body: cipher.encrypt(rendered.text),
        payload: null,
        status,
        last_error: reason,
        next_attempt_at: status === 'pending' ? at : null,
      });
    }
    if (rows.length > 0)
      await db
        .insertInto('notify_messages')
        .values(rows)
        .onConflict((conflict) => conflict.column('id').doNothing())
        .execute();
    return rows.map((row) => row.id);
  }

  /**
   * Handles one delivered outbox row (`runtime.onOutboxDelivered(center.handleOutbox)`): the notification events
   * it stands for are enqueued, then delivery starts at once without waiting for it. A throw leaves the row to
   * be delivered again, which enqueues nothing twice.
   */
  async function handleOutbox(topic: string, payload: unknown): Promise<void> {
    const row = payload as {
      workflowId?: string;
      kind?: string;
      seq?: number;
      event?: { type: string };
      type?: string;
      at?: string;
    };
    if (typeof row.workflowId !== 'string' || typeof row.seq !== 'number') return;
    let event: { type: string; [field: string]: unknown } | undefined;
    if (topic === 'workflow.emitted' && row.event) event = row.event;
    else if (topic === 'workflow.changed' && row.kind === 'escalation' && row.seq === 1)
      event = { type: 'escalation.started', at: row.at };
    if (!event) return;
    const fact = { workflowId: row.workflowId, kind: String(row.kind), seq: row.seq, event };
    // Most rows stand for no notification: decide that before reading the workflow's context.
    if (notificationEventsOf(fact).length === 0) return;
    const context = await options.context?.(row.workflowId);
    const found = notificationEventsOf({ ...fact, context });
    let added = 0;
    for (const notification of found) added += (await notify(notification)).length;
    if (added > 0) void requestDelivery();
  }

  // ---------- delivery ----------

  /**
   * Records a run's attempts and each message's new state in one statement (the messages are claimed by the run).
   * A crash before it leaves them claimed: they are sent again once the claim lapses (at least once).
   */
  async function recordAttempts(
    outcomes: ReadonlyArray<{ message: Selectable<NotifyMessagesTable>; attempt: DeliveryAttempt }>,
    at: Date,
  ) {
    if (outcomes.length === 0) return;
    const rows = outcomes.map(({ message, attempt }) => {
      const attempts = message.attempts + 1;
      const delivered = attempt.status === 'delivered';
      const dead = !delivered && attempts >= retry.maxAttempts;
      const next = delivered || dead ? null : new Date(at.getTime() + retryDelay(attempts, retry, random));
      return {
        id: message.id,
        attempt: message.tries + 1,
        status: attempt.status,
        response_code: attempt.responseCode,
        latency_ms: attempt.latencyMs,
        error: attempt.error,
        next_status: delivered ? 'delivered' : dead ? 'dead' : 'pending',
        attempts,
        delivered,
        dead,
        next_attempt_at: next?.toISOString() ?? null,
      };
    });
    await sql`
      with input as (
        select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(
          id text, attempt integer, status text, response_code integer, latency_ms double precision, error text,
          next_status text, attempts integer, delivered boolean, dead boolean, next_attempt_at timestamptz)
      ),
      recorded as (
        insert into notify_attempts (message_id, attempt, status, response_code, latency_ms, error, at)
        select id, attempt, status, response_code, latency_ms, error, ${at} from input
      )
      update notify_messages m set
        status = i.next_status, attempts = i.attempts, tries = m.tries + 1,
        delivered_at = case when i.delivered then ${at}::timestamptz end,
        dead_at = case when i.dead then ${at}::timestamptz end,
        next_attempt_at = i.next_attempt_at, claimed_until = null, last_error = i.error
      from input i where m.id = i.id`.execute(db);
  }

  async function deliverInApp(message: Selectable<NotifyMessagesTable>, at: Date): Promise<DeliveryAttempt> {
    const started = performance.now();
    await db
      .insertInto('notify_inbox')
      .values({
        id: message.id,
        user_id: message.target,
        event_type: message.event_type,
        event_id: message.event_id,
        subject: message.subject,
        body: message.body,
        created_at: at,
        read_at: null,
      })
      .onConflict((conflict) => conflict.column('id').doNothing())
      .execute();
    await options.pubSub?.publish(inboxTopic, { userId: message.target, id: message.id });
    return {
      status: 'delivered',
      responseCode: null,
      latencyMs: Math.round((performance.now() - started) * 100) / 100,
      error: null,
    };
  }

  async function deliverEmail(message: Selectable<NotifyMessagesTable>): Promise<DeliveryAttempt> {
    const contact = await contactPoint(message.target);
    if (!options.email || !contact.email)
      return { status: 'failed', responseCode: null, latencyMs: 0, error: 'no email address or sender' };
    return options.email.send({
      to: contact.email,
      subject: message.subject,
      text: String(cipher.decrypt(message.body)),
      messageId: message.id,
    });
  }

  /** Claims due messages, attempts each (breakers permitting) and records the outcome; returns how many were claimed. */
  async function deliverBatch(): Promise<number> {
    await schema;
    const at = now();
    const claimedUntil = new Date(at.getTime() + 60_000);
    const claimed = await sql<Selectable<NotifyMessagesTable>>`
      update notify_messages set claimed_until = ${claimedUntil}
      where id in (
        select id from notify_messages
        where status = 'pending' and next_attempt_at <= ${at} and (claimed_until is null or claimed_until < ${at})
        order by next_attempt_at, id limit ${batchSize}
        for update skip locked
      )
      returning *`.execute(db);
    const messages = claimed.rows.sort(
      (a, b) =>
        new Date(a.next_attempt_at!).getTime() - new Date(b.next_attempt_at!).getTime() ||
        a.id.localeCompare(b.id),
    );
    if (messages.length === 0) return 0;
    const endpointIds = [...new Set(messages.filter((m) => m.channel === 'webhook').map((m) => m.target))];
    const endpoints = new Map(
      endpointIds.length === 0
        ? []
        : (await db.selectFrom('notify_endpoints').selectAll().where('id', 'in', endpointIds).execute()).map(
            (row) => [row.id, row],
          ),
    );
    const trials = new Set<string>();
    const release = (id: string, until: Date | null) =>
      db
        .updateTable('notify_messages')
        .set(until ? { claimed_until: null, next_attempt_at: until } : { claimed_until: null })
        .where('id', '=', id)
        .execute();

    const outcomes: Array<{ message: Selectable<NotifyMessagesTable>; attempt: DeliveryAttempt }> = [];
    const recordAttempt = (message: Selectable<NotifyMessagesTable>, attempt: DeliveryAttempt) =>
      outcomes.push({ message, attempt });

    async function deliverOne(message: Selectable<NotifyMessagesTable>) {
      if (message.channel !== 'webhook') {
        const attempt =
          message.channel === 'inApp' ? await deliverInApp(message, at) : await deliverEmail(message);
        recordAttempt(message, attempt);
        return;
      }
      const endpoint = endpoints.get(message.target);
      if (!endpoint?.enabled) {
        recordAttempt(message, {
          status: 'failed',
          responseCode: null,
          latencyMs: 0,
          error: 'endpoint removed',
        });
        return;
      }
      const position = breakerPosition(breakerOf(endpoint), at);
      if (position === 'open') {
        await release(message.id, new Date(endpoint.breaker_open_until!));
        return;
      }
      if (position === 'halfOpen') {
        if (trials.has(endpoint.id)) {
          await release(message.id, null);
          return;
        }
        trials.add(endpoint.id);
      }
      const attempt = await sendWebhook({
        url: endpoint.url,
        secrets: secretsOf(endpoint),
        messageId: message.id,
        body: String(cipher.decrypt(message.payload!)),
        timeoutMs: options.timeoutMs,
      });
      const next = afterAttempt(breakerOf(endpoint), attempt.status === 'delivered', at, breaker);
      const updated = {
        ...endpoint,
        breaker_failures: next.failures,
        breaker_open_until: next.openUntil ? new Date(next.openUntil) : null,
      };
      endpoints.set(endpoint.id, updated);
      const previous = breakerOf(endpoint);
      if (previous.failures !== next.failures || previous.openUntil !== next.openUntil)
        await db
          .updateTable('notify_endpoints')
          .set({ breaker_failures: next.failures, breaker_open_until: next.openUntil })
          .where('id', '=', endpoint.id)
          .execute();
      recordAttempt(message, attempt);
    }

    // Messages to one endpoint go one after another (the breaker sees each outcome); endpoints run side by side.
    const lanes = new Map<string, Selectable<NotifyMessagesTable>[]>();
    for (const message of messages) {
      const lane = message.channel === 'webhook' ? message.target : `${message.channel}:${message.id}`;
      lanes.set(lane, [...(lanes.get(lane) ?? []), message]);
    }
    const queue = [...lanes.values()];
    const workers = Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
      for (let lane = queue.shift(); lane; lane = queue.shift()) {
        for (const message of lane) await deliverOne(message);
      }
    });
    await Promise.all(workers);
    await recordAttempts(outcomes, at);
    return messages.length;
  }

  let running: Promise<number> | undefined;
  let queued: Promise<number> | undefined;

  async function deliverUntilShort(): Promise<number> {
    let total = 0;
    for (;;) {
      const count = await deliverBatch();
      total += count;
      if (count < batchSize) return total;
    }
  }

  /** Starts a delivery run now (or after the one under way); resolves with how many messages it claimed. */
  function requestDelivery(): Promise<number> {
    if (!running) {
      running = deliverUntilShort()
        .catch((error) => {
          report(error);
          return 0;
        })
        .finally(() => {
          running = undefined;
        });
      return running;
    }
    queued ??= running.then(() => {
      queued = undefined;
      return requestDelivery();
    });
    return queued;
  }

  /** Resolves when no delivery run is in flight. */
  async function idle(): Promise<void> {
    while (running || queued) await (queued ?? running);
  }

  /** Delivers everything due at the clock's now (waiting for runs under way first); returns how many were claimed. */
  async function deliverDue(): Promise<number> {
    await idle();
    return requestDelivery();
  }

  let timer: ReturnType<typeof setInterval> | undefined;

  // ---------- reading, replay, inbox ----------

  const toMessage = (row: Selectable<NotifyMessagesTable>): MessageView => ({
    id: row.id,
    eventId: row.event_id,
    eventType: row.event_type,
    eventAt: toIso(row.event_at),
    channel: row.channel as MessageView['channel'],
    target: row.target,
    ruleId: row.rule_id,
    critical: row.critical,
    workflowId: row.workflow_id,
    statementId: row.statement_id,
    subject: row.subject,
    text: String(cipher.decrypt(row.body)),
    status: row.status as MessageStatus,
    attempts: row.attempts,
    nextAttemptAt: toIso(row.next_attempt_at),
    createdAt: toIso(row.created_at),
    deliveredAt: toIso(row.delivered_at),
    deadAt: toIso(row.dead_at),
    lastError: row.last_error,
  });

  async function messages(filter: MessageFilter = {}): Promise<MessageView[]> {
    await schema;
    let query = db.selectFrom('notify_messages').selectAll();
    if (filter.eventId) query = query.where('event_id', '=', filter.eventId);
    if (filter.workflowId) query = query.where('workflow_id', '=', filter.workflowId);
    if (filter.statementId) query = query.where('statement_id', '=', filter.statementId);
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.channel) query = query.where('channel', '=', filter.channel);
    if (filter.target) query = query.where('target', '=', filter.target);
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(Math.min(filter.limit ?? 100, 1000))
      .execute();
    return rows.map(toMessage);
  }

  async function message(id: string): Promise<MessageView> {
    await schema;
    const row = await db.selectFrom('notify_messages').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new MessageNotFound(id);
    return toMessage(row);
  }

  async function attempts(messageId: string): Promise<AttemptView[]> {
    await schema;
    const rows = await db
      .selectFrom('notify_attempts')
      .selectAll()
      .where('message_id', '=', messageId)
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      messageId: row.message_id,
      attempt: row.attempt,
      status: row.status as DeliveryAttempt['status'],
      responseCode: row.response_code,
      latencyMs: Number(row.latency_ms),
      error: row.error,
      at: toIso(row.at),
    }));
  }

  /** Sends one message again (dead, delivered or pending) with the same id, from a fresh retry budget. */
  async function replay(id: string): Promise<MessageView> {
    await message(id);
    const row = await db
      .updateTable('notify_messages')
      .set({ status: 'pending', attempts: 0, next_attempt_at: now(), dead_at: null, claimed_until: null })
      .where('id', '=', id)
      .where('status', 'in', ['dead', 'delivered', 'pending'])
      .returningAll()
      .executeTakeFirst();
    void requestDelivery();
    return row ? toMessage(row) : message(id);
  }

  /** Sends again every dead or delivered webhook message created in a time range (optionally one endpoint's), same ids. */
  async function replayRange(input: {
    from: string;
    to: string;
    endpointId?: string | undefined;
  }): Promise<string[]> {
    const range = parsePayload(rangeSchema, input);
    await schema;
    let query = db
      .updateTable('notify_messages')
      .set({ status: 'pending', attempts: 0, next_attempt_at: now(), dead_at: null, claimed_until: null })
      .where('channel', '=', 'webhook')
      .where('status', 'in', ['dead', 'delivered'])
      .where('created_at', '>=', new Date(range.from))
      .where('created_at', '<=', new Date(range.to));
    if (range.endpointId) query = query.where('target', '=', range.endpointId);
    const rows = await query.returning('id').execute();
    if (rows.length > 0) void requestDelivery();
    return rows.map((row) => row.id).sort();
  }

  const toInboxItem = (row: Selectable<NotifyTables['notify_inbox']>): InboxItem => ({
    id: row.id,
    userId: row.user_id,
    eventType: row.event_type,
    eventId: row.event_id,
    subject: row.subject,
    text: String(cipher.decrypt(row.body)),
    createdAt: toIso(row.created_at),
    readAt: toIso(row.read_at),
  });

  async function inbox(
    userId: string,
    filter: { unreadOnly?: boolean; limit?: number } = {},
  ): Promise<InboxItem[]> {
    await schema;
    let query = db.selectFrom('notify_inbox').selectAll().where('user_id', '=', userId);
    if (filter.unreadOnly) query = query.where('read_at', 'is', null);
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(Math.min(filter.limit ?? 50, 500))
      .execute();
    return rows.map(toInboxItem);
  }

  async function inboxItem(userId: string, id: string): Promise<InboxItem | undefined> {
    await schema;
    const row = await db
      .selectFrom('notify_inbox')
      .selectAll()
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toInboxItem(row) : undefined;
  }

  /** Marks the user's own items read (others' ids are ignored); returns the ids marked. */
  async function markRead(userId: string, ids: readonly string[]): Promise<string[]> {
    await schema;
    if (ids.length === 0) return [];
    const rows = await db
      .updateTable('notify_inbox')
      .set({ read_at: now() })
      .where('user_id', '=', userId)
      .where('id', 'in', [...ids])
      .where('read_at', 'is', null)
      .returning('id')
      .execute();
    return rows.map((row) => row.id).sort();
  }

  /** Sends a signed test message to an endpoint now (no retry, nothing stored) and returns the attempt. */
  async function sendTest(endpointId: string): Promise<DeliveryAttempt & { messageId: string }> {
    const endpoint = await endpointRow(endpointId);
    const messageId = `msg_test_${randomUUID().replaceAll('-', '')}`;
    const at = now().toISOString();
    const event: NotificationEvent = {
      id: messageId,
      type: 'warning.raised',
      at,
      workflowId: 'test',
      facts: { warning: 'test' },
    };
    const rendered = {
      subject: defaultLocale === 'zh-CN' ? '【测试】kefu 通知测试' : '[Test] kefu notification test',
      text: defaultLocale === 'zh-CN' ? '这是一条测试消息。' : 'This is a test message.',
    };
    const body = JSON.stringify(
      endpoint.format === 'standard'
        ? { type: 'test', timestamp: at, data: { subject: rendered.subject, text: rendered.text } }
        : webhookPayload(endpoint.format as WebhookFormat, event, rendered),
    );
    const attempt = await sendWebhook({
      url: endpoint.url,
      secrets: secretsOf(endpoint),
      messageId,
      body,
      timeoutMs: options.timeoutMs,
    });
    return { ...attempt, messageId };
  }

  return {
    ready: () => schema,
    notify,
    handleOutbox,
    requestDelivery,
    deliverDue,
    idle,
    /** Retries what falls due every `intervalMs` (default 1 s); first deliveries never wait for it. */
    start(intervalMs = 1000) {
      timer ??= setInterval(() => void requestDelivery(), intervalMs);
      timer.unref?.();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await idle();
    },
    listRules,
    createRule,
    updateRule,
    deleteRule,
    createEndpoint,
    rotateEndpointSecret,
    listEndpoints,
    endpoint: async (id: string) => toEndpoint(await endpointRow(id)),
    disableEndpoint,
    setContactPoint,
    contactPoint,
    messages,
    message,
    attempts,
    deadLetters: (limit?: number) => messages({ status: 'dead', limit }),
    replay,
    replayRange,
    inbox,
    inboxItem,
    markRead,
    sendTest,
  };
}

export type NotificationCenter = ReturnType<typeof createNotificationCenter>;

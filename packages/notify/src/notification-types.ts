import { z } from 'zod';

/** The events rules speak of (the rules' vocabulary). */
export const notificationEventTypes = [
  'deadline.breached',
  'escalation.raised',
  'escalation.unacknowledged',
  'crisis.levelChanged',
  'statement.published',
  'warning.raised',
  'callback.due',
] as const;
export const notificationEventTypeSchema = z.enum(notificationEventTypes);
export type NotificationEventType = z.infer<typeof notificationEventTypeSchema>;

/** Events that reach people whatever their quiet preferences say. */
export const criticalEventTypes: readonly NotificationEventType[] = [
  'deadline.breached',
  'escalation.raised',
  'escalation.unacknowledged',
  'crisis.levelChanged',
  'warning.raised',
];

export const localeSchema = z.enum(['zh-CN', 'en']);
export type Locale = z.infer<typeof localeSchema>;

/**
 * Something that happened and may reach people: what a workflow emitted, in the rules' vocabulary. `id` is
 * derived from its source (workflow id, log sequence, index), so a repeated outbox delivery names it again.
 */
export interface NotificationEvent {
  id: string;
  type: NotificationEventType;
  /** When it happened (the event's own time). */
  at: string;
  /** The team it belongs to, when known (who is on duty is asked per team). */
  team?: string | undefined;
  /** The ladder role it is addressed to (escalations: the level reached). */
  role?: string | undefined;
  workflowId: string;
  complaintId?: string | undefined;
  escalationId?: string | undefined;
  crisisId?: string | undefined;
  /** Crisis statements: the id every channel carries. */
  statementId?: string | undefined;
  /** Crisis statements: the approved text, identical on every channel. */
  text?: string | undefined;
  /** Free facts the templates show (deadline name, level, colour, reason …). */
  facts: Record<string, string>;
}

/** Who a rule reaches: a role on duty (in the event's team or a named one), a named user, or a whole team. */
export const recipientSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('role'),
    role: z.string().trim().min(1).max(40),
    team: z.string().trim().min(1).max(100).optional(),
  }),
  z.object({ kind: z.literal('user'), userId: z.string().trim().min(1).max(200) }),
  z.object({ kind: z.literal('team'), team: z.string().trim().min(1).max(100) }),
  /** Whoever is on duty for the role the event is addressed to (an escalation's level). */
  z.object({ kind: z.literal('addressee') }),
]);
export type Recipient = z.infer<typeof recipientSchema>;

/** Channels that reach a person (webhooks reach endpoints, named by id in the rule). */
export const personChannelSchema = z.enum(['email', 'inApp']);
export type PersonChannel = z.infer<typeof personChannelSchema>;

export const notificationRuleInputSchema = z.object({
  name: z.string().trim().min(1).max(200),
  events: z.array(notificationEventTypeSchema).min(1),
  recipients: z.array(recipientSchema).default([]),
  channels: z.array(personChannelSchema).default([]),
  /** Webhook endpoints (by id) that receive the matching events. */
  endpoints: z.array(z.string().min(1)).default([]),
  /** Treat every matching event as critical (quiet preferences ignored). */
  critical: z.boolean().default(false),
  enabled: z.boolean().default(true),
});
export type NotificationRuleInput = z.input<typeof notificationRuleInputSchema>;
export type NotificationRule = z.infer<typeof notificationRuleInputSchema> & { id: string };

/** Formats a webhook endpoint speaks: Standard Webhooks JSON, or a chat tool's incoming-webhook body. */
export const webhookFormatSchema = z.enum(['standard', 'wecom', 'dingtalk', 'feishu', 'slack']);
export type WebhookFormat = z.infer<typeof webhookFormatSchema>;

/** Quiet hours in the user's time zone (`HH:mm`, may wrap past midnight). */
export const quietPreferenceSchema = z.object({
  from: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm'),
  until: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm'),
  timeZone: z.string().min(1).max(60).default('Asia/Shanghai'),
});
export type QuietPreference = z.infer<typeof quietPreferenceSchema>;

/** Who is on duty — `@kefu/roster` implements it; `@kefu/notify` depends only on this shape. */
export interface DutyDirectory {
  /** User ids on duty for a role (e.g. 'supervisor') in a team at a time. */
  onDuty(query: { team: string; role: string; at: string }): Promise<string[]>;
  workingHours(query: { team: string; at: string }): Promise<boolean>;
  /** Members of a team (for `team` recipients); optional. */
  members?(query: { team: string }): Promise<string[]>;
}

/** A link the email/chat templates embed to acknowledge an escalation (roster provides; notify calls it if given). */
export type AcknowledgeLink = (query: {
  escalationId: string;
  userId: string;
  at: string;
}) => Promise<string>;

import type { DeliveryAttempt } from '@kefu/notify';
import type { AttemptView, MessageStatus, MessageView } from '@kefu/notify-store';
import { builder } from '../builder.js';
import { mapErrors } from '../graphql-errors.js';
import { configuresNotifications } from './notification-rule.js';

const MessageStatusEnum = builder.enumType('NotificationStatus', {
  description:
    'pending: waiting for its next attempt; delivered; dead: out of attempts (dead-letter list); skipped: no address or email off; suppressed: quiet hours (non-critical only).',
  values: ['pending', 'delivered', 'dead', 'skipped', 'suppressed'] as const,
});

const DeliveryChannel = builder.enumType('DeliveryChannel', {
  values: ['email', 'inApp', 'webhook'] as const,
});

export const DeliveryAttemptRef = builder
  .objectRef<DeliveryAttempt & { attempt?: number; at?: string; messageId?: string }>('DeliveryAttempt')
  .implement({
    description: 'One try at delivering a message: outcome, latency and the HTTP status or SMTP reply code.',
    fields: (t) => ({
      messageId: t.string({ nullable: true, resolve: (attempt) => attempt.messageId ?? null }),
      attempt: t.int({ nullable: true, resolve: (attempt) => attempt.attempt ?? null }),
      status: t.exposeString('status'),
      responseCode: t.exposeInt('responseCode', { nullable: true }),
      latencyMs: t.exposeFloat('latencyMs'),
      error: t.exposeString('error', { nullable: true }),
      at: t.field({ type: 'DateTime', nullable: true, resolve: (attempt) => attempt.at ?? null }),
    }),
  });

export const NotificationMessageRef = builder.objectRef<MessageView>('NotificationMessage').implement({
  description:
    'One notification to one person or endpoint. `id` is the `webhook-id` / Message-ID: the same on every retry and replay.',
  fields: (t) => ({
    id: t.exposeID('id'),
    eventId: t.exposeString('eventId'),
    eventType: t.exposeString('eventType'),
    eventAt: t.field({ type: 'DateTime', resolve: (message) => message.eventAt }),
    channel: t.field({ type: DeliveryChannel, resolve: (message) => message.channel }),
    target: t.exposeString('target', {
      description: 'A user id (email, in-app) or an endpoint id (webhook).',
    }),
    workflowId: t.exposeID('workflowId'),
    statementId: t.exposeString('statementId', { nullable: true }),
    critical: t.exposeBoolean('critical'),
    subject: t.exposeString('subject'),
    text: t.exposeString('text'),
    status: t.field({ type: MessageStatusEnum, resolve: (message) => message.status }),
    attempts: t.exposeInt('attempts', { description: 'Attempts since it was enqueued or last replayed.' }),
    nextAttemptAt: t.field({ type: 'DateTime', nullable: true, resolve: (message) => message.nextAttemptAt }),
    createdAt: t.field({ type: 'DateTime', resolve: (message) => message.createdAt }),
    deliveredAt: t.field({ type: 'DateTime', nullable: true, resolve: (message) => message.deliveredAt }),
    deadAt: t.field({ type: 'DateTime', nullable: true, resolve: (message) => message.deadAt }),
    lastError: t.exposeString('lastError', { nullable: true }),
    deliveryAttempts: t.field({
      type: [DeliveryAttemptRef],
      description: 'Every attempt, first to last.',
      resolve: (message, _args, context): Promise<AttemptView[]> =>
        context.notifications.attempts(message.id),
    }),
  }),
});

builder.queryField('notificationMessages', (t) =>
  t.field({
    type: [NotificationMessageRef],
    description:
      'The delivery log: messages by event, workflow, statement, status or channel, newest first. Managers and directors.',
    authScopes: configuresNotifications,
    args: {
      eventId: t.arg.string(),
      workflowId: t.arg.id(),
      statementId: t.arg.string(),
      status: t.arg({ type: MessageStatusEnum }),
      channel: t.arg({ type: DeliveryChannel }),
      first: t.arg.int({ defaultValue: 100 }),
    },
    resolve: (_root, args, context) =>
      mapErrors(() =>
        context.notifications.messages({
          eventId: args.eventId ?? undefined,
          workflowId: args.workflowId ? String(args.workflowId) : undefined,
          statementId: args.statementId ?? undefined,
          status: (args.status ?? undefined) as MessageStatus | undefined,
          channel: args.channel ?? undefined,
          limit: args.first ?? 100,
        }),
      ),
  }),
);

builder.queryField('statementReceipts', (t) =>
  t.field({
    type: [NotificationMessageRef],
    description:
      'Delivery receipts of a published crisis statement on every channel (the crisis room). Complaint-handling roles.',
    authScopes: { readsComplaints: true },
    args: { statementId: t.arg.string({ required: true }) },
    resolve: (_root, { statementId }, context) =>
      mapErrors(() => context.notifications.messages({ statementId, limit: 1000 })),
  }),
);

builder.queryField('deadLetters', (t) =>
  t.field({
    type: [NotificationMessageRef],
    description: 'Messages out of attempts, newest first. Managers and directors.',
    authScopes: configuresNotifications,
    args: { first: t.arg.int({ defaultValue: 100 }) },
    resolve: (_root, { first }, context) => mapErrors(() => context.notifications.deadLetters(first ?? 100)),
  }),
);

builder.mutationField('replayNotification', (t) =>
  t.field({
    type: NotificationMessageRef,
    description:
      'Sends one message again with the same id, from a fresh retry budget. Managers and directors.',
    authScopes: configuresNotifications,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, context) => mapErrors(() => context.notifications.replay(String(id))),
  }),
);

builder.mutationField('replayNotifications', (t) =>
  t.idList({
    description:
      'Sends again every dead or delivered webhook message created in a time range (optionally one endpoint’s), same ids; returns them. Managers and directors.',
    authScopes: configuresNotifications,
    args: {
      from: t.arg({ type: 'DateTime', required: true }),
      to: t.arg({ type: 'DateTime', required: true }),
      endpointId: t.arg.id(),
    },
    resolve: (_root, { from, to, endpointId }, context) =>
      mapErrors(() =>
        context.notifications.replayRange({
          from,
          to,
          endpointId: endpointId ? String(endpointId) : undefined,
        }),
      ),
  }),
);

builder.mutationField('testWebhookEndpoint', (t) =>
  t.field({
    type: DeliveryAttemptRef,
    description:
      'Sends a signed test message to an endpoint now and returns the attempt. Managers and directors.',
    authScopes: configuresNotifications,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, context) => mapErrors(() => context.notifications.sendTest(String(id))),
  }),
);

import type { ContactPoint, InboxItem } from '@kefu/notify-store';
import { filter, map, pipe } from 'graphql-yoga';
import { requireActor } from '../authorization.js';
import { builder } from '../builder.js';
import type { KefuContext } from '../context.js';
import { mapErrors } from '../graphql-errors.js';
import { configuresNotifications } from './notification-rule.js';

export const InboxNotificationRef = builder.objectRef<InboxItem>('InboxNotification').implement({
  description: 'An in-app notification in the caller’s own inbox.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The message id (see `notificationMessages`).' }),
    eventType: t.exposeString('eventType'),
    eventId: t.exposeString('eventId'),
    subject: t.exposeString('subject'),
    text: t.exposeString('text'),
    createdAt: t.field({ type: 'DateTime', resolve: (item) => item.createdAt }),
    readAt: t.field({ type: 'DateTime', nullable: true, resolve: (item) => item.readAt }),
  }),
});

const Locale = builder.enumType('NotificationLocale', {
  values: { zhCN: { value: 'zh-CN' }, en: { value: 'en' } } as const,
});

/** An email address masked for anyone but its owner (`z***@example.com`). */
function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}

const ContactPointRef = builder
  .objectRef<ContactPoint & { masked: boolean }>('NotificationContactPoint')
  .implement({
    description: 'How a user is reached and when not to disturb them (critical events ignore quiet hours).',
    fields: (t) => ({
      userId: t.exposeString('userId'),
      email: t.string({
        nullable: true,
        description: 'Masked unless it is the caller’s own.',
        resolve: (contact) => (contact.email && contact.masked ? maskEmail(contact.email) : contact.email),
      }),
      locale: t.field({ type: Locale, resolve: (contact) => contact.locale }),
      quietFrom: t.string({ nullable: true, resolve: (contact) => contact.quiet?.from ?? null }),
      quietUntil: t.string({ nullable: true, resolve: (contact) => contact.quiet?.until ?? null }),
      quietTimeZone: t.string({ nullable: true, resolve: (contact) => contact.quiet?.timeZone ?? null }),
    }),
  });

const ContactPointInput = builder.inputType('NotificationContactPointInput', {
  fields: (t) => ({
    email: t.string({ description: 'null removes it.' }),
    locale: t.field({ type: Locale }),
    quietFrom: t.string({ description: 'HH:mm; with quietUntil. Both null remove the quiet hours.' }),
    quietUntil: t.string(),
    quietTimeZone: t.string({ description: 'IANA zone (default Asia/Shanghai).' }),
  }),
});

type ContactArgs = {
  email?: string | null;
  locale?: 'zh-CN' | 'en' | null;
  quietFrom?: string | null;
  quietUntil?: string | null;
  quietTimeZone?: string | null;
};

function contactInput(userId: string, input: ContactArgs) {
  const quiet =
    input.quietFrom === undefined && input.quietUntil === undefined
      ? undefined
      : input.quietFrom === null && input.quietUntil === null
        ? null
        : {
            from: input.quietFrom,
            until: input.quietUntil,
            timeZone: input.quietTimeZone ?? 'Asia/Shanghai',
          };
  return {
    userId,
    ...(input.email !== undefined ? { email: input.email } : {}),
    ...(input.locale ? { locale: input.locale } : {}),
    ...(quiet !== undefined ? { quiet } : {}),
  } as never;
}

const own = (context: KefuContext, contact: ContactPoint) => ({
  ...contact,
  masked: contact.userId !== context.actor?.userId,
});

builder.queryField('notificationInbox', (t) =>
  t.field({
    type: [InboxNotificationRef],
    description: 'The caller’s own in-app notifications, newest first.',
    args: { unreadOnly: t.arg.boolean({ defaultValue: false }), first: t.arg.int({ defaultValue: 50 }) },
    resolve: (_root, args, context) =>
      mapErrors(() =>
        context.notifications.inbox(requireActor(context).userId, {
          unreadOnly: args.unreadOnly ?? false,
          limit: args.first ?? 50,
        }),
      ),
  }),
);

builder.mutationField('markNotificationsRead', (t) =>
  t.idList({
    description:
      'Marks items of the caller’s own inbox read; returns the ids marked (others’ ids are ignored).',
    args: { ids: t.arg.idList({ required: true }) },
    resolve: (_root, { ids }, context) =>
      mapErrors(() => context.notifications.markRead(requireActor(context).userId, ids.map(String))),
  }),
);

builder.subscriptionField('notificationReceived', (t) =>
  t.field({
    type: InboxNotificationRef,
    description: 'Each in-app notification as it reaches the caller’s own inbox.',
    subscribe: (_root, _args, context) => {
      const { userId } = requireActor(context);
      return pipe(
        context.live.subscribe('notify.inbox'),
        filter((payload: { userId: string; id: string }) => payload.userId === userId),
        map((payload: { userId: string; id: string }) => context.notifications.inboxItem(userId, payload.id)),
        filter((item): item is InboxItem => item !== undefined),
      );
    },
    resolve: (item: InboxItem) => item,
  }),
);

builder.queryField('myContactPoint', (t) =>
  t.field({
    type: ContactPointRef,
    description: 'How the caller is reached.',
    resolve: (_root, _args, context) =>
      mapErrors(async () =>
        own(context, await context.notifications.contactPoint(requireActor(context).userId)),
      ),
  }),
);

builder.mutationField('setMyContactPoint', (t) =>
  t.field({
    type: ContactPointRef,
    description: 'Sets the caller’s own email, language and quiet hours (fields left out stay as they are).',
    args: { input: t.arg({ type: ContactPointInput, required: true }) },
    resolve: (_root, { input }, context) =>
      mapErrors(async () =>
        own(
          context,
          await context.notifications.setContactPoint(contactInput(requireActor(context).userId, input)),
        ),
      ),
  }),
);

builder.queryField('contactPoint', (t) =>
  t.field({
    type: ContactPointRef,
    description: 'How a user is reached (email masked). Managers and directors.',
    authScopes: configuresNotifications,
    args: { userId: t.arg.string({ required: true }) },
    resolve: (_root, { userId }, context) =>
      mapErrors(async () => own(context, await context.notifications.contactPoint(userId))),
  }),
);

builder.mutationField('setContactPoint', (t) =>
  t.field({
    type: ContactPointRef,
    description: 'Sets a user’s email, language and quiet hours. Managers and directors.',
    authScopes: configuresNotifications,
    args: {
      userId: t.arg.string({ required: true }),
      input: t.arg({ type: ContactPointInput, required: true }),
    },
    resolve: (_root, { userId, input }, context) =>
      mapErrors(async () =>
        own(context, await context.notifications.setContactPoint(contactInput(userId, input))),
      ),
  }),
);

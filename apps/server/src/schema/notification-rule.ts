import {
  type NotificationRule,
  notificationEventTypes,
  type Recipient,
  webhookFormatSchema,
} from '@kefu/notify';
import type { EndpointView } from '@kefu/notify-store';
import { builder } from '../builder.js';
import type { KefuContext } from '../context.js';
import { mapErrors } from '../graphql-errors.js';

/** Managers and directors configure notifications (rules, endpoints) and read every delivery log. */
export const configuresNotifications = (_parent: unknown, _args: unknown, context: KefuContext) =>
  context.actor?.role === 'manager' || context.actor?.role === 'director';

const RecipientKind = builder.enumType('NotificationRecipientKind', {
  description:
    'role: whoever is on duty for the role (in the event’s team, or `team`); user: one user; team: every member; addressee: whoever is on duty for the role the event is addressed to (an escalation’s level).',
  values: ['role', 'user', 'team', 'addressee'] as const,
});

const PersonChannel = builder.enumType('NotificationChannel', {
  description: 'Channels that reach a person; webhooks reach endpoints named in the rule.',
  values: ['email', 'inApp'] as const,
});

export const WebhookFormat = builder.enumType('WebhookFormat', {
  description:
    'standard: Standard Webhooks JSON; wecom, dingtalk, feishu, slack: the chat tool’s incoming-webhook body.',
  values: webhookFormatSchema.options,
});

const RecipientRef = builder.objectRef<Recipient>('NotificationRecipient').implement({
  fields: (t) => ({
    kind: t.field({ type: RecipientKind, resolve: (recipient) => recipient.kind }),
    role: t.string({
      nullable: true,
      resolve: (recipient) => (recipient.kind === 'role' ? recipient.role : null),
    }),
    team: t.string({
      nullable: true,
      resolve: (recipient) =>
        recipient.kind === 'role' || recipient.kind === 'team' ? (recipient.team ?? null) : null,
    }),
    userId: t.string({
      nullable: true,
      resolve: (recipient) => (recipient.kind === 'user' ? recipient.userId : null),
    }),
  }),
});

export const NotificationRuleRef = builder.objectRef<NotificationRule>('NotificationRule').implement({
  description: 'Which events reach whom, over which channels and webhook endpoints.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    events: t.stringList({
      description: `Event types: ${notificationEventTypes.join(', ')}.`,
      resolve: (rule) => rule.events,
    }),
    recipients: t.field({ type: [RecipientRef], resolve: (rule) => rule.recipients }),
    channels: t.field({ type: [PersonChannel], resolve: (rule) => rule.channels }),
    endpointIds: t.idList({ resolve: (rule) => rule.endpoints }),
    critical: t.exposeBoolean('critical', { description: 'Quiet preferences are ignored for this rule.' }),
    enabled: t.exposeBoolean('enabled'),
  }),
});

const RecipientInput = builder.inputType('NotificationRecipientInput', {
  fields: (t) => ({
    kind: t.field({ type: RecipientKind, required: true }),
    role: t.string(),
    team: t.string(),
    userId: t.string(),
  }),
});

const RuleInput = builder.inputType('NotificationRuleInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    events: t.stringList({
      required: true,
      description: `Event types: ${notificationEventTypes.join(', ')}.`,
    }),
    recipients: t.field({ type: [RecipientInput] }),
    channels: t.field({ type: [PersonChannel] }),
    endpointIds: t.idList(),
    critical: t.boolean(),
    enabled: t.boolean(),
  }),
});

type RuleArgs = {
  name: string;
  events: string[];
  recipients?: Array<{
    kind: string;
    role?: string | null;
    team?: string | null;
    userId?: string | null;
  }> | null;
  channels?: string[] | null;
  endpointIds?: Array<string | number> | null;
  critical?: boolean | null;
  enabled?: boolean | null;
};

/** The GraphQL input as the store's rule input (validated there: bad input is refused and writes nothing). */
function ruleInput(input: RuleArgs) {
  return {
    name: input.name,
    events: input.events,
    recipients: (input.recipients ?? []).map((recipient) =>
      Object.fromEntries(
        Object.entries(recipient).filter(([, value]) => value !== null && value !== undefined),
      ),
    ),
    channels: input.channels ?? [],
    endpoints: (input.endpointIds ?? []).map(String),
    critical: input.critical ?? false,
    enabled: input.enabled ?? true,
  } as never;
}

const BreakerPosition = builder.enumType('CircuitBreakerPosition', {
  values: ['closed', 'open', 'halfOpen'] as const,
});

export const WebhookEndpointRef = builder.objectRef<EndpointView>('WebhookEndpoint').implement({
  description: 'Where webhooks go. Its secret is shown once, when created or rotated.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    url: t.exposeString('url'),
    format: t.field({ type: WebhookFormat, resolve: (endpoint) => endpoint.format }),
    enabled: t.exposeBoolean('enabled'),
    breakerPosition: t.field({ type: BreakerPosition, resolve: (endpoint) => endpoint.breaker.position }),
    breakerFailures: t.int({ resolve: (endpoint) => endpoint.breaker.failures }),
    breakerOpenUntil: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (endpoint) => endpoint.breaker.openUntil,
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (endpoint) => endpoint.createdAt }),
    rotatedAt: t.field({ type: 'DateTime', nullable: true, resolve: (endpoint) => endpoint.rotatedAt }),
  }),
});

const EndpointWithSecretRef = builder
  .objectRef<{ endpoint: EndpointView; secret: string }>('WebhookEndpointSecret')
  .implement({
    description:
      'An endpoint and its signing secret (`whsec_…`), returned only by the mutation that made it.',
    fields: (t) => ({
      endpoint: t.field({ type: WebhookEndpointRef, resolve: (created) => created.endpoint }),
      secret: t.exposeString('secret'),
    }),
  });

const EndpointInput = builder.inputType('WebhookEndpointInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    url: t.string({ required: true }),
    format: t.field({ type: WebhookFormat }),
  }),
});

builder.queryField('notificationRules', (t) =>
  t.field({
    type: [NotificationRuleRef],
    description: 'Every notification rule. Managers and directors.',
    authScopes: configuresNotifications,
    resolve: (_root, _args, context) => mapErrors(() => context.notifications.listRules()),
  }),
);

builder.queryField('webhookEndpoints', (t) =>
  t.field({
    type: [WebhookEndpointRef],
    description:
      'Every webhook endpoint (without secrets), with its circuit breaker. Managers and directors.',
    authScopes: configuresNotifications,
    resolve: (_root, _args, context) => mapErrors(() => context.notifications.listEndpoints()),
  }),
);

builder.mutationField('createNotificationRule', (t) =>
  t.field({
    type: NotificationRuleRef,
    description: 'Adds a rule. Managers and directors.',
    authScopes: configuresNotifications,
    args: { input: t.arg({ type: RuleInput, required: true }) },
    resolve: (_root, { input }, context) =>
      mapErrors(() => context.notifications.createRule(ruleInput(input))),
  }),
);

builder.mutationField('updateNotificationRule', (t) =>
  t.field({
    type: NotificationRuleRef,
    description: 'Replaces a rule. Managers and directors.',
    authScopes: configuresNotifications,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: RuleInput, required: true }) },
    resolve: (_root, { id, input }, context) =>
      mapErrors(() => context.notifications.updateRule(String(id), ruleInput(input))),
  }),
);

builder.mutationField('deleteNotificationRule', (t) =>
  t.id({
    description: 'Deletes a rule; returns its id. Managers and directors.',
    authScopes: configuresNotifications,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, context) =>
      mapErrors(async () => {
        await context.notifications.deleteRule(String(id));
        return id;
      }),
  }),
);

builder.mutationField('createWebhookEndpoint', (t) =>
  t.field({
    type: EndpointWithSecretRef,
    description: 'Adds a webhook endpoint and returns its signing secret, once. Managers and directors.',
    authScopes: configuresNotifications,
    args: { input: t.arg({ type: EndpointInput, required: true }) },
    resolve: (_root, { input }, context) =>
      mapErrors(() =>
        context.notifications.createEndpoint({
          name: input.name,
          url: input.url,
          format: input.format ?? 'standard',
        }),
      ),
  }),
);

builder.mutationField('rotateWebhookSecret', (t) =>
  t.field({
    type: EndpointWithSecretRef,
    description:
      'Gives an endpoint a new secret, returned once; messages carry signatures by the new and the previous secret until the next rotation. Managers and directors.',
    authScopes: configuresNotifications,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, context) =>
      mapErrors(() => context.notifications.rotateEndpointSecret(String(id))),
  }),
);

builder.mutationField('disableWebhookEndpoint', (t) =>
  t.field({
    type: WebhookEndpointRef,
    description: 'Stops delivering to an endpoint (its messages and logs stay). Managers and directors.',
    authScopes: configuresNotifications,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, context) =>
      mapErrors(async () => {
        await context.notifications.disableEndpoint(String(id));
        return context.notifications.endpoint(String(id));
      }),
  }),
);

export {
  afterAttempt,
  type BreakerPolicy,
  type BreakerPosition,
  type BreakerState,
  breakerPosition,
  defaultBreakerPolicy,
} from './circuit-breaker.js';
export { createEmailSender, type EmailMessage, type EmailSender } from './email-sender.js';
export { defaultTeam, type PlannedDelivery, planDeliveries } from './match-rules.js';
export { notificationEventsOf, type WorkflowFact } from './notification-events.js';
export { type RenderedNotification, renderNotification } from './notification-templates.js';
export {
  type AcknowledgeLink,
  criticalEventTypes,
  type DutyDirectory,
  type Locale,
  localeSchema,
  type NotificationEvent,
  type NotificationEventType,
  type NotificationRule,
  type NotificationRuleInput,
  notificationEventTypeSchema,
  notificationEventTypes,
  notificationRuleInputSchema,
  type PersonChannel,
  personChannelSchema,
  type QuietPreference,
  quietPreferenceSchema,
  type Recipient,
  recipientSchema,
  type WebhookFormat,
  webhookFormatSchema,
} from './notification-types.js';
export { isQuietAt } from './quiet-hours.js';
export { defaultRetryPolicy, type RetryPolicy, retryDelay } from './retry-schedule.js';
export { webhookPayload } from './webhook-payload.js';
export {
  type DeliveryAttempt,
  generateWebhookSecret,
  type SendWebhookOptions,
  sendWebhook,
  signWebhook,
} from './webhook-sender.js';

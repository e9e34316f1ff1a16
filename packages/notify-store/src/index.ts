export {
  type AttemptView,
  type ContactPoint,
  type ContactPointInput,
  createNotificationCenter,
  type EndpointInput,
  type EndpointView,
  type InboxItem,
  inboxTopic,
  type MessageFilter,
  type MessageStatus,
  type MessageView,
  messageIdOf,
  type NotificationCenter,
  type NotificationCenterOptions,
} from './notification-center.js';
export { EndpointNotFound, MessageNotFound, RuleNotFound } from './notify-errors.js';
export { type NotifyTables, notifyMigrations } from './notify-schema.js';

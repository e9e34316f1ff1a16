export type { ConflictCause } from './commit-transition.js';
export {
  type CommitListener,
  createRuntime,
  type ListOptions,
  type Runtime,
  type RuntimeOptions,
  type SendOptions,
  type StartOptions,
} from './create-runtime.js';
export {
  createScheduler,
  type RunResult,
  type Scheduler,
  type SchedulerMetrics,
  type SchedulerOptions,
} from './create-scheduler.js';
export {
  createDataCipher,
  type DataCipher,
  DataKeyError,
  generateDataKey,
  isCiphertext,
  loadDataCipher,
  openPaths,
  type PathSealer,
  sealPaths,
} from './data-cipher.js';
export {
  type DataDirectoryLock,
  DataDirectoryLocked,
  type LockHolder,
  lockDataDirectory,
  lockFileOf,
} from './data-directory-lock.js';
export { builtInDataTemplate, extractDataTemplate, writeDataTemplate } from './data-template.js';
export type {
  Database,
  OutboxTable,
  TimersTable,
  Timestamp,
  WorkflowEventsTable,
  WorkflowsTable,
} from './database-schema.js';
export { definitionTables } from './definition-tables.js';
export { canonicalJson, eventHash } from './event-hash.js';
export type { TimerFiring } from './fire-timers.js';
export { type Migration, migrate, migrateOnce, migrations, pendingMigrations } from './migrations.js';
export {
  defaultDataDir,
  openStore,
  SchemaBehind,
  type Store,
  StoreNotFound,
  type StoreOpened,
  StoreOpenFailed,
  type StoreOptions,
} from './open-store.js';
export type { OutboxListener } from './outbox-delivery.js';
export { parsePayload } from './parse-payload.js';
export {
  isIsoInstant,
  isNonBlank,
  isoInstant,
  isoInstantMessage,
  nonBlankMessage,
  nonBlankText,
} from './payload-schemas.js';
export { type EmbeddedDatabase, PGliteDialect } from './pglite-dialect.js';
export {
  type Projection,
  type ProjectionChange,
  type ProjectionCte,
  ProjectionCteNameInvalid,
} from './projection.js';
export { type ReencryptResult, reencryptPersonalData } from './reencrypt-personal-data.js';
export type { Reaction, WorkflowCommand } from './run-reactions.js';
export {
  EventNotAccepted,
  IdempotencyKeyConflict,
  InvalidPayload,
  KefuError,
  PayloadTooLarge,
  SnapshotNotRestorable,
  UnknownEventType,
  UnknownWorkflowKind,
  type ValidationIssue,
  VersionConflict,
  WorkflowNotFound,
} from './runtime-errors.js';
export {
  createRuntimePubSub,
  type RuntimePubSub,
  type RuntimePubSubOptions,
  type WorkflowChangedPayload,
  type WorkflowEmittedPayload,
  workflowTopics,
} from './runtime-pub-sub.js';
export { stateValueToString } from './state-value.js';
export {
  type AutomaticBackup,
  type AutomaticBackupOptions,
  automaticBackupDirectory,
  BackupNotSupported,
  type BackupResult,
  type BackupSchedule,
  type BackupScheduleOptions,
  backup,
  listAutomaticBackups,
  restore,
  scheduleBackups,
  writeAutomaticBackup,
} from './store-backup.js';
export { type StoreStatus, storeStatus } from './store-status.js';
export {
  isSubjectCiphertext,
  keyIdOfCiphertext,
  type SubjectKeys,
  subjectKeyPrefix,
  withSubjectKeys,
} from './subject-keys.js';
export { acceptedEventTypes, type EmittedEvent, type SendResult, type WorkflowEvent } from './transition.js';
export type { Verification } from './verify-workflow.js';
export {
  type VerifyWorkflowsOptions,
  verifyWorkflows,
  type WorkflowsVerification,
} from './verify-workflows.js';
export {
  defineWorkflow,
  type Parser,
  type PersistedSnapshot,
  type ReadModel,
  type ReadModelColumn,
  type ReadModelColumnType,
  type WorkflowDefinition,
} from './workflow-definition.js';
export {
  type EventActor,
  type HistoryEntry,
  type TimerRecord,
  toIso,
  type WorkflowRecord,
} from './workflow-rows.js';
export { type DeadlineData, deadlinesOf } from './write-transition.js';

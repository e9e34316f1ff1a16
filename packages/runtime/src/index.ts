export {
  acceptedEventTypes,
  type CommitListener,
  createRuntime,
  type EmittedEvent,
  type EventActor,
  type HistoryEntry,
  type ListOptions,
  type Reaction,
  type Runtime,
  type RuntimeOptions,
  type SendOptions,
  type SendResult,
  type StartOptions,
  type TimerFiring,
  type TimerRecord,
  type Verification,
  type WorkflowCommand,
  type WorkflowEvent,
  type WorkflowRecord,
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
  sealPaths,
} from './data-cipher.js';
export {
  type DataDirectoryLock,
  DataDirectoryLocked,
  type LockHolder,
  lockDataDirectory,
  lockFileOf,
} from './data-directory-lock.js';
export type { Database, OutboxTable, TimersTable } from './database-schema.js';
export { canonicalJson, eventHash } from './event-hash.js';
export { type Migration, migrate, migrations, priorityRankSql } from './migrations.js';
export { defaultDataDir, openStore, type Store, StoreOpenFailed, type StoreOptions } from './open-store.js';
export { type EmbeddedDatabase, PGliteDialect } from './pglite-dialect.js';
export { type ReencryptResult, reencryptPersonalData } from './reencrypt-personal-data.js';
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
export { AttemptFinished, AttemptNotFound } from './training/training-errors.js';
export { type TrainingTables, trainingMigrationSql } from './training/training-schema.js';
export {
  createTrainingStore,
  type FinishAttemptInput,
  type ItemSummary,
  type ListAttemptsOptions,
  type RecordResponseInput,
  type SaveSkillEstimateInput,
  type SkillEstimate,
  type StartAttemptInput,
  type SummaryOptions,
  type TraineeSummary,
  type TrainingAttempt,
  type TrainingAttemptWithResponses,
  type TrainingResponse,
  type TrainingStore,
} from './training/training-store.js';
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
  type WorkflowDefinition,
} from './workflow-definition.js';
export { complaintWorkflow } from './workflows/complaint-workflow.js';
export { crisisWorkflow } from './workflows/crisis-workflow.js';
export { defaultWorkflows } from './workflows/default-workflows.js';
export { escalationWorkflow } from './workflows/escalation-workflow.js';
export {
  announceCrisisResolution,
  defaultReactions,
  escalateMissedDeadline,
  escalateRequest,
  linkComplaintToCrisis,
  raiseCrisisFromEscalation,
  reactionActor,
} from './workflows/workflow-links.js';

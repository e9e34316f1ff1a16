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
  type WorkflowCommand,
  type WorkflowEvent,
  type WorkflowRecord,
} from './create-runtime.js';
export type { Database } from './database-schema.js';
export { canonicalJson, eventHash } from './event-hash.js';
export { type Migration, migrate, migrations } from './migrations.js';
export { defaultDataDir, openStore, type Store, type StoreOptions } from './open-store.js';
export { PGliteDialect } from './pglite-dialect.js';
export {
  EventNotAccepted,
  InvalidPayload,
  KefuError,
  SnapshotNotRestorable,
  UnknownWorkflowKind,
  type ValidationIssue,
  VersionConflict,
  WorkflowNotFound,
} from './runtime-errors.js';
export { stateValueToString } from './state-value.js';
export {
  defineWorkflow,
  type Parser,
  type ReadModel,
  type WorkflowDefinition,
} from './workflow-definition.js';
export { complaintWorkflow } from './workflows/complaint-workflow.js';
export { defaultWorkflows } from './workflows/default-workflows.js';

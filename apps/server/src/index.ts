export { type AccessLogEntry, createAccessLog } from './access-log.js';
export {
  type DevelopmentTokenOptions,
  InvalidToken,
  signDevelopmentToken,
  tokenAudience,
  tokenIssuer,
  verifyBearerToken,
} from './bearer-token.js';
export { type KefuContext, type RequestActor, type Role, roles } from './context.js';
export { type Environment, readEnvironment } from './env.js';
export { checkHealth, createHealthRoute, type HealthOptions, type HealthReport } from './health.js';
export { type JwtSecretOptions, jwtSecretPath, loadJwtSecret } from './jwt-secret.js';
export { kefuMigrations, migrateKefu } from './kefu-migrations.js';
export {
  createLiveEvents,
  type GradeRecordedPayload,
  type LiveEvents,
  type LiveEventsOptions,
  type LiveTopics,
  publishRuntimeCommits,
  type WorkflowChangedPayload,
  type WorkflowEmittedPayload,
} from './live-events.js';
export { schema } from './schema/index.js';
export { serverMigrations } from './server-migrations.js';
export { type StartedServer, startServer } from './start-server.js';
export { createKefuYoga, type KefuLimits, type KefuYoga, type KefuYogaOptions } from './yoga.js';

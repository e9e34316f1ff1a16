export { AttemptFinished, AttemptNotFound } from './training-errors.js';
export {
  type ItemAnalysis,
  itemAnalysis,
  type QuizPassRate,
  quizPassRates,
  type SkillLevel,
  skillLevels,
  type TrainingWindow,
} from './training-metrics.js';
export {
  type TrainingAttemptsTable,
  type TrainingResponsesTable,
  type TrainingSkillEstimatesTable,
  type TrainingTables,
  trainingMigrationSql,
  trainingTables,
} from './training-schema.js';
export {
  createTrainingStore,
  type FinishAttemptInput,
  type ItemSummary,
  type ListAttemptsOptions,
  migrateTrainingStore,
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
} from './training-store.js';

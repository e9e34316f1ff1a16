export { ReviewConflict, ReviewRecordNotFound } from './review-errors.js';
export {
  type ReviewsCalibrationSessionsTable,
  type ReviewsCoachingNotesTable,
  type ReviewsItemsTable,
  type ReviewsQueueTable,
  type ReviewsTable,
  type ReviewTables,
  reviewMigrationSql,
  reviewTables,
} from './review-schema.js';
export {
  type AgentQuality,
  type AgreedScoreInput,
  type CalibrationSession,
  type CloseSessionInput,
  type CoachingNote,
  type CreateSessionInput,
  createReviewStore,
  type ListReviewsOptions,
  migrateReviewStore,
  type QualityWeek,
  type QueueEntry,
  type RatingSuggestion,
  type RecordReviewInput,
  type ReviewItem,
  type ReviewKind,
  type ReviewStore,
  type SessionProgress,
  type StoredReview,
} from './review-store.js';
export {
  type SampledComplaint,
  type SamplingCandidate,
  type SamplingOptions,
  sampleForReview,
  weekOf,
} from './sample-for-review.js';

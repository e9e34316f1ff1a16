export { itemSourceOf, parseItemSource } from './item-source.js';
export type { BankFile, BankLocation, QuizBank } from './load-bank.js';
export {
  bankFilesAt,
  loadBank,
  loadBankFiles,
  loadStandardBank,
  relativeToStandardBank,
  standardBankDirectory,
  validateBank,
} from './load-bank.js';
export type { Quiz, QuizInput, QuizItemReference } from './quiz-schema.js';
export { itemsFileSchema, quizSchema } from './quiz-schema.js';
export {
  type BankScorecard,
  type CriterionPrefill,
  criterionPrefillSchema,
  loadScorecardFiles,
  type SuggestedRating,
  standardScorecard,
  standardScorecardId,
  standardScorecards,
  suggestRatings,
} from './standard-scorecards.js';

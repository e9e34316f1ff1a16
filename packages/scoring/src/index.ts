export type { ItemAnalysis, ItemStatistics, ScoreMatrix } from './assessment/analyse-items.js';
export {
  analyseItems,
  cronbachAlpha,
  kuderRichardson20,
  standardErrorOfMeasurement,
} from './assessment/analyse-items.js';
export type { SkillAssessment, SkillResult } from './assessment/assess-skills.js';
export { assessSkills } from './assessment/assess-skills.js';
export type { CertificationDecision } from './assessment/certify-ability.js';
export { certifyAbility, defaultCertificationZ } from './assessment/certify-ability.js';
export type { EloEntry, EloLedger, EloResult, EloUpdate } from './assessment/elo-rating.js';
export {
  defaultEloKFactor,
  defaultEloRating,
  eloExpectedScore,
  emptyEloLedger,
  recordEloResult,
  updateElo,
} from './assessment/elo-rating.js';
export type { RaschAbilityEstimate } from './assessment/rasch-ability.js';
export {
  estimateRaschAbility,
  raschDifficultiesFromFacilities,
  raschProbability,
} from './assessment/rasch-ability.js';
export type { CertaintyLevel, CertaintyMark } from './items/certainty-based-marking.js';
export { certaintyLevels, certaintyMark, summariseCertaintyMarks } from './items/certainty-based-marking.js';
export type { FeedbackVisibility, TryState } from './items/feedback-visibility.js';
export { feedbackVisibility, visibleGrade } from './items/feedback-visibility.js';
export type { Item, ItemInput, ScriptItemGrade } from './items/grade-item.js';
export { gradeItem, itemSchema, parseItem } from './items/grade-item.js';
export { gradeMatching } from './items/grade-matching.js';
export { gradeMultipleChoice } from './items/grade-multiple-choice.js';
export { gradeOrdering, scoreOrdering } from './items/grade-ordering.js';
export { gradeSingleChoice } from './items/grade-single-choice.js';
export type { ItemGrade, ItemGradeState, ItemMark, ItemType } from './items/item-grade.js';
export { clampScore } from './items/item-grade.js';
export type {
  ItemOption,
  ItemResponse,
  MatchingItem,
  MatchingResponse,
  MultipleChoiceItem,
  MultipleChoiceResponse,
  ObjectiveItem,
  ObjectiveItemInput,
  OrderingGradingMode,
  OrderingItem,
  OrderingResponse,
  ScriptResponse,
  SingleChoiceItem,
  SingleChoiceResponse,
} from './items/item-schemas.js';
export {
  itemOptionSchema,
  itemResponseSchema,
  matchingItemSchema,
  matchingResponseSchema,
  multipleChoiceItemSchema,
  multipleChoiceResponseSchema,
  objectiveItemSchema,
  orderingGradingModeSchema,
  orderingGradingModes,
  orderingItemSchema,
  orderingResponseSchema,
  scriptResponseSchema,
  singleChoiceItemSchema,
  singleChoiceResponseSchema,
} from './items/item-schemas.js';
export { parseObjectiveItem } from './items/parse-objective-item.js';
export type { AttemptPolicy, AttemptScore, AttemptTryResult, GradedTry } from './items/score-attempt.js';
export { defaultPenaltyPerTry, scoreAttempt } from './items/score-attempt.js';
export type { ScoringIssue } from './items/scoring-input-error.js';
export {
  AttemptClosed,
  InvalidItem,
  InvalidResponse,
  InvalidScorecard,
  InvalidStatisticsInput,
  ScorecardVersionNotFound,
  ScoringInputError,
  toScoringIssues,
} from './items/scoring-input-error.js';
export type {
  CompiledConcept,
  CompiledForbiddenConcept,
  CompiledHouseRule,
  CompiledOrder,
  CompiledPiece,
  CompiledProximity,
  CompiledRequiredConcept,
  CompiledRubric,
  CompiledSequence,
} from './rubric/compile-rubric.js';
export {
  compileHouseRules,
  compileRubric,
  expandPhrase,
  protectedCharacters,
} from './rubric/compile-rubric.js';
export type {
  AnswerSpan,
  AppliedRule,
  ConceptEvidence,
  ConceptHit,
  ConceptMiss,
  MatchTolerance,
  RubricViolation,
  ScriptGrade,
} from './rubric/grade-script-answer.js';
export { gradeScriptAnswer } from './rubric/grade-script-answer.js';
export type {
  DirectionRules,
  ForbiddenConcept,
  OrderConstraint,
  ProximityConstraint,
  RequiredConcept,
  Rubric,
  RubricInput,
  Tolerance,
  Where,
} from './rubric/rubric-schema.js';
export {
  actionReferences,
  directionRulesSchema,
  forbiddenConceptSchema,
  orderConstraintSchema,
  proximityConstraintSchema,
  requiredConceptSchema,
  rubricSchema,
  toleranceLevels,
  toleranceSchema,
  whereSchema,
} from './rubric/rubric-schema.js';
export type { CompiledScriptItem, ScriptItem } from './rubric/script-item.js';
export {
  compileScriptItem,
  gradeScriptItem,
  scriptItemGrade,
  scriptItemSchema,
} from './rubric/script-item.js';
export type {
  AnswerLine,
  JsonlContents,
  JsonlLineError,
  JsonlRecord,
  LabelledAnswer,
} from './rule-tests/read-jsonl.js';
export {
  answerLineSchema,
  InvalidJsonl,
  labelledAnswerSchema,
  parseAnswerLines,
  parseLabelledAnswers,
  readJsonl,
} from './rule-tests/read-jsonl.js';
export type {
  ConceptCoverage,
  RubricSource,
  RuleDisagreement,
  RuleTestReport,
} from './rule-tests/test-rules.js';
export { explainGrade, formatRuleTestReport, testRules } from './rule-tests/test-rules.js';
export type {
  HouseRule,
  HouseRuleClass,
  HouseRulesOptions,
  HouseRulesOptionsInput,
} from './rules/house-rules.js';
export {
  defaultHouseRules,
  houseRuleClasses,
  houseRulesFor,
  houseRulesOptionsSchema,
} from './rules/house-rules.js';
export { isNegatedAt, isNegationAt } from './rules/negation-scope.js';
export type {
  CompiledFact,
  ScenarioFact,
  ScenarioFactInput,
  StatedValue,
} from './rules/scenario-facts.js';
export { compileFact, factTypes, scenarioFactSchema, statedValues } from './rules/scenario-facts.js';
export type { StageAction, StageActionKind, StageDirection } from './rules/stage-directions.js';
export { insideDirection, parseSmallNumber, parseStageDirections } from './rules/stage-directions.js';
export { applyThesaurus, canonicalWord, foldSynonyms, thesaurusGroups } from './rules/thesaurus.js';
export type {
  CalibrationConsensus,
  CalibrationReport,
  CriterionAgreement,
  InteractionCalibration,
  ReviewerLean,
  ReviewerPairAgreement,
} from './scorecard/calibrate-reviewers.js';
export { calibrateReviewers } from './scorecard/calibrate-reviewers.js';
export type {
  AutoFailReason,
  CriterionResult,
  ReviewScore,
  SectionResult,
} from './scorecard/score-review.js';
export { parseScorecard, parseScorecardReview, scoreReview } from './scorecard/score-review.js';
export type { ScorecardLibrary } from './scorecard/scorecard-library.js';
export { createScorecardLibrary } from './scorecard/scorecard-library.js';
export type {
  CriterionRating,
  Scorecard,
  ScorecardCriterion,
  ScorecardInput,
  ScorecardReview,
  ScorecardSection,
} from './scorecard/scorecard-schemas.js';
export {
  criterionRatingSchema,
  scorecardCriterionSchema,
  scorecardReviewSchema,
  scorecardSchema,
  scorecardSectionSchema,
} from './scorecard/scorecard-schemas.js';
export type { ConfusionMatrix } from './statistics/cohen-kappa.js';
export { cohenKappa, confusionMatrix } from './statistics/cohen-kappa.js';
export {
  mean,
  median,
  pearsonCorrelation,
  standardDeviation,
  variance,
} from './statistics/descriptive-statistics.js';
export type { FleissAgreement } from './statistics/fleiss-kappa.js';
export { fleissAgreement, fleissKappa, ratingCounts } from './statistics/fleiss-kappa.js';
export type { NormalizedText, NormalizeOptions } from './text/normalize-text.js';
export {
  cjkPunctuationMap,
  fillerCharacters,
  fillerSegments,
  isPunctuationOrSpace,
  normalizeCharacter,
  normalizeText,
  originalSpan,
  variantFoldTable,
} from './text/normalize-text.js';
export { pinyinOf, pinyinReadings, samePinyin } from './text/pinyin-key.js';
export type { LocatedIssue, YamlSource } from './yaml/yaml-source.js';
export { formatLocatedIssue, parseYamlSource, YamlValidationError } from './yaml/yaml-source.js';

export {
  defaultEarlyWarningPolicy,
  type EarlyWarningPolicy,
  type EarlyWarningPolicyInput,
  earlyWarningPolicySchema,
} from './early-warning-policy.js';
export {
  type CustomerWarning,
  type EvaluateWarningsOptions,
  evaluateWarnings,
  fallingSatisfaction,
  gradeABreach,
  overdueRevisit,
  repeatComplaints,
  volumeDrop,
  type WarningCustomer,
  type WarningEvidence,
  type WarningRevisit,
  type WarningRule,
  type WarningTimelineEntry,
} from './early-warning-rules.js';

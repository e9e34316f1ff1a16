export {
  type CustomerClass,
  type CustomerDirectory,
  type CustomerGrade,
  type CustomerProfile,
  type CustomerTier,
  createMemoryCustomerDirectory,
  listProfiles,
  type TimelineEntry,
} from './customer-profile.js';
export { generateCustomerProfiles } from './generate-customer-profiles.js';
export {
  type PlannedCustomer,
  type PlanRevisitsOptions,
  planRevisits,
  planRuleFor,
  type RevisitWork,
  revisitTimes,
} from './plan-revisits.js';
export { restHoursFor } from './rest-hours.js';
export { type RevisitCoverage, type RevisitCoverageOptions, revisitCoverage } from './revisit-coverage.js';
export {
  retryDeadline,
  revisitEventRoles,
  revisitLeadRoles,
  revisitMachine,
  revisitMachineVersion,
  windowDeadline,
} from './revisit-machine.js';
export {
  customerClassSchema,
  customerTierSchema,
  defaultRevisitPolicy,
  type FollowUpKind,
  followUpKindSchema,
  type RevisitPlanRule,
  type RevisitPolicy,
  type RevisitPolicyInput,
  revisitPlanRuleSchema,
  revisitPolicySchema,
} from './revisit-policy.js';
export {
  type RevisitOutcome,
  type RevisitSummaryReport,
  type RevisitSummaryReportOptions,
  renderRevisitSummaryHtml,
  revisitOutcomeOf,
  revisitSummaryReport,
  type SatisfactionCounts,
} from './revisit-summary-report.js';
export {
  type RevisitAttempt,
  type RevisitContext,
  type RevisitDeadline,
  type RevisitEmitted,
  type RevisitEmittedBase,
  type RevisitEvent,
  type RevisitInput,
  type RevisitMethod,
  type RevisitReason,
  type RevisitRecordForm,
  revisitEventSchema,
  revisitInputSchema,
  revisitMethodSchema,
  revisitReasonSchema,
  revisitRecordFormSchema,
  type Satisfaction,
  satisfactionSchema,
} from './revisit-types.js';
export { toMermaid } from './to-mermaid.js';

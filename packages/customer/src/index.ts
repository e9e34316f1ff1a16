export { type ContactCount, classifyContact, contactHandling } from './classify-contact.js';
export {
  type BlindIndex,
  type ContactKind,
  createBlindIndex,
  InvalidContact,
  type NormalisePhoneOptions,
  normaliseEmail,
  normalisePhone,
} from './contact-key.js';
export {
  type ContactLevel,
  type CustomerClass,
  type CustomerGrade,
  type CustomerProfile,
  type CustomerTier,
  customerClasses,
  customerGrades,
  customerTiers,
  type Satisfaction,
  type TimelineEntry,
  type TimelineKind,
  timelineKinds,
} from './customer-types.js';
export {
  type CriterionResult,
  defaultGradingPolicy,
  type GradeResult,
  type GradingCriterion,
  type GradingFacts,
  type GradingPolicy,
  gradeCustomer,
  gradingFactsOf,
  gradingPolicySchema,
  monthsBetween,
} from './grade-customer.js';

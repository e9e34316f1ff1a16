export {
  type CrisisBlockingReason,
  crisisBlockingReason,
  statementsFor,
} from './crisis-blocking-reason.js';
export {
  crisisMachine,
  crisisMachineVersion,
  followUpDeadlinePrefix,
  recoveryDeadline,
  statementDeadline,
} from './crisis-machine.js';
export { defaultCrisisPolicy, levelRank, missingActions } from './crisis-policy.js';
export {
  type CrisisAction,
  type CrisisChannel,
  type CrisisContext,
  type CrisisEmitted,
  type CrisisEvent,
  type CrisisInput,
  type CrisisLevel,
  type CrisisPolicy,
  type CrisisRole,
  crisisActionSchema,
  crisisChannelSchema,
  crisisEventSchema,
  crisisInputSchema,
  crisisLevelColours,
  crisisLevelPolicySchema,
  crisisLevelSchema,
  crisisPolicySchema,
  crisisRoleSchema,
  crisisSourceSchema,
  type Deadline,
  type FollowUp,
  type LevelChange,
  type Statement,
} from './crisis-types.js';
export {
  defaultSurgeRule,
  detectSurge,
  type RecentComplaint,
  type SurgeProposal,
  type SurgeRule,
} from './detect-surge.js';
export { machineToMermaid, toMermaid } from './to-mermaid.js';

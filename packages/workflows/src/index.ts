export { complaintWorkflow } from './complaint-workflow.js';
export { crisisWorkflow } from './crisis-workflow.js';
export { defaultWorkflows } from './default-workflows.js';
export { escalationWorkflow } from './escalation-workflow.js';
export {
  type KefuReadModel,
  type KefuReadModelFields,
  kefuReadModel,
  priorityRankSql,
  readModelColumns,
  readModelTables,
} from './read-model.js';
export {
  planActor,
  type RevisitPlanRun,
  type RunRevisitPlanOptions,
  recordRevisitsOnTimeline,
  revisitCoverageOf,
  revisitSummaryOf,
  runRevisitPlan,
} from './revisit-programme.js';
export { revisitTables, revisitWorkflow } from './revisit-workflow.js';
export {
  announceCrisisResolution,
  defaultReactions,
  escalateMissedDeadline,
  escalateRequest,
  followUpRevisit,
  linkComplaintToCrisis,
  raiseCrisisFromEscalation,
  reactionActor,
} from './workflow-links.js';

export {
  type ComplaintPoliciesSetting,
  type ComplaintStart,
  complaintStartSchema,
  complaintWorkflow,
  complaintWorkflowWith,
} from './complaint-workflow.js';
export { crisisWorkflow } from './crisis-workflow.js';
export { type DeploymentSettings, defaultWorkflows, defaultWorkflowsWith } from './default-workflows.js';
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
  announceCrisisResolution,
  defaultReactions,
  escalateMissedDeadline,
  escalateRequest,
  linkComplaintToCrisis,
  raiseCrisisFromEscalation,
  reactionActor,
} from './workflow-links.js';

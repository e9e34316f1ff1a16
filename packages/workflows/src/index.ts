export { complaintWorkflow } from './complaint-workflow.js';
export { crisisWorkflow } from './crisis-workflow.js';
export { createDefaultWorkflows, defaultWorkflows } from './default-workflows.js';
export {
  createEscalationWorkflow,
  type EscalationSituation,
  escalationWorkflow,
} from './escalation-workflow.js';
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

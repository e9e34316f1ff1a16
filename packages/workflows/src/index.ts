export {
  complaintDuplicateColumns,
  complaintDuplicateTables,
  duplicateWindowHours,
} from './complaint-duplicates.js';
export {
  complaintIdByNumber,
  complaintNumberColumn,
  complaintNumberPattern,
  complaintNumberTables,
} from './complaint-numbers.js';
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
  announceCrisisResolution,
  defaultReactions,
  escalateMissedDeadline,
  escalateRequest,
  linkComplaintToCrisis,
  linkRaisedCrisis,
  raiseCrisisFromEscalation,
  reactionActor,
} from './workflow-links.js';

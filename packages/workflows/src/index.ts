export {
  complaintDuplicateColumns,
  complaintDuplicateTables,
  duplicateWindowHours,
} from './complaint-duplicates.js';
export {
  type ComplaintCountsTable,
  type ComplaintFactsPart,
  type ComplaintFactsTable,
  type ComplaintResolutionsTable,
  type ComplaintRevisitsTable,
  complaintFactsCtes,
  complaintFactsProjection,
  complaintFactsProjectionOf,
  complaintFactsTables,
  type ReadModelDatabase,
  repeatContactTypes,
} from './complaint-facts.js';
export {
  complaintIdByNumber,
  complaintNumberColumn,
  complaintNumberPattern,
  complaintNumberTables,
} from './complaint-numbers.js';
export {
  type ComplaintCount,
  type ComplaintFilterValue,
  type ComplaintOrderValue,
  type ComplaintPage,
  type ComplaintPageRow,
  type ComplaintSortField,
  type ComplaintVisibility,
  complaintCountCap,
  countComplaints,
  InvalidCursor,
  listComplaintPage,
  visibleComplaints,
} from './complaint-queries.js';
export {
  type ComplaintRollupsTable,
  complaintRollupCtes,
  complaintRollupTables,
  histogramSteps,
  type RollupMeasure,
  rollupInputs,
  rollupsFrom,
} from './complaint-rollups.js';
export {
  type ComplaintPoliciesSetting,
  type ComplaintStart,
  complaintStartSchema,
  complaintWorkflow,
  complaintWorkflowWith,
} from './complaint-workflow.js';
export { crisisWorkflow } from './crisis-workflow.js';
export * from './dashboard-queries.js';
export { createDefaultWorkflows, type DeploymentSettings, defaultWorkflows } from './default-workflows.js';
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
export { type ProjectionDifference, rebuildProjections } from './rebuild-projections.js';
export {
  planActor,
  type RevisitPlanRun,
  type RunRevisitPlanOptions,
  recordRevisitsOnTimeline,
  revisitCoverageOf,
  revisitSummaryOf,
  runRevisitPlan,
} from './revisit-programme.js';
export { revisitQueuePage, revisitsOfCustomerRows, workflowAssignee } from './revisit-queries.js';
export { revisitTables, revisitWorkflow } from './revisit-workflow.js';
export { openComplaintsOfTeam, waitingEscalationsOfTeam } from './shift-queries.js';
export {
  announceCrisisResolution,
  defaultReactions,
  escalateMissedDeadline,
  escalateRequest,
  followUpRevisit,
  linkComplaintToCrisis,
  linkRaisedCrisis,
  raiseCrisisFromEscalation,
  reactionActor,
} from './workflow-links.js';
export {
  type AgentWorkload,
  type ApproachingDeadline,
  agentWorkloads,
  approachingDeadlines,
  latestComplaints,
  listEscalationRows,
  type RecentComplaint,
  type VisibilityRow,
  visibilityOf,
} from './workflow-queries.js';

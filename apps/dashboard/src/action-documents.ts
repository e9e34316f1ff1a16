import type { TadaDocumentNode } from 'gql.tada';
import { graphql } from './graphql.js';

/** A mutation document the operation form can fill: its variables are built from the schema's input types. */
// biome-ignore lint/suspicious/noExplicitAny: the form fills any mutation's variables from the schema.
export type MutationDocument = TadaDocumentNode<any, any>;

/**
 * The workflow mutations the dashboard can send, by mutation name, typed against the committed schema: an
 * action the API lists (`complaint.record`) is sent with the document `mutationForAction` finds here.
 */
export const actionDocuments: Record<string, MutationDocument> = {
  acknowledgeComplaintReport: graphql(
    `mutation AcknowledgeComplaintReport($input: AcknowledgeComplaintReportInput!) { acknowledgeComplaintReport(input: $input) { id state version } }`,
  ),
  acknowledgeEscalation: graphql(
    `mutation AcknowledgeEscalation($input: AcknowledgeEscalationInput!) { acknowledgeEscalation(input: $input) { id state version } }`,
  ),
  activateCrisisPlan: graphql(
    `mutation ActivateCrisisPlan($input: ActivateCrisisPlanInput!) { activateCrisisPlan(input: $input) { id state version } }`,
  ),
  addCrisisFollowUp: graphql(
    `mutation AddCrisisFollowUp($input: AddCrisisFollowUpInput!) { addCrisisFollowUp(input: $input) { id state version } }`,
  ),
  adjustComplaintSolution: graphql(
    `mutation AdjustComplaintSolution($input: AdjustComplaintSolutionInput!) { adjustComplaintSolution(input: $input) { id state version } }`,
  ),
  analyseComplaint: graphql(
    `mutation AnalyseComplaint($input: AnalyseComplaintInput!) { analyseComplaint(input: $input) { id state version } }`,
  ),
  applyFormalSolution: graphql(
    `mutation ApplyFormalSolution($input: ApplyFormalSolutionInput!) { applyFormalSolution(input: $input) { id state version } }`,
  ),
  applyTemporarySolution: graphql(
    `mutation ApplyTemporarySolution($input: ApplyTemporarySolutionInput!) { applyTemporarySolution(input: $input) { id state version } }`,
  ),
  approveCrisisStatement: graphql(
    `mutation ApproveCrisisStatement($input: CrisisStatementInput!) { approveCrisisStatement(input: $input) { id state version } }`,
  ),
  assignComplaint: graphql(
    `mutation AssignComplaint($input: AssignComplaintInput!) { assignComplaint(input: $input) { id state version } }`,
  ),
  assignCrisisRole: graphql(
    `mutation AssignCrisisRole($input: AssignCrisisRoleInput!) { assignCrisisRole(input: $input) { id state version } }`,
  ),
  completeComplaintImprovement: graphql(
    `mutation CompleteComplaintImprovement($input: CompleteComplaintImprovementInput!) { completeComplaintImprovement(input: $input) { id state version } }`,
  ),
  completeCrisisFollowUp: graphql(
    `mutation CompleteCrisisFollowUp($input: CompleteCrisisFollowUpInput!) { completeCrisisFollowUp(input: $input) { id state version } }`,
  ),
  decideComplaint: graphql(
    `mutation DecideComplaint($input: DecideComplaintInput!) { decideComplaint(input: $input) { id state version } }`,
  ),
  deescalate: graphql(
    `mutation Deescalate($input: DeescalateInput!) { deescalate(input: $input) { id state version } }`,
  ),
  draftCrisisStatement: graphql(
    `mutation DraftCrisisStatement($input: DraftCrisisStatementInput!) { draftCrisisStatement(input: $input) { id state version } }`,
  ),
  escalate: graphql(
    `mutation Escalate($input: EscalateInput!) { escalate(input: $input) { id state version } }`,
  ),
  finishCrisisReview: graphql(
    `mutation FinishCrisisReview($input: FinishCrisisReviewInput!) { finishCrisisReview(input: $input) { id state version } }`,
  ),
  followUpComplaint: graphql(
    `mutation FollowUpComplaint($input: FollowUpComplaintInput!) { followUpComplaint(input: $input) { id state version } }`,
  ),
  handOverEscalation: graphql(
    `mutation HandOverEscalation($input: HandOverEscalationInput!) { handOverEscalation(input: $input) { id state version } }`,
  ),
  linkComplaintToCrisis: graphql(
    `mutation LinkComplaintToCrisis($input: LinkComplaintToCrisisInput!) { linkComplaintToCrisis(input: $input) { id state version } }`,
  ),
  lowerCrisisLevel: graphql(
    `mutation LowerCrisisLevel($input: CrisisLevelChangeInput!) { lowerCrisisLevel(input: $input) { id state version } }`,
  ),
  mergeComplaint: graphql(
    `mutation MergeComplaint($input: MergeComplaintInput!) { mergeComplaint(input: $input) { id state version } }`,
  ),
  monitorCrisis: graphql(
    `mutation MonitorCrisis($input: MonitorCrisisInput!) { monitorCrisis(input: $input) { id state version } }`,
  ),
  openComplaint: graphql(
    `mutation OpenComplaint($input: OpenComplaintInput!) { openComplaint(input: $input) { id state version } }`,
  ),
  pauseComplaintClocks: graphql(
    `mutation PauseComplaintClocks($input: PauseComplaintClocksInput!) { pauseComplaintClocks(input: $input) { id state version } }`,
  ),
  promiseComplaintCallBack: graphql(
    `mutation PromiseComplaintCallBack($input: PromiseComplaintCallBackInput!) { promiseComplaintCallBack(input: $input) { id state version } }`,
  ),
  publishCrisisStatement: graphql(
    `mutation PublishCrisisStatement($input: CrisisStatementInput!) { publishCrisisStatement(input: $input) { id state version } }`,
  ),
  raiseCrisis: graphql(
    `mutation RaiseCrisis($input: RaiseCrisisInput!) { raiseCrisis(input: $input) { id state version } }`,
  ),
  raiseCrisisFromEscalation: graphql(
    `mutation RaiseCrisisFromEscalation($input: RaiseCrisisFromEscalationInput!) { raiseCrisisFromEscalation(input: $input) { id state version } }`,
  ),
  raiseCrisisLevel: graphql(
    `mutation RaiseCrisisLevel($input: CrisisLevelChangeInput!) { raiseCrisisLevel(input: $input) { id state version } }`,
  ),
  recordComplaint: graphql(
    `mutation RecordComplaint($input: RecordComplaintInput!) { recordComplaint(input: $input) { id state version } }`,
  ),
  recordComplaintCallBack: graphql(
    `mutation RecordComplaintCallBack($input: RecordComplaintCallBackInput!) { recordComplaintCallBack(input: $input) { id state version } }`,
  ),
  recordComplaintContact: graphql(
    `mutation RecordComplaintContact($input: RecordComplaintContactInput!) { recordComplaintContact(input: $input) { id state version } }`,
  ),
  recordComplaintRevisit: graphql(
    `mutation RecordComplaintRevisit($input: RecordComplaintRevisitInput!) { recordComplaintRevisit(input: $input) { id state version } }`,
  ),
  reopenComplaint: graphql(
    `mutation ReopenComplaint($input: ReopenComplaintInput!) { reopenComplaint(input: $input) { id state version } }`,
  ),
  requestComplaintEscalation: graphql(
    `mutation RequestComplaintEscalation($input: RequestComplaintEscalationInput!) { requestComplaintEscalation(input: $input) { id state version } }`,
  ),
  requestCrisisSurge: graphql(
    `mutation RequestCrisisSurge($input: RequestCrisisSurgeInput!) { requestCrisisSurge(input: $input) { id state version } }`,
  ),
  rescheduleComplaintRevisit: graphql(
    `mutation RescheduleComplaintRevisit($input: RescheduleComplaintRevisitInput!) { rescheduleComplaintRevisit(input: $input) { id state version } }`,
  ),
  resolveComplaint: graphql(
    `mutation ResolveComplaint($input: ResolveComplaintInput!) { resolveComplaint(input: $input) { id state version } }`,
  ),
  resolveCrisis: graphql(
    `mutation ResolveCrisis($input: ResolveCrisisInput!) { resolveCrisis(input: $input) { id state version } }`,
  ),
  resolveEscalation: graphql(
    `mutation ResolveEscalation($input: ResolveEscalationInput!) { resolveEscalation(input: $input) { id state version } }`,
  ),
  resumeComplaintClocks: graphql(
    `mutation ResumeComplaintClocks($input: ResumeComplaintClocksInput!) { resumeComplaintClocks(input: $input) { id state version } }`,
  ),
  startComplaintAnalysis: graphql(
    `mutation StartComplaintAnalysis($input: StartComplaintAnalysisInput!) { startComplaintAnalysis(input: $input) { id state version } }`,
  ),
  startComplaintImprovement: graphql(
    `mutation StartComplaintImprovement($input: StartComplaintImprovementInput!) { startComplaintImprovement(input: $input) { id state version } }`,
  ),
  startComplaintRevisit: graphql(
    `mutation StartComplaintRevisit($input: StartComplaintRevisitInput!) { startComplaintRevisit(input: $input) { id state version } }`,
  ),
  startCrisisReview: graphql(
    `mutation StartCrisisReview($input: CrisisIdInput!) { startCrisisReview(input: $input) { id state version } }`,
  ),
  startEscalation: graphql(
    `mutation StartEscalation($input: StartEscalationInput!) { startEscalation(input: $input) { id state version } }`,
  ),
  withdrawComplaint: graphql(
    `mutation WithdrawComplaint($input: WithdrawComplaintInput!) { withdrawComplaint(input: $input) { id state version } }`,
  ),
};

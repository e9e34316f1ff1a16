import {
  type ComplaintPoliciesSetting,
  complaintWorkflow,
  complaintWorkflowWith,
} from './complaint-workflow.js';
import { crisisWorkflow } from './crisis-workflow.js';
import {
  createEscalationWorkflow,
  type EscalationSituation,
  escalationWorkflow,
} from './escalation-workflow.js';
import { revisitWorkflow } from './revisit-workflow.js';

/** Every workflow kind kefu ships, for `createRuntime({ workflows })`. */
export const defaultWorkflows = [complaintWorkflow, escalationWorkflow, crisisWorkflow, revisitWorkflow];

export interface DeploymentSettings {
  /** The complaint time limits of this deployment (`standard` and/or `priority`); the built-in ones otherwise. */
  complaintPolicies?: ComplaintPoliciesSetting | undefined;
  /** Who is on duty and whether it is working hours, for the escalation ladder (e.g. the roster's). */
  escalationSituation?: EscalationSituation | undefined;
}

/**
 * Every workflow kind kefu ships, with a deployment's settings applied: its complaint time limits, and the
 * escalation ladder asking `escalationSituation` who is on duty (`defaultWorkflows` without any).
 */
export function createDefaultWorkflows(settings: DeploymentSettings = {}) {
  const complaint = settings.complaintPolicies
    ? complaintWorkflowWith(settings.complaintPolicies)
    : complaintWorkflow;
  const escalation = settings.escalationSituation
    ? createEscalationWorkflow({ situation: settings.escalationSituation })
    : escalationWorkflow;
  return [complaint, escalation, crisisWorkflow, revisitWorkflow];
}

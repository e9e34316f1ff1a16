import {
  type ComplaintPoliciesSetting,
  complaintWorkflow,
  complaintWorkflowWith,
} from './complaint-workflow.js';
import { crisisWorkflow } from './crisis-workflow.js';
import { escalationWorkflow } from './escalation-workflow.js';
import { revisitWorkflow } from './revisit-workflow.js';

/** Every workflow kind kefu ships, for `createRuntime({ workflows })`. */
export const defaultWorkflows = [complaintWorkflow, escalationWorkflow, crisisWorkflow, revisitWorkflow];

export interface DeploymentSettings {
  /** The complaint time limits of this deployment (`standard` and/or `priority`); the built-in ones otherwise. */
  complaintPolicies?: ComplaintPoliciesSetting | undefined;
}

/** Every workflow kind kefu ships, with a deployment's settings applied (`defaultWorkflows` without any). */
export function defaultWorkflowsWith(settings: DeploymentSettings) {
  const complaint = settings.complaintPolicies
    ? complaintWorkflowWith(settings.complaintPolicies)
    : complaintWorkflow;
  return [complaint, escalationWorkflow, crisisWorkflow, revisitWorkflow];
}

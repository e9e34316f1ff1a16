import { complaintWorkflow } from './complaint-workflow.js';
import { crisisWorkflow } from './crisis-workflow.js';
import { escalationWorkflow } from './escalation-workflow.js';
import { revisitWorkflow } from './revisit-workflow.js';

/** Every workflow kind kefu ships, for `createRuntime({ workflows })`. */
export const defaultWorkflows = [complaintWorkflow, escalationWorkflow, crisisWorkflow, revisitWorkflow];

import { complaintWorkflow } from './complaint-workflow.js';
import { crisisWorkflow } from './crisis-workflow.js';
import {
  createEscalationWorkflow,
  type EscalationSituation,
  escalationWorkflow,
} from './escalation-workflow.js';

/** Every workflow kind kefu ships, for `createRuntime({ workflows })`. */
export const defaultWorkflows = [complaintWorkflow, escalationWorkflow, crisisWorkflow];

/** Every workflow kind kefu ships, the escalation ladder asking `escalationSituation` who is on duty (e.g. the roster). */
export function createDefaultWorkflows(
  options: { escalationSituation?: EscalationSituation | undefined } = {},
) {
  return [
    complaintWorkflow,
    createEscalationWorkflow({ situation: options.escalationSituation }),
    crisisWorkflow,
  ];
}

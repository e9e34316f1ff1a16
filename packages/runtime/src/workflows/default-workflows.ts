import { complaintWorkflow } from './complaint-workflow.js';

/** Every workflow kind kefu ships, for `createRuntime({ workflows })`. */
export const defaultWorkflows = [complaintWorkflow];

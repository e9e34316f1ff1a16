import {
  type ComplaintInput,
  complaintEventSchema,
  complaintInputSchema,
  complaintMachine,
  complaintMachineVersion,
} from '@kefu/complaint';
import { defineWorkflow } from '../workflow-definition.js';

/** Runs `@kefu/complaint` durably: validation, machine input and the read-model columns of a complaint. */
export const complaintWorkflow = defineWorkflow({
  kind: 'complaint',
  machine: complaintMachine,
  version: complaintMachineVersion,
  input: complaintInputSchema,
  event: complaintEventSchema,
  machineInput: (complaintId, input: ComplaintInput) => ({ ...input, complaintId }),
  project: (snapshot) => ({
    status: typeof snapshot.value === 'string' ? snapshot.value : Object.keys(snapshot.value)[0]!,
    priority: snapshot.context.priority,
    team: snapshot.context.team ?? null,
    customerGrade: snapshot.context.customer.grade,
    category: snapshot.context.category,
    openedAt: snapshot.context.openedAt,
    breached: snapshot.context.breaches.length > 0,
  }),
  eventRoles: {
    'complaint.record': ['supervisor', 'manager'],
    'complaint.deadlineReached': ['system'],
  },
});

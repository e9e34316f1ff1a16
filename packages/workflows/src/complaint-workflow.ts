import {
  type ComplaintInput,
  complaintEventRoles,
  complaintEventSchema,
  complaintInputSchema,
  complaintMachine,
  complaintMachineVersion,
  explainComplaintRejection,
} from '@kefu/complaint';
import { defineWorkflow, type PersistedSnapshot } from '@kefu/runtime';
import { startClock } from '@kefu/sla';
import { kefuReadModel, readModelColumns, readModelTables } from './read-model.js';

/**
 * Version 1 snapshots (received/recorded only, deadlines without clocks) gain the fields of version 2: the
 * record clock behind a still-running record deadline, and empty records for the later steps.
 */
function migrateComplaintV1(snapshot: PersistedSnapshot): PersistedSnapshot {
  const context = snapshot.context as {
    deadlines?: Record<string, { dueAt: string; startedAt: string }>;
    customer?: { grade?: string };
  };
  const clocks: Record<string, unknown> = {};
  const record = context.deadlines?.record;
  if (record) {
    const minutes = (Date.parse(record.dueAt) - Date.parse(record.startedAt)) / 60_000;
    clocks.record = startClock({ name: 'record', budget: { minutes }, at: record.startedAt });
  }
  return {
    ...snapshot,
    context: {
      assignee: undefined,
      closedAt: undefined,
      policy: context.customer?.grade === 'A' ? 'priority' : 'standard',
      serious: false,
      quietHours: { timeZone: 'Asia/Shanghai', start: '21:00', end: '09:00' },
      analysis: undefined,
      reportedUpward: undefined,
      decisions: [],
      temporarySolution: undefined,
      formalSolution: undefined,
      followUps: [],
      summaryReport: undefined,
      revisits: [],
      improvement: undefined,
      reopenCount: 0,
      contacts: [],
      contactLevel: 'first',
      callBacks: [],
      links: [],
      customerMessages: [],
      withdrawal: undefined,
      mergedInto: undefined,
      paused: undefined,
      ...context,
      clocks,
    },
  };
}

/** Runs `@kefu/complaint` durably: validation, machine input and the read-model columns of a complaint. */
export const complaintWorkflow = defineWorkflow({
  kind: 'complaint',
  machine: complaintMachine,
  version: complaintMachineVersion,
  input: complaintInputSchema,
  event: complaintEventSchema,
  personalData: ['customer.name', 'customer.phone', 'customer.address', 'customer.email'],
  // With the customer store's keys (`createRuntime({ subjectKeys })`), each customer's data has its own key.
  personalDataSubject: 'customerId',
  machineInput: (complaintId, input: ComplaintInput) => ({ ...input, complaintId }),
  columns: readModelColumns,
  tables: readModelTables,
  project: (snapshot) =>
    kefuReadModel({
      status: typeof snapshot.value === 'string' ? snapshot.value : Object.keys(snapshot.value)[0]!,
      priority: snapshot.context.priority,
      team: snapshot.context.team ?? null,
      customerGrade: snapshot.context.customer.grade,
      category: snapshot.context.category,
      assignee: snapshot.context.assignee ?? null,
      openedAt: snapshot.context.openedAt,
      closedAt: snapshot.context.closedAt ?? null,
      breached: snapshot.context.breaches.length > 0,
    }),
  // Every complaint event with the roles that may send it (the machine's role guard reads the same map).
  eventRoles: complaintEventRoles,
  explainRejection: (snapshot, event) => explainComplaintRejection(snapshot, event),
  migrations: { 1: migrateComplaintV1 },
});

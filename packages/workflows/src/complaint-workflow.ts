import {
  type ComplaintPolicies,
  complaintEventRoles,
  complaintEventSchema,
  complaintInputSchema,
  complaintMachine,
  complaintMachineVersion,
  complaintPoliciesSchema,
  explainComplaintRejection,
} from '@kefu/complaint';
import { defineWorkflow, type PersistedSnapshot } from '@kefu/runtime';
import { startClock } from '@kefu/sla';
import { z } from 'zod';
import { complaintDuplicateColumns, complaintDuplicateTables } from './complaint-duplicates.js';
import { complaintFactsProjection } from './complaint-facts.js';
import { complaintNumberColumn, complaintNumberTables } from './complaint-numbers.js';
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

/**
 * What starts a complaint: its first contact and, optionally, the deployment's `policies` (`standard` and/or
 * `priority`, validated by `complaintPoliciesSchema`). They are kept in the complaint's first log entry, so a
 * replay starts the machine from the same time limits even after the deployment changes them.
 */
export const complaintStartSchema = complaintInputSchema.extend({
  policies: complaintPoliciesSchema.optional(),
});
export type ComplaintStart = z.input<typeof complaintStartSchema>;
/** A deployment's complaint policies: typed `ComplaintPolicies`, or as `complaintPoliciesSchema` reads a JSON file. */
export type ComplaintPoliciesSetting = Partial<ComplaintPolicies> | z.input<typeof complaintPoliciesSchema>;

function defineComplaintWorkflow(policies: ComplaintPoliciesSetting | undefined) {
  // A deployment's policies go into every complaint started without policies of its own.
  const input =
    policies === undefined
      ? complaintStartSchema
      : z.preprocess(
          (raw) =>
            raw !== null && typeof raw === 'object' && !('policies' in raw) ? { ...raw, policies } : raw,
          complaintStartSchema,
        );
  return defineWorkflow({
    kind: 'complaint',
    machine: complaintMachine,
    version: complaintMachineVersion,
    input,
    event: complaintEventSchema,
    personalData: ['customer.name', 'customer.phone', 'customer.address', 'customer.email'],
    // With the customer store's keys (`createRuntime({ subjectKeys })`), each customer's data has its own key.
    personalDataSubject: 'customerId',
    machineInput: (complaintId, start: z.output<typeof complaintStartSchema>) => ({ ...start, complaintId }),
    // `number` (KF-2026-000123) and `possibleDuplicateOf` are the database's, given as the complaint is inserted.
    columns: { ...readModelColumns, number: complaintNumberColumn, ...complaintDuplicateColumns },
    tables: [...readModelTables, ...complaintNumberTables, ...complaintDuplicateTables],
    projections: [complaintFactsProjection],
    project: (snapshot) => ({
      ...kefuReadModel({
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
      // The customer record the complaint belongs to, when the caller recognised one (`customerId` in the input).
      customerId: (snapshot.context as { customerId?: string }).customerId ?? null,
    }),
    // Every complaint event with the roles that may send it (the machine's role guard reads the same map).
    eventRoles: complaintEventRoles,
    explainRejection: (snapshot, event) => explainComplaintRejection(snapshot, event),
    migrations: { 1: migrateComplaintV1 },
  });
}

/** Runs `@kefu/complaint` durably: validation, machine input and the read-model columns of a complaint. */
export const complaintWorkflow = defineComplaintWorkflow(undefined);

/**
 * The complaint definition of a deployment whose time limits are not the built-in ones: `policies` (validated
 * by `complaintPoliciesSchema`, which throws naming each bad field) go into every new complaint that brings none
 * of its own. Complaints already open keep the policies they started with.
 */
export function complaintWorkflowWith(policies: ComplaintPoliciesSetting) {
  return defineComplaintWorkflow(complaintPoliciesSchema.parse(policies));
}

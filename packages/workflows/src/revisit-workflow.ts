import {
  type RevisitInput,
  revisitEventRoles,
  revisitEventSchema,
  revisitInputSchema,
  revisitMachine,
  revisitMachineVersion,
} from '@kefu/revisit';
import type { Migration, Timestamp } from '@kefu/runtime';
import { defineWorkflow } from '@kefu/runtime';
import { kefuReadModel, readModelColumns, readModelTables } from './read-model.js';

declare module '@kefu/runtime' {
  /** The columns `revisitTables` adds to `workflows` (null for other kinds). */
  interface WorkflowsTable {
    revisit_customer_id: string | null;
    revisit_trigger_at: Timestamp | null;
    revisit_scheduled_at: Timestamp | null;
    revisit_due_at: Timestamp | null;
    revisit_recorded_at: Timestamp | null;
    revisit_satisfaction: string | null;
  }
}

/** The revisit columns and the indexes the queue, the plan runner and coverage read. */
export const revisitTables: readonly Migration[] = [
  {
    id: 'revisits_0001_columns',
    up: `
      alter table workflows
        add column if not exists revisit_customer_id text,
        add column if not exists revisit_trigger_at timestamptz,
        add column if not exists revisit_scheduled_at timestamptz,
        add column if not exists revisit_due_at timestamptz,
        add column if not exists revisit_recorded_at timestamptz,
        add column if not exists revisit_satisfaction text;
      create index if not exists workflows_revisit_customer on workflows (revisit_customer_id, revisit_trigger_at desc)
        where kind = 'revisit';
      create index if not exists workflows_revisit_queue on workflows (status, revisit_scheduled_at, id)
        where kind = 'revisit';
      create index if not exists workflows_revisit_recorded on workflows (revisit_recorded_at)
        where kind = 'revisit';
    `,
  },
];

/** Runs `@kefu/revisit` durably: validation, machine input, the read model and the revisit columns. */
export const revisitWorkflow = defineWorkflow({
  kind: 'revisit',
  machine: revisitMachine,
  version: revisitMachineVersion,
  input: revisitInputSchema,
  event: revisitEventSchema,
  machineInput: (revisitId, input: RevisitInput) => ({ ...input, revisitId }),
  columns: {
    ...readModelColumns,
    customerId: { column: 'revisit_customer_id', type: 'text' },
    triggerAt: { column: 'revisit_trigger_at', type: 'timestamptz' },
    scheduledAt: { column: 'revisit_scheduled_at', type: 'timestamptz' },
    dueAt: { column: 'revisit_due_at', type: 'timestamptz' },
    recordedAt: { column: 'revisit_recorded_at', type: 'timestamptz' },
    satisfaction: { column: 'revisit_satisfaction', type: 'text' },
  },
  tables: [...readModelTables, ...revisitTables],
  project: (snapshot) => ({
    ...kefuReadModel({
      status: String(snapshot.value),
      team: snapshot.context.team ?? null,
      assignee: snapshot.context.assignee ?? null,
      customerGrade: snapshot.context.grade,
      category: snapshot.context.reason,
      openedAt: snapshot.context.openedAt,
      closedAt: snapshot.context.closedAt ?? null,
      breached: snapshot.context.missedBecause !== undefined,
    }),
    customerId: snapshot.context.customerId,
    triggerAt: snapshot.context.triggerAt,
    scheduledAt: snapshot.context.scheduledAt,
    dueAt: snapshot.context.dueAt,
    recordedAt: snapshot.context.record?.at ?? null,
    satisfaction: snapshot.context.record?.satisfaction ?? null,
  }),
  eventRoles: revisitEventRoles,
});

import {
  type EscalationInput,
  escalationEventSchema,
  escalationInputSchema,
  escalationMachine,
  escalationMachineVersion,
} from '@kefu/escalation';
import { defineWorkflow } from '@kefu/runtime';
import { kefuReadModel, readModelColumns, readModelTables } from './read-model.js';

/** Runs `@kefu/escalation` durably: validation, machine input and the read-model columns of an escalation. */
export const escalationWorkflow = defineWorkflow({
  kind: 'escalation',
  machine: escalationMachine,
  version: escalationMachineVersion,
  input: escalationInputSchema,
  event: escalationEventSchema,
  machineInput: (escalationId, input: EscalationInput) => ({ ...input, escalationId }),
  columns: readModelColumns,
  tables: readModelTables,
  project: (snapshot) =>
    kefuReadModel({
      status: String(snapshot.value),
      priority: snapshot.context.priority,
      team: snapshot.context.department ?? null,
      /** Who holds it: the level's name on the ladder. */
      assignee: snapshot.context.policy.levels[snapshot.context.levelIndex]?.name ?? null,
      category: snapshot.context.reason,
      openedAt: snapshot.context.openedAt,
      closedAt: snapshot.context.closedAt ?? null,
      breached: snapshot.context.steps.some((step) => step.cause === 'timeout' || step.cause === 'repeat'),
    }),
  eventRoles: {
    'escalation.escalate': ['agent', 'supervisor', 'manager', 'director', 'system'],
    'escalation.acknowledge': ['agent', 'supervisor', 'manager', 'director'],
    'escalation.handOver': ['supervisor', 'manager', 'director'],
    'escalation.deescalate': ['supervisor', 'manager', 'director'],
    'escalation.resolve': ['agent', 'supervisor', 'manager', 'director'],
    'escalation.raiseCrisis': ['director'],
    'escalation.deadlineReached': ['system'],
  },
});

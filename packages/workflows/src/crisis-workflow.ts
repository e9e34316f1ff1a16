import {
  type CrisisInput,
  crisisEventSchema,
  crisisInputSchema,
  crisisMachine,
  crisisMachineVersion,
} from '@kefu/crisis';
import { defineWorkflow } from '@kefu/runtime';
import { kefuReadModel, readModelColumns, readModelTables } from './read-model.js';

const leads = ['manager', 'director'] as const;
const staff = ['agent', 'supervisor', 'manager', 'director'] as const;

/** Runs `@kefu/crisis` durably: validation, machine input and the read-model columns of a crisis. */
export const crisisWorkflow = defineWorkflow({
  kind: 'crisis',
  machine: crisisMachine,
  version: crisisMachineVersion,
  input: crisisInputSchema,
  event: crisisEventSchema,
  machineInput: (crisisId, input: CrisisInput) => ({ ...input, crisisId }),
  columns: readModelColumns,
  tables: readModelTables,
  project: (snapshot) =>
    kefuReadModel({
      status: String(snapshot.value),
      /** The warning level, IV to I. */
      priority: snapshot.context.level,
      category: snapshot.context.category ?? null,
      assignee: snapshot.context.roles.commander ?? null,
      openedAt: snapshot.context.openedAt,
      closedAt: snapshot.context.closedAt ?? null,
      breached:
        snapshot.context.missedUpdates.length > 0 ||
        snapshot.context.followUps.some((followUp) => followUp.overdue),
    }),
  // The crisis commander may also do what a lead does, and only the commander or spokesperson approves a
  // statement: the machine checks those by user id; these lists are by role.
  eventRoles: {
    'crisis.raiseLevel': leads,
    'crisis.lowerLevel': leads,
    'crisis.activatePlan': leads,
    'crisis.assignRole': leads,
    'crisis.requestSurge': leads,
    'crisis.draftStatement': staff,
    'crisis.approveStatement': staff,
    'crisis.publishStatement': ['supervisor', 'manager', 'director'],
    'crisis.linkComplaint': ['supervisor', 'manager', 'director', 'system'],
    'crisis.monitor': leads,
    'crisis.resolve': leads,
    'crisis.startReview': leads,
    'crisis.addFollowUp': leads,
    'crisis.finishReview': leads,
    'crisis.completeFollowUp': staff,
    'crisis.deadlineReached': ['system'],
  },
});

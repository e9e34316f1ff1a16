import {
  defaultEscalationPolicy,
  type EscalationContext,
  type EscalationInput,
  escalationEventSchema,
  escalationInputSchema,
  escalationMachine,
  escalationMachineVersion,
} from '@kefu/escalation';
import { defineWorkflow, type Parser } from '@kefu/runtime';
import { kefuReadModel, readModelColumns, readModelTables } from './read-model.js';

/** Who is on duty at each level of a ladder and whether it is working hours, for a team at a moment. */
export type EscalationSituation = (query: {
  /** The escalation's team (its complaint's, or its opener's); undefined when it has none. */
  team: string | undefined;
  at: string;
  levels: ReadonlyArray<{ name: string; role: string }>;
}) => { onDuty?: string[] | undefined; workingHours?: boolean | undefined } | undefined;

/** The events that carry the ladder's situation (`onDuty`, `workingHours`). */
const situationEvents = new Set([
  'escalation.escalate',
  'escalation.handOver',
  'escalation.deescalate',
  'escalation.deadlineReached',
]);

type ParsedInput = ReturnType<typeof escalationInputSchema.parse>;

/** The start input with the situation filled in where the caller left it out. */
function inputWithSituation(situation: EscalationSituation): Parser<ParsedInput> {
  return {
    safeParse(data) {
      const result = escalationInputSchema.safeParse(data);
      if (!result.success) return result;
      const input = result.data;
      const levels = (input.policy ?? defaultEscalationPolicy).levels;
      const facts = situation({ team: input.team, at: input.at, levels });
      return {
        success: true,
        data: {
          ...input,
          ...(input.onDuty === undefined && facts?.onDuty ? { onDuty: facts.onDuty } : {}),
          ...(input.workingHours === undefined && facts?.workingHours !== undefined
            ? { workingHours: facts.workingHours }
            : {}),
        },
      };
    },
  };
}

/**
 * The escalation workflow; given `situation` (e.g. from the team's roster), an escalation learns who is on duty
 * at each level and whether it is working hours when it starts and on every event that moves it (a timeout
 * included) — unless the event says so itself. The answers are stored with the events, so a replay agrees.
 */
export function createEscalationWorkflow(options: { situation?: EscalationSituation | undefined } = {}) {
  const { situation } = options;
  return defineWorkflow({
    ...escalationDefinition,
    ...(situation
      ? {
          input: inputWithSituation(situation),
          prepareEvent: {
            fields: ['onDuty', 'workingHours'],
            prepare: (event, context) => {
              if (!situationEvents.has(event.type)) return undefined;
              const escalation = context as unknown as EscalationContext;
              return situation({ team: escalation.team, at: event.at, levels: escalation.policy.levels });
            },
          },
        }
      : {}),
  });
}

/** Runs `@kefu/escalation` durably: validation, machine input and the read-model columns of an escalation. */
const escalationDefinition = defineWorkflow({
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

/** Runs `@kefu/escalation` durably, with the situation as the events and the start input give it. */
export const escalationWorkflow = createEscalationWorkflow();

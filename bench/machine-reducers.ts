/**
 * Hand-written reducers: the same transitions, guards and context updates as kefu's machines for the event
 * sequences the machine benchmark sends, written as plain `switch` code over immutable objects. They use the
 * same public helpers the machines use (@kefu/sla clocks and deadlines, the complaint event roles, the
 * escalation ladder, the crisis policy), so the difference measured is what XState's actor costs on top.
 */
import {
  complaintPolicies,
  defaultComplaintPolicy,
  mayRoleSend,
  selectComplaintPolicy,
} from '@kefu/complaint';
import { defaultCrisisPolicy, missingActions } from '@kefu/crisis';
import {
  applyBranches,
  defaultEscalationPolicy,
  nextLevel,
  previousLevel,
  roleRank,
  startLevel,
} from '@kefu/escalation';
import {
  clockDueAt,
  clockStatus,
  computeDeadline,
  isQuietTime,
  revisitWindow,
  type SlaClock,
  startClock,
  stopClock,
} from '@kefu/sla';

type Actor = { userId: string; role: string };
// biome-ignore lint/suspicious/noExplicitAny: events are free-form payloads here, as the machines' are at run time
type AnyEvent = { type: string; at: string; by: Actor; [field: string]: any };
// biome-ignore lint/suspicious/noExplicitAny: a reducer's context is a plain object
type Context = Record<string, any>;
export interface ReducerState {
  value: string;
  context: Context;
}
export type Emit = (event: { type: string; [field: string]: unknown }) => void;

// ---- complaint

type Clocks = Record<string, SlaClock>;

function stepClock(context: Context, name: 'record' | 'analyse' | 'decide' | 'handle', at: string): Clocks {
  const policy = complaintPolicies[context.policy] ?? defaultComplaintPolicy;
  const step = policy[name];
  return {
    ...context.clocks,
    [name]: startClock({
      name,
      budget: step.budget,
      at,
      calendar: step.calendar === 'business' ? policy.calendar : undefined,
    }),
  };
}

function stopNamed(clocks: Clocks, at: string, names: readonly string[] = Object.keys(clocks)): Clocks {
  const next = { ...clocks };
  for (const name of names) {
    const clock = next[name];
    if (clock && clockStatus(clock) !== 'stopped') next[name] = stopClock(clock, at);
  }
  return next;
}

function settle(context: Context): Context {
  const deadlines: Context = {};
  for (const [name, clock] of Object.entries(context.clocks as Clocks)) {
    const dueAt = clockDueAt(clock);
    if (dueAt !== undefined)
      deadlines[name] = { dueAt, event: 'complaint.deadlineReached', startedAt: clock.startedAt };
  }
  return { ...context, deadlines };
}

export function complaintInitial(input: Context): ReducerState {
  const grade = input.customer.grade ?? 'C';
  const policy = selectComplaintPolicy(grade, input.category);
  const context: Context = {
    complaintId: input.complaintId,
    customer: { ...input.customer, grade },
    channel: input.channel,
    category: input.category,
    summary: input.summary,
    openedAt: input.at,
    openedBy: input.by,
    priority: grade === 'A' ? 'high' : 'normal',
    policy: policy.name,
    quietHours: policy.quietHours,
    decisions: [],
    followUps: [],
    revisits: [],
    contacts: [],
    callBacks: [],
    clocks: {},
    deadlines: {},
    breaches: [],
  };
  return {
    value: 'received',
    context: settle({ ...context, clocks: stepClock(context, 'record', input.at) }),
  };
}

/** The complaint's happy path and `complaint.assign`, as a reducer. Returns the same state when refused. */
export function complaintReducer(state: ReducerState, event: AnyEvent, emit: Emit): ReducerState {
  if (!mayRoleSend(event.type, event.by.role)) return state;
  const { context } = state;
  const { at, by } = event;
  const top = state.value.split('.')[0];
  switch (event.type) {
    case 'complaint.assign':
      if (['closed', 'withdrawn', 'merged'].includes(top!)) return state;
      return {
        value: state.value,
        context: { ...context, assignee: event.assignee, team: event.team ?? context.team },
      };
    case 'complaint.record': {
      if (top !== 'received') return state;
      const clocks = stopNamed(context.clocks, at, ['record']);
      const next = settle({
        ...context,
        report: event.report,
        recordedAt: at,
        clocks: stepClock({ ...context, clocks }, 'analyse', at),
      });
      emit({ type: 'complaint.recorded', complaintId: context.complaintId, at });
      return { value: 'recorded', context: next };
    }
    case 'complaint.startAnalysis':
      if (top !== 'recorded') return state;
      return {
        value: 'analysing',
        context: { ...context, assignee: event.assignee ?? context.assignee ?? by.userId },
      };
    case 'complaint.analyse': {
      if (top !== 'analysing') return state;
      const clocks = stopNamed(context.clocks, at, ['analyse']);
      const serious = context.serious || event.analysis.severity === 'serious';
      const next = settle({
        ...context,
        analysis: { at, by, value: event.analysis },
        serious,
        clocks: stepClock({ ...context, clocks }, 'decide', at),
      });
      return { value: serious ? 'reportedUpward' : 'awaitingDecision', context: next };
    }
    case 'complaint.decide': {
      if (top !== 'awaitingDecision') return state;
      const clocks = stopNamed(context.clocks, at, ['decide']);
      const approved = event.decision.approved;
      const next = settle({
        ...context,
        decisions: [...context.decisions, { at, by, value: event.decision }],
        clocks: stepClock({ ...context, clocks }, approved ? 'handle' : 'analyse', at),
      });
      return { value: approved ? 'handling.awaitingSolution' : 'analysing', context: next };
    }
    case 'complaint.applyTemporarySolution':
      if (state.value !== 'handling.awaitingSolution') return state;
      return {
        value: 'handling.temporarySolution',
        context: { ...context, temporarySolution: { at, by, value: event.handlingForm } },
      };
    case 'complaint.applyFormalSolution':
      if (top !== 'handling') return state;
      return {
        value: 'followingUp',
        context: settle({
          ...context,
          formalSolution: { at, by, value: event.handlingForm },
          clocks: stopNamed(context.clocks, at, ['handle']),
        }),
      };
    case 'complaint.followUp':
      if (['closed', 'withdrawn', 'merged'].includes(top!)) return state;
      return {
        value: state.value,
        context: settle({ ...context, followUps: [...context.followUps, { at, by, value: event.followUp }] }),
      };
    case 'complaint.resolve': {
      if (top !== 'followingUp') return state;
      const policy = complaintPolicies[context.policy] ?? defaultComplaintPolicy;
      const window = revisitWindow(at, context.quietHours, policy.revisitWithin);
      const milliseconds = Math.max(0, Date.parse(window.dueAt) - Date.parse(at));
      const clocks = {
        ...context.clocks,
        revisit: startClock({ name: 'revisit', budget: { milliseconds }, at }),
      };
      return {
        value: 'resolved',
        context: settle({ ...context, summaryReport: { at, by, value: event.summaryReport }, clocks }),
      };
    }
    case 'complaint.startRevisit':
      if (top !== 'resolved' || isQuietTime(context.quietHours, at)) return state;
      return { value: 'revisit', context };
    case 'complaint.recordRevisit': {
      if (top !== 'revisit' || event.revisitRecord.satisfaction !== 'satisfied') return state;
      const revisited = {
        ...context,
        revisits: [...context.revisits, { at, by, value: event.revisitRecord }],
        clocks: stopNamed(context.clocks, at, ['revisit']),
      };
      const closed = settle({ ...revisited, closedAt: at, clocks: stopNamed(revisited.clocks, at) });
      emit({ type: 'complaint.closed', complaintId: context.complaintId, at, by, outcome: 'satisfied' });
      return { value: 'closed', context: closed };
    }
    default:
      return state;
  }
}

// ---- escalation

function landOn(
  context: Context,
  event: AnyEvent,
  index: number,
  cause: string,
  skipped: string[],
  round = context.round,
): Context {
  const onDuty = event.onDuty ?? context.onDuty;
  const workingHours = event.workingHours ?? context.workingHours;
  const level = context.policy.levels[index];
  const { acknowledgeWithin } = applyBranches(level, { priority: context.priority, workingHours });
  return {
    ...context,
    onDuty,
    workingHours,
    levelIndex: index,
    round,
    acknowledgedBy: undefined,
    acknowledgedAt: undefined,
    steps: [...context.steps, { level: level.name, round, at: event.at, cause, by: event.by, skipped }],
    deadlines: {
      ...context.deadlines,
      acknowledge: {
        dueAt: computeDeadline(event.at, acknowledgeWithin),
        event: 'escalation.deadlineReached',
        startedAt: event.at,
      },
    },
  };
}

export function escalationInitial(input: Context): ReducerState {
  const policy = defaultEscalationPolicy;
  const start = startLevel(policy, input.reason, input.onDuty);
  const base: Context = {
    escalationId: input.escalationId,
    complaintId: input.complaintId,
    reason: input.reason,
    priority: input.priority ?? 'normal',
    policy,
    levelIndex: start.index,
    startIndex: start.index,
    round: 1,
    onDuty: input.onDuty,
    workingHours: input.workingHours ?? true,
    openedAt: input.at,
    openedBy: input.by,
    steps: [],
    deadlines: {},
  };
  return {
    value: 'awaitingAcknowledgement',
    context: landOn(
      base,
      { type: 'escalation.escalate', at: input.at, by: input.by },
      start.index,
      'start',
      start.skipped,
    ),
  };
}

function levelChanged(context: Context, event: AnyEvent, emit: Emit) {
  const step = context.steps.at(-1);
  emit({
    type: 'escalation.levelChanged',
    escalationId: context.escalationId,
    complaintId: context.complaintId,
    from: context.steps.at(-2)?.level ?? step.level,
    to: step.level,
    round: context.round,
    cause: step.cause,
    skipped: step.skipped,
    at: event.at,
  });
}

/** Escalate, acknowledge, de-escalate and resolve, as a reducer. */
export function escalationReducer(state: ReducerState, event: AnyEvent, emit: Emit): ReducerState {
  const { context } = state;
  const rank = roleRank(event.by.role);
  const currentRank = roleRank(context.policy.levels[context.levelIndex].role);
  const open = state.value === 'awaitingAcknowledgement' || state.value === 'acknowledged';
  switch (event.type) {
    case 'escalation.escalate': {
      if (!open || !(rank >= 0 || event.by.role === 'system')) return state;
      const next = nextLevel(context.policy, context.levelIndex, event.onDuty ?? context.onDuty);
      if (!next) return state;
      const landed = landOn(context, event, next.index, 'escalate', next.skipped);
      levelChanged(landed, event, emit);
      return { value: 'awaitingAcknowledgement', context: landed };
    }
    case 'escalation.deescalate': {
      if (!open || rank < roleRank('supervisor') || rank < currentRank) return state;
      const previous = previousLevel(context.policy, context.levelIndex, event.onDuty ?? context.onDuty);
      if (!previous) return state;
      const landed = {
        ...landOn(context, event, previous.index, 'deescalate', previous.skipped),
        department: undefined,
      };
      levelChanged(landed, event, emit);
      return { value: 'awaitingAcknowledgement', context: landed };
    }
    case 'escalation.acknowledge': {
      if (state.value !== 'awaitingAcknowledgement' || rank < currentRank) return state;
      const { acknowledge: _cleared, ...deadlines } = context.deadlines;
      emit({
        type: 'escalation.acknowledged',
        escalationId: context.escalationId,
        complaintId: context.complaintId,
        level: context.policy.levels[context.levelIndex].name,
        by: event.by,
        at: event.at,
      });
      return {
        value: 'acknowledged',
        context: { ...context, acknowledgedBy: event.by, acknowledgedAt: event.at, deadlines },
      };
    }
    case 'escalation.resolve': {
      if (!open || rank < currentRank) return state;
      const next = { ...context, resolution: event.resolution, closedAt: event.at, deadlines: {} };
      emit({
        type: 'escalation.resolved',
        escalationId: context.escalationId,
        complaintId: context.complaintId,
        resolution: event.resolution,
        by: event.by,
        at: event.at,
      });
      return { value: 'resolved', context: next };
    }
    default:
      return state;
  }
}

// ---- crisis

const isLead = (context: Context, by: Actor) =>
  by.role === 'manager' || by.role === 'director' || by.userId === context.roles.commander;

export function crisisInitial(input: Context, emit?: Emit): ReducerState {
  const policy = defaultCrisisPolicy;
  // The machine announces itself as it starts (`crisis.raised`, its root entry action).
  emit?.({
    type: 'crisis.raised',
    crisisId: input.crisisId,
    title: input.title,
    level: input.level,
    reason: input.reason,
    complaintIds: [...new Set(input.complaintIds ?? [])],
    source: input.source ?? { kind: 'manual' },
    by: input.by,
    at: input.at,
  });
  return {
    value: 'responding',
    context: {
      crisisId: input.crisisId,
      title: input.title,
      category: input.category,
      source: input.source ?? { kind: 'manual' },
      policy,
      level: input.level,
      levels: [{ from: undefined, to: input.level, reason: input.reason, at: input.at, by: input.by }],
      roles: {},
      statements: [],
      missedUpdates: [],
      complaintIds: [...new Set(input.complaintIds ?? [])],
      openedAt: input.at,
      openedBy: input.by,
      followUps: [],
      deadlines: {
        statement: {
          dueAt: computeDeadline(input.at, policy.levels[input.level as 'III'].updateEvery),
          event: 'crisis.deadlineReached',
          startedAt: input.at,
        },
      },
    },
  };
}

/** Activate the plan, fill the roles, draft/approve/publish a statement, move on to monitoring. */
export function crisisReducer(state: ReducerState, event: AnyEvent, emit: Emit): ReducerState {
  const { context } = state;
  const { at, by } = event;
  const statement = context.statements.find((item: Context) => item.id === event.statementId);
  switch (event.type) {
    case 'crisis.activatePlan':
      if (state.value !== 'responding' || !isLead(context, by)) return state;
      return { value: state.value, context: { ...context, plan: { name: event.plan, at, by } } };
    case 'crisis.assignRole':
      if (!isLead(context, by)) return state;
      return {
        value: state.value,
        context: { ...context, roles: { ...context.roles, [event.role]: event.userId } },
      };
    case 'crisis.draftStatement': {
      if (by.role === 'system' || by.role === 'trainer' || statement?.status === 'published') return state;
      const drafted = {
        id: event.statementId,
        text: event.text,
        status: 'draft',
        draftedBy: by,
        draftedAt: at,
        channels: [],
      };
      return {
        value: state.value,
        context: {
          ...context,
          statements: [
            ...context.statements.filter((item: Context) => item.id !== event.statementId),
            drafted,
          ],
        },
      };
    }
    case 'crisis.approveStatement':
      if (
        statement?.status !== 'draft' ||
        (by.userId !== context.roles.commander && by.userId !== context.roles.spokesperson)
      )
        return state;
      return {
        value: state.value,
        context: {
          ...context,
          statements: context.statements.map((item: Context) =>
            item.id === event.statementId ? { ...item, status: 'approved', approvedBy: by } : item,
          ),
        },
      };
    case 'crisis.publishStatement': {
      const mayPublish =
        by.userId === context.roles.commander ||
        by.userId === context.roles.spokesperson ||
        ['supervisor', 'manager', 'director'].includes(by.role);
      if (statement?.status !== 'approved' || !mayPublish) return state;
      const statements = context.statements.map((item: Context) =>
        item.id === event.statementId
          ? { ...item, status: 'published', publishedAt: at, channels: [...context.policy.channels] }
          : item,
      );
      const deadlines = context.deadlines.statement
        ? {
            ...context.deadlines,
            statement: {
              dueAt: computeDeadline(at, context.policy.levels[context.level].updateEvery),
              event: 'crisis.deadlineReached',
              startedAt: at,
            },
          }
        : context.deadlines;
      const published = statements.find((item: Context) => item.id === event.statementId);
      emit({
        type: 'crisis.statementPublished',
        crisisId: context.crisisId,
        statementId: published.id,
        text: published.text,
        channels: published.channels,
        at,
      });
      return { value: state.value, context: { ...context, statements, deadlines } };
    }
    case 'crisis.monitor':
      if (state.value !== 'responding' || !isLead(context, by) || missingActions(context as never).length > 0)
        return state;
      return { value: 'monitoring', context };
    default:
      return state;
  }
}

import type { Duration } from '@kefu/sla';
import {
  type EscalationPolicy,
  type EscalationPolicyInput,
  type EscalationPriority,
  type EscalationReason,
  escalationPolicySchema,
  type LadderLevel,
  type LadderRole,
} from './escalation-types.js';

/**
 * The default ladder (seed 001: supervisor → manager → director; seed 004 §3: the agent escalates to the
 * supervisor or the department). Version 1.
 */
export const defaultEscalationPolicy: EscalationPolicy = escalationPolicySchema.parse({
  id: 'default',
  version: 1,
  repeat: 2,
  startAt: {
    agentRequest: 'supervisor',
    deadlineMissed: 'supervisor',
    repeatContacts: 'supervisor',
    unsatisfiedRevisit: 'supervisor',
    seriousCategory: 'manager',
    gradeA: 'manager',
  },
  levels: [
    { name: 'agent', role: 'agent', notify: ['assigned-agent'], acknowledgeWithin: { minutes: 10 } },
    {
      name: 'supervisor',
      role: 'supervisor',
      notify: ['team-supervisors'],
      acknowledgeWithin: { minutes: 15 },
      branches: [{ when: { priority: ['urgent'] }, acknowledgeWithin: { minutes: 5 } }],
    },
    {
      name: 'manager',
      role: 'manager',
      notify: ['cs-manager', 'marketing-manager'],
      acknowledgeWithin: { minutes: 30 },
      branches: [
        { when: { priority: ['urgent', 'high'] }, acknowledgeWithin: { minutes: 15 } },
        { when: { workingHours: false }, acknowledgeWithin: { hours: 1 }, notify: ['on-call-manager'] },
      ],
    },
    {
      name: 'director',
      role: 'director',
      notify: ['marketing-director'],
      acknowledgeWithin: { hours: 1 },
      branches: [{ when: { workingHours: false }, notify: ['marketing-director', 'on-call-director'] }],
    },
  ],
} satisfies EscalationPolicyInput);

const ranks: Record<LadderRole, number> = { agent: 0, supervisor: 1, manager: 2, director: 3 };

/** How senior a role is on the ladder; `-1` for roles that never stand on it (trainer, system). */
export function roleRank(role: string): number {
  return role in ranks ? ranks[role as LadderRole] : -1;
}

function isStaffed(level: LadderLevel, onDuty: readonly string[] | undefined): boolean {
  return onDuty === undefined || onDuty.includes(level.name);
}

/** Where a climb from `fromIndex` lands: the next staffed level above it, and the levels skipped on the way. */
export function nextLevel(
  policy: EscalationPolicy,
  fromIndex: number,
  onDuty: readonly string[] | undefined,
): { index: number; skipped: string[] } | undefined {
  const skipped: string[] = [];
  for (let index = fromIndex + 1; index < policy.levels.length; index++) {
    const level = policy.levels[index]!;
    if (isStaffed(level, onDuty)) return { index, skipped };
    skipped.push(level.name);
  }
  return undefined;
}

/** Where a de-escalation from `fromIndex` lands: the next staffed level below it. */
export function previousLevel(
  policy: EscalationPolicy,
  fromIndex: number,
  onDuty: readonly string[] | undefined,
): { index: number; skipped: string[] } | undefined {
  const skipped: string[] = [];
  for (let index = fromIndex - 1; index >= 0; index--) {
    const level = policy.levels[index]!;
    if (isStaffed(level, onDuty)) return { index, skipped };
    skipped.push(level.name);
  }
  return undefined;
}

/**
 * The level a new escalation (or a repeated ladder) starts at: the level named for the trigger, or the
 * first staffed one above it; the top level when nobody below is on duty (somebody must always see it).
 */
export function startLevel(
  policy: EscalationPolicy,
  reason: EscalationReason,
  onDuty: readonly string[] | undefined,
): { index: number; skipped: string[] } {
  const named = policy.startAt[reason];
  const wanted = named === undefined ? 0 : policy.levels.findIndex((level) => level.name === named);
  const from = Math.max(0, wanted);
  if (isStaffed(policy.levels[from]!, onDuty)) return { index: from, skipped: [] };
  const above = nextLevel(policy, from, onDuty);
  if (above) return { index: above.index, skipped: [policy.levels[from]!.name, ...above.skipped] };
  const top = policy.levels.length - 1;
  return {
    index: top,
    skipped: policy.levels.slice(from, top).map((level) => level.name),
  };
}

/** A level as it applies now: its first matching branch overrides who is notified and the timeout. */
export function applyBranches(
  level: LadderLevel,
  situation: { priority: EscalationPriority; workingHours: boolean },
): { notify: string[]; acknowledgeWithin: Duration } {
  const branch = level.branches.find(
    ({ when }) =>
      (when.priority === undefined || when.priority.includes(situation.priority)) &&
      (when.workingHours === undefined || when.workingHours === situation.workingHours),
  );
  return {
    notify: branch?.notify ?? level.notify,
    acknowledgeWithin: branch?.acknowledgeWithin ?? level.acknowledgeWithin,
  };
}

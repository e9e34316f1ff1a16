import {
  nextHandOver,
  type Override,
  onDuty,
  type Rotation,
  type SavedRoster,
  type WorkingHoursRule,
  workingHours,
} from '@kefu/roster';
import { GraphQLError } from 'graphql';
import { allTeamRoles, assertTeamsAllowed, requireActor } from '../authorization.js';
import { builder } from '../builder.js';
import type { KefuContext } from '../context.js';
import { mapErrors } from '../graphql-errors.js';
import { type CallBackDue, type ShiftBreach, type ShiftBrief, shiftBrief } from '../shift-brief.js';
import { withoutNulls } from '../without-nulls.js';
import { ComplaintRef } from './complaint.js';
import { EscalationRef } from './escalation.js';

const WorkingHoursRuleRef = builder.objectRef<WorkingHoursRule>('WorkingHoursRule');
WorkingHoursRuleRef.implement({
  description: 'Working hours on some weekdays (1 Monday … 7 Sunday), local clock times HH:mm.',
  fields: (t) => ({
    days: t.exposeIntList('days'),
    from: t.exposeString('from'),
    to: t.exposeString('to'),
  }),
});

const RotationRef = builder.objectRef<Rotation>('RosterRotation');
RotationRef.implement({
  description:
    'Members take turns holding a role, one shift each, from `startDate` at `handOverAt` (the team’s local time).',
  fields: (t) => ({
    role: t.exposeString('role'),
    members: t.exposeStringList('members'),
    startDate: t.exposeString('startDate'),
    handOverAt: t.exposeString('handOverAt'),
    every: t.string({
      description: '`daily`, `weekly`, or a number of days.',
      resolve: (rotation) => String(rotation.every),
    }),
    hoursFrom: t.string({ nullable: true, resolve: (rotation) => rotation.hours?.from ?? null }),
    hoursTo: t.string({ nullable: true, resolve: (rotation) => rotation.hours?.to ?? null }),
    days: t.intList({ nullable: true, resolve: (rotation) => rotation.days ?? null }),
  }),
});

const OverrideRef = builder.objectRef<Override>('RosterOverride');
OverrideRef.implement({
  description:
    'A one-off change: `userId` holds `role` from `from` until `to`, instead of `replaces` when given.',
  fields: (t) => ({
    role: t.exposeString('role'),
    userId: t.exposeString('userId'),
    from: t.field({ type: 'DateTime', resolve: (override) => override.from }),
    to: t.field({ type: 'DateTime', resolve: (override) => override.to }),
    replaces: t.string({ nullable: true, resolve: (override) => override.replaces ?? null }),
    note: t.string({ nullable: true, resolve: (override) => override.note ?? null }),
  }),
});

interface RoleOnDuty {
  role: string;
  userIds: string[];
}
const RoleOnDutyRef = builder.objectRef<RoleOnDuty>('RoleOnDuty');
RoleOnDutyRef.implement({
  fields: (t) => ({ role: t.exposeString('role'), userIds: t.exposeStringList('userIds') }),
});

interface HandOverRow {
  at: string;
  role: string;
  outgoing: string[];
  incoming: string[];
}
export const HandOverRef = builder.objectRef<HandOverRow>('HandOver');
HandOverRef.implement({
  description: 'A change of hands: who held the role just before `at` and who holds it from `at`.',
  fields: (t) => ({
    at: t.field({ type: 'DateTime', resolve: (handOver) => handOver.at }),
    role: t.exposeString('role'),
    outgoing: t.exposeStringList('outgoing'),
    incoming: t.exposeStringList('incoming'),
  }),
});

interface DutyNow {
  team: string;
  at: string;
  workingHours: boolean;
  roles: RoleOnDuty[];
  nextHandOver: HandOverRow | null;
}
const DutyNowRef = builder.objectRef<DutyNow>('DutyNow');
DutyNowRef.implement({
  description: 'Who is on duty in a team at a moment, by role, and whether it is working hours there.',
  fields: (t) => ({
    team: t.exposeString('team'),
    at: t.field({ type: 'DateTime', resolve: (duty) => duty.at }),
    workingHours: t.exposeBoolean('workingHours'),
    roles: t.field({ type: [RoleOnDutyRef], resolve: (duty) => duty.roles }),
    nextHandOver: t.field({ type: HandOverRef, nullable: true, resolve: (duty) => duty.nextHandOver }),
  }),
});

export const RosterRef = builder.objectRef<SavedRoster>('Roster');
RosterRef.implement({
  description: 'A team’s roster (值班表): time zone, working hours, rotations and overrides.',
  fields: (t) => ({
    team: t.string({ resolve: ({ roster }) => roster.team }),
    timeZone: t.string({
      description: 'IANA time zone, e.g. Asia/Shanghai.',
      resolve: ({ roster }) => roster.timeZone,
    }),
    workingHours: t.field({ type: [WorkingHoursRuleRef], resolve: ({ roster }) => roster.workingHours }),
    holidays: t.stringList({ resolve: ({ roster }) => roster.holidays }),
    rotations: t.field({ type: [RotationRef], resolve: ({ roster }) => roster.rotations }),
    overrides: t.field({ type: [OverrideRef], resolve: ({ roster }) => roster.overrides }),
    version: t.exposeInt('version', { description: 'Pass it as `expectedVersion` to save over it.' }),
    updatedAt: t.field({ type: 'DateTime', resolve: (saved) => saved.updatedAt }),
    updatedBy: t.exposeString('updatedBy'),
  }),
});

/** Everyone who handles complaints reads their own team's roster; managers and directors read every team's. */
function assertMayRead(kefu: KefuContext, team: string) {
  assertTeamsAllowed(requireActor(kefu), [team]);
}

/** Who is on duty now in a team (every role the roster plans). */
export function dutyNow(kefu: KefuContext, team: string, at: string, role?: string | null): DutyNow | null {
  const roster = kefu.roster.roster(team);
  if (!roster) return null;
  const roles = [
    ...new Set([
      ...roster.rotations.map((rotation) => rotation.role),
      ...roster.overrides.map((o) => o.role),
    ]),
  ].filter((name) => !role || name === role);
  return {
    team,
    at,
    workingHours: workingHours(roster, { at }),
    roles: roles.map((name) => ({ role: name, userIds: onDuty(roster, { role: name, at }) })),
    nextHandOver: nextHandOver(roster, { at, role: role ?? undefined }) ?? null,
  };
}

const WorkingHoursRuleInput = builder.inputType('WorkingHoursRuleInput', {
  fields: (t) => ({
    days: t.intList({ required: true }),
    from: t.string({ required: true }),
    to: t.string({ required: true }),
  }),
});

const RotationInput = builder.inputType('RosterRotationInput', {
  fields: (t) => ({
    role: t.string({ required: true }),
    members: t.stringList({ required: true }),
    startDate: t.string({ required: true, description: 'Local date of the first shift, YYYY-MM-DD.' }),
    handOverAt: t.string({ description: 'Local clock time HH:mm (default 09:00).' }),
    every: t.string({ description: '`daily`, `weekly` (default) or a number of days.' }),
    hoursFrom: t.string(),
    hoursTo: t.string(),
    days: t.intList(),
  }),
});

const OverrideInput = builder.inputType('RosterOverrideInput', {
  fields: (t) => ({
    role: t.string({ required: true }),
    userId: t.string({ required: true }),
    from: t.field({ type: 'DateTime', required: true }),
    to: t.field({ type: 'DateTime', required: true }),
    replaces: t.string(),
    note: t.string(),
  }),
});

const SaveRosterInput = builder.inputType('SaveRosterInput', {
  fields: (t) => ({
    team: t.string({ required: true }),
    timeZone: t.string({ required: true }),
    workingHours: t.field({
      type: [WorkingHoursRuleInput],
      description: 'Default Monday–Friday 09:00–18:00.',
    }),
    holidays: t.stringList(),
    rotations: t.field({ type: [RotationInput] }),
    overrides: t.field({ type: [OverrideInput] }),
    expectedVersion: t.int({
      description: 'The version read; a newer one refuses the save (nothing written).',
    }),
  }),
});

const AddRosterOverrideInput = builder.inputType('AddRosterOverrideInput', {
  fields: (t) => ({
    team: t.string({ required: true }),
    override: t.field({ type: OverrideInput, required: true }),
    expectedVersion: t.int(),
  }),
});

type RotationFields = {
  role: string;
  members: string[];
  startDate: string;
  handOverAt?: string | null;
  every?: string | null;
  hoursFrom?: string | null;
  hoursTo?: string | null;
  days?: number[] | null;
};

function rotationOf({ hoursFrom, hoursTo, every, ...rotation }: RotationFields) {
  return {
    ...withoutNulls(rotation),
    ...(every ? { every: /^\d+$/.test(every) ? Number(every) : every } : {}),
    ...(hoursFrom || hoursTo ? { hours: { from: hoursFrom, to: hoursTo } } : {}),
  };
}

function requireRosterManager(kefu: KefuContext) {
  const actor = requireActor(kefu);
  if (!allTeamRoles.includes(actor.role)) {
    throw new GraphQLError(
      `Not allowed: a ${actor.role} may not change rosters (managers and directors may)`,
      {
        extensions: { code: 'FORBIDDEN', role: actor.role },
      },
    );
  }
  return actor;
}

builder.queryField('rosters', (t) =>
  t.field({
    type: [RosterRef],
    description: 'Rosters the caller may read: their own team’s; managers and directors every team’s.',
    authScopes: { readsComplaints: true },
    resolve: async (_root, _args, kefu) => {
      const actor = requireActor(kefu);
      const all = await kefu.roster.store.list();
      return allTeamRoles.includes(actor.role) ? all : all.filter(({ roster }) => roster.team === actor.team);
    },
  }),
);

builder.queryField('roster', (t) =>
  t.field({
    type: RosterRef,
    nullable: true,
    args: { team: t.arg.string({ required: true }) },
    authScopes: { readsComplaints: true },
    resolve: (_root, { team }, kefu) =>
      mapErrors(async () => {
        assertMayRead(kefu, team);
        return (await kefu.roster.store.get(team)) ?? null;
      }),
  }),
);

builder.queryField('onDuty', (t) =>
  t.field({
    type: DutyNowRef,
    nullable: true,
    description: 'Who is on duty in a team now (or at `at`), by role; null when the team has no roster.',
    args: {
      team: t.arg.string({ required: true }),
      role: t.arg.string(),
      at: t.arg({ type: 'DateTime' }),
    },
    authScopes: { readsComplaints: true },
    resolve: (_root, { team, role, at }, kefu) => {
      assertMayRead(kefu, team);
      return dutyNow(kefu, team, at ?? kefu.now().toISOString(), role);
    },
  }),
);

builder.mutationField('saveRoster', (t) =>
  t.field({
    type: RosterRef,
    description: 'Saves a team’s whole roster (managers and directors). Invalid input writes nothing.',
    authScopes: { readsComplaints: true },
    args: { input: t.arg({ type: SaveRosterInput, required: true }) },
    resolve: (_root, { input }, kefu) =>
      mapErrors(async () => {
        const actor = requireRosterManager(kefu);
        const { expectedVersion, rotations, overrides, ...roster } = input;
        return kefu.roster.save(
          {
            ...withoutNulls(roster),
            ...(rotations ? { rotations: rotations.map(rotationOf) } : {}),
            ...(overrides ? { overrides: overrides.map((override) => withoutNulls(override)) } : {}),
          } as Parameters<KefuContext['roster']['save']>[0],
          { by: actor.userId, at: kefu.now().toISOString(), expectedVersion: expectedVersion ?? undefined },
        );
      }),
  }),
);

builder.mutationField('addRosterOverride', (t) =>
  t.field({
    type: RosterRef,
    description:
      'Adds one override (a stand-in, a swapped shift) to a team’s roster (managers and directors).',
    authScopes: { readsComplaints: true },
    args: { input: t.arg({ type: AddRosterOverrideInput, required: true }) },
    resolve: (_root, { input }, kefu) =>
      mapErrors(async () => {
        const actor = requireRosterManager(kefu);
        const saved = await kefu.roster.store.get(input.team);
        if (!saved) {
          throw new GraphQLError(`No roster for team "${input.team}"`, {
            extensions: { code: 'ROSTER_NOT_FOUND', team: input.team },
          });
        }
        return kefu.roster.save(
          {
            ...saved.roster,
            overrides: [...saved.roster.overrides, withoutNulls(input.override) as Override],
          },
          {
            by: actor.userId,
            at: kefu.now().toISOString(),
            expectedVersion: input.expectedVersion ?? saved.version,
          },
        );
      }),
  }),
);

builder.mutationField('removeRoster', (t) =>
  t.field({
    type: 'Boolean',
    description: 'Deletes a team’s roster (managers and directors).',
    authScopes: { readsComplaints: true },
    args: { team: t.arg.string({ required: true }) },
    resolve: (_root, { team }, kefu) =>
      mapErrors(async () => {
        requireRosterManager(kefu);
        await kefu.roster.remove(team);
        return true;
      }),
  }),
);

const CallBackDueRef = builder.objectRef<CallBackDue>('ShiftCallBackDue');
CallBackDueRef.implement({
  description: 'A call-back promised to a customer, not yet made, due before the shift ends (or overdue).',
  fields: (t) => ({
    complaint: t.field({ type: ComplaintRef, resolve: (due) => due.complaint }),
    promiseId: t.exposeString('promiseId'),
    callBackBy: t.field({ type: 'DateTime', resolve: (due) => due.callBackBy }),
    note: t.exposeString('note'),
    overdue: t.exposeBoolean('overdue'),
  }),
});

const ShiftBreachRef = builder.objectRef<ShiftBreach>('ShiftBreach');
ShiftBreachRef.implement({
  description: 'A complaint deadline breached during the shift that is ending.',
  fields: (t) => ({
    complaint: t.field({ type: ComplaintRef, resolve: (breach) => breach.complaint }),
    deadline: t.exposeString('deadline'),
    dueAt: t.field({ type: 'DateTime', resolve: (breach) => breach.dueAt }),
    breachedAt: t.field({ type: 'DateTime', resolve: (breach) => breach.breachedAt }),
  }),
});

const ShiftBriefRef = builder.objectRef<ShiftBrief>('ShiftBrief');
ShiftBriefRef.implement({
  description:
    'The shift brief at a hand-over (交接班, seed 004): open complaints to follow up, call-backs due, breaches of the ending shift, escalations waiting.',
  fields: (t) => ({
    team: t.exposeString('team'),
    at: t.field({ type: 'DateTime', resolve: (brief) => brief.at }),
    shiftStartedAt: t.field({ type: 'DateTime', resolve: (brief) => brief.shiftStartedAt }),
    shiftEndsAt: t.field({ type: 'DateTime', resolve: (brief) => brief.shiftEndsAt }),
    handOvers: t.field({
      type: [HandOverRef],
      description: 'Changes of hands at `at`.',
      resolve: (brief) => brief.handOvers,
    }),
    incoming: t.field({ type: [RoleOnDutyRef], resolve: (brief) => brief.incoming }),
    openFollowUps: t.field({ type: [ComplaintRef], resolve: (brief) => brief.openFollowUps }),
    callBacksDue: t.field({ type: [CallBackDueRef], resolve: (brief) => brief.callBacksDue }),
    breaches: t.field({ type: [ShiftBreachRef], resolve: (brief) => brief.breaches }),
    escalationsWaiting: t.field({ type: [EscalationRef], resolve: (brief) => brief.escalationsWaiting }),
  }),
});

builder.queryField('shiftBrief', (t) =>
  t.field({
    type: ShiftBriefRef,
    nullable: true,
    description:
      'The shift brief of a team at `at` (default: now; pass a hand-over time from `onDuty.nextHandOver`). Supervisors of the team, managers and directors; null without a roster.',
    args: { team: t.arg.string({ required: true }), at: t.arg({ type: 'DateTime' }) },
    authScopes: { readsDashboards: true },
    resolve: (_root, { team, at }, kefu) =>
      mapErrors(async () => {
        assertMayRead(kefu, team);
        return (
          (await shiftBrief(kefu.runtime, kefu.roster, { team, at: at ?? kefu.now().toISOString() })) ?? null
        );
      }),
  }),
);

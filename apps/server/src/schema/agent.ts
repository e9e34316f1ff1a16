import type { Database } from '@kefu/runtime';
import { type Kysely, sql } from 'kysely';
import { allTeamRoles } from '../authorization.js';
import { builder } from '../builder.js';
import { skillLevels } from '../training-metrics.js';
import { ComplaintRef } from './complaint.js';
import { SkillLevelRef } from './training.js';

export interface AgentRow {
  userId: string;
  team: string | null;
  openComplaints: number;
  breachedComplaints: number;
}

/** Workload of many agents in one statement (the Agent DataLoader's batch). */
export async function loadAgents(db: Kysely<Database>, userIds: readonly string[]): Promise<AgentRow[]> {
  const rows = await db
    .selectFrom('workflows')
    .where('kind', '=', 'complaint')
    .where('assignee', 'in', [...userIds])
    .select([
      'assignee',
      sql<string | null>`mode() within group (order by team)`.as('team'),
      sql<string>`count(*) filter (where closed_at is null)`.as('open'),
      sql<string>`count(*) filter (where closed_at is null and breached)`.as('breached'),
    ])
    .groupBy('assignee')
    .execute();
  const byId = new Map(rows.map((row) => [row.assignee, row]));
  return userIds.map((userId) => {
    const row = byId.get(userId);
    return {
      userId,
      team: row?.team ?? null,
      openComplaints: Number(row?.open ?? 0),
      breachedComplaints: Number(row?.breached ?? 0),
    };
  });
}

export const AgentRef = builder.loadableObjectRef<AgentRow, string>('Agent', {
  load: (userIds, context) => loadAgents(context.runtime.store.db, userIds),
});

AgentRef.implement({
  description:
    'A person who handles complaints, with their current workload. Agents and supervisors see the people of their own team (and themselves); managers, directors and trainers everyone.',
  // Row-level: an agent's team is the team most of their complaints belong to.
  authScopes: (agent, { actor }) => {
    if (!actor) return false;
    if (allTeamRoles.includes(actor.role) || actor.role === 'trainer') return true;
    return agent.userId === actor.userId || (agent.team !== null && agent.team === actor.team);
  },
  fields: (t) => ({
    userId: t.exposeID('userId'),
    team: t.exposeString('team', {
      nullable: true,
      description: 'The team most of their complaints belong to.',
    }),
    openComplaints: t.exposeInt('openComplaints'),
    breachedComplaints: t.exposeInt('breachedComplaints', {
      description: 'Open complaints with a missed deadline.',
    }),
  }),
});

builder.objectField(ComplaintRef, 'assignedAgent', (t) =>
  t.field({
    type: AgentRef,
    nullable: true,
    description:
      'The agent the complaint is assigned to (batched: one query per page, however many complaints).',
    resolve: (record) => record.readModel.assignee ?? null,
  }),
);

builder.objectField(AgentRef, 'skills', (t) =>
  t.loadableGroup({
    type: SkillLevelRef,
    nullable: true,
    description: 'Skill levels from training (agents see only their own; batched across agents).',
    authScopes: (agent, _args, { actor }) =>
      actor !== null && (actor.role !== 'agent' || actor.userId === agent.userId),
    load: async (userIds: string[], context) =>
      (await skillLevels(context.runtime.store.db, userIds)).map((level) => ({ ...level, cutScore: null })),
    group: (level) => level.trainee,
    resolve: (agent) => agent.userId,
  }),
);

builder.queryField('agent', (t) =>
  t.field({
    type: AgentRef,
    description: 'One agent’s workload (and, for the roles that may, skills).',
    authScopes: { readsComplaints: true, readsTraining: true },
    args: { userId: t.arg.id({ required: true }) },
    resolve: (_root, { userId }) => String(userId),
  }),
);

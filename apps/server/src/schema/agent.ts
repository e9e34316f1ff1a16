import { skillLevels } from '@kefu/training-store';
import { type AgentWorkload, agentWorkloads } from '@kefu/workflows';
import { allTeamRoles } from '../authorization.js';
import { builder } from '../builder.js';
import { ComplaintRef } from './complaint.js';
import { SkillLevelRef } from './training.js';

export type AgentRow = AgentWorkload;

export const AgentRef = builder.loadableObjectRef<AgentRow, string>('Agent', {
  load: (userIds, context) => agentWorkloads(context.runtime.store.db, userIds),
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

import {
  type CrisisAction,
  type CrisisContext,
  type CrisisLevel,
  type CrisisPolicy,
  crisisPolicySchema,
} from './crisis-types.js';

/**
 * The default crisis policy, version 1: what each warning level requires before the crisis can move on
 * to monitoring, and how often a statement is due at that level.
 */
export const defaultCrisisPolicy: CrisisPolicy = crisisPolicySchema.parse({
  id: 'default',
  version: 1,
  levels: {
    IV: { requires: ['planActivated'], updateEvery: { hours: 24 } },
    III: { requires: ['planActivated', 'rolesFilled'], updateEvery: { hours: 8 } },
    II: { requires: ['planActivated', 'rolesFilled', 'surgeRequested'], updateEvery: { hours: 4 } },
    I: { requires: ['planActivated', 'rolesFilled', 'surgeRequested'], updateEvery: { hours: 1 } },
  },
  recoveryPeriod: { days: 7 },
  revisitWithin: { days: 3 },
  channels: ['phone', 'chat', 'email', 'social', 'app', 'website'],
});

const order: CrisisLevel[] = ['IV', 'III', 'II', 'I'];

/** 0 for IV (blue) up to 3 for I (red). */
export function levelRank(level: CrisisLevel): number {
  return order.indexOf(level);
}

/** The actions the current level requires that have not been taken yet. */
export function missingActions(
  context: Pick<CrisisContext, 'policy' | 'level' | 'plan' | 'roles' | 'surge'>,
): CrisisAction[] {
  const done: Record<CrisisAction, boolean> = {
    planActivated: context.plan !== undefined,
    rolesFilled: Boolean(context.roles.commander && context.roles.spokesperson && context.roles.scribe),
    surgeRequested: context.surge !== undefined,
  };
  return context.policy.levels[context.level].requires.filter((action) => !done[action]);
}

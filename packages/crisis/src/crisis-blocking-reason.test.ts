import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { crisisBlockingReason, statementsFor } from './crisis-blocking-reason.js';
import { crisisMachine } from './crisis-machine.js';

const director = { userId: 'u-director', role: 'director' as const };
const at = '2026-03-02T02:05:00.000Z';

function start() {
  return createActor(crisisMachine, {
    input: {
      crisisId: 'k-1',
      at: '2026-03-02T02:00:00.000Z',
      by: director,
      title: '电水壶漏水批量投诉',
      level: 'IV',
      reason: '同类投诉集中',
      category: 'product-quality',
    } as never,
  }).start();
}

describe('crisisBlockingReason', () => {
  it('blocks approving and publishing until there is a statement to approve or publish', () => {
    const actor = start();
    expect(crisisBlockingReason(actor.getSnapshot().context, 'crisis.approveStatement')?.code).toBe(
      'noDraftStatement',
    );
    expect(crisisBlockingReason(actor.getSnapshot().context, 'crisis.publishStatement')?.code).toBe(
      'noApprovedStatement',
    );
    actor.send({ type: 'crisis.assignRole', at, by: director, role: 'commander', userId: 'u-director' });
    actor.send({ type: 'crisis.draftStatement', at, by: director, statementId: 's-1', text: '我们正在调查' });
    const drafted = actor.getSnapshot().context;
    expect(crisisBlockingReason(drafted, 'crisis.approveStatement')).toBeUndefined();
    expect(statementsFor(drafted, 'crisis.approveStatement')).toEqual(['s-1']);
    expect(statementsFor(drafted, 'crisis.publishStatement')).toEqual([]);
    actor.send({ type: 'crisis.approveStatement', at, by: director, statementId: 's-1' });
    const approved = actor.getSnapshot().context;
    expect(crisisBlockingReason(approved, 'crisis.publishStatement')).toBeUndefined();
    expect(statementsFor(approved, 'crisis.publishStatement')).toEqual(['s-1']);
  });

  it('blocks moving on to monitoring while the level’s required actions are missing, naming them', () => {
    const reason = crisisBlockingReason(start().getSnapshot().context, 'crisis.monitor');
    expect(reason?.code).toBe('levelActionsMissing');
    expect(reason?.params.missing).toEqual(['planActivated']);
  });
});

import { crisisMachine, detectSurge } from '@kefu/crisis';
import { createActor } from 'xstate';

// Six complaints about the same kettle within an hour: the surge detector proposes a level IV crisis.
const recent = Array.from({ length: 6 }, (_, index) => ({
  id: `c-${index + 1}`,
  category: 'product-quality',
  openedAt: `2026-03-02T01:${String(10 + index * 5).padStart(2, '0')}:00.000Z`,
}));
const [proposal] = detectSurge(recent, '2026-03-02T02:00:00.000Z');

const director = { userId: 'zhao.min', role: 'director' as const };
const crisis = createActor(crisisMachine, {
  input: {
    crisisId: 'k-1',
    at: '2026-03-02T02:00:00.000Z',
    by: director,
    title: '电水壶批量漏水',
    level: proposal!.level,
    reason: `${proposal!.count} complaints in an hour`,
    complaintIds: proposal!.evidence,
  },
}).start();

// Level IV requires the emergency plan before the crisis moves on to monitoring.
const at = '2026-03-02T02:05:00.000Z';
crisis.send({ type: 'crisis.activatePlan', at, by: director, plan: '产品质量应急预案' });
crisis.send({ type: 'crisis.monitor', at, by: director });

export const state = crisis.getSnapshot().value;
// state === 'monitoring'
export const linked = crisis.getSnapshot().context.complaintIds.length;
// linked === 6

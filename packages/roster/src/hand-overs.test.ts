import { describe, expect, it } from 'vitest';
import { handOvers, nextHandOver } from './hand-overs.js';
import { rosterSchema } from './roster-types.js';

const roster = rosterSchema.parse({
  team: 'east',
  timeZone: 'Asia/Shanghai',
  rotations: [
    {
      role: 'supervisor',
      members: ['wang.fang', 'zhao.lei'],
      startDate: '2026-03-02',
      handOverAt: '08:00',
      every: 'daily',
      hours: { from: '08:00', to: '20:00' },
    },
    {
      role: 'supervisor',
      members: ['night.owl'],
      startDate: '2026-03-02',
      handOverAt: '20:00',
      every: 'daily',
      hours: { from: '20:00', to: '08:00' },
    },
  ],
});

describe('handOvers', () => {
  it('lists each change of hands with who leaves and who comes when day and night shifts alternate', () => {
    expect(handOvers(roster, { from: '2026-03-03T00:00:00Z', to: '2026-03-04T00:00:00Z' })).toEqual([
      { at: '2026-03-03T12:00:00.000Z', role: 'supervisor', outgoing: ['zhao.lei'], incoming: ['night.owl'] },
      {
        at: '2026-03-04T00:00:00.000Z',
        role: 'supervisor',
        outgoing: ['night.owl'],
        incoming: ['wang.fang'],
      },
    ]);
  });

  it('finds the next hand-over after a moment', () => {
    expect(nextHandOver(roster, { at: '2026-03-03T12:00:00Z' })).toEqual({
      at: '2026-03-04T00:00:00.000Z',
      role: 'supervisor',
      outgoing: ['night.owl'],
      incoming: ['wang.fang'],
    });
  });
});

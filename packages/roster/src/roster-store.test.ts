import { InvalidPayload, openStore, type Store } from '@kefu/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRosterBook } from './roster-book.js';
import { createRosterStore, RosterNotFound, RosterVersionConflict } from './roster-store.js';

let store: Store;
beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://roster-store-test' });
});
afterAll(() => store.close());

const east = {
  team: 'east',
  timeZone: 'Asia/Shanghai',
  rotations: [
    { role: 'supervisor', members: ['wang.fang', 'zhao.lei'], startDate: '2026-03-02', handOverAt: '08:00' },
  ],
};

describe('createRosterStore', () => {
  it('saves versions and reads the roster back when saved twice', async () => {
    const rosters = createRosterStore(store);
    const first = await rosters.save(east, { by: 'manager.li', at: '2026-03-01T00:00:00Z' });
    const second = await rosters.save(east, {
      by: 'manager.li',
      at: '2026-03-01T01:00:00Z',
      expectedVersion: 1,
    });
    expect([first.version, second.version]).toEqual([1, 2]);
    expect(await rosters.get('east')).toMatchObject({
      version: 2,
      updatedBy: 'manager.li',
      updatedAt: '2026-03-01T01:00:00.000Z',
      roster: { team: 'east', timeZone: 'Asia/Shanghai', rotations: [{ every: 'weekly' }] },
    });
  });

  it('writes nothing when the roster is invalid or the version is stale', async () => {
    const rosters = createRosterStore(store);
    await expect(
      rosters.save(
        { ...east, team: 'bad', timeZone: 'Nowhere/City' },
        { by: 'm', at: '2026-03-01T00:00:00Z' },
      ),
    ).rejects.toBeInstanceOf(InvalidPayload);
    expect(await rosters.get('bad')).toBeUndefined();
    await expect(
      rosters.save({ ...east, rotations: [] }, { by: 'm', at: '2026-03-02T00:00:00Z', expectedVersion: 1 }),
    ).rejects.toBeInstanceOf(RosterVersionConflict);
    expect((await rosters.get('east'))?.roster.rotations).toHaveLength(1);
  });

  it('refuses to remove a roster that does not exist', async () => {
    await expect(createRosterStore(store).remove('nobody')).rejects.toBeInstanceOf(RosterNotFound);
  });
});

describe('createRosterBook', () => {
  it('answers the duty directory from the saved rosters after a refresh', async () => {
    const book = createRosterBook(createRosterStore(store));
    expect(
      await book.directory.onDuty({ team: 'east', role: 'supervisor', at: '2026-03-09T01:00:00Z' }),
    ).toEqual([]);
    await book.refresh();
    expect(
      await book.directory.onDuty({ team: 'east', role: 'supervisor', at: '2026-03-09T01:00:00Z' }),
    ).toEqual(['zhao.lei']);
    expect(await book.directory.workingHours({ team: 'east', at: '2026-03-09T01:00:00Z' })).toBe(true);
  });

  it('gives the ladder situation of the team when a level has nobody on duty', async () => {
    const book = createRosterBook(createRosterStore(store));
    await book.save(
      {
        team: 'north',
        timeZone: 'Asia/Shanghai',
        rotations: [
          {
            role: 'supervisor',
            members: ['a'],
            startDate: '2026-03-02',
            handOverAt: '09:00',
            hours: { from: '09:00', to: '18:00' },
          },
          { role: 'manager', members: ['m'], startDate: '2026-03-02' },
        ],
      },
      { by: 'manager.li', at: '2026-03-01T00:00:00Z' },
    );
    const levels = [
      { name: 'agent', role: 'agent' },
      { name: 'supervisor', role: 'supervisor' },
      { name: 'manager', role: 'manager' },
    ];
    // Tuesday 22:00 local: no supervisor, the manager rotation is around the clock, agents are not planned.
    expect(book.ladderSituation({ team: 'north', at: '2026-03-03T14:00:00Z', levels })).toEqual({
      onDuty: ['agent', 'manager'],
      workingHours: false,
    });
    expect(book.ladderSituation({ team: 'nowhere', at: '2026-03-03T14:00:00Z', levels })).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { onDuty, plansRole } from './on-duty.js';
import { rosterSchema } from './roster-types.js';

// Weekly supervisor rotation in Shanghai (UTC+8, no daylight saving): hand-over Monday 08:00 local = 00:00Z.
const shanghai = rosterSchema.parse({
  team: 'east',
  timeZone: 'Asia/Shanghai',
  rotations: [
    {
      role: 'supervisor',
      members: ['wang.fang', 'zhao.lei', 'chen.jing'],
      startDate: '2026-03-02',
      handOverAt: '08:00',
    },
    {
      role: 'agent',
      members: ['li.na', 'liu.yang'],
      startDate: '2026-03-02',
      handOverAt: '08:00',
      every: 'daily',
      hours: { from: '08:00', to: '20:00' },
    },
  ],
});

// The same weekly rotation in Berlin, which moves to summer time on Sunday 2026-03-29 (UTC+1 → UTC+2).
const berlin = rosterSchema.parse({
  team: 'west',
  timeZone: 'Europe/Berlin',
  rotations: [{ role: 'supervisor', members: ['anna', 'ben'], startDate: '2026-03-16', handOverAt: '09:00' }],
});

describe('onDuty', () => {
  it('names the first member when the rotation has just started in the team zone', () => {
    expect(onDuty(shanghai, { role: 'supervisor', at: '2026-03-02T00:00:00Z' })).toEqual(['wang.fang']);
  });

  it('names nobody when the rotation has not started yet', () => {
    expect(onDuty(shanghai, { role: 'supervisor', at: '2026-03-01T23:59:00Z' })).toEqual([]);
  });

  it('hands over at the local clock time when the week turns', () => {
    expect(onDuty(shanghai, { role: 'supervisor', at: '2026-03-08T23:59:00Z' })).toEqual(['wang.fang']);
    expect(onDuty(shanghai, { role: 'supervisor', at: '2026-03-09T00:00:00Z' })).toEqual(['zhao.lei']);
    expect(onDuty(shanghai, { role: 'supervisor', at: '2026-03-16T00:00:00Z' })).toEqual(['chen.jing']);
    expect(onDuty(shanghai, { role: 'supervisor', at: '2026-03-23T00:00:00Z' })).toEqual(['wang.fang']);
  });

  it('names nobody outside the hours of a day-shift rotation', () => {
    expect(onDuty(shanghai, { role: 'agent', at: '2026-03-03T03:00:00Z' })).toEqual(['liu.yang']);
    expect(onDuty(shanghai, { role: 'agent', at: '2026-03-03T12:00:00Z' })).toEqual([]);
  });

  it('keeps the 09:00 local hand-over when daylight saving starts in the team zone', () => {
    // Monday 2026-03-23 09:00 CET is 08:00Z; Monday 2026-03-30 09:00 CEST is 07:00Z.
    expect(onDuty(berlin, { role: 'supervisor', at: '2026-03-23T07:59:00Z' })).toEqual(['anna']);
    expect(onDuty(berlin, { role: 'supervisor', at: '2026-03-23T08:00:00Z' })).toEqual(['ben']);
    expect(onDuty(berlin, { role: 'supervisor', at: '2026-03-30T06:59:00Z' })).toEqual(['ben']);
    expect(onDuty(berlin, { role: 'supervisor', at: '2026-03-30T07:00:00Z' })).toEqual(['anna']);
  });

  it('puts the override in place of the member it replaces while it lasts', () => {
    const roster = rosterSchema.parse({
      ...shanghai,
      overrides: [
        {
          role: 'supervisor',
          userId: 'sun.li',
          replaces: 'wang.fang',
          from: '2026-03-03T10:00:00+08:00',
          to: '2026-03-03T14:00:00+08:00',
        },
      ],
    });
    expect(onDuty(roster, { role: 'supervisor', at: '2026-03-03T01:59:00Z' })).toEqual(['wang.fang']);
    expect(onDuty(roster, { role: 'supervisor', at: '2026-03-03T02:00:00Z' })).toEqual(['sun.li']);
    expect(onDuty(roster, { role: 'supervisor', at: '2026-03-03T06:00:00Z' })).toEqual(['wang.fang']);
  });

  it('covers a night shift past midnight on the day it starts when the rotation lists weekdays', () => {
    const roster = rosterSchema.parse({
      team: 'night',
      timeZone: 'Asia/Shanghai',
      rotations: [
        {
          role: 'supervisor',
          members: ['night.owl'],
          startDate: '2026-03-02',
          every: 'daily',
          handOverAt: '20:00',
          hours: { from: '20:00', to: '08:00' },
          days: [5],
        },
      ],
    });
    // Friday 2026-03-06 23:00 and Saturday 03:00 (the Friday night shift); Saturday 23:00 is not covered.
    expect(onDuty(roster, { role: 'supervisor', at: '2026-03-06T15:00:00Z' })).toEqual(['night.owl']);
    expect(onDuty(roster, { role: 'supervisor', at: '2026-03-06T19:00:00Z' })).toEqual(['night.owl']);
    expect(onDuty(roster, { role: 'supervisor', at: '2026-03-07T15:00:00Z' })).toEqual([]);
  });
});

describe('plansRole', () => {
  it('is false for a role no rotation or override names', () => {
    expect(plansRole(shanghai, 'supervisor')).toBe(true);
    expect(plansRole(shanghai, 'director')).toBe(false);
  });
});

describe('rosterSchema', () => {
  it('refuses an unknown time zone and an override that ends before it starts', () => {
    const result = rosterSchema.safeParse({
      team: 'x',
      timeZone: 'Mars/Olympus',
      overrides: [
        { role: 'supervisor', userId: 'a', from: '2026-03-03T10:00:00Z', to: '2026-03-03T09:00:00Z' },
      ],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['timeZone', 'overrides.0.to']);
  });
});

import { describe, expect, it } from 'vitest';
import { rosterSchema } from './roster-types.js';
import { workingHours } from './working-hours.js';

const shanghai = rosterSchema.parse({ team: 'east', timeZone: 'Asia/Shanghai', holidays: ['2026-10-01'] });
const newYork = rosterSchema.parse({ team: 'ny', timeZone: 'America/New_York' });

describe('workingHours', () => {
  it('is true from 09:00 to 18:00 local on a weekday when the default hours apply', () => {
    // Tuesday 2026-03-03 in Shanghai: 09:00 local is 01:00Z, 18:00 local is 10:00Z.
    expect(workingHours(shanghai, { at: '2026-03-03T00:59:00Z' })).toBe(false);
    expect(workingHours(shanghai, { at: '2026-03-03T01:00:00Z' })).toBe(true);
    expect(workingHours(shanghai, { at: '2026-03-03T09:59:00Z' })).toBe(true);
    expect(workingHours(shanghai, { at: '2026-03-03T10:00:00Z' })).toBe(false);
  });

  it('is false on a weekend and on a holiday', () => {
    expect(workingHours(shanghai, { at: '2026-03-07T03:00:00Z' })).toBe(false);
    expect(workingHours(shanghai, { at: '2026-10-01T03:00:00Z' })).toBe(false);
  });

  it('follows the local clock across the daylight-saving change when the zone has one', () => {
    // 2026-03-06 (EST, UTC-5): 09:00 local = 14:00Z. 2026-03-09 (EDT, UTC-4): 09:00 local = 13:00Z.
    expect(workingHours(newYork, { at: '2026-03-06T13:30:00Z' })).toBe(false);
    expect(workingHours(newYork, { at: '2026-03-09T13:30:00Z' })).toBe(true);
  });
});

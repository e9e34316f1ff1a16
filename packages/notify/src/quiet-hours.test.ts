import { describe, expect, it } from 'vitest';
import { isQuietAt } from './quiet-hours.js';

describe('isQuietAt', () => {
  const night = { from: '22:00', until: '07:00', timeZone: 'Asia/Shanghai' };

  it('is quiet past midnight in the user’s time zone when the window wraps', () => {
    expect(isQuietAt(night, '2026-03-02T16:30:00Z')).toBe(true); // 00:30 in Shanghai
    expect(isQuietAt(night, '2026-03-02T14:00:00Z')).toBe(true); // 22:00
  });

  it('is not quiet at the end of the window or in the day', () => {
    expect(isQuietAt(night, '2026-03-02T23:00:00Z')).toBe(false); // 07:00
    expect(isQuietAt(night, '2026-03-02T04:00:00Z')).toBe(false); // 12:00
  });
});

import { describe, expect, it } from 'vitest';
import { afterAttempt, breakerPosition } from './circuit-breaker.js';

const policy = { threshold: 3, openForMs: 60_000 };
const at = new Date('2026-03-02T01:00:00.000Z');

describe('circuit breaker', () => {
  it('opens when consecutive failures reach the threshold', () => {
    let state = { failures: 0, openUntil: null as string | null };
    for (let count = 0; count < 2; count++) state = afterAttempt(state, false, at, policy);
    expect(breakerPosition(state, at)).toBe('closed');
    state = afterAttempt(state, false, at, policy);
    expect(state).toEqual({ failures: 3, openUntil: '2026-03-02T01:01:00.000Z' });
    expect(breakerPosition(state, new Date('2026-03-02T01:00:59.999Z'))).toBe('open');
  });

  it('half-opens when the open time has passed, and a failed trial opens it again', () => {
    const open = { failures: 3, openUntil: '2026-03-02T01:01:00.000Z' };
    const later = new Date('2026-03-02T01:01:00.000Z');
    expect(breakerPosition(open, later)).toBe('halfOpen');
    expect(afterAttempt(open, false, later, policy)).toEqual({
      failures: 4,
      openUntil: '2026-03-02T01:02:00.000Z',
    });
  });

  it('closes when an attempt succeeds', () => {
    expect(afterAttempt({ failures: 3, openUntil: '2026-03-02T01:01:00.000Z' }, true, at, policy)).toEqual({
      failures: 0,
      openUntil: null,
    });
  });
});

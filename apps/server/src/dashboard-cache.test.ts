import { describe, expect, it } from 'vitest';
import { stalenessBoundMs } from './change-feed.js';
import { createDashboardCache } from './dashboard-cache.js';

function setup() {
  let clock = 0;
  const cache = createDashboardCache({ minIntervalMs: 2_000, maxAgeMs: 60_000, now: () => clock });
  let computed = 0;
  const staleUntil: number[] = [];
  const board = (team: string) =>
    cache.get(
      `queue:${team}`,
      async () => `${team}#${++computed}`,
      (until) => staleUntil.push(until),
    );
  const advance = (ms: number) => {
    clock += ms;
  };
  return { cache, board, change: () => cache.changed(), advance, staleUntil };
}

describe('dashboard cache', () => {
  it('computes a board once for many viewers asking at the same time and within the interval', async () => {
    const { cache, board, advance } = setup();
    const viewers = await Promise.all(Array.from({ length: 50 }, () => board('east')));
    advance(1_999);
    expect(await board('east')).toBe('east#1');
    expect(new Set(viewers)).toEqual(new Set(['east#1']));
    expect(cache.computations).toBe(1);
  });

  it('keeps a board without changes until its maximum age, then recomputes it', async () => {
    const { board, advance, staleUntil } = setup();
    await board('east');
    advance(59_999);
    expect(await board('east')).toBe('east#1');
    advance(1);
    expect(await board('east')).toBe('east#2');
    expect(staleUntil).toEqual([]);
  });

  it('serves a board behind a change until it is the interval old, never later', async () => {
    const { cache, board, change, advance, staleUntil } = setup();
    await board('east');
    advance(500);
    change();
    advance(1_499);
    expect(await board('east')).toBe('east#1');
    // The viewer hears when the stale board stops being served: the interval after it was computed.
    expect(staleUntil).toEqual([2_000]);
    advance(1);
    // Many viewers of the changed board: one computation, shared, none of them served the old board.
    expect(await Promise.all([board('east'), board('east'), board('east')])).toEqual([
      'east#2',
      'east#2',
      'east#2',
    ]);
    expect(cache.computations).toBe(2);
    expect(staleUntil).toEqual([2_000]);
  });

  it('computes a board that changes all the time once per interval', async () => {
    const { cache, board, change, advance } = setup();
    await board('east');
    for (let step = 0; step < 40; step++) {
      advance(100);
      change();
      await board('east');
    }
    // 4 s of changes every 100 ms: the first computation, then one at 2 s and one at 4 s.
    expect(cache.computations).toBe(3);
  });

  it('computes each team’s board separately', async () => {
    const { board } = setup();
    expect([await board('east'), await board('west'), await board('east')]).toEqual([
      'east#1',
      'west#2',
      'east#1',
    ]);
  });

  it('does not keep a failed computation', async () => {
    const { cache } = setup();
    await expect(cache.get('k', () => Promise.reject(new Error('timeout')))).rejects.toThrow('timeout');
    expect(await cache.get('k', async () => 'ok')).toBe('ok');
  });

  it('reports a failed recomputation and tries again on the next request, never serving the old board past the interval', async () => {
    let clock = 0;
    const cache = createDashboardCache({ minIntervalMs: 2_000, now: () => clock });
    const results = [
      Promise.resolve('first'),
      Promise.reject(new Error('timeout')),
      Promise.resolve('third'),
    ];
    results[1]!.catch(() => undefined);
    let call = 0;
    const board = () => cache.get('k', () => results[call++]!);
    expect(await board()).toBe('first');
    cache.changed();
    clock = 2_000;
    await expect(board()).rejects.toThrow('timeout');
    expect(await board()).toBe('third');
    expect(cache.computations).toBe(3);
  });

  it('uses the one staleness bound as its interval by default', async () => {
    let clock = 0;
    const cache = createDashboardCache({ now: () => clock });
    let computed = 0;
    const board = () => cache.get('k', async () => ++computed);
    await board();
    cache.changed();
    clock = stalenessBoundMs - 1;
    expect(await board()).toBe(1);
    clock = stalenessBoundMs;
    expect(await board()).toBe(2);
  });
});

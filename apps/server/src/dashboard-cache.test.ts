import { describe, expect, it } from 'vitest';
import { createDashboardCache } from './dashboard-cache.js';

function setup() {
  let clock = 0;
  const eventTarget = new EventTarget();
  const cache = createDashboardCache({
    minIntervalMs: 2_000,
    maxAgeMs: 60_000,
    now: () => clock,
    changes: { eventTarget, topic: 'workflow.changed' },
  });
  let computed = 0;
  const board = (team: string) => cache.get(`queue:${team}`, async () => `${team}#${++computed}`);
  const change = () => eventTarget.dispatchEvent(new Event('workflow.changed'));
  const advance = (ms: number) => {
    clock += ms;
  };
  return { cache, board, change, advance };
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
    const { board, advance } = setup();
    await board('east');
    advance(59_999);
    expect(await board('east')).toBe('east#1');
    advance(1);
    expect(await board('east')).toBe('east#2');
  });

  it('recomputes once the interval has passed after a change, serving the stale board meanwhile', async () => {
    const { cache, board, change, advance } = setup();
    await board('east');
    change();
    advance(1_000);
    expect(await board('east')).toBe('east#1');
    advance(1_000);
    expect(await Promise.all([board('east'), board('east')])).toEqual(['east#1', 'east#1']);
    await cache.refreshed();
    expect(await board('east')).toBe('east#2');
    change();
    change();
    advance(500);
    expect(await board('east')).toBe('east#2');
    expect(cache.computations).toBe(2);
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

  it('keeps serving the stale board when its recomputation fails, and tries again on the next request', async () => {
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
    expect(await board()).toBe('first');
    await cache.refreshed();
    expect(await board()).toBe('first');
    await cache.refreshed();
    expect(await board()).toBe('third');
    expect(cache.computations).toBe(3);
  });

  it('stops following changes when closed', async () => {
    const { cache, board, change, advance } = setup();
    await board('east');
    cache.close();
    change();
    advance(5_000);
    expect(await board('east')).toBe('east#1');
  });
});

import { stalenessBoundMs } from './change-feed.js';

/**
 * A short cache of dashboard results per (panel, window, team), so many viewers of one board cost one computation
 * per interval. A result is served while no change was reported since its computation started, or, after a change,
 * until it is `minIntervalMs` old (so a board that changes all the time is computed once per interval); then the
 * next viewer computes it again and the others share that computation. None is served past `maxAgeMs`. A failed
 * computation is not kept. The changes come from the server's change feed (`changed()`).
 */
export interface DashboardCache {
  /**
   * The cached result for `key`, or `compute()`'s (shared by every caller until it settles). When the result
   * served was computed before the latest change, `stale` hears when it stops being served (milliseconds on the
   * cache's clock): whatever is built from it must not be kept past then.
   */
  get<T>(key: string, compute: () => Promise<T>, stale?: (servedUntil: number) => void): Promise<T>;
  /** A change was reported: results computed before it are served only until they are `minIntervalMs` old. */
  changed(): void;
  /** How many computations ran (for tests and metrics). */
  readonly computations: number;
}

export interface DashboardCacheOptions {
  /**
   * After a change, a result is still served until it is this old, at most one computation per interval (default
   * `stalenessBoundMs`, 2,000 ms): the longest a board is behind a change.
   */
  minIntervalMs?: number;
  /** No result is served older than this, changes or not (default 60,000 ms). */
  maxAgeMs?: number;
  /** The clock (default `Date.now`); in the server, the server's `now`, which the response cache reads too. */
  now?: () => number;
  /** Keys kept at most (oldest dropped first; default 500). */
  maxEntries?: number;
}

interface Entry {
  value: Promise<unknown>;
  /** When its computation started. */
  computedAt: number;
  /** The change count when its computation started. */
  generation: number;
}

export function createDashboardCache(options: DashboardCacheOptions = {}): DashboardCache {
  const minIntervalMs = options.minIntervalMs ?? stalenessBoundMs;
  const maxAgeMs = options.maxAgeMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 500;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  let generation = 0;
  let computations = 0;

  return {
    get<T>(key: string, compute: () => Promise<T>, stale?: (servedUntil: number) => void): Promise<T> {
      const at = now();
      const found = entries.get(key);
      if (found && at - found.computedAt < maxAgeMs) {
        if (found.generation === generation) return found.value as Promise<T>;
        const servedUntil = found.computedAt + minIntervalMs;
        if (at < servedUntil) {
          stale?.(servedUntil);
          return found.value as Promise<T>;
        }
      }
      computations += 1;
      const value = compute();
      const entry: Entry = { value, computedAt: at, generation };
      entries.delete(key);
      entries.set(key, entry);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      value.catch(() => {
        if (entries.get(key) === entry) entries.delete(key);
      });
      return value;
    },
    changed() {
      generation += 1;
    },
    get computations() {
      return computations;
    },
  };
}

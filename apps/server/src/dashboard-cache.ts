/**
 * A short cache of dashboard results per (panel, window, team), so many viewers of one board cost one computation
 * per interval. A result is fresh until a change event arrives and it is `minIntervalMs` old; a stale result is
 * still served while its successor is computed in the background (so no viewer waits for a recomputation), and
 * none is served past `maxAgeMs`. Viewers asking while a result is first computed share that computation. A
 * failed computation is not kept.
 */
export interface DashboardCache {
  /** The cached result for `key`, or `compute()`'s (shared by every caller until it settles). */
  get<T>(key: string, compute: () => Promise<T>): Promise<T>;
  /** A complaint changed: results become stale (recomputed once `minIntervalMs` old). */
  changed(): void;
  /** Resolves when the background recomputations under way have settled. */
  refreshed(): Promise<void>;
  /** How many computations ran (for tests and metrics). */
  readonly computations: number;
  /** Stops listening to change events. */
  close(): void;
}

export interface DashboardCacheOptions {
  /** A stale result is still served until it is this old (default 2,000 ms): at most one computation per interval. */
  minIntervalMs?: number;
  /** No result is served older than this, changes or not (default 60,000 ms). */
  maxAgeMs?: number;
  /** The clock (default `Date.now`). */
  now?: () => number;
  /** Where change events arrive (the runtime's `pubSub.eventTarget`), and their topic. */
  changes?: { eventTarget: EventTarget; topic: string };
  /** Keys kept at most (oldest dropped first; default 500). */
  maxEntries?: number;
}

interface Entry {
  value: Promise<unknown>;
  computedAt: number;
  /** The change count when it was computed. */
  generation: number;
  /** The value has arrived (a stale entry is served only then). */
  settled: boolean;
  /** Its successor is being computed. */
  refreshing: boolean;
}

export function createDashboardCache(options: DashboardCacheOptions = {}): DashboardCache {
  const minIntervalMs = options.minIntervalMs ?? 2_000;
  const maxAgeMs = options.maxAgeMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 500;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  let generation = 0;
  let computations = 0;
  const refreshing = new Set<Promise<unknown>>();
  const onChange = () => {
    generation += 1;
  };
  options.changes?.eventTarget.addEventListener(options.changes.topic, onChange);

  function fresh(entry: Entry, at: number): boolean {
    const age = at - entry.computedAt;
    if (age >= maxAgeMs) return false;
    return entry.generation === generation || age < minIntervalMs;
  }

  return {
    get<T>(key: string, compute: () => Promise<T>): Promise<T> {
      const at = now();
      const found = entries.get(key);
      if (found && fresh(found, at)) return found.value as Promise<T>;
      const start = () => {
        computations += 1;
        const value = compute();
        const entry: Entry = { value, computedAt: at, generation, settled: false, refreshing: false };
        return { value, entry };
      };
      const store = (entry: Entry) => {
        entries.delete(key);
        entries.set(key, entry);
        if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      };
      if (found?.settled && at - found.computedAt < maxAgeMs) {
        // Stale by a change: serve it, and compute its successor once, in the background.
        if (!found.refreshing) {
          found.refreshing = true;
          const { value, entry } = start();
          const done = value.then(
            () => {
              entry.settled = true;
              if (entries.get(key) === found) store(entry);
            },
            () => {
              found.refreshing = false;
            },
          );
          refreshing.add(done);
          void done.finally(() => refreshing.delete(done));
        }
        return found.value as Promise<T>;
      }
      const { value, entry } = start();
      store(entry);
      value.then(
        () => {
          entry.settled = true;
        },
        () => {
          if (entries.get(key) === entry) entries.delete(key);
        },
      );
      return value;
    },
    changed: onChange,
    async refreshed() {
      await Promise.all([...refreshing]);
    },
    get computations() {
      return computations;
    },
    close() {
      options.changes?.eventTarget.removeEventListener(options.changes.topic, onChange);
    },
  };
}

import type { Runtime, TimerFiring } from './create-runtime.js';

export interface SchedulerOptions {
  runtime: Runtime;
  /** Milliseconds between runs (default 1000). Each run fires every due timer, then delivers the outbox. */
  pollIntervalMs?: number;
  /** The clock deadlines are compared with (default: the system clock). Tests pass their own. */
  now?: () => Date;
  /** Most timers fired in one run (default 500); the rest wait for the next run. */
  maxPerRun?: number;
  /** Timers fired per transaction (default 20): one commit for the batch. */
  batchSize?: number;
  /** Called when a run fails (default: logged to stderr). The next run tries again. */
  onError?: (error: unknown) => void;
  /** Called for each timer handled (fired, ignored as stale, or failed). */
  onFiring?: (firing: TimerFiring) => void;
}

/** What the scheduler has done, for `/health` and metrics. Lateness is how long after its due time a timer fired. */
export interface SchedulerMetrics {
  running: boolean;
  pollIntervalMs: number;
  runs: number;
  lastRunAt: string | null;
  lastRunMs: number | null;
  fired: number;
  ignored: number;
  failed: number;
  errors: number;
  lastError: string | null;
  /** Over the last 1,000 handled timers. */
  latenessMs: { p50: number | null; p99: number | null; max: number | null };
}

export interface RunResult {
  firings: TimerFiring[];
  delivered: number;
}

export interface Scheduler {
  /** Runs once at once (missed deadlines fire now, late), then every `pollIntervalMs`. */
  start(): Promise<RunResult>;
  /** Stops polling and waits for a run in progress. */
  stop(): Promise<void>;
  /** One run: fires every timer due at `now()` (up to `maxPerRun`) and delivers the outbox. */
  runOnce(): Promise<RunResult>;
  metrics(): SchedulerMetrics;
}

function percentile(sorted: number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

/**
 * The timer scheduler. Every instance may run one on the same database: each due timer is claimed with
 * `FOR UPDATE SKIP LOCKED` and marked fired in the transaction that applies its event, so it fires once.
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const { runtime } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const now = options.now ?? (() => new Date());
  const maxPerRun = options.maxPerRun ?? 500;
  const batchSize = options.batchSize ?? 20;
  const lateness: number[] = [];
  const counts = { runs: 0, fired: 0, ignored: 0, failed: 0, errors: 0 };
  let lastRunAt: string | null = null;
  let lastRunMs: number | null = null;
  let lastError: string | null = null;
  let timer: NodeJS.Timeout | undefined;
  let active = false;
  let current: Promise<RunResult> | undefined;

  function report(error: unknown) {
    counts.errors++;
    lastError = error instanceof Error ? error.message : String(error);
    if (options.onError) options.onError(error);
    else console.error('kefu: scheduler run failed:', lastError);
  }

  async function run(): Promise<RunResult> {
    const began = performance.now();
    const at = now();
    const firings: TimerFiring[] = [];
    try {
      while (firings.length < maxPerRun) {
        const batch = await runtime.fireDueTimers(at, Math.min(batchSize, maxPerRun - firings.length));
        if (batch.length === 0) break;
        for (const firing of batch) {
          firings.push(firing);
          counts[firing.outcome]++;
          lateness.push(firing.lateByMs);
          if (lateness.length > 1000) lateness.shift();
          options.onFiring?.(firing);
        }
      }
      const delivered = await runtime.deliverOutbox();
      return { firings, delivered };
    } finally {
      counts.runs++;
      lastRunAt = at.toISOString();
      lastRunMs = performance.now() - began;
    }
  }

  function runOnce(): Promise<RunResult> {
    const previous = current ?? Promise.resolve(undefined);
    const next = previous.catch(() => undefined).then(run);
    current = next;
    return next.finally(() => {
      if (current === next) current = undefined;
    });
  }

  function schedule() {
    if (!active) return;
    timer = setTimeout(() => {
      runOnce().catch(report).finally(schedule);
    }, pollIntervalMs);
    timer.unref?.();
  }

  return {
    async start() {
      if (active) return { firings: [], delivered: 0 };
      active = true;
      try {
        return await runOnce();
      } finally {
        schedule();
      }
    },
    async stop() {
      active = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await current?.catch(() => undefined);
    },
    runOnce,
    metrics() {
      const sorted = [...lateness].sort((a, b) => a - b);
      return {
        running: active,
        pollIntervalMs,
        ...counts,
        lastRunAt,
        lastRunMs,
        lastError,
        latenessMs: {
          p50: percentile(sorted, 0.5),
          p99: percentile(sorted, 0.99),
          max: sorted.at(-1) ?? null,
        },
      };
    },
  };
}

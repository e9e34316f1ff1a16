import { sql } from 'kysely';
import type { Runtime } from './create-runtime.js';
import type { TimerFiring } from './fire-timers.js';
import type { SendResult } from './transition.js';
import { deadlinesOf } from './write-transition.js';

export interface SchedulerOptions {
  runtime: Runtime;
  /**
   * Longest wait between the starts of two runs (default 1000). Each run fires every due timer, then delivers
   * the outbox (the polling runs after the first deliver it beside the next run rather than before it, so
   * reactions do not hold back timers coming due); the next run starts sooner when a pending timer comes due sooner, when a transition in this
   * process writes a nearer deadline, or at once when a run stopped at `maxPerRun`.
   */
  pollIntervalMs?: number;
  /** The clock deadlines are compared with (default: the system clock). Tests pass their own. */
  now?: () => Date;
  /**
   * Plans the next run: calls `run` after about `delayMs` and returns a function that cancels it (default:
   * `setTimeout`, not keeping the process alive). It may call `run` a little before `now()` reaches the time
   * planned, as Node's timers do; the scheduler then plans another run for the due time it missed.
   */
  wake?: (run: () => void, delayMs: number) => () => void;
  /** Most timers fired in one run (default 500); the rest wait for the next run. */
  maxPerRun?: number;
  /** Timers fired per batch (default 20): one clock reading; each timer is committed on its own. */
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
  /** When the next run is planned, by the scheduler's clock (null when stopped or during a run). */
  nextRunAt: string | null;
}

export interface RunResult {
  firings: TimerFiring[];
  delivered: number;
}

export interface Scheduler {
  /**
   * Runs once at once (missed deadlines fire now, late, and the outbox is delivered before this resolves), then
   * on a cadence of `pollIntervalMs` from each run's start, sooner when a timer comes due sooner.
   */
  start(): Promise<RunResult>;
  /** Stops polling and waits for a run in progress and the outbox delivery it started. */
  stop(): Promise<void>;
  /**
   * One run: fires every timer due at `now()` (up to `maxPerRun`) and delivers the outbox. Each batch reads
   * the clock when it starts, so a timer's `firedAt` and `lateByMs` are those of its own batch.
   */
  runOnce(): Promise<RunResult>;
  metrics(): SchedulerMetrics;
}

function defaultWake(run: () => void, delayMs: number): () => void {
  const timer = setTimeout(run, delayMs);
  timer.unref?.();
  return () => clearTimeout(timer);
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
  const wake = options.wake ?? defaultWake;
  const lateness: number[] = [];
  const counts = { runs: 0, fired: 0, ignored: 0, failed: 0, errors: 0 };
  let lastRunAt: string | null = null;
  let lastRunMs: number | null = null;
  let lastError: string | null = null;
  /** Cancels the planned run; undefined while a run or its planning is under way. */
  let cancelWake: (() => void) | undefined;
  /** The latest clock reading the last run claimed due timers with (ms): later due times were not due for it. */
  let coveredUntil = Number.NEGATIVE_INFINITY;
  /** When the armed timer runs next, by the scheduler's clock (ms). */
  let wakeAt: number | undefined;
  /** The earliest deadline a commit in this process wrote while a run was under way (ms). */
  let committedDue: number | undefined;
  let unsubscribe: (() => void) | undefined;
  let active = false;
  let current: Promise<RunResult> | undefined;
  let loop: Promise<void> | undefined;
  let delivering: Promise<void> | undefined;
  /** When the last planned run began (performance.now()): runs woken by due times start at least `minGapMs` apart. */
  let lastBegan = Number.NEGATIVE_INFINITY;
  const minGapMs = Math.min(pollIntervalMs, 25);

  function report(error: unknown) {
    counts.errors++;
    lastError = error instanceof Error ? error.message : String(error);
    if (options.onError) options.onError(error);
    else console.error('kefu: scheduler run failed:', lastError);
  }

  async function run(background = false): Promise<RunResult> {
    const began = performance.now();
    const at = now();
    const firings: TimerFiring[] = [];
    try {
      while (firings.length < maxPerRun) {
        const batchAt = firings.length === 0 ? at : now();
        coveredUntil = batchAt.getTime();
        const batch = await runtime.fireDueTimers(batchAt, Math.min(batchSize, maxPerRun - firings.length));
        if (batch.length === 0) break;
        for (const firing of batch) {
          firings.push(firing);
          counts[firing.outcome]++;
          lateness.push(firing.lateByMs);
          if (lateness.length > 1000) lateness.shift();
          options.onFiring?.(firing);
        }
      }
      if (background) {
        // The loop's runs leave the outbox (and the reactions it runs) to deliver beside the next run.
        // One such delivery at a time: it runs until the outbox is empty, so a later run need not start another.
        delivering ??= runtime
          .deliverOutbox()
          .then(() => undefined, report)
          .finally(() => {
            delivering = undefined;
          });
        return { firings, delivered: 0 };
      }
      const delivered = await runtime.deliverOutbox();
      return { firings, delivered };
    } finally {
      counts.runs++;
      lastRunAt = at.toISOString();
      lastRunMs = performance.now() - began;
    }
  }

  function runOnce(background = false): Promise<RunResult> {
    const previous = current ?? Promise.resolve(undefined);
    const next = previous.catch(() => undefined).then(() => run(background));
    current = next;
    return next.finally(() => {
      if (current === next) current = undefined;
    });
  }

  /** The earliest pending due time (ms), by the `timers_due` index; undefined when none is pending. */
  async function earliestPendingDue(): Promise<number | undefined> {
    const { rows } = await sql<{ due: Date | string | null }>`
      select min(due_at) as due from timers where fired_at is null`.execute(runtime.store.db);
    const due = rows[0]?.due;
    return due === null || due === undefined ? undefined : new Date(due).getTime();
  }

  /** Plans the next run in `delayMs`; `immediate` skips the gap that lets timers due close together share a run. */
  function arm(delayMs: number, immediate = false) {
    if (!active) return;
    cancelWake?.();
    const gap = immediate ? 0 : lastBegan + minGapMs - performance.now();
    const delay = Math.max(0, gap, Math.min(pollIntervalMs, delayMs));
    wakeAt = now().getTime() + delay;
    cancelWake = wake(() => {
      cancelWake = undefined;
      wakeAt = undefined;
      loop = cycle();
    }, delay);
  }

  /**
   * After a run that began at `began` (performance.now()): at once when it stopped at `maxPerRun`, else at the
   * earliest pending due time the run did not cover, at most `pollIntervalMs` after the run began. A due time
   * the run's own clock had already reached (a timer left for a retry, or held by another instance) waits for
   * the cadence, so nothing spins. One it had not reached — the wake-up came early, or the clock moved on during
   * the run — is planned for, at once if it has passed since.
   */
  async function plan(began: number, result: RunResult | undefined) {
    if (!active) return;
    if (result && result.firings.length >= maxPerRun) return arm(0, true);
    let delay = pollIntervalMs - (performance.now() - began);
    const pending = await earliestPendingDue().catch((error) => {
      report(error);
      return undefined;
    });
    const nowMs = now().getTime();
    for (const due of [pending, committedDue]) {
      if (due !== undefined && due > coveredUntil) delay = Math.min(delay, Math.max(0, due - nowMs));
    }
    committedDue = undefined;
    arm(delay);
  }

  async function cycle(startResult?: (result: RunResult) => void, startError?: (error: unknown) => void) {
    const began = performance.now();
    lastBegan = began;
    let result: RunResult | undefined;
    try {
      result = await runOnce(startResult === undefined);
      startResult?.(result);
    } catch (error) {
      if (startError) startError(error);
      else report(error);
    }
    await plan(began, result);
  }

  /** A commit in this process that wrote a deadline before the planned run wakes the scheduler for it. */
  function onCommit(committed: SendResult) {
    if (!active) return;
    // Only deadlines still ahead: one already passed (or kept in the context after firing) waits for the cadence.
    const nowMs = now().getTime();
    let earliest: number | undefined;
    for (const deadline of Object.values(deadlinesOf(committed.workflow.context))) {
      const due = Date.parse(deadline.dueAt);
      if (due > nowMs && (earliest === undefined || due < earliest)) earliest = due;
    }
    if (earliest === undefined) return;
    if (cancelWake === undefined) {
      // A run or its planning is under way: planning takes this into account.
      if (committedDue === undefined || earliest < committedDue) committedDue = earliest;
      return;
    }
    if (wakeAt !== undefined && earliest < wakeAt) arm(earliest - nowMs);
  }

  return {
    async start() {
      if (active) return { firings: [], delivered: 0 };
      active = true;
      unsubscribe = runtime.onCommit(onCommit);
      return new Promise<RunResult>((resolve, reject) => {
        loop = cycle(resolve, reject);
      });
    },
    async stop() {
      active = false;
      unsubscribe?.();
      unsubscribe = undefined;
      cancelWake?.();
      cancelWake = undefined;
      wakeAt = undefined;
      await loop?.catch(() => undefined);
      await current?.catch(() => undefined);
      await delivering;
    },
    runOnce: () => runOnce(),
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
        nextRunAt: wakeAt === undefined ? null : new Date(wakeAt).toISOString(),
      };
    },
  };
}

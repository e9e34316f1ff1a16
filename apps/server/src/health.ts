import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Scheduler, type SchedulerMetrics, type Store, storeStatus } from '@kefu/runtime';

export interface HealthReport {
  /** `ok` when the database answers and the scheduler runs on time; `degraded` when the scheduler lags; `down` without a database. */
  status: 'ok' | 'degraded' | 'down';
  database: {
    engine: Store['engine'];
    ok: boolean;
    latencyMs: number | null;
    error?: string;
    /** Timers not fired yet, and how many of them are already due. */
    pendingTimers?: number;
    overdueTimers?: number;
    /** Outbox rows not delivered yet. */
    undeliveredOutbox?: number;
  };
  scheduler: (SchedulerMetrics & { stale: boolean }) | null;
}

export interface HealthOptions {
  store: Store;
  scheduler?: Scheduler;
  now?: () => Date;
}

/** Database and scheduler state, as `/health` reports it. */
export async function checkHealth(options: HealthOptions): Promise<HealthReport> {
  const now = options.now ?? (() => new Date());
  let database: HealthReport['database'];
  try {
    database = { ok: true, ...(await storeStatus(options.store, now())) };
  } catch (error) {
    database = {
      engine: options.store.engine,
      ok: false,
      latencyMs: null,
      error: error instanceof Error ? error.message : String(error),
    };
  }
  const metrics = options.scheduler?.metrics();
  const scheduler = metrics
    ? {
        ...metrics,
        // Three missed polls in a row: the scheduler is stuck or stopped.
        stale:
          !metrics.running ||
          metrics.lastRunAt === null ||
          now().getTime() - Date.parse(metrics.lastRunAt) > 3 * metrics.pollIntervalMs + 5_000,
      }
    : null;
  const status = !database.ok ? 'down' : scheduler?.stale ? 'degraded' : 'ok';
  return { status, database, scheduler };
}

/** Handles `GET /health` (200 when ok or degraded, 503 when the database is down); returns false for other paths. */
export function createHealthRoute(
  options: HealthOptions,
): (request: IncomingMessage, response: ServerResponse) => boolean {
  return (request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/health' || (request.method !== 'GET' && request.method !== 'HEAD')) return false;
    void checkHealth(options).then((report) => {
      response.writeHead(report.status === 'down' ? 503 : 200, {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
      });
      response.end(request.method === 'HEAD' ? undefined : JSON.stringify(report));
    });
    return true;
  };
}

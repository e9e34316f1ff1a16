import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type BackupSchedule,
  type Runtime,
  type RuntimePubSub,
  type Scheduler,
  type SchedulerMetrics,
  type Store,
  storeStatus,
} from '@kefu/runtime';

export interface HealthReport {
  /**
   * `ok` when the database (and Redis, when configured) answers and the scheduler runs on time; `degraded` when the
   * scheduler lags or Redis does not answer; `down` without a database.
   */
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
  /**
   * Writes this instance's runtime tried again since it started: `version` after another writer changed the
   * workflow first, `aborted` after PostgreSQL aborted one to break a deadlock. Null without a runtime.
   */
  retriedWrites: { version: number; aborted: number } | null;
  /** Its metrics, `lastRunAt` among them; `stale` after three missed polls. */
  scheduler: (SchedulerMetrics & { stale: boolean }) | null;
  /** Redis (pub/sub between instances) when `REDIS_URL` is set; null otherwise. */
  redis: { ok: boolean; latencyMs: number | null; error?: string } | null;
  /** The newest automatic backup of the embedded database; null on PostgreSQL or before the first one. */
  lastBackup: { file: string; at: string } | null;
}

export interface HealthOptions {
  store: Store;
  scheduler?: Scheduler;
  runtime?: Pick<Runtime, 'writeRetries'>;
  /** The Redis pub/sub, pinged on each check (at most `redisTimeoutMs`, default 1000). */
  redis?: Pick<RuntimePubSub, 'ping'>;
  redisTimeoutMs?: number;
  backups?: Pick<BackupSchedule, 'lastBackup'>;
  now?: () => Date;
}

async function pingRedis(
  redis: Pick<RuntimePubSub, 'ping'>,
  timeoutMs: number,
): Promise<NonNullable<HealthReport['redis']>> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const latencyMs = await Promise.race([
      redis.ping(),
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { ok: true, latencyMs };
  } catch (error) {
    return { ok: false, latencyMs: null, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
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
  const redis = options.redis ? await pingRedis(options.redis, options.redisTimeoutMs ?? 1000) : null;
  const status = !database.ok ? 'down' : scheduler?.stale || (redis && !redis.ok) ? 'degraded' : 'ok';
  const backup = options.backups?.lastBackup();
  const lastBackup = backup ? { file: backup.file, at: backup.at.toISOString() } : null;
  const retriedWrites = options.runtime ? options.runtime.writeRetries() : null;
  return { status, database, retriedWrites, scheduler, redis, lastBackup };
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

import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createCustomerStore } from '@kefu/customer-store';
import { createRosterBook, createRosterStore } from '@kefu/roster';
import {
  type BackupSchedule,
  createRuntime,
  createRuntimePubSub,
  createScheduler,
  openStore,
  type Runtime,
  type Scheduler,
  type Store,
  scheduleBackups,
} from '@kefu/runtime';
import { createDefaultWorkflows, defaultReactions } from '@kefu/workflows';
import { acknowledgePath, createAcknowledgeLinks } from './acknowledge-link.js';
import { createDashboardAssets } from './dashboard-assets.js';
import type { Environment } from './env.js';
import { createHealthRoute } from './health.js';
import { loadJwtSecret } from './jwt-secret.js';
import { kefuMigrations } from './kefu-migrations.js';
import { createLiveEvents } from './live-events.js';
import { createServerNotifications } from './notifications.js';
import { createKefuYoga } from './yoga.js';

export interface StartedServer {
  server: Server;
  store: Store;
  runtime: Runtime;
  /** Fires due timers and delivers the outbox every `KEFU_POLL_INTERVAL_MS`. */
  scheduler: Scheduler;
  /** Automatic backups of the embedded database every `KEFU_BACKUP_INTERVAL_HOURS` (none on PostgreSQL). */
  backups: BackupSchedule;
  url: string;
  /** Milliseconds from the call to serving. */
  startupMs: number;
  close(): Promise<void>;
}

/** A new embedded database with every table in place, built beside this file (`npm run build`); else the runtime's. */
const serverDataTemplate = fileURLToPath(new URL('./pglite-data.tar.gz', import.meta.url));

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** Answers 503 while the database opens: the port is taken first, so a clash stops start-up before any data is touched. */
const starting: Handler = (_request, response) => {
  response.writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '1' });
  response.end(JSON.stringify({ status: 'starting' }));
};

/** The host name a browser on this machine reaches the server by. */
function publicHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? 'localhost' : host;
}

/**
 * Binds the port, then opens the database, builds the runtime and the API, and serves. A start that fails closes
 * what it opened, as `close()` does (the port first, the database last), and throws the cause.
 */
export async function startServer(environment: Environment): Promise<StartedServer> {
  const began = performance.now();
  let handle: Handler = starting;
  const server = createServer((request, response) => handle(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(environment.PORT, environment.HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const closeServer = () => new Promise<void>((resolve) => server.close(() => resolve()));
  let store: Store;
  try {
    store = await openStore({
      databaseUrl: environment.DATABASE_URL,
      dataDir: environment.KEFU_DATA_DIR,
      backups: { directory: environment.KEFU_BACKUP_DIR, keep: environment.KEFU_BACKUP_KEEP },
      dataTemplate: existsSync(serverDataTemplate) ? serverDataTemplate : undefined,
      // Every table the server uses, from the one list `kefu db migrate` applies, before anything uses the store.
      migrations: kefuMigrations,
    });
  } catch (error) {
    await closeServer();
    throw error;
  }
  // The outbox publishes to Redis when REDIS_URL is set (every instance's subscribers), in-process otherwise.
  const pubSub = createRuntimePubSub({ redisUrl: environment.REDIS_URL });
  // Each customer's personal data in complaints is sealed with the customer's own key (erasure by crypto-shredding).
  const customers = createCustomerStore({ store });
  // The teams' rosters in memory: the escalation ladder asks them who is on duty, inside each transition.
  const roster = createRosterBook(createRosterStore(store));
  const workflows = createDefaultWorkflows({
    complaintPolicies: environment.KEFU_COMPLAINT_POLICIES,
    escalationSituation: roster.ladderSituation,
  });
  // API calls return after commit (the caller has its write in the result); the outbox is delivered in the background.
  const runtime = createRuntime({
    store,
    workflows,
    reactions: defaultReactions,
    pubSub,
    awaitDelivery: false,
    subjectKeys: customers.subjectKeys,
    migrate: false, // the workflows' tables are in `kefuMigrations`, applied on open
  });
  // Other instances may change rosters: reload them now and then (this instance's own saves apply at once).
  const rosterRefresh = setInterval(
    () => roster.refresh().catch((error: unknown) => console.error('kefu: reloading rosters failed:', error)),
    environment.KEFU_ROSTER_REFRESH_MS,
  );
  rosterRefresh.unref();
  const scheduler = createScheduler({ runtime, pollIntervalMs: environment.KEFU_POLL_INTERVAL_MS });
  // Bearer tokens: KEFU_JWT_SECRET, or the development secret generated into .kefu/jwt-secret (what `kefu token` signs with).
  const jwtSecret = loadJwtSecret({ environment: { KEFU_JWT_SECRET: environment.KEFU_JWT_SECRET } });
  // Signed links in emails and chat messages that acknowledge an escalation (answered at /acknowledge/).
  const acknowledgeLinks = createAcknowledgeLinks({
    secret: jwtSecret,
    publicUrl:
      environment.KEFU_PUBLIC_URL ??
      `http://${publicHost(environment.HOST)}:${(server.address() as AddressInfo).port}`,
    runtime,
    roster,
  });
  // Fed from the outbox: each delivered row's notifications go out at once; retries fall due on the poll interval.
  // The roster says who is on duty for rules that name a role.
  const notifications = createServerNotifications({
    runtime,
    directory: roster.directory,
    acknowledgeLink: acknowledgeLinks.linkIfAllowed,
    smtpUrl: environment.KEFU_SMTP_URL,
    smtpFrom: environment.KEFU_SMTP_FROM,
  });
  notifications.center.start(environment.KEFU_POLL_INTERVAL_MS);
  const backups = scheduleBackups({
    store,
    intervalMs: environment.KEFU_BACKUP_INTERVAL_HOURS * 3_600_000,
    keep: environment.KEFU_BACKUP_KEEP,
    directory: environment.KEFU_BACKUP_DIR,
    enabled: environment.KEFU_BACKUP_INTERVAL_HOURS > 0,
    onError: (error) =>
      console.error(
        `kefu: automatic backup failed: ${error instanceof Error ? error.message : String(error)}`,
      ),
  });
  // One way down, for a start that fails here and for close(): stop taking work, wait for the deliveries under way
  // (and the deletes of what they delivered), then close what they use.
  const shutdown = async () => {
    clearInterval(rosterRefresh);
    await closeServer();
    await scheduler.stop();
    await backups.stop();
    await runtime.idle();
    await notifications.close();
    await pubSub.close();
    await store.close();
  };
  try {
    await customers.ready(); // customers' keys are loaded before any complaint is sealed
    await roster.refresh();
    await scheduler.start(); // deadlines missed while no instance ran fire now, late
  } catch (error) {
    await shutdown();
    throw error;
  }
  const live = createLiveEvents({ eventTarget: pubSub.eventTarget });
  const yoga = createKefuYoga({
    runtime,
    customers,
    live,
    publishCommits: false,
    jwtSecret,
    developmentTokens: store.engine === 'pglite' && environment.KEFU_DEVELOPMENT_TOKENS,
    corsOrigins: environment.KEFU_CORS_ORIGINS,
    roster,
    acknowledgeLinks,
    notifications: notifications.center,
  });
  const health = createHealthRoute({
    store,
    scheduler,
    runtime,
    ...(pubSub.engine === 'redis' ? { redis: pubSub } : {}),
    backups,
  });
  // The dashboard's build at `/` (SPA fallback); everything else, and all of /graphql, goes to the API.
  const dashboard = createDashboardAssets();
  handle = (request, response) => {
    // Acknowledgement links are the API's (served by a yoga plugin), not dashboard routes.
    const link = request.url?.startsWith(acknowledgePath) === true;
    if (!health(request, response) && (link || !dashboard(request, response))) void yoga(request, response);
  };
  const { port } = server.address() as AddressInfo;
  const host = publicHost(environment.HOST);
  return {
    server,
    store,
    runtime,
    scheduler,
    backups,
    url: `http://${host}:${port}${yoga.graphqlEndpoint}`,
    startupMs: performance.now() - began,
    close: shutdown,
  };
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createRuntime,
  createRuntimePubSub,
  createScheduler,
  openStore,
  type Runtime,
  type Scheduler,
  type Store,
} from '@kefu/runtime';
import { defaultReactions, defaultWorkflows } from '@kefu/workflows';
import { createDashboardAssets } from './dashboard-assets.js';
import type { Environment } from './env.js';
import { createHealthRoute } from './health.js';
import { loadJwtSecret } from './jwt-secret.js';
import { createLiveEvents } from './live-events.js';
import { createKefuYoga } from './yoga.js';

export interface StartedServer {
  server: Server;
  store: Store;
  runtime: Runtime;
  /** Fires due timers and delivers the outbox every `KEFU_POLL_INTERVAL_MS`. */
  scheduler: Scheduler;
  url: string;
  /** Milliseconds from the call to listening. */
  startupMs: number;
  close(): Promise<void>;
}

/** Opens the database, builds the runtime and the API, and listens. */
export async function startServer(environment: Environment): Promise<StartedServer> {
  const began = performance.now();
  const store = await openStore({
    databaseUrl: environment.DATABASE_URL,
    dataDir: environment.KEFU_DATA_DIR,
  });
  // The outbox publishes to Redis when REDIS_URL is set (every instance's subscribers), in-process otherwise.
  const pubSub = createRuntimePubSub({ redisUrl: environment.REDIS_URL });
  const runtime = createRuntime({ store, workflows: defaultWorkflows, reactions: defaultReactions, pubSub });
  const scheduler = createScheduler({ runtime, pollIntervalMs: environment.KEFU_POLL_INTERVAL_MS });
  await scheduler.start(); // deadlines missed while no instance ran fire now, late
  const live = createLiveEvents({ eventTarget: pubSub.eventTarget });
  // Bearer tokens: KEFU_JWT_SECRET, or the development secret generated into .kefu/jwt-secret (what `kefu token` signs with).
  const jwtSecret = loadJwtSecret({ environment: { KEFU_JWT_SECRET: environment.KEFU_JWT_SECRET } });
  const yoga = createKefuYoga({
    runtime,
    live,
    publishCommits: false,
    jwtSecret,
    developmentTokens: store.engine === 'pglite' && environment.KEFU_DEVELOPMENT_TOKENS,
  });
  const health = createHealthRoute({ store, scheduler });
  // The dashboard's build at `/` (SPA fallback); everything else, and all of /graphql, goes to the API.
  const dashboard = createDashboardAssets();
  const server = createServer((request, response) => {
    if (!health(request, response) && !dashboard(request, response)) void yoga(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(environment.PORT, environment.HOST, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const host = environment.HOST === '0.0.0.0' || environment.HOST === '::' ? 'localhost' : environment.HOST;
  return {
    server,
    store,
    runtime,
    scheduler,
    url: `http://${host}:${port}${yoga.graphqlEndpoint}`,
    startupMs: performance.now() - began,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await scheduler.stop();
      await runtime.idle();
      await pubSub.close();
      await store.close();
    },
  };
}

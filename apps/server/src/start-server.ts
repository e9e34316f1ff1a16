import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRuntime, defaultWorkflows, openStore, type Runtime, type Store } from '@kefu/runtime';
import type { Environment } from './env.js';
import { createKefuYoga } from './yoga.js';

export interface StartedServer {
  server: Server;
  store: Store;
  runtime: Runtime;
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
  const runtime = createRuntime({ store, workflows: defaultWorkflows });
  const yoga = createKefuYoga({ runtime });
  const server = createServer(yoga);
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
    url: `http://${host}:${port}${yoga.graphqlEndpoint}`,
    startupMs: performance.now() - began,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}

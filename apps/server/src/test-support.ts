import { createCustomerStore } from '@kefu/customer-store';
import { createRuntime, openStore, type Runtime, type Store } from '@kefu/runtime';
import { defaultWorkflows } from '@kefu/workflows';
import { signDevelopmentToken } from './bearer-token.js';
import type { Role } from './context.js';
import { createKefuYoga, type KefuYoga, type KefuYogaOptions } from './yoga.js';

/** The secret tests sign and verify with. */
export const testJwtSecret = new TextEncoder().encode('kefu-test-secret-kefu-test-secret-0123456789');

export interface Caller {
  role: Role;
  user: string;
  team?: string | null;
}

export interface GraphQLResult {
  // biome-ignore lint/suspicious/noExplicitAny: test responses are inspected by path
  data?: any;
  // biome-ignore lint/suspicious/noExplicitAny: extensions vary by error
  errors?: Array<{ message: string; path?: string[]; extensions?: any }>;
}

export interface TestServer {
  store: Store;
  runtime: Runtime;
  yoga: KefuYoga;
  token(caller: Caller): Promise<string>;
  graphql(
    query: string,
    variables?: Record<string, unknown>,
    as?: Caller | null,
  ): Promise<GraphQLResult & { status: number }>;
  close(): Promise<void>;
}

/** One PGlite in memory, the runtime and the API, for one test file. */
export async function createTestServer(
  options: Partial<KefuYogaOptions> & { dataDir?: string; databaseUrl?: string; store?: Store } = {},
): Promise<TestServer> {
  const ownStore = options.store === undefined && options.runtime === undefined;
  const store =
    options.store ??
    options.runtime?.store ??
    (await openStore({
      dataDir: options.dataDir ?? 'memory://server-test',
      databaseUrl: options.databaseUrl,
    }));
  const customers = options.customers ?? createCustomerStore({ store });
  const runtime =
    options.runtime ??
    createRuntime({ store, workflows: defaultWorkflows, subjectKeys: customers.subjectKeys });
  // The workflows' tables are in place before a test writes to them directly (the API waits for them itself).
  await runtime.ready();
  const yoga = createKefuYoga({ jwtSecret: testJwtSecret, graphiql: false, ...options, runtime, customers });
  const token = (caller: Caller) =>
    signDevelopmentToken({
      role: caller.role,
      userId: caller.user,
      team: caller.team ?? null,
      secret: testJwtSecret,
    });
  return {
    store,
    runtime,
    yoga,
    token,
    async graphql(query, variables = {}, as = null) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (as) headers.authorization = `Bearer ${await token(as)}`;
      const response = await yoga.fetch('http://kefu.test/graphql', {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as GraphQLResult) };
    },
    async close() {
      await yoga.dispose();
      if (ownStore) await store.close();
    },
  };
}

export interface SseEvent {
  event: string;
  // biome-ignore lint/suspicious/noExplicitAny: test payloads are inspected by path
  data: any;
}

/**
 * Subscribes over SSE (GraphQL over SSE, distinct connections) with a bearer token. `next()` returns the next
 * event, or undefined when the stream has ended (`guardMs` only stops a broken test from hanging).
 */
export async function subscribeSse(yoga: KefuYoga, query: string, token: string) {
  const controller = new AbortController();
  const response = await yoga.fetch('http://kefu.test/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({ query }),
    signal: controller.signal,
  });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  async function next(guardMs = 10_000): Promise<SseEvent | undefined> {
    let guard: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<undefined>((resolve) => {
      guard = setTimeout(() => resolve(undefined), guardMs);
    });
    try {
      for (;;) {
        const boundary = buffer.indexOf('\n\n');
        if (boundary >= 0) {
          const block = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (data !== undefined) return { event, data: data === '' ? null : JSON.parse(data) };
          continue;
        }
        const chunk = await Promise.race([reader.read(), timedOut]);
        if (chunk === undefined) throw new Error(`No SSE event within ${guardMs} ms`);
        if (chunk.done) return undefined;
        buffer += chunk.value;
      }
    } finally {
      clearTimeout(guard);
    }
  }
  return {
    status: response.status,
    next,
    close() {
      controller.abort();
      void reader.cancel().catch(() => {});
    },
  };
}

import type { Runtime } from '@kefu/runtime';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { KefuContext, RequestActor } from './context.js';
import { requestActor } from './request-actor.js';
import { schema } from './schema/index.js';

export interface KefuYogaOptions {
  runtime: Runtime;
  /** The clock that stamps events sent through the API (default: the system clock). */
  now?: () => Date;
  /** Who is asking when a request names nobody (development only). */
  developmentActor?: RequestActor;
  /** Serve GraphiQL at /graphql (default true). */
  graphiql?: boolean;
}

/** The kefu GraphQL server as a fetch handler: `yoga.fetch(request)` in tests, `createServer(yoga)` in main. */
export function createKefuYoga(
  options: KefuYogaOptions,
): YogaServerInstance<Record<string, never>, KefuContext> {
  const now = options.now ?? (() => new Date());
  const fallback = options.developmentActor ?? { userId: 'dev', role: 'supervisor' };
  return createYoga<Record<string, never>, KefuContext>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: options.graphiql ?? true,
    landingPage: false,
    context: ({ request }) => ({ runtime: options.runtime, actor: requestActor(request, fallback), now }),
  });
}

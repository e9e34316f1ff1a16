import { createClient as createSseClient } from 'graphql-sse';
import { Client, cacheExchange, fetchExchange, subscriptionExchange } from 'urql';
import { authHeaders, type Session } from './session.js';

export const graphqlEndpoint = '/graphql';

/**
 * The urql client: queries and mutations over HTTP, subscriptions over Server-Sent Events
 * (graphql-sse, distinct connections mode, which graphql-yoga serves at the same endpoint).
 * Both read their headers from `authHeaders` on every request.
 */
export function createApiClient(getSession: () => Session | undefined, endpoint = graphqlEndpoint): Client {
  const sse = createSseClient({
    url: new URL(endpoint, globalThis.location?.href ?? 'http://localhost/').toString(),
    headers: () => authHeaders(getSession()),
    retryAttempts: 1_000,
  });
  return new Client({
    url: endpoint,
    requestPolicy: 'cache-and-network',
    // POST with a JSON body: the API's CSRF prevention refuses simple GET requests.
    preferGetMethod: false,
    fetchOptions: () => ({ headers: authHeaders(getSession()) }),
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({
            unsubscribe: sse.subscribe({ ...request, query: request.query ?? '' }, sink),
          }),
        }),
      }),
    ],
  });
}

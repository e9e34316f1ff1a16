import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.js';

/**
 * The dashboard's `graphql()` tag, typed against the committed `apps/server/schema.graphql` (gql.tada): a
 * document that names a field, argument or type the schema does not have fails `npm run typecheck`, and
 * every result is typed. `src/graphql-env.ts` is generated from the schema (`npm run generate:graphql`);
 * `graphql-env.test.ts` fails when it drifts.
 */
export const graphql = initGraphQLTada<{
  introspection: typeof introspection;
  scalars: {
    DateTime: string;
    JSON: unknown;
  };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
export { readFragment } from 'gql.tada';

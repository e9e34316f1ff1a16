import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { GraphQLError } from 'graphql';
import type { KefuContext } from './context.js';

/**
 * Named scopes every field is checked against (plugin-scope-auth). Query, Mutation and Subscription require
 * `authenticated` on every field (see the root types below); object types add their own (`readsComplaints`,
 * `readsDashboards`, `readsTraining` …). See docs/api.md § Authorization for the role table.
 */
export interface KefuAuthScopes {
  authenticated: boolean;
  /** agent, supervisor, manager, director: complaint handling roles (not trainers). */
  readsComplaints: boolean;
  /** manager, director: every team's complaints; everyone else sees their own team's. */
  seesAllTeams: boolean;
  /** supervisor, manager, director: the operations dashboards. */
  readsDashboards: boolean;
  /** trainer, supervisor, manager, director: training results across agents. */
  readsTraining: boolean;
}

export const builder = new SchemaBuilder<{
  Context: KefuContext;
  AuthScopes: KefuAuthScopes;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: string; Output: string | Date };
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  defaultFieldNullability: false,
  plugins: [ScopeAuthPlugin, RelayPlugin, DataloaderPlugin],
  relay: {
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    clientMutationId: 'omit',
    nodesOnConnection: true,
  },
  scopeAuth: {
    authorizeOnSubscribe: true,
    authScopes: ({ actor }) => {
      const role = actor?.role;
      return {
        authenticated: actor !== null,
        readsComplaints:
          role === 'agent' || role === 'supervisor' || role === 'manager' || role === 'director',
        seesAllTeams: role === 'manager' || role === 'director',
        readsDashboards: role === 'supervisor' || role === 'manager' || role === 'director',
        readsTraining:
          role === 'trainer' || role === 'supervisor' || role === 'manager' || role === 'director',
      };
    },
    unauthorizedError: (_parent, { actor }, info, result) =>
      actor === null
        ? new GraphQLError(
            `Sign in first: "${info.parentType.name}.${info.fieldName}" needs a bearer token`,
            {
              extensions: { code: 'UNAUTHENTICATED' },
            },
          )
        : new GraphQLError(
            `Not allowed: a ${actor.role} may not read "${info.parentType.name}.${info.fieldName}" (${result.message})`,
            { extensions: { code: 'FORBIDDEN', role: actor.role } },
          ),
  },
});

const signedIn = { authenticated: true } as const;
builder.queryType({ authScopes: signedIn });
builder.mutationType({ authScopes: signedIn });
builder.subscriptionType({ authScopes: signedIn });

import {
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  getNamedType,
  isObjectType,
  Kind,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * What each dashboard field costs (one database statement over a window ≈ 10); fields not listed cost
 * nothing here (graphql-armor's general cost limit still applies). Aliases and fragment spreads count each time.
 */
export const dashboardFieldCosts: Readonly<Record<string, number>> = {
  'Query.dashboard': 1,
  'Query.summary': 1,
  'Query.surgeProposals': 10,
  'Dashboard.queue': 10,
  'Dashboard.slaCompliance': 10,
  'Dashboard.firstContactResolution': 10,
  'Dashboard.handlingTime': 10,
  'Dashboard.responseTime': 10,
  'Dashboard.satisfaction': 10,
  'Dashboard.volume': 10,
  'Dashboard.responseVsSatisfaction': 10,
  'Dashboard.hotCategories': 10,
  'PeriodSummary.teams': 10,
  'PeriodSummary.agents': 10,
  'PeriodSummary.handOver': 10,
};

function selectionCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  selectionSet: SelectionSetNode | undefined,
  typeName: string,
  depth: number,
): number {
  if (!selectionSet || depth > 50) return 0;
  const type = schema.getType(typeName);
  let total = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const name = selection.name.value;
      total += dashboardFieldCosts[`${typeName}.${name}`] ?? 0;
      const field = isObjectType(type) ? type.getFields()[name] : undefined;
      if (field) {
        total += selectionCost(
          schema,
          document,
          selection.selectionSet,
          getNamedType(field.type).name,
          depth + 1,
        );
      }
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      total += selectionCost(
        schema,
        document,
        selection.selectionSet,
        selection.typeCondition?.name.value ?? typeName,
        depth + 1,
      );
    } else {
      const fragment = document.definitions.find(
        (definition) =>
          definition.kind === Kind.FRAGMENT_DEFINITION && definition.name.value === selection.name.value,
      );
      if (fragment?.kind === Kind.FRAGMENT_DEFINITION) {
        total += selectionCost(
          schema,
          document,
          fragment.selectionSet,
          fragment.typeCondition.name.value,
          depth + 1,
        );
      }
    }
  }
  return total;
}

/** A validation rule: an operation whose dashboard fields cost more than `maxCost` is refused before it runs. */
export function dashboardCostRule(maxCost: number): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      const schema = context.getSchema();
      const root =
        operation.operation === 'query'
          ? schema.getQueryType()
          : operation.operation === 'mutation'
            ? schema.getMutationType()
            : schema.getSubscriptionType();
      if (!root) return;
      const cost = selectionCost(schema, context.getDocument(), operation.selectionSet, root.name, 0);
      if (cost > maxCost) {
        context.reportError(
          new GraphQLError(
            `Dashboard cost ${cost} exceeds the limit of ${maxCost}: ask for fewer panels (each costs ${dashboardFieldCosts['Dashboard.queue']}) in one request`,
            { nodes: [operation], extensions: { code: 'DASHBOARD_COST_LIMIT', cost, limit: maxCost } },
          ),
        );
      }
    },
  });
}

/** Adds `dashboardCostRule(maxCost)` to the validation of every operation. */
export function useDashboardCostLimit(maxCost: number): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(dashboardCostRule(maxCost));
    },
  };
}

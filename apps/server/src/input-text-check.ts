import {
  type DocumentNode,
  type FieldNode,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** NUL, or a UTF-16 surrogate without its pair: text PostgreSQL cannot store and no person types. */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const unstorable = { test: (text: string) => text.includes('\u0000') || loneSurrogate.test(text) };

/** The first text field of a value (a variable's JSON or an inline literal) that holds unstorable text, by path. */
function findInValue(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return unstorable.test(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findInValue(item, `${path}.${index}`);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = findInValue(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

function findInNode(node: ValueNode, path: string, variables: Record<string, unknown>): string | undefined {
  switch (node.kind) {
    case Kind.STRING:
      return unstorable.test(node.value) ? path : undefined;
    case Kind.VARIABLE:
      return findInValue(variables[node.name.value], path);
    case Kind.LIST:
      for (const [index, item] of node.values.entries()) {
        const found = findInNode(item, `${path}.${index}`, variables);
        if (found) return found;
      }
      return undefined;
    case Kind.OBJECT:
      for (const field of node.fields) {
        const found = findInNode(field.value, `${path}.${field.name.value}`, variables);
        if (found) return found;
      }
      return undefined;
    default:
      return undefined;
  }
}

function findInSelections(
  selectionSet: SelectionSetNode | undefined,
  variables: Record<string, unknown>,
  document: DocumentNode,
  seen: Set<string>,
): string | undefined {
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      const found =
        findInArguments(selection, variables) ??
        findInSelections(selection.selectionSet, variables, document, seen);
      if (found) return found;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const found = findInSelections(selection.selectionSet, variables, document, seen);
      if (found) return found;
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = document.definitions.find(
        (definition) =>
          definition.kind === Kind.FRAGMENT_DEFINITION && definition.name.value === selection.name.value,
      );
      if (fragment?.kind === Kind.FRAGMENT_DEFINITION) {
        const found = findInSelections(fragment.selectionSet, variables, document, seen);
        if (found) return found;
      }
    }
  }
  return undefined;
}

function findInArguments(field: FieldNode, variables: Record<string, unknown>): string | undefined {
  for (const argument of field.arguments ?? []) {
    const found = findInNode(argument.value, argument.name.value, variables);
    if (found) return found;
  }
  return undefined;
}

/** The path of the first argument field (`input.customer.name`) holding NUL or a lone surrogate, if any. */
export function findUnstorableText(
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): string | undefined {
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === Kind.OPERATION_DEFINITION &&
      (!operationName || definition.name?.value === operationName),
  );
  if (!operation) return undefined;
  return findInSelections(operation.selectionSet, variables ?? {}, document, new Set());
}

function refusal(field: string): GraphQLError {
  return new GraphQLError(
    `Invalid input: ${field} contains a NUL character or an unpaired UTF-16 surrogate, which text may not hold`,
    {
      extensions: {
        code: 'BAD_USER_INPUT',
        fields: [{ field, message: 'contains NUL or a lone surrogate' }],
      },
    },
  );
}

/**
 * Refuses (BAD_USER_INPUT, naming the field, nothing executed) an operation whose arguments — inline or in
 * variables — hold NUL or a lone surrogate: PostgreSQL cannot store them, and they would otherwise surface as
 * an INTERNAL_SERVER_ERROR halfway through.
 */
export function useStorableText(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const field = findUnstorableText(args.document, args.operationName, args.variableValues);
      if (field) setResultAndStopExecution({ errors: [refusal(field)] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const field = findUnstorableText(args.document, args.operationName, args.variableValues);
      if (field) setResultAndStopExecution({ errors: [refusal(field)] });
    },
  };
}

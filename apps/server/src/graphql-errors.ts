import { InvalidPayload, KefuError } from '@kefu/runtime';
import { GraphQLError } from 'graphql';

/**
 * Turns the runtime's typed errors into GraphQL errors a client can act on: `extensions.code` is stable,
 * and validation errors name each field by its path in the mutation's input.
 */
export function toGraphQLError(error: unknown, inputPath = 'input'): unknown {
  if (error instanceof InvalidPayload) {
    const fields = error.issues.map((issue) => ({
      field: issue.path ? `${inputPath}.${issue.path}` : inputPath,
      message: issue.message,
    }));
    return new GraphQLError(
      `Invalid ${error.what === 'event' ? 'request' : 'input'}: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`,
      { extensions: { code: 'BAD_USER_INPUT', fields } },
    );
  }
  if (error instanceof KefuError) {
    return new GraphQLError(error.message, { extensions: { code: error.code, ...error.details } });
  }
  return error;
}

/** Runs a resolver body and maps typed errors; anything else is masked by Yoga. */
export async function mapErrors<T>(work: () => Promise<T>, inputPath?: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toGraphQLError(error, inputPath);
  }
}

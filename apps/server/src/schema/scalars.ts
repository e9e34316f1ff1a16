import { GraphQLError, Kind } from 'graphql';
import { builder } from '../builder.js';

const isoWithOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function parseDateTime(value: unknown): string {
  if (typeof value !== 'string' || !isoWithOffset.test(value) || Number.isNaN(Date.parse(value))) {
    throw new GraphQLError(
      `DateTime must be an ISO-8601 time with an offset, e.g. 2026-03-02T09:00:00+08:00`,
    );
  }
  return value;
}

builder.scalarType('DateTime', {
  description: 'An ISO-8601 instant with an offset; served in UTC.',
  serialize: (value) => (value instanceof Date ? value.toISOString() : new Date(value).toISOString()),
  parseValue: parseDateTime,
  parseLiteral: (node) => parseDateTime(node.kind === Kind.STRING ? node.value : undefined),
});

builder.scalarType('JSON', {
  description: 'A JSON value (event payloads in timelines).',
  serialize: (value) => value,
  parseValue: (value) => value,
});

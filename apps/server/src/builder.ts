import SchemaBuilder from '@pothos/core';
import type { KefuContext } from './context.js';

export const builder = new SchemaBuilder<{
  Context: KefuContext;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: string; Output: string | Date };
    JSON: { Input: unknown; Output: unknown };
  };
}>({ defaultFieldNullability: false });

builder.queryType({});
builder.mutationType({});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  // graphql 16 ships CJS (index.js) and ESM (index.mjs) with no exports map: Node loads the CJS one for
  // graphql-yoga, so tests must too, or `instanceof GraphQLError` fails across the two copies.
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: { include: ['src/**/*.test.ts'], testTimeout: 20_000, hookTimeout: 30_000 },
});

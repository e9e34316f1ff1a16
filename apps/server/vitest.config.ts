import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      // graphql 16 ships CJS (index.js) and ESM (index.mjs) with no exports map: Node loads the CJS one for
      // graphql-yoga, so tests must too, or `instanceof GraphQLError` fails across the two copies.
      graphql: 'graphql/index.js',
      // The README example imports the package by name; test it against the source.
      '@kefu/server': fileURLToPath(new URL('./src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['src/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});

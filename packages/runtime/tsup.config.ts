import { defineConfig } from 'tsup';

export default defineConfig({
  // test-support: helpers for the tests of packages built on the engine (`@kefu/runtime/test-support`).
  entry: ['src/index.ts', 'src/test-support.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // A new embedded database starts from this instead of running initdb (src/data-template.ts).
  onSuccess: 'node scripts/write-data-template.mjs',
});

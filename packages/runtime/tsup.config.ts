import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // A new embedded database starts from this instead of running initdb (src/data-template.ts).
  onSuccess: 'node scripts/write-data-template.mjs',
});

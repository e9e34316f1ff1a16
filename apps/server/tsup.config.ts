import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/main.ts', 'src/index.ts'],
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  clean: true,
  sourcemap: true,
  target: 'node20',
  // A first embedded start unpacks this instead of running initdb and the migrations (start-server.ts).
  onSuccess: 'node scripts/write-data-template.mjs',
});

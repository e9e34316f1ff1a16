// Run after tsup (tsup.config.ts onSuccess): writes dist/pglite-data.tar.gz, the data directory of a new PGlite
// database, so a first embedded start unpacks it instead of running initdb in WASM.
import { writeDataTemplate } from '../dist/index.js';

await writeDataTemplate(new URL('../dist/pglite-data.tar.gz', import.meta.url).pathname);

// Run after tsup (tsup.config.ts onSuccess): writes dist/pglite-data.tar.gz, a new embedded database with every
// table the server uses already in place (the engine's and `kefuMigrations`, as `startServer` applies them), so a
// first start unpacks it instead of running initdb and the migrations (start-server.ts passes it to openStore).
import { writeDataTemplate } from '@kefu/runtime';
import { migrateKefu } from '../dist/index.js';

await writeDataTemplate(new URL('../dist/pglite-data.tar.gz', import.meta.url).pathname, async (db) => {
  await migrateKefu(db);
});

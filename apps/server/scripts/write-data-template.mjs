// Run after tsup (tsup.config.ts onSuccess): writes dist/pglite-data.tar.gz, a new embedded database with every
// table the server uses already in place (the engine's, the workflows' read model, training, the API's), so a
// first start unpacks it instead of running initdb and the migrations (start-server.ts passes it to openStore).
import { migrate, writeDataTemplate } from '@kefu/runtime';
import { migrateTrainingStore } from '@kefu/training-store';
import { defaultWorkflows } from '@kefu/workflows';
import { migrateServer } from '../dist/index.js';

const tables = new Map(
  defaultWorkflows.flatMap((definition) => definition.tables ?? []).map((table) => [table.id, table]),
);
await writeDataTemplate(new URL('../dist/pglite-data.tar.gz', import.meta.url).pathname, async (db) => {
  await migrate(db, [...tables.values()]);
  await migrateTrainingStore(db);
  await migrateServer(db);
});

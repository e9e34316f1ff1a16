import { customerTables } from '@kefu/customer-store';
import { notifyMigrations } from '@kefu/notify-store';
import { reviewTables } from '@kefu/review-store';
import { rosterTables } from '@kefu/roster';
import { definitionTables, type Migration } from '@kefu/runtime';
import { trainingTables } from '@kefu/training-store';
import { createDefaultWorkflows } from '@kefu/workflows';
import { serverMigrations } from './server-migrations.js';
import { warningMigrations } from './warning-store.js';

/**
 * Every migration the server applies besides the engine's own, in the order it applies them: the shipped
 * workflows' tables and read models (columns, numbers, duplicates, facts, rollups, revisits), then the API's
 * tables and each store's. `kefu db migrate` applies exactly these, so a deployment can migrate before it starts.
 */
export const kefuMigrations: readonly Migration[] = [
  ...definitionTables(createDefaultWorkflows()),
  ...serverMigrations,
  ...warningMigrations,
  ...trainingTables,
  ...customerTables,
  ...reviewTables,
  ...rosterTables,
  ...notifyMigrations,
];

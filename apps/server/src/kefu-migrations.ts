import { customerTables } from '@kefu/customer-store';
import { notifyMigrations } from '@kefu/notify-store';
import { reviewTables } from '@kefu/review-store';
import { rosterTables } from '@kefu/roster';
import { type Database, definitionTables, type Migration, migrate } from '@kefu/runtime';
import { trainingTables } from '@kefu/training-store';
import { createDefaultWorkflows } from '@kefu/workflows';
import type { Kysely } from 'kysely';
import { serverMigrations } from './server-migrations.js';
import { warningMigrations } from './warning-store.js';

/**
 * Every migration the server applies besides the engine's own, in the order it applies them: the shipped
 * workflows' tables and read models (columns, numbers, duplicates, facts, rollups, revisits), then the API's
 * tables and each store's. The one list: `startServer` opens its store with it, `createKefuYoga` applies it
 * before its first request and `kefu db migrate` opens its store with it too, so a deployment can migrate
 * before it starts. The stores still apply their own tables when used alone; in the server they find them applied.
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

/**
 * Applies the engine's migrations and then `kefuMigrations`, those not yet applied, in one transaction under the
 * migration lock; returns the ids it applied (none when the database is up to date).
 */
export function migrateKefu(db: Kysely<Database>): Promise<string[]> {
  return migrate(db, kefuMigrations);
}

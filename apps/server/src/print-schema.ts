import { writeFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { schema } from './schema/index.js';

/** Writes schema.graphql (committed; `schema.test.ts` fails when it drifts). Run: npm run print-schema -w @kefu/server */
const target = new URL('../schema.graphql', import.meta.url);
writeFileSync(target, `${printSchema(schema)}\n`);
console.log(`wrote ${target.pathname}`);

import { readFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { expect, it } from 'vitest';
import { schema } from './schema/index.js';

it('matches the committed schema.graphql (run `npm run print-schema -w @kefu/server` after a schema change)', () => {
  const committed = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
  expect(`${printSchema(schema)}\n`).toBe(committed);
});

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('./', import.meta.url);

/** The server's own modules (not tests and their helpers). */
const sources = (readdirSync(root, { recursive: true }) as string[])
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.includes('test-support'))
  .map((file) => ({ file, text: readFileSync(new URL(file, root), 'utf8') }));

/** Tables of the runtime, of the workflow projections and of the training store. */
const tables = String.raw`workflows|workflow_events|timers|outbox|complaint_\w+|training_\w+`;
const rawSql = new RegExp(String.raw`\b(from|join|into|update|table)\s+(${tables})\b`, 'i');
const builder = new RegExp(
  String.raw`\b(selectFrom|insertInto|updateTable|deleteFrom|with)\(\s*['"\x60](${tables})\b`,
);

describe('apps/server reads workflows only through @kefu/workflows and @kefu/training-store', () => {
  it('finds no SQL over the workflow, projection or training tables in any server module', () => {
    expect(sources.length).toBeGreaterThan(20);
    const found = sources.flatMap(({ file, text }) =>
      text
        .split('\n')
        .map((line, index) => ({ line, index }))
        .filter(({ line }) => rawSql.test(line) || builder.test(line))
        .map(({ line, index }) => `${file}:${index + 1}: ${line.trim()}`),
    );
    expect(found).toEqual([]);
  });

  it('recognises the query shapes it forbids', () => {
    const forbidden = [
      'select w.id from workflows w',
      "db.selectFrom('workflows')",
      'left join workflow_events e on true',
      "selectFrom('complaint_facts')",
      'from training_attempts a',
    ];
    expect(forbidden.filter((line) => !(rawSql.test(line) || builder.test(line)))).toEqual([]);
  });
});

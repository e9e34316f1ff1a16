import { readFileSync } from 'node:fs';
import { buildSchema, print, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  complaintListVariables,
  complaintNextPage,
  complaintRows,
  complaintsQuery,
} from './complaint-list.js';

const schema = buildSchema(readFileSync(new URL('../../server/schema.graphql', import.meta.url), 'utf8'));

describe('the queue query', () => {
  it('is valid against the committed schema and pages with $after', () => {
    expect(validate(schema, complaintsQuery)).toEqual([]);
    expect(print(complaintsQuery)).toContain('after: $after');
  });

  it('filters by one-value lists and starts at the first page', () => {
    expect(complaintListVariables({ team: 'east', breached: true }, 50)).toEqual({
      first: 50,
      filter: { team: ['east'], breached: true },
    });
    expect(complaintListVariables({})).toEqual({ first: 100, filter: null });
  });

  it('reads the rows and where the next page starts', () => {
    const data = {
      complaints: {
        edges: [{ node: { id: 'c1', state: 'received' } }],
        pageInfo: { hasNextPage: true, endCursor: 'cursor-1' },
        totalCount: 7,
      },
    } as never;
    expect(complaintRows(data).map((row) => row.id)).toEqual(['c1']);
    expect(complaintNextPage(data)).toEqual({ hasNextPage: true, endCursor: 'cursor-1', totalCount: 7 });
    expect(complaintNextPage(undefined)).toBeUndefined();
  });
});

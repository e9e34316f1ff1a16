import { buildSchema, getIntrospectionQuery, graphqlSync, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { planComplaintList } from './complaint-list.js';
import { type IntrospectedSchema, SchemaCapabilities } from './schema-capabilities.js';

function capabilitiesOf(sdl: string) {
  const schema = buildSchema(sdl);
  const { data } = graphqlSync({ schema, source: getIntrospectionQuery() });
  return {
    schema,
    capabilities: new SchemaCapabilities((data as { __schema: IntrospectedSchema }).__schema),
  };
}

const complaint = 'type Complaint { id: ID! state: String! team: String }';
const paged = capabilitiesOf(`
  ${complaint}
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type ComplaintEdge { cursor: String! node: Complaint! }
  type ComplaintConnection { edges: [ComplaintEdge!]! pageInfo: PageInfo! totalCount: Int! }
  input ComplaintFilter { state: [String!] team: [String!] }
  type Query { complaints(first: Int, after: String, filter: ComplaintFilter): ComplaintConnection! }
`);

describe('planComplaintList', () => {
  it('pages a cursor connection with $after and reads where the next page starts', () => {
    const plan = planComplaintList(paged.capabilities, { team: 'east' })!;
    expect(validate(paged.schema, parse(plan.document))).toEqual([]);
    expect(plan.paged).toBe(true);
    expect(plan.document).toContain('after: $after');
    const data = {
      complaints: {
        edges: [{ node: { id: 'c1', state: 'received', team: 'east' } }],
        pageInfo: { hasNextPage: true, endCursor: 'cursor-1' },
        totalCount: 7,
      },
    };
    expect(plan.read(data).map((row) => row.id)).toEqual(['c1']);
    expect(plan.nextPage(data)).toEqual({ hasNextPage: true, endCursor: 'cursor-1', totalCount: 7 });
  });

  it('reads a plain list as one page when the API has no cursors', () => {
    const list = capabilitiesOf(`${complaint} type Query { complaints(limit: Int): [Complaint!]! }`);
    const plan = planComplaintList(list.capabilities, {})!;
    expect(validate(list.schema, parse(plan.document))).toEqual([]);
    expect(plan.paged).toBe(false);
    expect(plan.nextPage({ complaints: [{ id: 'c1', state: 'received' }] })).toBeUndefined();
  });
});

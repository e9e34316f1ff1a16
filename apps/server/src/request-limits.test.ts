import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from './test-support.js';

let server: TestServer;
let token: string;

beforeAll(async () => {
  server = await createTestServer({ dataDir: 'memory://limits-test' });
  token = await server.token({ role: 'manager', user: 'zhao.min' });
});

afterAll(async () => {
  await server.close();
});

async function post(body: string, headers: Record<string, string> = {}) {
  const response = await server.yoga.fetch('http://kefu.test/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      // The GraphQL-over-HTTP media type: a request that fails validation gets 400 (with application/json, 200).
      accept: 'application/graphql-response+json',
      authorization: `Bearer ${token}`,
      ...headers,
    },
    body,
  });
  const text = await response.text();
  return {
    status: response.status,
    body: JSON.parse(text) as { data?: any; errors?: Array<{ message: string; extensions?: any }> },
  };
}

/** A normal query still answers: the server was not harmed. */
async function expectHealthy() {
  const { status, body } = await post(JSON.stringify({ query: '{ complaints(first: 1) { totalCount } }' }));
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
  expect(typeof body.data.complaints.totalCount).toBe('number');
}

describe('abuse', () => {
  it('refuses a query nested 50 deep with a depth error, and then answers a normal one', async () => {
    let selection = 'userId';
    for (let depth = 0; depth < 50; depth++) selection = `by { ${selection} }`;
    const deep = `{ complaints { edges { node { history { ${selection} } } } } }`;
    const { status, body } = await post(JSON.stringify({ query: deep }));
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors?.map((error) => error.message)).toContain(
      'Syntax Error: Query depth limit of 15 exceeded, found 55.',
    );
    await expectHealthy();
  });

  it('refuses a query with 1,000 aliases, and then answers a normal one', async () => {
    // Three tokens an alias, so the document stays under the 5,000-token limit and the alias limit speaks.
    const aliases = Array.from({ length: 1000 }, (_, index) => `a${index}: totalCount`).join(' ');
    const { status, body } = await post(JSON.stringify({ query: `{ complaints { ${aliases} } }` }));
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors?.map((error) => error.message)).toContain(
      'Syntax Error: Aliases limit of 30 exceeded, found 1000.',
    );
    await expectHealthy();
  });

  it('refuses a 5 MB body with 413 before parsing it, and then answers a normal one', async () => {
    const padding = 'x'.repeat(5 * 1024 * 1024);
    const body = JSON.stringify({ query: '{ __typename }', variables: { padding } });
    const declared = await post(body, { 'content-length': String(Buffer.byteLength(body)) });
    expect(declared.status).toBe(413);
    expect(declared.body.errors?.[0]).toMatchObject({
      message: 'Request body too large: the limit is 1048576 bytes',
      extensions: { code: 'PAYLOAD_TOO_LARGE' },
    });
    // Without a Content-Length (a streamed body), the server measures at most limit + 1 bytes.
    const streamed = await post(body);
    expect(streamed.status).toBe(413);
    await expectHealthy();
  });

  it('refuses a document of more than 5,000 tokens while parsing it', async () => {
    const fields = Array.from({ length: 6000 }, () => '__typename').join(' ');
    const { status, body } = await post(JSON.stringify({ query: `{ ${fields} }` }));
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(/Document contains more that 5000 tokens\. Parsing aborted\./);
    await expectHealthy();
  });

  it('refuses an operation whose cost is too high', async () => {
    const fields = 'id state priority category summary team version';
    const wide = `{ ${Array.from({ length: 25 }, (_, index) => `c${index}: complaints(first: 100) { nodes { ${fields} customer { grade } deadlines { name dueAt event } } }`).join(' ')} }`;
    const { status, body } = await post(JSON.stringify({ query: wide }));
    expect(status).toBe(400);
    expect(body.errors?.map((error) => error.message).join(' ')).toMatch(
      /Query Cost limit of 20000 exceeded/,
    );
    await expectHealthy();
  });
});

describe('CSRF prevention', () => {
  it('refuses a form-encoded POST without a preflight header with 403', async () => {
    const response = await server.yoga.fetch('http://kefu.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'query=%7B__typename%7D',
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { errors: Array<{ message: string }> }).errors[0]?.message).toMatch(
      /Required CSRF header missing/,
    );
  });

  it('refuses a GET query without a preflight header, and accepts one that carries x-kefu-csrf', async () => {
    const refused = await server.yoga.fetch('http://kefu.test/graphql?query=%7B__typename%7D');
    expect(refused.status).toBe(403);
    const accepted = await server.yoga.fetch('http://kefu.test/graphql?query=%7B__typename%7D', {
      headers: { 'x-kefu-csrf': '1' },
    });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('accepts a JSON POST (browsers preflight it) without any extra header', async () => {
    const response = await server.yoga.fetch('http://kefu.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.status).toBe(200);
  });
});

describe('error masking', () => {
  it('keeps a typed error’s message and code', async () => {
    const { body } = await post(
      JSON.stringify({
        query: `query($window: MetricWindow!) { dashboard(window: $window) { volume { opened } } }`,
        variables: {
          window: { from: '2026-03-01T00:00:00Z', to: '2026-03-02T00:00:00Z', timeZone: 'Mars/Olympus' },
        },
      }),
    );
    expect(body.errors?.[0]?.message).toMatch(/Unknown time zone "Mars\/Olympus"/);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

/**
 * A baseline HTTP server for the GraphQL benchmark, run as a child process like kefu's server:
 * `yoga` — graphql-yoga with a one-field schema (what `{ __typename }` costs through yoga alone);
 * `bare` — node:http answering a fixed JSON body (what the HTTP stack alone costs).
 * Prints `ready <port>` when listening.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';

const kind = process.argv[2];
const body = JSON.stringify({ data: { __typename: 'Query' } });
const handler =
  kind === 'yoga'
    ? createYoga({
        schema: createSchema({
          typeDefs: 'type Query { hello: String }',
          resolvers: { Query: { hello: () => 'world' } },
        }),
        logging: false,
      })
    : (_request: unknown, response: import('node:http').ServerResponse) => {
        response.writeHead(200, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        });
        response.end(body);
      };
const server = createServer(handler as never);
server.listen(0, '127.0.0.1', () => {
  console.log(`ready ${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));

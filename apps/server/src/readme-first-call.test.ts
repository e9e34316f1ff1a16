// The README's first call, read from README.md itself (so it cannot drift), against the embedded server as
// `npm start` runs it: a real HTTP server with development tokens on, called from this machine to localhost.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnvironment } from './env.js';
import { type StartedServer, startServer } from './start-server.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

/** The fenced code blocks of the README section `### The first call`, in order, with their languages. */
function firstCallBlocks(): Array<{ language: string; code: string }> {
  const start = readme.indexOf('### The first call');
  const end = readme.indexOf('\n## ', start);
  const section = readme.slice(start, end);
  return [...section.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map((match) => ({
    language: match[1]!,
    code: match[2]!,
  }));
}

const blocks = firstCallBlocks();
const [signIn, headers, openComplaint, curl] = blocks;

let started: StartedServer;
let endpoint: string;

async function post(query: string, extraHeaders: Record<string, string> = {}) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...extraHeaders },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: any; errors?: Array<{ message: string; extensions?: any }> };
}

describe('the README first call', () => {
  beforeAll(async () => {
    started = await startServer(
      readEnvironment({
        PORT: '0',
        HOST: '127.0.0.1',
        KEFU_DATA_DIR: 'memory://readme-first-call',
        KEFU_JWT_SECRET: 'readme-first-call-secret-readme-first-call',
        KEFU_BACKUP_INTERVAL_HOURS: '0',
      }),
    );
    // What the README calls http://localhost:4000/graphql, on this test's port.
    endpoint = `http://localhost:${new URL(started.url).port}/graphql`;
  });

  afterAll(async () => {
    await started?.close();
  });

  it('finds the sign-in, the headers, the openComplaint call and the curl sign-in when the README is read', () => {
    expect(blocks.map((block) => block.language)).toEqual(['graphql', 'json', 'graphql', 'sh']);
    expect(signIn!.code).toContain('developmentToken');
    expect(openComplaint!.code).toContain('openComplaint');
  });

  it('refuses openComplaint with "Sign in first" when no token is sent', async () => {
    const body = await post(openComplaint!.code);
    expect(body.errors?.[0]?.message).toMatch(/^Sign in first/);
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('opens the complaint when the README sign-in token goes in the README headers', async () => {
    const signedIn = await post(signIn!.code);
    expect(signedIn.errors).toBeUndefined();
    const token: string = signedIn.data.developmentToken;
    expect(decodeJwt(token)).toMatchObject({ sub: 'li.na', role: 'agent', team: 'east' });

    const filledIn = JSON.parse(headers!.code.replace('<token>', token)) as Record<string, string>;
    const opened = await post(openComplaint!.code, filledIn);
    expect(opened.errors).toBeUndefined();
    expect(opened.data.openComplaint.id).toMatch(/^[0-9a-f-]{36}$/);
    // The complaint machine's first state, with its first clock running.
    expect(opened.data.openComplaint.state).toBe('received');
    expect(opened.data.openComplaint.deadlines.map((deadline: { name: string }) => deadline.name)).toEqual([
      'record',
    ]);
  });

  it('prints a development token for li.na when the README curl command is run', async () => {
    const command = curl!.code.replace('http://localhost:4000/graphql', endpoint);
    expect(command).not.toBe(curl!.code);
    const { stdout } = await promisify(execFile)('bash', ['-c', command]);
    const token = (JSON.parse(stdout) as { data: { developmentToken: string } }).data.developmentToken;
    expect(decodeJwt(token)).toMatchObject({ sub: 'li.na', role: 'agent', team: 'east' });
  });
});

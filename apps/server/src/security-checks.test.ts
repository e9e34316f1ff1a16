import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDevelopmentToken } from './bearer-token.js';

/**
 * The security checks we keep, from outside: the real server process (`src/main.ts`, what `npm start` runs)
 * on a free port with its own embedded data directory, asked over real HTTP.
 */

const secret = 'security-checks-secret-security-checks-secret';
let child: ChildProcess;
let url: URL;
let dataDir: string;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** One HTTP request with any Host and Origin (fetch would not let a test set Host). */
function ask(
  options: { method?: string; headers?: Record<string, string>; token?: string },
  query?: string,
): Promise<Answer> {
  const body = query === undefined ? undefined : JSON.stringify({ query });
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: '127.0.0.1',
        port: url.port,
        path: '/graphql',
        method: options.method ?? 'POST',
        headers: {
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...options.headers,
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: text ? JSON.parse(text) : null,
          }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

const token = (role: 'supervisor' | 'director' | 'trainer', userId: string, team?: string) =>
  signDevelopmentToken({ role, userId, team: team ?? null, secret: new TextEncoder().encode(secret) });

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kefu-security-checks-'));
  const main = fileURLToPath(new URL('./main.ts', import.meta.url));
  // The embedded default: no PostgreSQL, no Redis, no CORS allow-list, development tokens on.
  const { DATABASE_URL, REDIS_URL, KEFU_CORS_ORIGINS, KEFU_DEVELOPMENT_TOKENS, ...inherited } = process.env;
  child = spawn(process.execPath, ['--import', 'tsx', main], {
    env: {
      ...inherited,
      PORT: '0',
      HOST: '127.0.0.1',
      KEFU_DATA_DIR: join(dataDir, 'data'),
      KEFU_JWT_SECRET: secret,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  url = await new Promise<URL>((resolve, reject) => {
    let output = '';
    const seen = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /kefu ready at (http:\/\/\S+\/graphql)/.exec(output);
      if (ready) resolve(new URL(ready[1]!));
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', seen);
    child.once('exit', (code) =>
      reject(new Error(`the server exited (${code}) before it was ready:\n${output}`)),
    );
  });
});

afterAll(async () => {
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

const signIn = 'mutation { developmentToken(userId: "li.na", role: manager) }';

describe('the running server, from outside', () => {
  it('grants no CORS preflight to a foreign origin', async () => {
    const answer = await ask({
      method: 'OPTIONS',
      headers: {
        host: url.host,
        origin: 'https://attacker.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(Object.keys(answer.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });

  it('issues a development token on its own loopback origin and refuses a foreign Origin or Host', async () => {
    const own = await ask(
      { headers: { host: `localhost:${url.port}`, origin: `http://localhost:${url.port}` } },
      signIn,
    );
    expect(typeof own.body.data?.developmentToken).toBe('string');
    const foreignOrigin = await ask(
      { headers: { host: `localhost:${url.port}`, origin: 'https://attacker.example' } },
      signIn,
    );
    expect(foreignOrigin.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const rebound = await ask({ headers: { host: `attacker.example:${url.port}` } }, signIn);
    expect(rebound.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('shows a director no unmasked phone in a complaint’s history', async () => {
    const opened = await ask(
      { headers: { host: url.host }, token: await token('supervisor', 'zhang.wei', 'east') },
      'mutation { openComplaint(input: { customer: { name: "王伟", phone: "13800001234" }, channel: phone, category: "logistics", summary: "快递丢失" }) { id } }',
    );
    const id = opened.body.data.openComplaint.id;
    const read = await ask(
      { headers: { host: url.host }, token: await token('director', 'chen.jie') },
      `{ complaint(id: "${id}") { history { payload } } }`,
    );
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data.complaint.history[0].payload.customer.phone).toBe('138****1234');
    expect(JSON.stringify(read.body)).not.toContain('13800001234');
  });

  it('refuses a trainer’s raiseCrisis and leaves the crises unchanged', async () => {
    const director = await token('director', 'chen.jie');
    const crises = async () =>
      (await ask({ headers: { host: url.host }, token: director }, '{ crises { id } }')).body.data.crises;
    const before = await crises();
    const refused = await ask(
      { headers: { host: url.host }, token: await token('trainer', 'sun.li', 'training') },
      'mutation { raiseCrisis(input: { title: "演练", level: IV, reason: "测试" }) { id } }',
    );
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await crises()).toEqual(before);
  });
});

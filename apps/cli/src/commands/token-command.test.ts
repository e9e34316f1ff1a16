import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyBearerToken } from '@kefu/server';
import { jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { runKefu } from '../test-support/run-kefu.js';

const secret = 'a-development-secret-of-at-least-32-characters';

describe('kefu token', () => {
  it('prints an HS256 token the server can verify when KEFU_JWT_SECRET is set', async () => {
    const run = await runKefu(
      ['token', '--role', 'supervisor', '--user', 'zhang.wei', '--team', 'hotline', '--expires', '2h'],
      {
        env: { KEFU_JWT_SECRET: secret },
      },
    );
    expect(run.code).toBe(0);
    const { payload, protectedHeader } = await jwtVerify(
      run.stdout.trim(),
      new TextEncoder().encode(secret),
      {
        issuer: 'kefu',
        audience: 'kefu-api',
      },
    );
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload).toMatchObject({
      sub: 'zhang.wei',
      role: 'supervisor',
      team: 'hotline',
      iss: 'kefu',
      aud: 'kefu-api',
    });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(7200);
    await expect(verifyBearerToken(run.stdout.trim(), new TextEncoder().encode(secret))).resolves.toEqual({
      userId: 'zhang.wei',
      role: 'supervisor',
      team: 'hotline',
    });
  });

  it('generates the secret file once and signs with it when no secret is configured', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'kefu-token-'));
    const file = join(directory, 'jwt-secret');
    const first = await runKefu(['token', '--role', 'agent', '--user', 'li.na', '--secret-dir', directory], {
      env: { KEFU_JWT_SECRET: '' },
    });
    expect(first.code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const key = new TextEncoder().encode(readFileSync(file, 'utf8').trim());
    await expect(jwtVerify(first.stdout.trim(), key, { audience: 'kefu-api' })).resolves.toBeDefined();
    const second = await runKefu(['token', '--role', 'agent', '--user', 'li.na', '--secret-dir', directory], {
      env: { KEFU_JWT_SECRET: '' },
    });
    expect(second.stderr).toBe('');
    await expect(jwtVerify(second.stdout.trim(), key, { audience: 'kefu-api' })).resolves.toBeDefined();
  });

  it('exits 2 with a clear message when an option is missing, the role unknown or the duration malformed', async () => {
    const missing = await runKefu(['token', '--role', 'agent']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--user <name>'");
    const malformed = await runKefu(['token', '--role', 'agent', '--user', 'x', '--expires', 'soon'], {
      env: { KEFU_JWT_SECRET: secret },
    });
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('--expires "soon" is not a duration');
    expect(malformed.stdout).toBe('');
    const role = await runKefu(['token', '--role', 'emperor', '--user', 'x'], {
      env: { KEFU_JWT_SECRET: secret },
    });
    expect(role.code).toBe(2);
    expect(role.stderr).toContain('--role "emperor" is not a role (one of agent, supervisor');
  });
});

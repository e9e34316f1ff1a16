import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { signDevelopmentToken, verifyBearerToken } from './bearer-token.js';
import { jwtSecretPath, loadJwtSecret } from './jwt-secret.js';

describe('loadJwtSecret', () => {
  it('generates the development secret once, readable by its owner only, and reuses it', () => {
    const directory = join(mkdtempSync(join(tmpdir(), 'kefu-jwt-')), '.kefu');
    const first = loadJwtSecret({ environment: {}, directory });
    const path = jwtSecretPath(directory);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8').trim().length).toBeGreaterThanOrEqual(32);
    expect(loadJwtSecret({ environment: {}, directory })).toEqual(first);
  });

  it('prefers KEFU_JWT_SECRET and refuses one shorter than 32 bytes', () => {
    const directory = join(mkdtempSync(join(tmpdir(), 'kefu-jwt-')), '.kefu');
    const secret = 'x'.repeat(40);
    expect(
      new TextDecoder().decode(loadJwtSecret({ environment: { KEFU_JWT_SECRET: secret }, directory })),
    ).toBe(secret);
    expect(() => loadJwtSecret({ environment: { KEFU_JWT_SECRET: 'short' }, directory })).toThrow(
      /KEFU_JWT_SECRET is 5 bytes; HS256 needs at least 32/,
    );
  });
});

describe('signDevelopmentToken', () => {
  const secret = new TextEncoder().encode('y'.repeat(48));

  it('signs a token verifyBearerToken reads back, expiring after expiresIn from issuedAt', async () => {
    const issuedAt = new Date();
    const token = await signDevelopmentToken({
      role: 'supervisor',
      userId: 'zhang.wei',
      team: 'east',
      expiresIn: '30m',
      secret,
      issuedAt,
    });
    const [, body] = token.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString('utf8'));
    expect(claims).toMatchObject({
      sub: 'zhang.wei',
      role: 'supervisor',
      team: 'east',
      iss: 'kefu',
      aud: 'kefu-api',
    });
    expect(claims.exp - claims.iat).toBe(1800);
    await expect(verifyBearerToken(token, secret)).resolves.toEqual({
      userId: 'zhang.wei',
      role: 'supervisor',
      team: 'east',
    });
  });

  it('refuses an unknown role, an empty user and a duration it cannot read', async () => {
    await expect(signDevelopmentToken({ role: 'root' as never, userId: 'x', secret })).rejects.toThrow(
      /Unknown role "root"/,
    );
    await expect(signDevelopmentToken({ role: 'agent', userId: ' ', secret })).rejects.toThrow(
      /needs a user id/,
    );
    await expect(
      signDevelopmentToken({ role: 'agent', userId: 'x', expiresIn: 'soon', secret }),
    ).rejects.toThrow(/Unrecognised duration "soon"/);
  });
});

import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { InvalidToken, signDevelopmentToken, VerifiedTokenCache, verifyBearerToken } from './bearer-token.js';

const secret = new TextEncoder().encode('c'.repeat(48));
const issuedAt = new Date('2026-03-02T09:00:00.000Z');
const later = (seconds: number) => new Date(issuedAt.getTime() + seconds * 1000);
const supervisor = { userId: 'zhang.wei', role: 'supervisor', team: 'east' } as const;

describe('verifyBearerToken', () => {
  const signed = (claims: { sub: string; iat: number }) =>
    new SignJWT({ role: 'manager', team: null })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.sub)
      .setIssuer('kefu')
      .setAudience('kefu-api')
      .setIssuedAt(claims.iat)
      .setExpirationTime(claims.iat + 3600)
      .sign(secret);
  const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

  it('refuses a token whose sub is empty or blank', async () => {
    for (const sub of ['', '   ']) {
      const token = await signed({ sub, iat: seconds(issuedAt) });
      await expect(verifyBearerToken(token, secret, later(1))).rejects.toMatchObject({
        reason: 'bad-claims',
        message: expect.stringMatching(/"sub" claim/),
      });
    }
  });

  it('refuses a token issued far in the future and accepts one within a minute of clock skew', async () => {
    const future = await signed({ sub: 'zhao.min', iat: seconds(later(3600)) });
    await expect(verifyBearerToken(future, secret, issuedAt)).rejects.toMatchObject({
      reason: 'bad-claims',
      message: expect.stringMatching(/"iat" claim lies in the future/),
    });
    const skewed = await signed({ sub: 'zhao.min', iat: seconds(later(30)) });
    await expect(verifyBearerToken(skewed, secret, issuedAt)).resolves.toMatchObject({ userId: 'zhao.min' });
  });

  it('refuses a token it verified before once the token’s exp has passed', async () => {
    const token = await signDevelopmentToken({ ...supervisor, expiresIn: '30m', secret, issuedAt });
    await expect(verifyBearerToken(token, secret, later(60))).resolves.toEqual(supervisor);
    await expect(verifyBearerToken(token, secret, later(1799))).resolves.toEqual(supervisor);
    const refused = await verifyBearerToken(token, secret, later(1800)).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(InvalidToken);
    expect((refused as InvalidToken).reason).toBe('expired');
  });

  it('refuses a token verified with one key when it is presented against another', async () => {
    const token = await signDevelopmentToken({ ...supervisor, secret, issuedAt });
    await expect(verifyBearerToken(token, secret, later(1))).resolves.toEqual(supervisor);
    const other = new TextEncoder().encode('d'.repeat(48));
    await expect(verifyBearerToken(token, other, later(2))).rejects.toMatchObject({
      reason: 'bad-signature',
    });
  });

  it('refuses a token altered after a genuine one was verified', async () => {
    const token = await signDevelopmentToken({ ...supervisor, secret, issuedAt });
    await verifyBearerToken(token, secret, later(1));
    const [header, , signature] = token.split('.');
    const claims = { sub: 'zhang.wei', role: 'director', team: null, iss: 'kefu', aud: 'kefu-api', exp: 2e9 };
    const forged = [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
    await expect(verifyBearerToken(forged, secret, later(2))).rejects.toMatchObject({
      reason: 'bad-signature',
    });
  });
});

describe('VerifiedTokenCache', () => {
  const actor = { userId: 'li.na', role: 'agent' as const, team: 'east' };
  const exp = Math.floor(later(600).getTime() / 1000);

  it('serves an entry only before its exp and from its nbf', () => {
    const cache = new VerifiedTokenCache();
    cache.set('t', actor, exp, exp - 300);
    expect(cache.get('t', later(200))).toBeUndefined();
    expect(cache.get('t', later(300))).toEqual(actor);
    expect(cache.get('t', later(600))).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps at most maxEntries, dropping the least recently used', () => {
    const cache = new VerifiedTokenCache(2);
    cache.set('a', actor, exp);
    cache.set('b', actor, exp);
    expect(cache.get('a', later(1))).toEqual(actor);
    cache.set('c', actor, exp);
    expect(cache.size).toBe(2);
    expect(cache.get('b', later(1))).toBeUndefined();
    expect(cache.get('a', later(1))).toEqual(actor);
    expect(cache.get('c', later(1))).toEqual(actor);
  });
});

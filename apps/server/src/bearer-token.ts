import { errors, jwtVerify, SignJWT } from 'jose';
import type { RequestActor, Role } from './context.js';
import { roles } from './context.js';
import { type JwtSecretOptions, loadJwtSecret } from './jwt-secret.js';

export const tokenIssuer = 'kefu';
export const tokenAudience = 'kefu-api';

export interface DevelopmentTokenOptions {
  role: Role;
  userId: string;
  /** The team the user works in (agents and supervisors see only their team's complaints). */
  team?: string | null;
  /** A jose duration (`'8h'`, `'30m'`, `'7d'`) or seconds since the epoch (default `'8h'`). */
  expiresIn?: string | number;
  /** The signing key (default: `loadJwtSecret(secretOptions)`). */
  secret?: Uint8Array;
  secretOptions?: JwtSecretOptions;
  /** The issue time (default: now); tests use it to mint expired tokens. */
  issuedAt?: Date;
}

/** Why a bearer token was refused; `reason` is stable for clients and tests. */
export class InvalidToken extends Error {
  constructor(
    readonly reason: 'malformed' | 'expired' | 'bad-signature' | 'bad-claims',
    message: string,
  ) {
    super(message);
    this.name = 'InvalidToken';
  }
}

/**
 * Signs an HS256 bearer token `{ sub, role, team, iss: 'kefu', aud: 'kefu-api', iat, exp }` — what
 * `kefu token --role ROLE --user NAME` prints. Development use: production tokens come from your identity
 * provider with the same claims and key.
 */
export async function signDevelopmentToken(options: DevelopmentTokenOptions): Promise<string> {
  if (!roles.includes(options.role)) {
    throw new Error(`Unknown role "${options.role}" (expected one of ${roles.join(', ')})`);
  }
  if (options.userId.trim() === '') throw new Error('A token needs a user id');
  const secret = options.secret ?? loadJwtSecret(options.secretOptions);
  const issuedAt = Math.floor((options.issuedAt ?? new Date()).getTime() / 1000);
  const expiresIn = options.expiresIn ?? '8h';
  return new SignJWT({ role: options.role, team: options.team ?? null })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.userId)
    .setIssuer(tokenIssuer)
    .setAudience(tokenAudience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(typeof expiresIn === 'number' ? expiresIn : relative(issuedAt, expiresIn))
    .sign(secret);
}

/** jose reads a relative duration against the wall clock; anchor it to `issuedAt` instead. */
function relative(issuedAt: number, duration: string): number {
  const match = /^(\d+)\s*(s|sec|secs|m|min|mins|h|hr|hrs|d|day|days|w|week|weeks)$/i.exec(duration.trim());
  if (!match) throw new Error(`Unrecognised duration "${duration}" (e.g. 30m, 8h, 7d)`);
  const amount = Number(match[1]);
  const unit = match[2]!.toLowerCase()[0]!;
  const seconds = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 }[unit as 's' | 'm' | 'h' | 'd' | 'w'];
  return issuedAt + amount * seconds;
}

interface VerifiedToken {
  actor: RequestActor;
  /** The token's `exp` and `nbf` claims, in seconds since the epoch. */
  expiresAt: number;
  notBefore: number | undefined;
}

/**
 * Tokens already verified with one key, so a client's repeated requests skip the HMAC: a bounded LRU keyed by
 * the token string. An entry serves only while the token itself is valid (before its `exp`, from its `nbf`),
 * never longer; a token it does not hold (forged, altered, unknown) is verified in full.
 */
export class VerifiedTokenCache {
  readonly #entries = new Map<string, VerifiedToken>();

  constructor(readonly maxEntries = 1000) {}

  get size(): number {
    return this.#entries.size;
  }

  /** The actor of a cached token still valid at `now`; undefined otherwise (an expired entry is dropped). */
  get(token: string, now: Date): RequestActor | undefined {
    return this.entry(token, now)?.actor;
  }

  /** The actor and the token's expiry (seconds since the epoch) of a cached token still valid at `now`. */
  entry(token: string, now: Date): { actor: RequestActor; expiresAt: number } | undefined {
    const entry = this.#entries.get(token);
    if (!entry) return undefined;
    const seconds = Math.floor(now.getTime() / 1000);
    if (seconds >= entry.expiresAt) {
      this.#entries.delete(token);
      return undefined;
    }
    if (entry.notBefore !== undefined && seconds < entry.notBefore) return undefined;
    // Most recently used last: Map keeps insertion order.
    this.#entries.delete(token);
    this.#entries.set(token, entry);
    return { actor: { ...entry.actor }, expiresAt: entry.expiresAt };
  }

  set(token: string, actor: RequestActor, expiresAt: number, notBefore?: number): void {
    this.#entries.delete(token);
    this.#entries.set(token, { actor: { ...actor }, expiresAt, notBefore });
    while (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }
}

/** One cache per signing key: a token verified with one key says nothing about another. */
const cachesByKey = new WeakMap<Uint8Array, VerifiedTokenCache>();

function cacheFor(secret: Uint8Array): VerifiedTokenCache {
  let cache = cachesByKey.get(secret);
  if (!cache) {
    cache = new VerifiedTokenCache();
    cachesByKey.set(secret, cache);
  }
  return cache;
}

/** How far in the future a token's `iat` may lie (clock skew between the issuer and this server). */
export const issuedAtTolerance = 60;

/**
 * Verifies a bearer token and returns who it names, or throws `InvalidToken` saying why. A token that verified
 * before with the same key is answered from a small cache until its `exp` (see `VerifiedTokenCache`).
 */
export async function verifyBearerToken(
  token: string,
  secret: Uint8Array,
  now?: Date,
): Promise<RequestActor> {
  return (await verifyBearerTokenClaims(token, secret, now)).actor;
}

/** As `verifyBearerToken`, with the token's expiry (seconds since the epoch): a subscription ends there. */
export async function verifyBearerTokenClaims(
  token: string,
  secret: Uint8Array,
  now?: Date,
): Promise<{ actor: RequestActor; expiresAt: number }> {
  const cache = cacheFor(secret);
  const cached = cache.entry(token, now ?? new Date());
  if (cached) return cached;
  let payload: Awaited<ReturnType<typeof jwtVerify>>['payload'];
  try {
    ({ payload } = await jwtVerify(token, secret, {
      issuer: tokenIssuer,
      audience: tokenAudience,
      algorithms: ['HS256'],
      requiredClaims: ['sub', 'exp'],
      ...(now ? { currentDate: now } : {}),
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired)
      throw new InvalidToken('expired', 'The bearer token has expired; get a new one');
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      throw new InvalidToken(
        'bad-signature',
        'The bearer token signature does not verify (forged, or signed with another key)',
      );
    }
    if (error instanceof errors.JWTClaimValidationFailed) {
      throw new InvalidToken(
        'bad-claims',
        `The bearer token's "${error.claim}" claim is not acceptable: ${error.reason}`,
      );
    }
    throw new InvalidToken('malformed', `The bearer token is not a valid JWT: ${(error as Error).message}`);
  }
  if (typeof payload.sub !== 'string' || payload.sub.trim() === '') {
    throw new InvalidToken('bad-claims', `The bearer token's "sub" claim must name a user`);
  }
  const seconds = Math.floor((now ?? new Date()).getTime() / 1000);
  if (payload.iat !== undefined && payload.iat > seconds + issuedAtTolerance) {
    throw new InvalidToken(
      'bad-claims',
      `The bearer token's "iat" claim lies in the future (issued at ${new Date(payload.iat * 1000).toISOString()})`,
    );
  }
  const role = payload.role;
  if (typeof role !== 'string' || !roles.includes(role as Role)) {
    throw new InvalidToken(
      'bad-claims',
      `The bearer token's "role" claim must be one of ${roles.join(', ')}`,
    );
  }
  const team = payload.team;
  if (team !== undefined && team !== null && typeof team !== 'string') {
    throw new InvalidToken('bad-claims', `The bearer token's "team" claim must be a string`);
  }
  const actor: RequestActor = { userId: payload.sub!, role: role as Role, team: team ?? null };
  cache.set(token, actor, payload.exp!, payload.nbf);
  return { actor, expiresAt: payload.exp! };
}

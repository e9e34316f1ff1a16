/** Roles the API knows (apps/server/src/context.ts). */
export const roles = ['agent', 'supervisor', 'manager', 'director', 'trainer'] as const;
export type Role = (typeof roles)[number];

/**
 * Who is signed in, and the bearer token (a JWT with `sub`, `role`, `team`) their requests carry.
 */
export interface Session {
  userId: string;
  role: Role;
  team?: string;
  token: string;
}

const storageKey = 'kefu.session';

export function loadSession(): Session | undefined {
  try {
    const raw = globalThis.localStorage?.getItem(storageKey);
    if (!raw) return undefined;
    const parsed = JSON.parse(raw) as Partial<Session>;
    if (
      typeof parsed.userId !== 'string' ||
      !roles.includes(parsed.role as Role) ||
      typeof parsed.token !== 'string'
    ) {
      return undefined;
    }
    return parsed as Session;
  } catch {
    return undefined;
  }
}

export function saveSession(session: Session | undefined): void {
  if (session) globalThis.localStorage?.setItem(storageKey, JSON.stringify(session));
  else globalThis.localStorage?.removeItem(storageKey);
}

/**
 * The one place that turns a session into request headers: every GraphQL request and every SSE
 * subscription calls this. (Before bearer tokens, the development server trusted `x-kefu-user` /
 * `x-kefu-role` headers; switching to tokens changed only this function.)
 */
export function authHeaders(session: Session | undefined): Record<string, string> {
  return session?.token ? { authorization: `Bearer ${session.token}` } : {};
}

/**
 * A session from a pasted bearer token (e.g. printed by `kefu token`): who it names is read from its
 * claims for display only; the server verifies the signature on every request.
 */
export function sessionFromToken(token: string): Session {
  const payload = token.split('.')[1];
  if (!payload) throw new Error('Not a JWT: expected three dot-separated parts');
  const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
  const json = new TextDecoder().decode(
    Uint8Array.from(atob(base64), (character) => character.charCodeAt(0)),
  );
  const claims = JSON.parse(json) as { sub?: unknown; role?: unknown; team?: unknown };
  if (typeof claims.sub !== 'string' || !roles.includes(claims.role as Role)) {
    throw new Error('The token names no user (sub) or no known role');
  }
  return {
    userId: claims.sub,
    role: claims.role as Role,
    ...(typeof claims.team === 'string' ? { team: claims.team } : {}),
    token,
  };
}

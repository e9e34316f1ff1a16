import { GraphQLError } from 'graphql';
import { InvalidToken, verifyBearerTokenClaims } from './bearer-token.js';
import type { RequestActor } from './context.js';

/**
 * Who is asking: the actor named by the `Authorization: Bearer <jwt>` header, or null for an anonymous request
 * (which may introspect the schema and nothing else — every root field requires a token). A malformed,
 * forged or expired token is refused with 401 before the operation runs.
 */
export async function requestActor(
  request: Request,
  secret: Uint8Array,
  now?: Date,
): Promise<RequestActor | null> {
  return (await requestCredentials(request, secret, now)).actor;
}

/** Who is asking and until when their token holds (`expiresAt`, null when anonymous). */
export async function requestCredentials(
  request: Request,
  secret: Uint8Array,
  now?: Date,
): Promise<{ actor: RequestActor | null; expiresAt: Date | null }> {
  const header = request.headers.get('authorization');
  if (header === null || header.trim() === '') return { actor: null, expiresAt: null };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>"', 'malformed');
  try {
    const { actor, expiresAt } = await verifyBearerTokenClaims(match[1]!, secret, now);
    return { actor, expiresAt: new Date(expiresAt * 1000) };
  } catch (error) {
    if (error instanceof InvalidToken) throw unauthenticated(error.message, error.reason);
    throw error;
  }
}

function unauthenticated(message: string, reason: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code: 'UNAUTHENTICATED',
      reason,
      http: { status: 401, headers: { 'www-authenticate': `Bearer error="invalid_token"` } },
    },
  });
}
